// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoMonitoring judged on what Kubernetes receives and on what Prometheus will have: the real chart 1.42.2 render
 * (exporter sidecars, ServiceMonitors, the exporter configuration), the dashboard ConfigMap and the PrometheusRule,
 * against the Kubernetes and Prometheus Operator schemas; every PromQL expression parsed by Prometheus' own parser;
 * every metric it reads exported by its source with the labels it matches on.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { exportedMetrics } from './jmx-exporter';
import { parsePromQL, Selector } from './promql';
import { UPSTREAM_LABEL_VALUES, UPSTREAM_METRICS } from './upstream-metrics';
import { K8sObject, RenderedRelease, renderTrino, stackManifests } from '../../scripts/render/render-stack';
import {
  CoordinatorPool,
  FaultTolerantExchange,
  RetryPolicy,
  ScalerMetrics,
  SpotWorkerPool,
  TpchCatalog,
  TrinoCluster,
  TrinoKedaScaler,
  TrinoMonitoring,
} from '../../src';
import { taggedNodeClass } from '../capacity/pools';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { importedClusterStack } from '../util';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

interface Scenario {
  readonly keda?: 'metrics-api' | 'prometheus';
  readonly pools?: boolean;
  readonly exchange?: boolean;
  readonly s3Catalogs?: boolean;
}

interface Rendered {
  readonly r: RenderedRelease;
  readonly manifests: K8sObject[];
  readonly dashboardConfigMap: K8sObject;
  readonly dashboard: any;
  readonly rule: K8sObject;
  readonly monitoring: TrinoMonitoring;
  readonly trino: TrinoCluster;
}

function render(s: Scenario): Rendered {
  const { stack, cluster } = importedClusterStack();
  let pools = {};
  if (s.pools) {
    const nodeClass = taggedNodeClass(stack, cluster);
    pools = {
      workerPool: new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a' }),
      coordinatorPool: new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' }),
    };
  }
  const exchange = s.exchange ? new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }) : undefined;
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    exchange,
    ...pools,
    ...(s.s3Catalogs === false ? { catalogs: [new TpchCatalog()] } : {}),
  });
  const monitoring = new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true });
  // the scaler after the monitoring: the dashboard and the alerts are resolved at synth
  if (s.keda === 'metrics-api') new TrinoKedaScaler(stack, 'Scaler', { trino });
  if (s.keda === 'prometheus') {
    new TrinoKedaScaler(stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS }) });
  }
  const template = Template.fromStack(stack).toJSON();
  const manifests = stackManifests(template);
  const dashboardConfigMap = manifests.find((o) => o.kind === 'ConfigMap' && o.metadata.name === monitoring.dashboardConfigMapName)!;
  const dashboard = JSON.parse(Object.values<string>(dashboardConfigMap.data)[0]);
  const rule = manifests.find((o) => o.kind === 'PrometheusRule')!;
  return { r: renderTrino(template), manifests, dashboardConfigMap, dashboard, rule, monitoring, trino };
}

/** Every expression of the dashboard and of the alerts, with where it comes from. */
function expressions(x: Rendered): Array<[string, string]> {
  const panels = x.dashboard.panels.filter((p: any) => p.type !== 'row');
  return [
    ...panels.flatMap((p: any) => p.targets.map((t: any) => [`panel '${p.title}' (${t.legendFormat})`, t.expr])),
    ...x.rule.spec.groups.flatMap((g: any) => g.rules.map((rule: any) => [`alert ${rule.alert}`, rule.expr])),
  ] as Array<[string, string]>;
}

/**
 * Why a selector reads nothing on this cluster: its metric is not exported by its source, a label it matches is not
 * one the metric has, a `service` that is not a scraped Trino Service (or one whose pods do not register the MBean),
 * or a value no rendered object or source has.
 */
