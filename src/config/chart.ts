// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { TrinoSizing } from './sizing';
import { PodToleration, TrinoConfig, TrinoRole } from './trino-config';

/**
 * The only file that knows the trinodb/charts `trino` chart: its repository, pinned version, value keys, and the
 * names and labels it gives to what it renders. Everything here is checked against the chart's values
 * (../shared/schemas/trino-chart) by test/conformance.
 * @internal
 */
export const TRINO_CHART = {
  repository: 'https://trinodb.github.io/charts',
  chart: 'trino',
  /** chart release the library is built and tested against */
  version: '1.42.2',
  /** the chart's appVersion: the Trino release it runs by default */
  appVersion: '480',
  /** chart default catalogs; they must be set to null to remove them (Helm merges maps) */
  defaultCatalogs: ['tpch', 'tpcds'],
  /** HTTP port of the coordinator service and of every node */
  httpPort: 8080,
  /** port of the JMX exporter sidecar (`jmx.exporter.port`), the one the ServiceMonitors scrape */
  jmxExporterPort: 5556,
} as const;

/**
 * Names and labels of what the chart renders for a release.
 * @internal
 */
export interface ChartNames {
  /** `trino.fullname`: also the coordinator Service name and the ServiceMonitor `service` label */
  readonly fullname: string;
  /** coordinator Deployment name */
  readonly coordinator: string;
  /** worker Deployment name: the KEDA scale target */
  readonly worker: string;
  /** headless worker Service name */
  readonly workerService: string;
  /** labels on every pod of a role (the Deployment selector labels plus component) */
  readonly podLabels: (role: TrinoRole) => { [key: string]: string };
}

/**
 * Reproduces the chart's naming helpers (`trino.fullname`, `trino.coordinator`, `trino.worker`) for a release with
 * no name overrides. The full name is the chart name when the chart name starts with the release name
 * (`hasPrefix .Release.Name "trino"`), else `<release>-trino`, truncated to 63 characters without a trailing `-`.
 * @internal
 */
export function chartNames(releaseName: string): ChartNames {
  const chartName = TRINO_CHART.chart;
  const fullname = trunc63(chartName.startsWith(releaseName) ? chartName : `${releaseName}-${chartName}`);
  return {
    fullname,
    coordinator: trunc63(`${fullname}-coordinator`),
    worker: trunc63(`${fullname}-worker`),
    workerService: trunc63(`${fullname}-worker`),
    podLabels: (role: TrinoRole) => ({
      'app.kubernetes.io/name': chartName,
      'app.kubernetes.io/instance': releaseName,
      'app.kubernetes.io/component': role,
    }),
  };
}

function trunc63(s: string): string {
  return s.slice(0, 63).replace(/-+$/, '');
}

/**
 * What the chart values are rendered from, besides the model.
 * @internal
 */
export interface ChartRenderInput {
  readonly releaseName: string;
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly serviceAccountName: string;
  readonly environment: string;
  readonly config: TrinoConfig;
  /** resource-groups JSON document, or undefined */
  readonly resourceGroupsJson?: string;
  /** extra worker pod anti-affinity (one pod per node) */
  readonly onePodPerNode: boolean;
  readonly coordinatorTerminationGracePeriod?: Duration;
}

/**
 * Renders the model into values for the pinned chart. Called once, lazily, at synth.
 * @internal
 */
