// SPDX-License-Identifier: Apache-2.0
/**
 * Generated blocks of the guide pages (docs/autoscaling.md, monitoring.md, architecture.md, operations.md,
 * blueprints.md, migrating-from-data-on-eks.md, examples/README.md): what the constructs render with the seed
 * configuration, the sample stacks synthesized offline, and the messages the constructs throw. Facts only.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as YAML from 'yaml';
import { KUBE_PROMETHEUS_STACK } from '../../examples/support/monitoring';
import { FaultTolerantExchange, ScalerMetrics, TrinoCluster, TrinoKedaScaler, TrinoKedaScalerProps, TrinoMonitoring } from '../../src';
import { TRINO_CHART } from '../../src/config/chart';
import { DEFAULT_SCRAPE_INTERVAL } from '../../src/config/trino-config';
import { alertRules, dashboardRows, MonitoringInput } from '../../src/monitoring/private/content';
import { MBEANS, METRICS } from '../../src/monitoring/private/jmx';
import { parseCfnJson } from '../../src/private/cfn-json';
import { importedClusterStack } from '../doc-stack';
import { renderTrino } from '../render/render-stack';
import { c, kv, list, pools, table } from './reference';

type Blocks = { [name: string]: string | number };
const fence = (lang: string, lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');
const props = (text: string | undefined) => Object.fromEntries((text ?? '').split('\n').filter((l) => l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** A default TrinoCluster with a scaler, synthesized; the ScaledObject as the chart renders it. */
function scaled(scalerProps: Partial<TrinoKedaScalerProps> = {}) {
  const { stack, cluster } = importedClusterStack('Docs');
  const trino = new TrinoCluster(stack, 'Trino', { cluster });
  const scaler = new TrinoKedaScaler(stack, 'Scaler', { trino, ...scalerProps });
  const values = trino._renderValues();
  const template = Template.fromStack(stack);
  const objects = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r: any) => parseCfnJson(r.Properties.Manifest));
  const so = renderTrino(template.toJSON()).get('ScaledObject', trino.workerDeploymentName);
  const trigger = (name: string) => so.spec.triggers.find((t: any) => t.name === name);
  return { trino, scaler, values, so, trigger, budgets: objects.filter((o: any) => o.kind === 'PodDisruptionBudget') };
}

