// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { CacheVolumeModel, catalogCacheProperties, FILE_SYSTEM_CACHE_MOUNT_PATH } from './private/file-system-cache';
import { TrinoSizing } from './sizing';
import { PodToleration, TrinoConfig, TrinoRole } from './trino-config';
import { SECRETS_MOUNT_PATH, SECRETS_VOLUME } from '../security/private/secrets';

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
  /** headless worker Service name: `<fullname>-worker`, which the chart does not truncate */
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
    // service-worker.yaml appends `-worker` to the (truncated) full name without truncating again
    workerService: `${fullname}-worker`,
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
  const managementUser = c.security?.authenticationType ? c.keda?.managementUser : undefined;
  // KEDA reads /metrics over plain HTTP in the cluster: with authentication on, such a request on a management
  // endpoint is identified as this user without credentials (only over HTTP: management.user.https-enabled stays
  // false, so nobody coming through the load balancer gets it), then authorised by the access control rules.
  if (managementUser !== undefined) coordOnly['management.user'] = managementUser;
  const workerOnly = c.roleOnlyConfigProperties(TrinoRole.WORKER);
  if (Object.keys(coordOnly).length > 0) values.server.coordinatorExtraConfig = propertyText(coordOnly);
  if (Object.keys(workerOnly).length > 0) values.server.workerExtraConfig = propertyText(workerOnly);
  const nodeProps = c.nodeProperties();
  if (Object.keys(nodeProps).length > 0) values.additionalNodeProperties = propertyLines(nodeProps);

  // catalogs: ours, and null for chart defaults we do not keep
  const catalogs: { [name: string]: string | null } = {};
  for (const name of TRINO_CHART.defaultCatalogs) catalogs[name] = null;
  const caching = c.cachingCatalogs();
  for (const cat of c.catalogEntries()) {
    const cache = cat.cache && c.fileSystemCache ? catalogCacheProperties(c.fileSystemCache, cat.name, caching.length) : {};
    catalogs[cat.name] = propertyText({ ...cat.properties, ...cache });
  }
  values.catalogs = catalogs;

  if (c.exchange) {
    values.server.exchangeManager = { name: 'filesystem', baseDir: c.exchange.baseDirectories.join(',') };
    const extra = c.exchangeProperties();
    if (Object.keys(extra).length > 0) values.additionalExchangeManagerProperties = propertyLines(extra);
  }

  if (c.security) renderSecurity(values, c);
  if (!c.secrets.empty) renderSecrets(values, c);

  if (input.resourceGroupsJson) {
    values.resourceGroups = { type: 'configmap', resourceGroupsConfig: input.resourceGroupsJson };
  }

  if (c.gracefulShutdown) {
    const grace = c.gracefulShutdown.toSeconds();
    if (c.security?.authenticationType) {
      renderPodOnlyShutdown(values, grace, `${input.imageRepository}:${input.imageTag}`);
    } else {
      values.worker.gracefulShutdown = { enabled: true, gracePeriodSeconds: grace };
    }
    // The chart refuses to render unless terminationGracePeriodSeconds >= 2 x gracePeriodSeconds.
    values.worker.terminationGracePeriodSeconds = Math.max(2 * grace, c.workerTerminationGracePeriod?.toSeconds() ?? 0);
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
    const exporter = {
      enabled: true,
      image: p.exporterImage,
      // the image tag is pinned by the chart: no need to pull it on every pod start
      pullPolicy: 'IfNotPresent',
      configProperties: jmxExporterConfig(p.objectNames),
      // requests = limits keeps the pod in the Guaranteed QoS class; the sidecar fits in the node's DaemonSet budget
      resources: { requests: { ...JMX_EXPORTER_RESOURCES }, limits: { ...JMX_EXPORTER_RESOURCES } },
    };
    const monitor = { labels: p.serviceMonitorLabels, interval: `${p.scrapeInterval.toSeconds()}s` };
    if (p.scrapeWorkers) {
      values.jmx = { enabled: true, exporter };
      values.serviceMonitor = { enabled: true, ...monitor };
    } else {
      // Coordinator only, through the per-role overrides. The chart merges `jmx.<role>` over `jmx` with sprig
      // `merge`, which treats `false` as unset: `jmx.worker.enabled: false` under `jmx.enabled: true` would not
      // turn the workers off, so the top-level switches stay off and the coordinator turns itself on.
      values.jmx = { coordinator: { enabled: true, exporter } };
      values.serviceMonitor = { ...monitor, coordinator: { enabled: true } };
    }
  }
  return values;
}