export function renderChartValues(input: ChartRenderInput): { [key: string]: any } {
  const c = input.config;
  const names = chartNames(input.releaseName);
  const values: { [key: string]: any } = {
    image: { repository: input.imageRepository, tag: input.imageTag },
    serviceAccount: { create: false, name: input.serviceAccountName },
    server: {
      workers: c.minWorkers,
      node: { environment: input.environment },
      config: { query: { maxMemory: dataSize(c.workerSizing.queryMaxMemoryPerNode.toMebibytes() * c.maxWorkers) } },
    },
    coordinator: roleValues(c, TrinoRole.COORDINATOR, names, false),
    worker: roleValues(c, TrinoRole.WORKER, names, input.onePodPerNode),
  };
  values.coordinator.config.nodeScheduler = { includeCoordinator: false };
  if (input.coordinatorTerminationGracePeriod) {
    values.coordinator.terminationGracePeriodSeconds = input.coordinatorTerminationGracePeriod.toSeconds();
  }

  const shared = c.sharedConfigProperties();
  if (Object.keys(shared).length > 0) values.additionalConfigProperties = propertyLines(shared);
  const coordOnly = c.roleOnlyConfigProperties(TrinoRole.COORDINATOR);
  const workerOnly = c.roleOnlyConfigProperties(TrinoRole.WORKER);
  if (Object.keys(coordOnly).length > 0) values.server.coordinatorExtraConfig = propertyText(coordOnly);
  if (Object.keys(workerOnly).length > 0) values.server.workerExtraConfig = propertyText(workerOnly);
  const nodeProps = c.nodeProperties();
  if (Object.keys(nodeProps).length > 0) values.additionalNodeProperties = propertyLines(nodeProps);

  // catalogs: ours, and null for chart defaults we do not keep
  const catalogs: { [name: string]: string | null } = {};
  for (const name of TRINO_CHART.defaultCatalogs) catalogs[name] = null;
  for (const cat of c.catalogEntries()) catalogs[cat.name] = propertyText(cat.properties);
  values.catalogs = catalogs;

  if (c.exchange) {
    values.server.exchangeManager = { name: 'filesystem', baseDir: c.exchange.baseDirectories.join(',') };
    const extra = c.exchangeProperties();
    if (Object.keys(extra).length > 0) values.additionalExchangeManagerProperties = propertyLines(extra);
  }

  if (input.resourceGroupsJson) {
    values.resourceGroups = { type: 'configmap', resourceGroupsConfig: input.resourceGroupsJson };
  }

  if (c.gracefulShutdown) {
    const grace = c.gracefulShutdown.toSeconds();
    values.worker.gracefulShutdown = { enabled: true, gracePeriodSeconds: grace };
    // The chart refuses to render unless terminationGracePeriodSeconds >= 2 x gracePeriodSeconds.
    values.worker.terminationGracePeriodSeconds = 2 * grace;
  }

  if (c.keda) {
    const k = c.keda;
    values.server.keda = {
      enabled: true,
      pollingInterval: k.pollingInterval.toSeconds(),
      cooldownPeriod: k.cooldownPeriod.toSeconds(),
      ...(k.initialCooldownPeriod ? { initialCooldownPeriod: k.initialCooldownPeriod.toSeconds() } : {}),
      minReplicaCount: k.minReplicas,
      maxReplicaCount: k.maxReplicas,
      triggers: k.triggers,
      ...(k.advanced ? { advanced: k.advanced } : {}),
      ...(k.fallback ? { fallback: k.fallback } : {}),
    };
  }

  if (c.prometheus) {
    const p = c.prometheus;
    values.jmx = {
      enabled: true,
      exporter: {
        enabled: true,
        configProperties: jmxExporterConfig(p.objectNames),
      },
    };
    values.serviceMonitor = {
      enabled: true,
      labels: p.serviceMonitorLabels,
      interval: `${p.scrapeInterval.toSeconds()}s`,
    };
  }
  return values;
}