function selectorProblems(sel: Selector, x: Rendered): string[] {
  const problems: string[] = [];
  const jmx = new Map<string, ReturnType<typeof exportedMetrics>>();
  for (const role of ['coordinator', 'worker'] as const) {
    const cm = x.r.find('ConfigMap', `${x.r.names.fullname}-jmx-exporter-config-${role}`);
    if (cm) jmx.set(role, exportedMetrics(cm.data['jmx-exporter-config.yaml']));
  }
  // the Service each role's ServiceMonitor scrapes: the Prometheus Operator sets `service` to its name
  const monitoredServices = new Map<string, 'coordinator' | 'worker'>();
  for (const sm of x.r.all('ServiceMonitor')) {
    for (const svc of x.r.all('Service')) {
      const selected = Object.entries<string>(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels?.[k] === v);
      const port = svc.spec.ports.some((p: any) => p.name === sm.spec.endpoints[0].port);
      if (selected && port) monitoredServices.set(svc.metadata.name, sm.spec.selector.matchLabels['app.kubernetes.io/component']);
    }
  }
  const roleExports = (role: 'coordinator' | 'worker') => jmx.get(role)?.get(sel.metric);
  const fromJmx = roleExports('coordinator') ?? roleExports('worker');
  const upstream = UPSTREAM_METRICS.find((m) => m.name === sel.metric);
  const labels = fromJmx?.labels ?? upstream?.labels;
  if (!labels) return [`${sel.metric} is exported by neither the rendered JMX exporter configuration nor a known upstream source`];
  for (const m of sel.matchers) {
    if (!labels.includes(m.label)) problems.push(`${sel.metric} has no label '${m.label}' (it has ${labels.join(', ')})`);
  }
  const matcher = (label: string) => sel.matchers.find((m) => m.label === label);
  const values = (label: string) => {
    const m = matcher(label);
    return m === undefined ? undefined : m.op === '=~' ? m.value.split('|') : [m.value];
  };
  if (fromJmx) {
    const services = values('service');
    if (!services) problems.push(`${sel.metric} does not select the Trino Services`);
    for (const svc of services ?? []) {
      const role = monitoredServices.get(svc);
      if (!role) problems.push(`${sel.metric}: service '${svc}' is not scraped by a rendered ServiceMonitor`);
      else if (!roleExports(role) && matcher('service')!.op === '=') problems.push(`${sel.metric} is not exported by the ${role} pods`);
    }
    if (!(values('service') ?? []).some((svc) => monitoredServices.get(svc) && roleExports(monitoredServices.get(svc)!))) {
      problems.push(`${sel.metric}: no selected Service's pods export it`);
    }
    if (values('namespace')?.join() !== x.r.namespace) problems.push(`${sel.metric}: namespace is not the release's`);
  }
  const known = UPSTREAM_LABEL_VALUES[sel.metric] ?? {};
  for (const [label, allowed] of Object.entries(known)) {
    for (const v of values(label) ?? []) if (!allowed.includes(v)) problems.push(`${sel.metric}: ${label}="${v}" is not a value its source emits`);
  }
  const so = x.r.find('ScaledObject', x.trino.workerDeploymentName);
  if (sel.metric.startsWith('keda_')) {
    if (values('scaledObject')?.join() !== so?.metadata.name) problems.push(`${sel.metric}: scaledObject is not the rendered ScaledObject`);
    if (values('exported_namespace')?.join() !== x.r.namespace) problems.push(`${sel.metric}: not the release's namespace`);
  }
  if (sel.metric.startsWith('kube_horizontalpodautoscaler_')) {
    if (values('horizontalpodautoscaler')?.join() !== `keda-hpa-${so?.metadata.name}`) problems.push(`${sel.metric}: not the HPA KEDA creates`);
  }
  if (sel.metric.startsWith('kube_deployment_')) {
    if (values('deployment')?.join() !== x.r.deployment('worker').metadata.name) problems.push(`${sel.metric}: not the worker Deployment`);
  }
  const pools = x.manifests.filter((o) => o.kind === 'NodePool').map((o) => o.metadata.name);
  for (const pool of values('nodepool') ?? []) {
    if (!pools.includes(pool)) problems.push(`${sel.metric}: nodepool '${pool}' is not a NodePool of the stack`);
  }
  return problems;
}

