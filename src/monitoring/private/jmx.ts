// SPDX-License-Identifier: Apache-2.0
/**
 * The Trino MBeans the monitoring reads, and the Prometheus names the chart's JMX exporter sidecar gives their
 * attributes.
 *
 * The chart runs prometheus/jmx_exporter 1.4.0 (`bitnamilegacy/jmx-exporter:1.4.0`) with the configuration
 * `config/chart.ts` renders: `lowercaseOutputName: false` and one rule, `pattern: ".*"`, without a `name`. Every
 * attribute therefore gets jmx_exporter's default name (prometheus/jmx_exporter
 * collector/src/main/java/io/prometheus/jmx/JmxCollector.java, `defaultExport` and `toSafeName`, tag 1.4.0):
 * `<domain>_<value of the first key property>_<attribute path>`, where every character other than letters, digits,
 * `:` and `_` becomes `_` and runs of `_` collapse to one; the other key properties become labels. The key properties
 * keep the order the MBean was registered with (`ObjectName.getKeyPropertyListString`, read by
 * JmxMBeanPropertyCache.java). Nested attributes of airlift stats objects are named `Outer.Inner` by jmxutils
 * (`StartedQueries.TotalCount`; trinodb/trino docs/src/main/sphinx/admin/jmx.md), composite values
 * `Attribute.key` by jmx_exporter (`HeapMemoryUsage.used`): both end up as `_`-joined paths.
 *
 * Which attributes exist is read from trinodb/trino and airlift/airlift sources (the paths are next to each MBean
 * below); test/monitoring checks every name the dashboard and the alerts use against that list and against the
 * exporter configuration the real chart renders.
 * @internal
 */

/** One attribute of an MBean, by its JMX object name and its attribute path (`Outer.Inner` for nested values). */
export interface JmxAttribute {
  /** JMX object name as Trino registers it (key properties in registration order); `*` values are patterns */
  readonly objectName: string;
  /** attribute path: `QueuedQueries`, `StartedQueries.TotalCount`, `HeapMemoryUsage.used` */
  readonly attribute: string;
}

/** jmx_exporter's `toSafeName`: unsafe characters to `_`, runs of `_` collapsed, no leading digit. */
export function toSafeName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9:_]/g, '_').replace(/_+/g, '_');
  return /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}

/** The metric name jmx_exporter's default export gives an attribute (see the file comment). */
export function exporterMetricName(a: JmxAttribute): string {
  const colon = a.objectName.indexOf(':');
  const domain = a.objectName.slice(0, colon);
  const first = a.objectName.slice(colon + 1).split(',')[0];
  const firstValue = first.slice(first.indexOf('=') + 1);
  return toSafeName(`${domain}_${firstValue}_${a.attribute}`);
}

/**
 * The MBeans, with the source that registers them. Trino's own MBeans are renamed from `io.trino.*` to `trino.*`
 * (the server's object name generator); connector MBeans outside the connector's package keep their package name
 * and get `type=<class>,name=<catalog>` (lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/jmx/
 * ConnectorObjectNameGeneratorModule.java).
 * @internal
 */
export const MBEANS = {
  /**
   * Coordinator. core/trino-main/src/main/java/io/trino/execution/SqlQueryManager.java (QueuedQueries,
   * RunningQueries, and QueryManagerStats flattened: core/trino-main/src/main/java/io/trino/execution/
   * QueryManagerStats.java). Documented in docs/src/main/sphinx/admin/jmx.md.
   */
  queryManager: 'trino.execution:name=QueryManager',
  /** Coordinator. core/trino-main/src/main/java/io/trino/node/CoordinatorNodeManager.java (NodeManagerModule exports it with its generated name). */
  nodeManager: 'trino.node:name=CoordinatorNodeManager',
  /** Coordinator. core/trino-main/src/main/java/io/trino/memory/ClusterMemoryManager.java */
  clusterMemory: 'trino.memory:name=ClusterMemoryManager',
  /** Every node. core/trino-main/src/main/java/io/trino/memory/MemoryPool.java, exported by LocalMemoryManagerExporter.java as `type=MemoryPool,name=general`. */
  memoryPool: 'trino.memory:type=MemoryPool,name=general',
  /** Workers. core/trino-main/src/main/java/io/trino/execution/SqlTaskManager.java (FailedTasks, and SqlTaskIoStats flattened). */
  taskManager: 'trino.execution:name=SqlTaskManager',
  /** Every JVM: java.lang.management.MemoryMXBean. */
  jvmMemory: 'java.lang:type=Memory',
  /** Every JVM: com.sun.management.OperatingSystemMXBean (ProcessCpuLoad counts the CPUs the container may use). */
  jvmOs: 'java.lang:type=OperatingSystem',
  /**
   * Every node with an exchange manager. plugin/trino-exchange-filesystem/src/main/java/io/trino/plugin/exchange/
   * filesystem/FileSystemExchangeStats.java; the plugin renames `io.trino.plugin.exchange.filesystem` to
   * `trino.plugin.exchange.filesystem` (FileSystemExchangeManagerFactory.java).
   */
  exchange: 'trino.plugin.exchange.filesystem:name=FileSystemExchangeStats',
  /** Every node with an S3 exchange. plugin/trino-exchange-filesystem/.../s3/S3FileSystemExchangeStorageStats.java (FileSystemExchangeModule.java exports it for s3:// directories). */
  exchangeS3: 'trino.plugin.exchange.filesystem.s3:name=S3FileSystemExchangeStorageStats',
  /**
   * Every node, one per catalog on the native S3 file system (`fs.native-s3.enabled`, what HiveCatalog and
   * IcebergCatalog set). lib/trino-filesystem-s3/src/main/java/io/trino/filesystem/s3/S3FileSystemStats.java and
   * AwsSdkV2ApiCallStats.java, exported by S3FileSystemModule.java; the `name` label is the catalog.
   */
  s3FileSystem: 'io.trino.filesystem.s3:type=S3FileSystemStats,name=*',
} as const;