function roleValues(c: TrinoConfig, role: TrinoRole, names: ChartNames, onePodPerNode: boolean) {
  const sizing: TrinoSizing = role === TrinoRole.COORDINATOR ? c.coordinatorSizing : c.workerSizing;
  const cpu = `${sizing.containerCpuMillis}m`;
  const memory = `${sizing.containerMemory.toMebibytes()}Mi`;
  const v: { [key: string]: any } = {
    jvm: { maxHeapSize: `${sizing.heap.toMebibytes()}M` },
    config: {
      query: { maxMemoryPerNode: dataSize(sizing.queryMaxMemoryPerNode.toMebibytes()) },
      memory: { heapHeadroomPerNode: dataSize(sizing.heapHeadroom.toMebibytes()) },
    },
    // requests = limits: the pod is Guaranteed QoS and owns its node
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
  };
  const annotations = c.podAnnotations[role];
  if (Object.keys(annotations).length > 0) v.annotations = { ...annotations };
  const placement = c.placement[role];
  if (placement) {
    v.nodeSelector = { ...placement.nodeSelector };
    if (placement.tolerations.length > 0) v.tolerations = placement.tolerations.map(renderToleration);
  }
  if (onePodPerNode) {
    v.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchLabels: names.podLabels(TrinoRole.WORKER) },
            topologyKey: 'kubernetes.io/hostname',
          },
        ],
      },
    };
  }
  return v;
}

function renderToleration(t: PodToleration) {
  return {
    key: t.key,
    operator: t.operator ?? 'Equal',
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect !== undefined ? { effect: t.effect } : {}),
  };
}

/** Trino DataSize text for a size in MiB: whole GiB as `NGB`, else `NMB` (Trino's units are powers of 1024). */
export function dataSize(mib: number): string {
  const m = Math.floor(mib);
  return m % 1024 === 0 ? `${m / 1024}GB` : `${m}MB`;
}

function propertyLines(props: { [k: string]: string }): string[] {
  return Object.entries(props).map(([k, v]) => `${k}=${v}`);
}

function propertyText(props: { [k: string]: string }): string {
  return propertyLines(props).join('\n') + '\n';
}

/**
 * Checks final chart values (after the `helmValues` merge): a `retry-policy` other than NONE in the config.properties
 * the chart renders (`additionalConfigProperties`, `server.coordinatorExtraConfig`, `server.workerExtraConfig`) with
 * no exchange manager (`server.exchangeManager` empty): TASK then fails every query, QUERY fails queries whose
 * results outgrow `exchange.deduplication-buffer-size`. Returns the error message, or undefined.
 * @internal
 */
export function retryPolicyWithoutExchange(values: { [key: string]: any }): string | undefined {
  const exchange = values.server?.exchangeManager;
  if (exchange && typeof exchange === 'object' && Object.keys(exchange).length > 0) return undefined;
  const sources: Array<[string, unknown]> = [
    ['additionalConfigProperties', values.additionalConfigProperties],
    ['server.coordinatorExtraConfig', values.server?.coordinatorExtraConfig],
    ['server.workerExtraConfig', values.server?.workerExtraConfig],
  ];
  for (const [key, v] of sources) {
    const lines = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split('\n') : [];
    for (const line of lines) {
      // java.util.Properties separators: '=', ':' or whitespace
      const m = /^\s*retry-policy\s*[=:\s]\s*(\S*)\s*$/.exec(line);
      if (m && m[1].toUpperCase() !== 'NONE') {
        return (
          `\`retry-policy=${m[1]}\` is set in chart values \`${key}\` but \`server.exchangeManager\` is empty: ` +
          'fault-tolerant execution needs an exchange manager. Pass a FaultTolerantExchange as the TrinoCluster ' +
          '`exchange` prop (it sets the retry policy) instead of setting retry-policy through `helmValues`.'
        );
      }
    }
  }
  return undefined;
}

/** jmx_exporter configuration: scrape the listed MBeans from the local JMX registry. */
function jmxExporterConfig(objectNames: string[]): string {
  const lines = [
    'hostPort: localhost:{{- .Values.jmx.registryPort }}',
    'startDelaySeconds: 0',
    'ssl: false',
    'lowercaseOutputName: false',
    'lowercaseOutputLabelNames: false',
    'includeObjectNames:',
    ...objectNames.map((n) => `  - "${n}"`),
    'autoExcludeObjectNameAttributes: true',
    'rules:',
    '  - pattern: ".*"',
  ];
  return lines.join('\n') + '\n';
}