/**
 * Requests and limits of the JMX exporter sidecar (`jmx.exporter.resources`): the chart sets none, which would make
 * the Trino pod Burstable and let the sidecar use memory the pod sizing never counted.
 * @internal
 */
export const JMX_EXPORTER_RESOURCES = { cpu: '100m', memory: '256Mi' } as const;

/**
 * JVM options appended to the chart's jvm.config (`<role>.additionalJVMConfig`), after its own.
 *
 * The chart's jvm.config always has `-XX:+HeapDumpOnOutOfMemoryError` and no `-XX:HeapDumpPath`, so the JVM writes
 * `java_pid<pid>.hprof` (up to the heap size) into its working directory, the launcher's `node.data-dir`
 * `/data/trino`: the container's writable layer on the node's root volume. A worker with a 93 GiB heap would fill a
 * 100 GiB root volume, put the node under disk pressure and get pods evicted. HotSpot takes the last occurrence of a
 * boolean `-XX` flag, so `-XX:-HeapDumpOnOutOfMemoryError` after the chart's turns dumps off;
 * `-XX:+ExitOnOutOfMemoryError` (the chart's) still restarts the JVM on an OutOfMemoryError.
 * @internal
 */
export const JVM_OPTIONS: readonly string[] = ['-XX:-HeapDumpOnOutOfMemoryError'];

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
    additionalJVMConfig: [...JVM_OPTIONS],
  };
  if (c.fileSystemCache && c.cachingCatalogs().length > 0) {
    const volume = role === TrinoRole.COORDINATOR ? c.fileSystemCache.coordinator : c.fileSystemCache.worker;
    renderCacheVolume(v, volume);
  }
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

/** Name of the pod volume that holds the file system cache directories. */
export const FILE_SYSTEM_CACHE_VOLUME = 'fs-cache';

/**
 * The file system cache volume of a role (`<role>.additionalVolumes` / `additionalVolumeMounts`), mounted at
 * FILE_SYSTEM_CACHE_MOUNT_PATH. On local NVMe it is a disk-backed emptyDir, which lives in the kubelet's directory,
 * on the RAID0 array of the instance store when the EC2NodeClass has `instanceStorePolicy: RAID0`; the pod requests
 * the ephemeral storage of the cache plus an allowance, so it is only scheduled where that much local disk exists,
 * and sets no limit (exceeding one evicts the pod; the cache bounds itself). Elsewhere (the coordinator off NVMe) it
 * is a memory-backed emptyDir whose tmpfs is `sizeLimit` large (Kubernetes KEP-1967, SizeMemoryBackedVolumes).
 */
function renderCacheVolume(v: { [key: string]: any }, volume: CacheVolumeModel) {
  const emptyDir = volume.medium === 'memory' ? { medium: 'Memory', sizeLimit: `${volume.memoryMiB}Mi` } : {};
  v.additionalVolumes = [...(v.additionalVolumes ?? []), { name: FILE_SYSTEM_CACHE_VOLUME, emptyDir }];
  v.additionalVolumeMounts = [
    ...(v.additionalVolumeMounts ?? []),
    { name: FILE_SYSTEM_CACHE_VOLUME, mountPath: FILE_SYSTEM_CACHE_MOUNT_PATH },
  ];
  if (volume.ephemeralStorageRequestBytes !== undefined) {
    v.resources.requests['ephemeral-storage'] = `${Math.ceil(volume.ephemeralStorageRequestBytes / 2 ** 20)}Mi`;
  }
}

/**
 * Authentication, access control and the Ingress. The authentication type goes to `server.config.authenticationType`
 * (the chart writes it into the coordinator's config.properties only); the password and group files are the
 * library's own `password-authenticator.properties` / `group-provider.properties` (`coordinator.additionalConfigFiles`,
 * which make the chart skip its own, whose file paths assume a chart-made Secret); the rules file is the chart's
 * `accessControl` of type `configmap`, mounted on the coordinator only (the workers keep the chart's graceful-shutdown
 * rules).
 */
function renderSecurity(values: { [key: string]: any }, c: TrinoConfig) {
  const s = c.security!;
  if (s.authenticationType) values.server.config.authenticationType = s.authenticationType;
  if (Object.keys(s.coordinatorFiles).length > 0) {
    values.coordinator.additionalConfigFiles = { ...(values.coordinator.additionalConfigFiles ?? {}), ...s.coordinatorFiles };
  }
  if (s.accessControl) {
    values.accessControl = {
      type: 'configmap',
      refreshPeriod: `${s.accessControl.refreshPeriod.toSeconds()}s`,
      configFile: 'rules.json',
      rules: { 'rules.json': s.accessControl.json() },
    };
  }
  if (s.ingress) {
    values.ingress = {
      enabled: true,
      className: 'alb',
      annotations: { ...s.ingress.annotations },
      hosts: [{ host: s.ingress.host, paths: [{ path: '/', pathType: 'Prefix' }] }],
    };
  }
}