/** The object names the exporter must include for the monitoring (patterns where one MBean exists per catalog). @internal */
export const MONITORING_OBJECT_NAMES: readonly string[] = Object.values(MBEANS).map((n) => n.replace(/,name=\*$/, ',*'));

const attr = (objectName: string, attribute: string): string => exporterMetricName({ objectName, attribute });

/**
 * The exporter metric names the dashboard and the alerts use.
 *
 * airlift `CounterStat` (stats/src/main/java/io/airlift/stats/CounterStat.java) has `TotalCount`, a monotonic count
 * since the JVM started: rate() and increase() work on it. `TimeStat` (TimeStat.java, TimeDistribution.java) has
 * `OneMinute`/`FiveMinutes`/`FifteenMinutes` distributions decayed over about that long, and `AllTime`, each with
 * `Count`, `Min`, `Max`, `Avg` and `P50`…`P99`, in the unit the stat was created with.
 * @internal
 */
export const METRICS = {
  queuedQueries: attr(MBEANS.queryManager, 'QueuedQueries'),
  runningQueries: attr(MBEANS.queryManager, 'RunningQueries'),
  startedQueries: attr(MBEANS.queryManager, 'StartedQueries.TotalCount'),
  completedQueries: attr(MBEANS.queryManager, 'CompletedQueries.TotalCount'),
  failedQueries: attr(MBEANS.queryManager, 'FailedQueries.TotalCount'),
  userErrorFailures: attr(MBEANS.queryManager, 'UserErrorFailures.TotalCount'),
  internalFailures: attr(MBEANS.queryManager, 'InternalFailures.TotalCount'),
  externalFailures: attr(MBEANS.queryManager, 'ExternalFailures.TotalCount'),
  insufficientResourcesFailures: attr(MBEANS.queryManager, 'InsufficientResourcesFailures.TotalCount'),
  /** milliseconds (`new TimeStat(MILLISECONDS)` in QueryManagerStats) */
  executionTime: (p: 'P50' | 'P90' | 'P99') => attr(MBEANS.queryManager, `ExecutionTime.FiveMinutes.${p}`),
  /** milliseconds */
  queuedTime: (p: 'P50' | 'P90' | 'P99') => attr(MBEANS.queryManager, `QueuedTime.FiveMinutes.${p}`),
  activeNodes: attr(MBEANS.nodeManager, 'ActiveNodeCount'),
  clusterMemoryBytes: attr(MBEANS.clusterMemory, 'ClusterMemoryBytes'),
  clusterMemoryReserved: attr(MBEANS.clusterMemory, 'ClusterTotalMemoryReservation'),
  queriesKilledOom: attr(MBEANS.clusterMemory, 'QueriesKilledDueToOutOfMemory'),
  poolMaxBytes: attr(MBEANS.memoryPool, 'MaxBytes'),
  poolReservedBytes: attr(MBEANS.memoryPool, 'ReservedBytes'),
  failedTasks: attr(MBEANS.taskManager, 'FailedTasks.TotalCount'),
  heapUsed: attr(MBEANS.jvmMemory, 'HeapMemoryUsage.used'),
  heapMax: attr(MBEANS.jvmMemory, 'HeapMemoryUsage.max'),
  processCpuLoad: attr(MBEANS.jvmOs, 'ProcessCpuLoad'),
  /** `ExecutionStats` (plugin/trino-exchange-filesystem/.../ExecutionStats.java): `Finished` and `Failed` TimeStats in ms */
  exchangeS3Requests: (op: 'PutObject' | 'UploadPart' | 'GetObject', outcome: 'Finished' | 'Failed') =>
    attr(MBEANS.exchangeS3, `${op}.${outcome}.AllTime.Count`),
  exchangeSinkBlocked: attr(MBEANS.exchange, 'ExchangeSinkBlocked.Finished.FiveMinutes.P90'),
  s3Calls: attr(MBEANS.s3FileSystem, 'Total.Calls.TotalCount'),
  s3Failures: attr(MBEANS.s3FileSystem, 'Total.Failures.TotalCount'),
  s3Throttling: attr(MBEANS.s3FileSystem, 'Total.ThrottlingExceptions.TotalCount'),
  s3ServerErrors: attr(MBEANS.s3FileSystem, 'Total.ServerErrors.TotalCount'),
  s3Retries: attr(MBEANS.s3FileSystem, 'Total.Retries.TotalCount'),
  /** milliseconds (`new TimeStat(MILLISECONDS)` in AwsSdkV2ApiCallStats) */
  s3LatencyP90: attr(MBEANS.s3FileSystem, 'Total.Latency.FiveMinutes.P90'),
} as const;
