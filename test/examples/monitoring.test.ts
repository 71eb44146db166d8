// SPDX-License-Identifier: Apache-2.0
/**
 * The blueprint sample turns monitoring on: kube-prometheus-stack through its add-on, TrinoMonitoring on the
 * TrinoAddOn cluster, and Karpenter's and KEDA's own ServiceMonitors, each chart waiting for the CRDs it needs.
 */
import { App, Stack } from 'aws-cdk-lib';
import { KUBE_PROMETHEUS_STACK, PROMETHEUS_SELECTOR_LABELS } from '../../examples/support/monitoring';
import { buildApp } from '../../examples/trino-on-eks';
import { stackManifests } from '../../scripts/render/render-stack';
import { TrinoMonitoring } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';

let stack: Stack;
let template: any;
let monitoring: TrinoMonitoring;
beforeAll(async () => {
  const app = await buildApp(new App());
  monitoring = app.node.findAll().find((c): c is TrinoMonitoring => c instanceof TrinoMonitoring)!;
  stack = Stack.of(monitoring);
  template = app.synth().getStackByName(stack.stackName).template;
});

const charts = () =>
  Object.entries<any>(template.Resources)
    .filter(([, r]) => r.Type === 'Custom::AWSCDK-EKS-HelmChart')
    .map(([id, r]) => ({
      id,
      chart: r.Properties.Chart,
      props: r.Properties,
      dependsOn: r.DependsOn ?? [],
      values: r.Properties.Values === undefined ? {} : parseCfnJson(r.Properties.Values),
    }));
const chart = (name: string) => {
  const found = charts().filter((c) => c.chart === name);
  if (found.length !== 1) throw new Error(`expected one ${name} chart, found ${found.length}`);
  return found[0];
};

test('kube-prometheus-stack is installed from its pinned chart, release and namespace', () => {
  expect(chart(KUBE_PROMETHEUS_STACK.chart).props).toMatchObject({
    Repository: KUBE_PROMETHEUS_STACK.repository,
    Version: KUBE_PROMETHEUS_STACK.version,
    Release: KUBE_PROMETHEUS_STACK.release,
    Namespace: KUBE_PROMETHEUS_STACK.namespace,
    CreateNamespace: true,
  });
});

test('TrinoMonitoring labels its objects for that release\'s selectors', () => {
  expect(PROMETHEUS_SELECTOR_LABELS).toEqual({ release: KUBE_PROMETHEUS_STACK.release });
  expect(chart('trino').values.serviceMonitor).toMatchObject({ enabled: true, labels: PROMETHEUS_SELECTOR_LABELS });
  const rule = stackManifests(template).find((o) => o.kind === 'PrometheusRule')!;
  expect(rule.metadata.labels).toMatchObject(PROMETHEUS_SELECTOR_LABELS);
  const dashboard = stackManifests(template).find((o) => o.kind === 'ConfigMap' && o.metadata.name === monitoring.dashboardConfigMapName)!;
  expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
});

test('Karpenter and KEDA render their own ServiceMonitors with the same label', () => {
  expect(chart('karpenter').values.serviceMonitor).toEqual({ enabled: true, additionalLabels: PROMETHEUS_SELECTOR_LABELS });
  expect(chart('keda').values.prometheus.operator).toEqual({
    enabled: true,
    serviceMonitor: { enabled: true, additionalLabels: PROMETHEUS_SELECTOR_LABELS },
  });
});

test('every chart and manifest that needs the Prometheus Operator CRDs waits for kube-prometheus-stack', () => {
  const kps = chart(KUBE_PROMETHEUS_STACK.chart).id;
  for (const name of ['trino', 'karpenter', 'keda']) expect(chart(name).dependsOn).toContain(kps);
  const manifestId = stack.getLogicalId(monitoring.manifest.node.defaultChild as any);
  expect(template.Resources[manifestId].DependsOn).toContain(kps);
});

test('the dashboard and the alerts read the blueprint\'s own NodePools, ScaledObject and Services', () => {
  const pools = stackManifests(template).filter((o) => o.kind === 'NodePool').map((o) => o.metadata.name).sort();
  const input = monitoring._input();
  expect([...input.nodePools].sort()).toEqual(pools);
  expect(input.workerNodePools).toHaveLength(1);
  expect(input.scaledObject).toBe('trino-worker');
  expect(input.exchange).toBe(true);
  expect(input.s3Catalogs.sort()).toEqual(['hive', 'iceberg']);
});