/**
 * The Secrets Store CSI volume on both roles (the SecretProviderClass is named like the synced Kubernetes Secret), and
 * one environment variable per secret read from that Kubernetes Secret (`env`: the chart's env list applies to both
 * roles; both run as the same service account and IAM role, so either could read every secret anyway).
 */
function renderSecrets(values: { [key: string]: any }, c: TrinoConfig) {
  const secretName = c.security!.kubernetesSecretName;
  for (const role of [TrinoRole.COORDINATOR, TrinoRole.WORKER]) {
    const v = values[role];
    v.additionalVolumes = [
      ...(v.additionalVolumes ?? []),
      {
        name: SECRETS_VOLUME,
        csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: secretName } },
      },
    ];
    v.additionalVolumeMounts = [
      ...(v.additionalVolumeMounts ?? []),
      { name: SECRETS_VOLUME, mountPath: SECRETS_MOUNT_PATH, readOnly: true },
    ];
  }
  values.env = c.secrets.chartEnv(secretName);
}

/** Where each worker keeps the name of the only user that may shut it down, and its access control files. */
export const SHUTDOWN_DIR = '/var/run/trino-shutdown';
const SHUTDOWN_VOLUME = 'trino-shutdown';

/**
 * Worker graceful shutdown that only the pod itself can trigger, for clusters with authentication.
 *
 * The chart's own (`worker.gracefulShutdown`) has the preStop send `X-Trino-User: admin` and grants `admin` write on
 * system information in one rules file for every worker; workers authenticate nobody (only the coordinator does), so
 * any pod that reaches a worker's port 8080, the coordinator and the other workers included, could name itself
 * `admin` and shut it down. Here an init container draws a random user name per pod (128 bits from /dev/urandom)
 * into a memory-backed volume that only the pod's containers mount, and writes that pod's access control files: the
 * worker reads them (`access-control.config-files`), so system information write goes to that name alone, and the
 * preStop sends it. Trino's file-based rules without other sections allow everything else, as the chart's file does.
 * The rest is the chart's sequence: `shutdown.grace-period`, then the preStop waits for the JVM to exit.
 */
function renderPodOnlyShutdown(values: { [key: string]: any }, graceSeconds: number, image: string) {
  const w = values.worker;
  const extra = `shutdown.grace-period=${graceSeconds}s\naccess-control.config-files=${SHUTDOWN_DIR}/access-control.properties\n`;
  values.server.workerExtraConfig = `${values.server.workerExtraConfig ?? ''}${extra}`;
  w.lifecycle = {
    preStop: {
      exec: {
        command: [
          '/bin/sh',
          '-c',
          [
            '# ask this worker to finish its tasks and exit, as the user only this pod knows',
            "curl -sS -X PUT -d '\"SHUTTING_DOWN\"' -H 'Content-type: application/json' \\",
            `  -H "X-Trino-User: $(cat ${SHUTDOWN_DIR}/user)" \\`,
            `  http://localhost:${TRINO_CHART.httpPort}/v1/info/state`,
            '# wait for the shutdown to complete',
            'tail --pid=1 -f /dev/null',
          ].join('\n'),
        ],
      },
    },
  };
  const init = {
    name: 'shutdown-user',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: [
      '/bin/sh',
      '-c',
      [
        'set -eu',
        'u="shutdown-$(od -An -N16 -tx1 /dev/urandom | tr -d \' \\n\')"',
        `printf '%s' "$u" > ${SHUTDOWN_DIR}/user`,
        `printf '{"system_information":[{"user":"%s","allow":["write"]}]}' "$u" > ${SHUTDOWN_DIR}/rules.json`,
        `printf 'access-control.name=file\\nsecurity.config-file=${SHUTDOWN_DIR}/rules.json\\n' > ${SHUTDOWN_DIR}/access-control.properties`,
      ].join('\n'),
    ],
    volumeMounts: [{ name: SHUTDOWN_VOLUME, mountPath: SHUTDOWN_DIR }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } },
  };
  values.initContainers = { ...(values.initContainers ?? {}), worker: [...(values.initContainers?.worker ?? []), init] };
  w.additionalVolumes = [...(w.additionalVolumes ?? []), { name: SHUTDOWN_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }];
  w.additionalVolumeMounts = [...(w.additionalVolumeMounts ?? []), { name: SHUTDOWN_VOLUME, mountPath: SHUTDOWN_DIR, readOnly: true }];
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