function autoscaling(): Blocks {
  const d = scaled();
  const prom = scaled({ metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus-operated.monitoring.svc:9090' }) });
  const { scaler: s, so } = d;
  const behavior = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
  const target = (n: string) => d.trigger(n).metadata.targetValue;
  const [q, r] = [Number(target('queued-queries')), Number(target('running-queries'))];
  const coordConfig = props(d.values.server.coordinatorExtraConfig);
  const grace = d.values.worker.gracefulShutdown.gracePeriodSeconds;
  const termination = d.values.worker.terminationGracePeriodSeconds;
  const [workerPdb, coordinatorPdb] = d.budgets;
  const pol = behavior.scaleDown.policies[0];
  const example = { queuedQueries: 12, runningQueries: 30 };
  const loads = [[0, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [12, 30, 0], [26, 10, 0], [0, 45, 0], [100, 200, 0]];
  const promQuery = (n: string) => prom.trigger(n).metadata.query;
  const local = (n: string) => `curl -s -H 'X-Trino-User: keda' '${d.trigger(n).metadata.url.replace(/^http:\/\/[^/]+/, 'http://localhost:8080')}'`;
  const exporter = prom.values.jmx.coordinator.exporter.resources.requests;
  return {
    'autoscaling.target-queued': target('queued-queries'),
    'autoscaling.target-running': target('running-queries'),
    'autoscaling.target-required': target('required-workers'),
    'autoscaling.formula': fence('text', [`desired = max( ceil(queued / ${q}), ceil(running / ${r}), requiredWorkers )`,
      `          limited to [max(minWorkers, 1), maxWorkers] = [${Math.max(s.minWorkers, 1)}, ${s.maxWorkers}] while any of the three is above 0`,
      `desired = minWorkers = ${s.minWorkers} when all three are 0 for the cooldown (${so.spec.cooldownPeriod} s)`]),
    'autoscaling.heavy-query': `ceil(1 / ${r}) = ${Math.ceil(1 / r)}`,
    'autoscaling.example': fence('text', [`ceil(${example.queuedQueries} / ${q}) = ${Math.ceil(example.queuedQueries / q)}`,
      `ceil(${example.runningQueries} / ${r}) = ${Math.ceil(example.runningQueries / r)}`, 'requiredWorkers = 0',
      `desired = max(${Math.ceil(example.queuedQueries / q)}, ${Math.ceil(example.runningQueries / r)}, 0) = ${s.desiredWorkers(example)} workers`]),
    'autoscaling.loads': table(['Queued', 'Running', 'Required workers', 'Workers'], loads.map(([queuedQueries, runningQueries, requiredWorkers]) =>
      [queuedQueries, runningQueries, requiredWorkers, s.desiredWorkers({ queuedQueries, runningQueries, requiredWorkers })]), '---:|---:|---:|---:'),
    'autoscaling.min-workers': s.minWorkers,
    'autoscaling.min-replica-count': c(`minReplicaCount: ${so.spec.minReplicaCount}`),
    'autoscaling.max-workers': d.trino.maxWorkers,
    'autoscaling.max-replica-count': c(`maxReplicaCount: ${so.spec.maxReplicaCount}`),
    'autoscaling.polling': so.spec.pollingInterval,
    'autoscaling.polling-rendered': c(`pollingInterval: ${so.spec.pollingInterval}`),
    'autoscaling.cooldown': so.spec.cooldownPeriod,
    'autoscaling.cooldown-rendered': c(`cooldownPeriod: ${so.spec.cooldownPeriod}`),
    'autoscaling.scale-up-window': behavior.scaleUp.stabilizationWindowSeconds,
    'autoscaling.scale-down-window': behavior.scaleDown.stabilizationWindowSeconds,
    'autoscaling.scale-down-step': `${pol.value} worker per ${pol.periodSeconds} s`,
    'autoscaling.scale-down-policy': c(`policies: [{type: ${pol.type}, value: ${pol.value}, periodSeconds: ${pol.periodSeconds}}]`),
    'autoscaling.max-wait': coordConfig['query-manager.required-workers-max-wait'],
    'autoscaling.max-wait-rendered': c(`query-manager.required-workers-max-wait=${coordConfig['query-manager.required-workers-max-wait']}`),
    'autoscaling.required-workers-rendered': c(`query-manager.required-workers=${coordConfig['query-manager.required-workers']}`),
    'autoscaling.grace': grace,
    'autoscaling.grace-rendered': c(`worker.gracefulShutdown.gracePeriodSeconds: ${grace}`),
    'autoscaling.drain-minutes': (termination - 2 * grace) / 60,
    'autoscaling.termination-rendered': `\`worker.terminationGracePeriodSeconds: ${termination}\` (2 × ${grace} + ${termination - 2 * grace})`,
    'autoscaling.trigger-yaml': fence('yaml', [YAML.stringify({ triggers: [d.trigger('queued-queries')] }, { lineWidth: 0 }).trimEnd()]),
    'autoscaling.exporter-resources': `${exporter.cpu} / ${exporter.memory}`,
    'autoscaling.service-monitor': c(d.trino.serviceName),
    'autoscaling.service-label': c(`service="${d.trino.serviceName}"`),
    'autoscaling.prometheus-queries': fence('promql', ['queued-queries', 'running-queries', 'required-workers'].map(promQuery)),
    'autoscaling.prometheus-query': fence('promql', [promQuery('queued-queries')]),
    'autoscaling.service-monitor-labels': c(JSON.stringify(prom.values.serviceMonitor.labels)),
    'autoscaling.termination': termination,
    'autoscaling.grace-twice': 2 * grace,
    'autoscaling.worker-pdb': `\`${workerPdb.metadata.name}\` (\`maxUnavailable: ${workerPdb.spec.maxUnavailable}\`)`,
    'autoscaling.coordinator-pdb': `\`${coordinatorPdb.metadata.name}\` (\`maxUnavailable: ${coordinatorPdb.spec.maxUnavailable}\`)`,
    'autoscaling.min-max': `MIN ${so.spec.minReplicaCount}, MAX ${so.spec.maxReplicaCount}`,
    'autoscaling.ask-coordinator': fence('bash', [`kubectl -n ${d.trino.namespace} port-forward svc/${d.trino.serviceName} 8080:8080 &`,
      local('queued-queries'), local('required-workers')]),
  };
}

/** The documentation cluster of docs/monitoring.md: pools, scaler, exchange and the default monitoring. */
export function docMonitoring(): { monitoring: TrinoMonitoring; trino: TrinoCluster; input: MonitoringInput } {
  const { stack, cluster, workerPool, coordinatorPool } = pools('Stack');
  const trino = new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool, exchange: new FaultTolerantExchange(stack, 'Exchange') });
  new TrinoKedaScaler(stack, 'Scaler', { trino });
  const monitoring = new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true });
  return { monitoring, trino, input: monitoring._input() };
}

/** Grafana unit ids in words. */
export const UNITS: { [id: string]: string } = {
  short: 'count', opm: 'per minute', reqps: 'requests per second', ms: 'milliseconds', s: 'seconds', percentunit: 'share, shown as %',
};

