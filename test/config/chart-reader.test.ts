// SPDX-License-Identifier: Apache-2.0
import { chartNames, readChartValues, TRINO_CHART, TRINO_CHART_DEFAULT_CATALOGS, TRINO_CHART_DEFAULTS } from '../../src/config/chart';
import { TrinoRole } from '../../src/config/trino-config';
import { loadSchemaYaml } from '../conformance/schemas';

describe('readChartValues', () => {
  test('TRINO_CHART_DEFAULTS are the values.yaml defaults of the pinned chart', () => {
    const values = loadSchemaYaml('trino-chart/values.yaml');
    for (const [key, value] of Object.entries(TRINO_CHART_DEFAULTS)) {
      const actual = key.split('.').reduce((o: any, k) => (o === undefined ? undefined : o[k]), values);
      expect([key, actual]).toEqual([key, value]);
    }
  });

  test('TRINO_CHART_DEFAULT_CATALOGS are the values.yaml catalogs of the pinned chart', () => {
    const values = loadSchemaYaml('trino-chart/values.yaml');
    expect(TRINO_CHART_DEFAULT_CATALOGS).toEqual(values.catalogs);
    expect(Object.keys(values.catalogs)).toEqual([...TRINO_CHART.defaultCatalogs]);
  });

  test('a null entry of a map is dropped, as Helm deletes it', () => {
    const r = readChartValues('trino', 'ns', { worker: { nodeSelector: { a: 'x', b: null }, annotations: { c: null } } });
    expect(r.worker.nodeSelector.value).toEqual({ a: 'x' });
    expect(r.worker.podAnnotations.value).toEqual({});
  });

  test('the chart\'s catalogs stay unless set to null', () => {
    expect(Object.keys(readChartValues('trino', 'ns', {}).catalogs).sort()).toEqual(['tpcds', 'tpch']);
    expect(Object.keys(readChartValues('trino', 'ns', { catalogs: { tpcds: null, pg: 'connector.name=postgresql\n' } }).catalogs).sort()).toEqual(['pg', 'tpch']);
  });

  test.each(['trino', 'analytics', 'tri'])('names for release %s match chartNames()', (release) => {
    const r = readChartValues(release, 'ns', {});
    const n = chartNames(release);
    expect([r.fullname, r.coordinator.deployment, r.worker.deployment]).toEqual([n.fullname, n.coordinator, n.worker]);
    expect(r.worker.podLabels).toEqual(expect.objectContaining(n.podLabels(TrinoRole.WORKER)));
  });

  test('name overrides', () => {
    expect(readChartValues('trino', 'ns', { fullnameOverride: 'adhoc' }).worker.deployment).toBe('adhoc-worker');
    expect(readChartValues('trino', 'ns', { workerNameOverride: 'w' }).worker.deployment).toBe('w');
    const r = readChartValues('trino', 'ns', { nameOverride: 'sql' });
    expect([r.fullname, r.worker.podLabels['app.kubernetes.io/name']]).toEqual(['trino-sql', 'sql']);
  });

  test('pod labels include commonLabels and the role labels', () => {
    const r = readChartValues('trino', 'ns', { commonLabels: { team: 'data' }, worker: { labels: { tier: 'compute' } } });
    expect(r.worker.podLabels).toEqual(expect.objectContaining({ 'team': 'data', 'tier': 'compute', 'app.kubernetes.io/component': 'worker' }));
    expect(r.coordinator.podLabels.tier).toBeUndefined();
  });

  test('config.properties: chart keys, then additionalConfigProperties, then the role extra config; the last line wins', () => {
    const r = readChartValues('trino', 'ns', {
      coordinator: { config: { query: { maxMemoryPerNode: '2GB' } } },
      additionalConfigProperties: ['query.max-memory-per-node=3GB', 'retry-policy=TASK'],
      server: { workerExtraConfig: 'query.max-memory-per-node=4GB\n' },
    });
    expect(r.coordinator.configProperties['query.max-memory-per-node']).toEqual({ value: '3GB', key: 'additionalConfigProperties' });
    expect(r.worker.configProperties['query.max-memory-per-node']).toEqual({ value: '4GB', key: 'server.workerExtraConfig' });
    expect(r.coordinator.configProperties['node-scheduler.include-coordinator']).toEqual({
      value: 'false',
      key: 'coordinator.config.nodeScheduler.includeCoordinator',
    });
  });

  test('a null removes a default (as Helm does)', () => {
    expect(readChartValues('trino', 'ns', {}).worker.maxHeapSize.value).toBe('8G');
    expect(readChartValues('trino', 'ns', { worker: { jvm: { maxHeapSize: null } } }).worker.maxHeapSize.value).toBeUndefined();
  });

  test('service account: `default` unless named; the full name when the chart creates it', () => {
    expect(readChartValues('trino', 'ns', {}).serviceAccount.name).toBe('default');
    expect(readChartValues('analytics', 'ns', { serviceAccount: { create: true } }).serviceAccount.name).toBe('analytics-trino');
    expect(readChartValues('trino', 'ns', { serviceAccount: { name: 'sa' } }).serviceAccount.name).toBe('sa');
  });

  test('exchange manager base directories from a comma-separated string or a list', () => {
    const a = readChartValues('trino', 'ns', { server: { exchangeManager: { name: 'filesystem', baseDir: 's3://a,s3://b' } } });
    const b = readChartValues('trino', 'ns', { server: { exchangeManager: { name: 'filesystem', baseDir: ['s3://a', 's3://b'] } } });
    expect(a.exchangeManager?.value.baseDirectories).toEqual(['s3://a', 's3://b']);
    expect(b.exchangeManager?.value.baseDirectories).toEqual(['s3://a', 's3://b']);
    expect(readChartValues('trino', 'ns', {}).exchangeManager).toBeUndefined();
  });

  test('workers are rendered when server.workers > 0 or KEDA is on', () => {
    expect(readChartValues('trino', 'ns', { server: { workers: 0 } }).worker.rendered).toBe(false);
    expect(readChartValues('trino', 'ns', { server: { workers: 0, keda: { enabled: true } } }).worker.rendered).toBe(true);
  });
});