// ---------------------------------------------------------------------------------------------------------------
// Reading values back: what the chart renders from a values object (hand-written or ours). Used by TrinoChecks.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Chart defaults (the pinned chart's values.yaml) of the keys that decide what `readChartValues` reports.
 * Checked against ../shared/schemas/trino-chart/values.yaml by test/config/chart-reader.test.ts.
 * @internal
 */
export const TRINO_CHART_DEFAULTS = {
  'server.workers': 2,
  'server.keda.enabled': false,
  'server.keda.pollingInterval': 30,
  'server.keda.cooldownPeriod': 300,
  'server.keda.minReplicaCount': 0,
  'server.keda.maxReplicaCount': 5,
  'server.autoscaling.enabled': false,
  'server.config.query.maxMemory': '4GB',
  'serviceAccount.create': false,
  'coordinator.jvm.maxHeapSize': '8G',
  'coordinator.config.query.maxMemoryPerNode': '1GB',
  'coordinator.config.nodeScheduler.includeCoordinator': false,
  'worker.jvm.maxHeapSize': '8G',
  'worker.config.query.maxMemoryPerNode': '1GB',
  'worker.gracefulShutdown.enabled': false,
  'worker.gracefulShutdown.gracePeriodSeconds': 120,
  'service.type': 'ClusterIP',
  'ingress.enabled': false,
  'networkPolicy.enabled': false,
  'server.config.https.enabled': false,
} as const;

/** Values key of the coordinator's `http-server.authentication.type`. @internal */
export const AUTHENTICATION_TYPE_KEY = 'server.config.authenticationType';
/** Values key that turns on the coordinator's HTTPS port (`http-server.https.enabled`). @internal */
export const HTTPS_ENABLED_KEY = 'server.config.https.enabled';

/**
 * The catalogs of the pinned chart's values.yaml (`catalogs`), rendered unless a values object sets them to null.
 * Checked against ../shared/schemas/trino-chart/values.yaml by test/config/chart-reader.test.ts.
 * @internal
 */
export const TRINO_CHART_DEFAULT_CATALOGS: { readonly [name: string]: string } = {
  tpch: 'connector.name=tpch\ntpch.splits-per-node=4\n',
  tpcds: 'connector.name=tpcds\ntpcds.splits-per-node=4\n',
};

/**
 * A setting the chart renders, with the values key that decides it (so a finding can name what to change).
 * @internal
 */
export interface ChartSetting<T> {
  readonly value: T;
  /** dotted values key, for example `worker.jvm.maxHeapSize` */
  readonly key: string;
}

/**
 * What the chart renders for one role.
 * @internal
 */
export interface RenderedTrinoRole {
  readonly role: TrinoRole;
  /** Deployment name */
  readonly deployment: string;
  /** whether the chart renders the Deployment (workers: `server.workers` > 0 or KEDA on) */
  readonly rendered: boolean;
  /** labels on the role's pods */
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations: ChartSetting<{ [key: string]: string }>;
  readonly nodeSelector: ChartSetting<{ [key: string]: string }>;
  readonly affinity: ChartSetting<{ [key: string]: any }>;
  readonly tolerations: ChartSetting<any[]>;
  /** workers only; the chart has no coordinator topology spread */
  readonly topologySpreadConstraints: ChartSetting<any[]>;
  readonly resources: ChartSetting<{ [key: string]: any }>;
  /** `-Xmx` text, undefined when unset */
  readonly maxHeapSize: ChartSetting<string | undefined>;
  /** `-XX:MaxRAMPercentage`, undefined when unset */
  readonly maxHeapPercent: ChartSetting<number | undefined>;
  readonly lifecycle: ChartSetting<{ [key: string]: any } | undefined>;
  /** extra volumes of the role's pods (the file system cache volume, for one) */
  readonly volumes: ChartSetting<any[]>;
  /** where the Trino container mounts the extra volumes */
  readonly volumeMounts: ChartSetting<any[]>;
  /** config.properties as Trino reads it (the last line of a name wins), each with the key that wrote it */
  readonly configProperties: { [name: string]: ChartSetting<string> };
}

/**
 * What the chart renders for a release from a values object.
 * @internal
 */