describe.each<[string, Scenario]>([
  ['KEDA (metrics-api), Karpenter pools, S3 exchange, catalogs on S3', { keda: 'metrics-api', pools: true, exchange: true }],
  ['KEDA reading Prometheus, no pools, no exchange, tpch only', { keda: 'prometheus', s3Catalogs: false }],
  ['no autoscaler', {}],
])('TrinoMonitoring, %s', (_name, scenario) => {
  const x = render(scenario);

  test('every rendered object, the dashboard ConfigMap and the PrometheusRule conform to the Kubernetes and Prometheus Operator schemas', () => {
    const objects = [...x.r.objects, x.dashboardConfigMap, x.rule];
    expect(kubernetesSchemaErrors(objects)).toEqual([]);
    expect(x.r.all('ServiceMonitor').length).toBe(2);
  });

  test('the exporter sidecar runs on the coordinator and the workers, and both ServiceMonitors scrape it with the selector labels', () => {
    for (const role of ['coordinator', 'worker'] as const) {
      const containers = x.r.deployment(role).spec.template.spec.containers.map((c: any) => c.name);
      expect(containers).toContain('jmx-exporter');
    }
    for (const sm of x.r.all('ServiceMonitor')) {
      expect(sm.metadata.labels).toMatchObject(TrinoMonitoring.DEFAULT_SELECTOR_LABELS);
      expect(sm.spec.endpoints).toEqual([{ port: 'jmx-exporter', interval: '15s' }]);
    }
    expect(x.rule.metadata.labels).toMatchObject(TrinoMonitoring.DEFAULT_SELECTOR_LABELS);
  });

  test('the dashboard ConfigMap carries the kube-prometheus-stack Grafana sidecar label and one dashboard', () => {
    expect(x.dashboardConfigMap.metadata.labels.grafana_dashboard).toBe('1');
    expect(x.dashboardConfigMap.metadata.namespace).toBe(x.r.namespace);
    expect(Object.keys(x.dashboardConfigMap.data)).toEqual([`trino-${x.r.release}.json`]);
    expect(x.dashboard.uid).toMatch(/^trino-[0-9a-f]{16}$/);
    expect(x.dashboard.templating.list).toEqual([expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' })]);
  });

  test('every PromQL expression parses with the Prometheus parser', () => {
    const errors = expressions(x).flatMap(([where, expr]) => parsePromQL(expr).errors.map((e) => `${where}: ${e}`));
    expect(errors).toEqual([]);
    expect(expressions(x).length).toBeGreaterThan(20);
  });

  test('every metric an expression reads is exported by its source, with the labels and values it matches', () => {
    const problems = expressions(x).flatMap(([where, expr]) =>
      parsePromQL(expr).selectors.flatMap((sel) => selectorProblems(sel, x).map((p) => `${where}: ${p}`)));
    expect(problems).toEqual([]);
  });

  test('rows and alerts follow what the cluster has', () => {
    const rows = x.dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title);
    const alerts = x.rule.spec.groups[0].rules.map((r: any) => r.alert);
    expect(rows.includes('Autoscaling')).toBe(scenario.keda !== undefined);
    expect(alerts.includes('TrinoWorkersAtMax')).toBe(scenario.keda !== undefined);
    expect(alerts.includes('TrinoKedaScalerErrors')).toBe(scenario.keda !== undefined);
    expect(rows.includes('S3')).toBe(scenario.s3Catalogs !== false);
    const titles = x.dashboard.panels.map((p: any) => p.title);
    expect(titles.some((t: string) => t.startsWith('Exchange spooling'))).toBe(scenario.exchange === true);
    expect(rows).toEqual(expect.arrayContaining(['Queries', 'Workers', 'Fault tolerance', 'Capacity']));
  });
});

test('with ScalerMetrics.prometheus the scaler\'s triggers and the dashboard read the same exporter series', () => {
  const x = render({ keda: 'prometheus' });
  const exported = exportedMetrics(x.r.get('ConfigMap', `${x.r.names.fullname}-jmx-exporter-config-coordinator`).data['jmx-exporter-config.yaml']);
  const triggers = x.r.get('ScaledObject', x.trino.workerDeploymentName).spec.triggers;
  const dashboardMetrics = new Set(expressions(x).flatMap(([, e]) => parsePromQL(e).selectors.map((s) => s.metric)));
  for (const t of triggers) {
    const [sel] = parsePromQL(t.metadata.query).selectors;
    expect(exported.has(sel.metric)).toBe(true);
    expect(selectorProblems(sel, x)).toEqual([]);
  }
  // queued and running queries: the same series on both
  const triggerMetrics = triggers.map((t: any) => parsePromQL(t.metadata.query).selectors[0].metric);
  expect(triggerMetrics.filter((m: string) => dashboardMetrics.has(m)).length).toBe(2);
});
