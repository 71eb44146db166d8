// SPDX-License-Identifier: Apache-2.0
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HiveCatalog, IcebergCatalog, TpcdsCatalog, TpchCatalog, TrinoCluster, TrinoClusterProps } from '../src';
import { chartKeyTypeErrors, unknownChartKeys } from './conformance/chart-values';
import { invalidTrinoPropertyValues, parsePropertiesText, unknownTrinoProperties } from './conformance/trino-properties';
import { importedClusterStack, trinoValues } from './util';

/**
 * Everything TrinoCluster writes is checked against the pinned chart's key paths and Trino 480's property names
 * (../shared/schemas). The anchor stack silently set six keys chart 1.41.0 ignores; these tests make that impossible.
 */
function render(props: Partial<TrinoClusterProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  new TrinoCluster(stack, 'Trino', { cluster, ...props });
  return trinoValues(Template.fromStack(stack));
}

const CONFIGURATIONS: Array<[string, Partial<TrinoClusterProps>]> = [
  ['defaults', {}],
  ['release analytics, static 4 workers, extra properties', {
    releaseName: 'analytics',
    minWorkers: 4,
    maxWorkers: 4,
    additionalConfigProperties: { 'query.max-execution-time': '6h', 'optimizer.join-reordering-strategy': 'AUTOMATIC' },
  }],
  ['custom catalogs', {
    catalogs: [
      new TpchCatalog({ name: 'bench' }),
      new TpcdsCatalog(),
      new HiveCatalog({ name: 'lake', additionalProperties: { 'hive.storage-format': 'PARQUET' } }),
      new IcebergCatalog({ fileFormat: 'ORC' }),
    ],
  }],
];

describe.each(CONFIGURATIONS)('%s', (_name, clusterProps) => {
  const values = render(clusterProps);

  test('every Helm values key exists in chart 1.42.2 with the right type', () => {
    expect(unknownChartKeys(values)).toEqual([]);
    expect(chartKeyTypeErrors(values)).toEqual([]);
  });

  test('every config.properties entry is a Trino 480 property with a valid value', () => {
    const props = parsePropertiesText((values.additionalConfigProperties ?? []).join('\n'));
    // what the chart renders from typed values
    props['query.max-memory'] = values.server.config.query.maxMemory;
    for (const role of ['coordinator', 'worker']) {
      props['query.max-memory-per-node'] = values[role].config.query.maxMemoryPerNode;
      props['memory.heap-headroom-per-node'] = values[role].config.memory.heapHeadroomPerNode;
      expect(unknownTrinoProperties('config', props)).toEqual([]);
      expect(invalidTrinoPropertyValues('config', props)).toEqual([]);
    }
    const coordinatorOnly = { 'node-scheduler.include-coordinator': String(values.coordinator.config.nodeScheduler.includeCoordinator) };
    expect(unknownTrinoProperties('config', coordinatorOnly)).toEqual([]);
    expect(invalidTrinoPropertyValues('config', coordinatorOnly)).toEqual([]);
  });

  test('every catalog property is a Trino 480 property of its connector with a valid value', () => {
    const catalogs = Object.entries(values.catalogs).filter(([, text]) => text !== null) as Array<[string, string]>;
    expect(catalogs.length).toBeGreaterThan(0);
    for (const [, text] of catalogs) {
      const props = parsePropertiesText(text);
      const kind = `catalog-${props['connector.name']}`;
      expect(unknownTrinoProperties(kind, props)).toEqual([]);
      expect(invalidTrinoPropertyValues(kind, props)).toEqual([]);
    }
  });

  test('node.environment is a valid Trino environment name', () => {
    const props = { 'node.environment': values.server.node.environment };
    expect(unknownTrinoProperties('node', props)).toEqual([]);
    expect(invalidTrinoPropertyValues('node', props)).toEqual([]);
  });
});

describe('the validators catch what the anchor stack did', () => {
  test('keys chart 1.42.2 ignores are reported', () => {
    const values = render({
      helmValues: { coordinator: { jvm: { extraArguments: ['-XX:+UseG1GC'] }, topologySpreadConstraints: [] } },
    });
    expect(unknownChartKeys(values)).toEqual(
      expect.arrayContaining(['coordinator.jvm.extraArguments', 'coordinator.topologySpreadConstraints']),
    );
  });

  test('a bucket passed in keeps catalog properties valid', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, dataBucket: s3.Bucket.fromBucketName(stack, 'B', 'lake') });
    const values = trinoValues(Template.fromStack(stack));
    const props = parsePropertiesText(values.catalogs.hive);
    expect(unknownTrinoProperties('catalog-hive', props)).toEqual([]);
  });
});