export interface RenderedTrinoChart {
  readonly releaseName: string;
  readonly namespace: string;
  /** `trino.fullname`: the coordinator Service */
  readonly fullname: string;
  readonly coordinator: RenderedTrinoRole;
  readonly worker: RenderedTrinoRole;
  /** `server.exchangeManager`, when set */
  readonly exchangeManager?: ChartSetting<{ name: string; baseDirectories: string[] }>;
  /** the chart's own ScaledObject (`server.keda`), when enabled; it always targets the worker Deployment */
  readonly keda?: {
    readonly name: string;
    readonly cooldownPeriod: ChartSetting<number>;
    readonly minReplicaCount: ChartSetting<number>;
    readonly triggers: ChartSetting<any[]>;
  };
  /** `server.autoscaling.enabled`: the chart's HorizontalPodAutoscaler on the workers */
  readonly hpa: ChartSetting<boolean>;
  readonly gracefulShutdown: ChartSetting<boolean>;
  /** the Kubernetes service account of the pods, and the IRSA role annotation when the chart creates it */
  readonly serviceAccount: { readonly name: string; readonly roleArn?: string };
  /** catalog name to properties text */
  readonly catalogs: { [name: string]: string };
  /** the chart's Ingress on the coordinator Service (`ingress.enabled`), when rendered */
  readonly ingress?: ChartSetting<{
    /** `ingress.className` */
    readonly className?: string;
    /** `ingress.annotations` */
    readonly annotations: { [key: string]: string };
    /** whether `ingress.tls` lists TLS entries (TLS terminated by the ingress controller with a Kubernetes Secret) */
    readonly tls: boolean;
  }>;
  /** the coordinator Service: `service.type` (`ClusterIP`, `NodePort`, `LoadBalancer`) and `service.annotations` */
  readonly service: { readonly type: ChartSetting<string>; readonly annotations: ChartSetting<{ [key: string]: string }> };
  /** `networkPolicy.enabled`: the chart's NetworkPolicy on every pod of the release */
  readonly networkPolicy: ChartSetting<boolean>;
}

/**
 * Reads back what the pinned chart renders from `values` for a release: names, pod labels, placement, memory
 * settings, config.properties, autoscaling, exchange manager and service account. Values merge over the chart
 * defaults as Helm merges them (a `null` removes a default). Values are taken literally (no `tpl`).
 * @internal
 */