/** Where each MBean of the dashboard is registered (trinodb/trino 480 sources). */
const MBEAN_SOURCES: { [key: string]: string } = {
  queryManager: 'core/trino-main/.../execution/SqlQueryManager.java, QueryManagerStats.java (coordinator)',
  nodeManager: 'core/trino-main/.../node/CoordinatorNodeManager.java (coordinator)',
  clusterMemory: 'core/trino-main/.../memory/ClusterMemoryManager.java (coordinator)',
  memoryPool: 'core/trino-main/.../memory/MemoryPool.java, LocalMemoryManagerExporter.java (every node)',
  taskManager: 'core/trino-main/.../execution/SqlTaskManager.java (workers)',
  jvmMemory: 'the JVM (MemoryMXBean)',
  jvmOs: 'the JVM (com.sun.management.OperatingSystemMXBean)',
  exchange: 'plugin/trino-exchange-filesystem/.../FileSystemExchangeStats.java',
  exchangeS3: 'plugin/trino-exchange-filesystem/.../s3/S3FileSystemExchangeStorageStats.java',
  s3FileSystem: 'lib/trino-filesystem-s3/.../S3FileSystemStats.java, AwsSdkV2ApiCallStats.java (one per catalog)',
};

function monitoringPage(): Blocks {
  const { monitoring, trino, input } = docMonitoring();
  const kps = KUBE_PROMETHEUS_STACK;
  const alerts = alertRules(input);
  const anchor = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  const rows = dashboardRows(input).flatMap((row) => [`### ${row.title}`, '', ...row.panels.flatMap((panel) => [
    `**${panel.title}** (${UNITS[panel.unit] ?? panel.unit}). ${panel.description}`, '',
    fence('promql', panel.targets.map((t) => `${t.expr}   # ${t.legend}`)), ''])]);
  const sections = alerts.flatMap((a) => [`### ${a.alert}`, '', a.description.replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>'), '',
    fence('promql', [`${a.expr}${a.for ? `   # for ${a.for}` : ''}`]), '', 'Runbook:', '', ...a.runbook.split('\n').map((step, i) => `${i + 1}. ${step}`), '']);
  return {
    'monitoring.exporter-port': TRINO_CHART.jmxExporterPort,
    'monitoring.service-monitors': `${c(input.coordinatorService)}, ${c(input.workerService)}`,
    'monitoring.selector-labels': kv(TrinoMonitoring.DEFAULT_SELECTOR_LABELS),
    'monitoring.scrape-interval': DEFAULT_SCRAPE_INTERVAL.toSeconds(),
    'monitoring.dashboard-configmap': `${c(monitoring.dashboardConfigMapName)} in ${c(monitoring.namespace)}`,
    'monitoring.dashboard-labels': Object.entries(TrinoMonitoring.DEFAULT_DASHBOARD_LABELS).map(([k, v]) => c(`${k}: "${v}"`)).join(', '),
    'monitoring.rule': `${c(monitoring.prometheusRuleName)} in ${c(monitoring.namespace)}`,
    'monitoring.keda-labels': c(`prometheus.operator.serviceMonitor.additionalLabels: {release: ${kps.release}}`),
    'monitoring.karpenter-labels': c(`serviceMonitor.additionalLabels: {release: ${kps.release}}`),
    'monitoring.kps': `${c(kps.release)} in namespace ${c(kps.namespace)}`,
    'monitoring.dashboard-title': `**Trino ${input.namespace}/${input.releaseName}**`,
    'monitoring.cluster': `\`${input.namespace}\` with release \`${input.releaseName}\` on the Karpenter pools ${input.nodePools.map(c).join(' and ')}`,
    'monitoring.rows': rows.slice(0, -1).join('\n'),
    'monitoring.alerts': table(['Alert', 'Severity', 'Fires when (default)'], alerts.map((a) =>
      [`[\`${a.alert}\`](#${anchor(a.alert)})`, a.severity, a.threshold.replace(/\|/g, '\\|').replace(/\n/g, ' ')])),
    'monitoring.alert-sections': sections.slice(0, -1).join('\n'),
    'monitoring.mbeans': table(['MBean', 'Registered by (trinodb/trino 480)'], Object.entries(MBEANS).map(([key, name]) => [c(name), MBEAN_SOURCES[key]])),
    'monitoring.scaler-series': `${c(trino.serviceName)}'s ${c(METRICS.queuedQueries)} and ${c(METRICS.runningQueries)}`,
  };
}

export async function guideBlocks(): Promise<Blocks> {
  return { ...autoscaling(), ...monitoringPage() };
}