export function readChartValues(releaseName: string, namespace: string, values: { [key: string]: any }): RenderedTrinoChart {
  const get = (key: string): any => {
    let cur: any = values;
    for (const part of key.split('.')) {
      if (cur === null || typeof cur !== 'object' || !(part in cur)) {
        return (TRINO_CHART_DEFAULTS as { [k: string]: any })[key];
      }
      cur = cur[part];
    }
    return cur === null ? undefined : cur;
  };
  const setting = <T>(key: string, fallback: T): ChartSetting<T> => ({ key, value: (get(key) ?? fallback) as T });
  const listSetting = (key: string): ChartSetting<any[]> => {
    const v = get(key);
    return { key, value: Array.isArray(v) ? v : [] };
  };

  const chartName = nonEmpty(get('nameOverride')) ?? TRINO_CHART.chart;
  const fullnameOverride = nonEmpty(get('fullnameOverride'));
  const fullname = trunc63(fullnameOverride ?? (chartName.startsWith(releaseName) ? chartName : `${releaseName}-${chartName}`));
  const deploymentName = (role: TrinoRole) =>
    trunc63(nonEmpty(get(`${role}NameOverride`)) ?? `${fullname}-${role}`);
  const kedaEnabled = get('server.keda.enabled') === true;
  const graceful = setting('worker.gracefulShutdown.enabled', false);

  const role = (r: TrinoRole): RenderedTrinoRole => {
    const podLabels: { [key: string]: string } = {
      'app.kubernetes.io/name': chartName,
      'app.kubernetes.io/instance': releaseName,
      'app.kubernetes.io/managed-by': 'Helm',
      ...stringMap(get('commonLabels')),
      'app.kubernetes.io/component': r,
      'trino.io/network-policy-protection': get('networkPolicy.enabled') === true ? 'enabled' : 'disabled',
      ...stringMap(get(`${r}.labels`)),
    };
    const props: { [name: string]: ChartSetting<string> } = {};
    const put = (name: string, value: unknown, key: string) => {
      if (value !== undefined && value !== null) props[name] = { value: String(value), key };
    };
    const isCoord = r === TrinoRole.COORDINATOR;
    put('coordinator', isCoord, 'chart');
    if (isCoord) {
      const k = 'coordinator.config.nodeScheduler.includeCoordinator';
      put('node-scheduler.include-coordinator', get(k), k);
    }
    put('query.max-memory', get('server.config.query.maxMemory'), 'server.config.query.maxMemory');
    put('query.max-memory-per-node', get(`${r}.config.query.maxMemoryPerNode`), `${r}.config.query.maxMemoryPerNode`);
    const headroomKey = `${r}.config.memory.heapHeadroomPerNode`;
    if (nonEmpty(get(headroomKey)) !== undefined) put('memory.heap-headroom-per-node', get(headroomKey), headroomKey);
    // configmap-coordinator.yaml: the authentication type before additionalConfigProperties, HTTPS after them
    if (isCoord) put('http-server.authentication.type', nonEmpty(get(AUTHENTICATION_TYPE_KEY)), AUTHENTICATION_TYPE_KEY);
    for (const [name, value] of propertyEntries(get('additionalConfigProperties'))) {
      put(name, value, 'additionalConfigProperties');
    }
    if (isCoord && get(HTTPS_ENABLED_KEY) === true) put('http-server.https.enabled', 'true', HTTPS_ENABLED_KEY);
    if (graceful.value === true) {
      put('shutdown.grace-period', `${get('worker.gracefulShutdown.gracePeriodSeconds')}s`, graceful.key);
    }
    const extraKey = isCoord ? 'server.coordinatorExtraConfig' : 'server.workerExtraConfig';
    for (const [name, value] of propertyEntries(get(extraKey))) put(name, value, extraKey);

    const heapPercent = get(`${r}.jvm.maxHeapPercent`);
    return {
      role: r,
      deployment: deploymentName(r),
      rendered: isCoord || kedaEnabled || Number(get('server.workers')) > 0,
      podLabels,
      podAnnotations: { key: `${r}.annotations`, value: stringMap(get(`${r}.annotations`)) },
      nodeSelector: { key: `${r}.nodeSelector`, value: stringMap(get(`${r}.nodeSelector`)) },
      affinity: setting(`${r}.affinity`, {}),
      tolerations: setting(`${r}.tolerations`, []),
      topologySpreadConstraints: isCoord ? { key: 'worker.topologySpreadConstraints', value: [] }
        : setting('worker.topologySpreadConstraints', []),
      resources: setting(`${r}.resources`, {}),
      maxHeapSize: { key: `${r}.jvm.maxHeapSize`, value: nonEmpty(get(`${r}.jvm.maxHeapSize`)) },
      maxHeapPercent: {
        key: `${r}.jvm.maxHeapPercent`,
        value: nonEmpty(heapPercent) === undefined ? undefined : Number(heapPercent),
      },
      lifecycle: { key: `${r}.lifecycle`, value: get(`${r}.lifecycle`) ?? undefined },
      volumes: listSetting(`${r}.additionalVolumes`),
      volumeMounts: listSetting(`${r}.additionalVolumeMounts`),
      configProperties: props,
    };
  };

  const exchange = get('server.exchangeManager');
  const exchangeManager = exchange && typeof exchange === 'object' && Object.keys(exchange).length > 0
    ? {
      key: 'server.exchangeManager',
      value: {
        name: String(exchange.name ?? ''),
        baseDirectories: (Array.isArray(exchange.baseDir) ? exchange.baseDir : String(exchange.baseDir ?? '').split(','))
          .map((d: unknown) => String(d).trim())
          .filter((d: string) => d.length > 0),
      },
    }
    : undefined;

  const saCreate = get('serviceAccount.create') === true;
  const saName = nonEmpty(get('serviceAccount.name')) ?? (saCreate ? fullname : 'default');
  const saRoleArn = saCreate ? stringMap(get('serviceAccount.annotations'))['eks.amazonaws.com/role-arn'] : undefined;

  // `catalogs` merges over the chart's default catalogs (Helm merges maps): they stay unless set to null
  const catalogs: { [name: string]: string } = {};
  for (const source of [get('additionalCatalogs'), { ...TRINO_CHART_DEFAULT_CATALOGS, ...(get('catalogs') ?? {}) }]) {
    for (const [name, text] of Object.entries(source ?? {})) {
      if (typeof text === 'string') catalogs[name] = text;
      else delete catalogs[name];
    }
  }

  const ingressEnabled = get('ingress.enabled');
  return {
    releaseName,
    namespace,
    fullname,
    ingress: ingressEnabled === true
      ? {
        key: 'ingress.enabled',
        value: {
          className: nonEmpty(get('ingress.className')),
          annotations: stringMap(get('ingress.annotations')),
          tls: Array.isArray(get('ingress.tls')) && get('ingress.tls').length > 0,
        },
      }
      : undefined,
    service: {
      type: { key: 'service.type', value: String(get('service.type') ?? 'ClusterIP') },
      annotations: { key: 'service.annotations', value: stringMap(get('service.annotations')) },
    },
    networkPolicy: { key: 'networkPolicy.enabled', value: get('networkPolicy.enabled') === true },
    coordinator: role(TrinoRole.COORDINATOR),
    worker: role(TrinoRole.WORKER),
    exchangeManager,
    keda: kedaEnabled
      ? {
        name: deploymentName(TrinoRole.WORKER),
        // a key removed with null renders empty, and KEDA applies its own defaults (300 s, 0 replicas)
        cooldownPeriod: { key: 'server.keda.cooldownPeriod', value: Number(get('server.keda.cooldownPeriod') ?? 300) },
        minReplicaCount: { key: 'server.keda.minReplicaCount', value: Number(get('server.keda.minReplicaCount') ?? 0) },
        triggers: setting('server.keda.triggers', []),
      }
      : undefined,
    hpa: { key: 'server.autoscaling.enabled', value: get('server.autoscaling.enabled') === true },
    gracefulShutdown: graceful,
    serviceAccount: { name: saName, roleArn: saRoleArn },
    catalogs,
  };
}

function nonEmpty(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/** A map of strings; a null entry is dropped, as Helm deletes a key set to null. */
function stringMap(v: unknown): { [key: string]: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]));
}

/**
 * `k=v` entries of a list of lines (additionalConfigProperties) or of a text block (extra config).
 * @internal
 */
export function propertyEntries(v: unknown): Array<[string, string]> {
  const lines = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split('\n') : [];
  const out: Array<[string, string]> = [];
  for (const line of lines) {
    const t = line.trim();
    const i = t.indexOf('=');
    if (!t || t.startsWith('#') || i <= 0) continue;
    out.push([t.slice(0, i).trim(), t.slice(i + 1).trim()]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Text the chart renders as is into ConfigMaps, Secrets and pod specs: where a literal secret would end up.
// Used by TrinoChecks.
// ---------------------------------------------------------------------------------------------------------------

/**
 * What the chart copies from values, unchanged, into what it renders: the properties files (config.properties,
 * node.properties, catalogs, exchange-manager.properties, event listener and the coordinator's and workers'
 * `additionalConfigFiles`), the password and group files it makes a Secret of, and the containers' `env`.
 * @internal
 */
export interface ChartVerbatimText {
  /** `name=value` entries, with the values key of their text (`catalogs.pg`, `coordinator.additionalConfigFiles.x`) */
  readonly properties: Array<ChartSetting<Array<[string, string]>>>;
  /** `auth.passwordAuth` / `auth.groups` when set: file contents the chart writes into a Secret */
  readonly files: Array<ChartSetting<string>>;
  /** `env` entries with a literal `value` (not `valueFrom`), keyed `env[<i>]` */
  readonly env: Array<ChartSetting<{ readonly name: string; readonly value: string }>>;
}

/** Values keys whose lines (or text) are properties the chart writes as is (besides catalogs and config files). */
const VERBATIM_PROPERTY_KEYS = [
  'additionalConfigProperties', 'server.coordinatorExtraConfig', 'server.workerExtraConfig', 'additionalNodeProperties',
  'additionalExchangeManagerProperties', 'eventListenerProperties',
];

/**
 * Reads the text the chart renders verbatim from `values` (see ChartVerbatimText). Values are taken literally.
 * @internal
 */
export function chartVerbatimText(values: { [key: string]: any }): ChartVerbatimText {
  const at = (key: string): any => key.split('.').reduce((o: any, k) => (o !== null && typeof o === 'object' ? o[k] : undefined), values);
  const properties: Array<ChartSetting<Array<[string, string]>>> = [];
  const add = (key: string, v: unknown) => {
    const entries = propertyEntries(v);
    if (entries.length > 0) properties.push({ key, value: entries });
  };
  for (const key of VERBATIM_PROPERTY_KEYS) add(key, at(key));
  for (const map of ['catalogs', 'additionalCatalogs', 'coordinator.additionalConfigFiles', 'worker.additionalConfigFiles']) {
    const m = at(map);
    if (m && typeof m === 'object' && !Array.isArray(m)) {
      for (const [name, text] of Object.entries(m)) add(`${map}.${name}`, text);
    }
  }
  const files = ['auth.passwordAuth', 'auth.groups']
    .filter((key) => typeof at(key) === 'string' && at(key).trim() !== '')
    .map((key) => ({ key, value: String(at(key)) }));
  const envList = at('env');
  const env = (Array.isArray(envList) ? envList : []).flatMap((e: any, i: number) =>
    e && typeof e === 'object' && typeof e.name === 'string' && e.value !== undefined && e.value !== null && e.valueFrom === undefined
      ? [{ key: `env[${i}]`, value: { name: e.name, value: String(e.value) } }]
      : []);
  return { properties, files, env };
}

// ---------------------------------------------------------------------------------------------------------------
// A client of the release: the image the chart runs and how a pod in the cluster reaches the coordinator.
// Used by TrinoSmokeTest.
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a pod needs to run the Trino CLI of the release against its coordinator.
 * @internal
 */
export interface ChartClientAccess {
  /** the image reference the chart's `trino.image` helper renders for the Trino containers */
  readonly image: string;
  /** `image.pullPolicy` */
  readonly imagePullPolicy: string;
  /** `imagePullSecrets` */
  readonly imagePullSecrets: Array<{ name: string }>;
  /** the coordinator Service (`trino.fullname`) */
  readonly serviceName: string;
  /** `http` (chart default) or `https` when `server.config.https.enabled` */
  readonly scheme: 'http' | 'https';
  /** the Service port of that scheme: `service.port`, or `server.config.https.port` */
  readonly port: number;
  /** `server.config.authenticationType`, when set */
  readonly authenticationType?: string;
  /**
   * whether the coordinator has `http-server.process-forwarded=true` (a TLS endpoint in front of it): a plain-HTTP
   * request carrying `X-Forwarded-Proto: https` is then secure, so its credentials are checked
   */
  readonly forwardedHttps: boolean;
  /**
   * whether a NetworkPolicy admits only labelled pods to the coordinator: the chart's (`networkPolicy.enabled`) or the
   * library's own (TrinoCluster `networkPolicy`)
   */
  readonly networkPolicy: boolean;
  /**
   * the labels that NetworkPolicy admits: the chart's (`trino.selectorLabels` and the protection label), or the
   * release's pod labels without the component (the library's own policies)
   */
  readonly networkPolicyLabels: { [key: string]: string };
}

/**
 * Reads, from final values, the image the chart runs (templates/_helpers.tpl `trino.image`: `registry/`,
 * `repository`, `:tag` defaulting to the appVersion, or `@digest`, or the repository alone with
 * `useRepositoryAsSoleImageReference`) and how to reach the coordinator Service (templates/service-coordinator.yaml:
 * port `service.port`, and `server.config.https.port` when HTTPS is on).
 * @internal
 */
export function chartClientAccess(
  releaseName: string,
  namespace: string,
  values: { [key: string]: any },
  libraryNetworkPolicyLabels?: { [key: string]: string },
): ChartClientAccess {
  const rendered = readChartValues(releaseName, namespace, values);
  const image = values.image ?? {};
  const repository = String(image.repository ?? 'trinodb/trino');
  let ref: string;
  if (image.useRepositoryAsSoleImageReference === true) {
    ref = repository;
  } else {
    const termination = nonEmpty(image.digest) ? `@${image.digest}` : `:${nonEmpty(image.tag) ?? TRINO_CHART.appVersion}`;
    ref = `${nonEmpty(image.registry) ? `${image.registry}/` : ''}${repository}${termination}`;
  }
  const config = values.server?.config ?? {};
  const https = config.https?.enabled === true;
  const selector = rendered.coordinator.podLabels;
  return {
    image: ref,
    imagePullPolicy: String(image.pullPolicy ?? 'IfNotPresent'),
    imagePullSecrets: Array.isArray(values.imagePullSecrets) ? values.imagePullSecrets : [],
    serviceName: rendered.fullname,
    scheme: https ? 'https' : 'http',
    port: Number(https ? config.https.port ?? 8443 : values.service?.port ?? TRINO_CHART.httpPort),
    authenticationType: nonEmpty(config.authenticationType),
    forwardedHttps: ['true', 'accept'].includes(
      String(rendered.coordinator.configProperties['http-server.process-forwarded']?.value ?? '').trim().toLowerCase(),
    ),
    networkPolicy: values.networkPolicy?.enabled === true || libraryNetworkPolicyLabels !== undefined,
    networkPolicyLabels: values.networkPolicy?.enabled === true
      ? {
        'app.kubernetes.io/name': selector['app.kubernetes.io/name'],
        'app.kubernetes.io/instance': selector['app.kubernetes.io/instance'],
        'trino.io/network-policy-protection': 'enabled',
      }
      : { ...libraryNetworkPolicyLabels },
  };
}
