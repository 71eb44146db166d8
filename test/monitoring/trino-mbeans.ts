// SPDX-License-Identifier: Apache-2.0
/**
 * The Trino 480 MBeans the monitoring may read, with their numeric attributes, read from the sources that register
 * them (trinodb/trino, airlift/airlift, the JDK). This is the test's own list of what exists: the monitoring's names
 * are checked against it, not derived from it.
 */

export type Role = 'coordinator' | 'worker';

/** One MBean: its object name (key properties in registration order), where it is registered and its attributes. */
export interface MBean {
  readonly objectName: string;
  /** the roles whose JVM registers it (`*` values: one MBean per value, for example per catalog) */
  readonly roles: Role[];
  /** the source that defines it */
  readonly source: string;
  /** numeric attribute paths (`Outer.Inner` for jmxutils' nested attributes and for composite values) */
  readonly attributes: string[];
}

/** airlift DecayCounter: Count and Rate (stats/src/main/java/io/airlift/stats/DecayCounter.java). */
const decay = (p: string) => [`${p}.Count`, `${p}.Rate`];
/** airlift CounterStat: TotalCount and three decaying counters (stats/src/main/java/io/airlift/stats/CounterStat.java). */
const counter = (p: string) => [`${p}.TotalCount`, ...['OneMinute', 'FiveMinute', 'FifteenMinute'].flatMap((d) => decay(`${p}.${d}`))];
/** airlift TimeStat: four TimeDistributions (TimeStat.java, TimeDistribution.java); Unit and Percentiles are not numbers. */
const time = (p: string) =>
  ['OneMinute', 'FiveMinutes', 'FifteenMinutes', 'AllTime'].flatMap((d) =>
    ['Count', 'P50', 'P75', 'P90', 'P95', 'P99', 'Min', 'Max', 'Avg'].map((a) => `${p}.${d}.${a}`));
/** plugin/trino-exchange-filesystem ExecutionStats: Finished and Failed TimeStats. */
const execution = (p: string) => [...time(`${p}.Finished`), ...time(`${p}.Failed`)];
/** lib/trino-filesystem-s3 AwsSdkV2ApiCallStats. */
const apiCall = (p: string) => [
  ...time(`${p}.Latency`),
  ...['Calls', 'Failures', 'Retries', 'ThrottlingExceptions', 'ServerErrors'].flatMap((c) => counter(`${p}.${c}`)),
];
/** java.lang.management.MemoryUsage, a CompositeData jmx_exporter expands key by key. */
const memoryUsage = (p: string) => ['init', 'used', 'committed', 'max'].map((k) => `${p}.${k}`);

export const TRINO_MBEANS: MBean[] = [
  {
    objectName: 'trino.execution:name=QueryManager',
    roles: ['coordinator'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/execution/SqlQueryManager.java, QueryManagerStats.java',
    attributes: [
      'QueuedQueries',
      'RunningQueries',
      ...['Started', 'Submitted', 'Completed', 'Failed', 'Abandoned', 'Canceled'].flatMap((k) => counter(`${k}Queries`)),
      ...['UserError', 'Internal', 'External', 'InsufficientResources'].flatMap((k) => counter(`${k}Failures`)),
      ...counter('ConsumedInputRows'),
      ...counter('ConsumedInputBytes'),
      ...counter('ConsumedCpuTimeSecs'),
      ...time('ExecutionTime'),
      ...time('QueuedTime'),
    ],
  },
  {
    objectName: 'trino.execution:name=ClusterSizeMonitor',
    roles: ['coordinator'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/execution/ClusterSizeMonitor.java',
    attributes: ['RequiredWorkers'],
  },
  {
    objectName: 'trino.node:name=CoordinatorNodeManager',
    roles: ['coordinator'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/node/CoordinatorNodeManager.java (NodeManagerModule.java: withGeneratedName)',
    attributes: ['ActiveNodeCount', 'InactiveNodeCount', 'ShuttingDownNodeCount'],
  },
  {
    objectName: 'trino.memory:name=ClusterMemoryManager',
    roles: ['coordinator'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/memory/ClusterMemoryManager.java',
    attributes: [
      'TotalAvailableProcessors',
      'NumberOfLeakedQueries',
      'ClusterUserMemoryReservation',
      'ClusterTotalMemoryReservation',
      'ClusterMemoryBytes',
      'QueriesKilledDueToOutOfMemory',
      'TasksKilledDueToOutOfMemory',
    ],
  },
  {
    objectName: 'trino.memory:type=MemoryPool,name=general',
    roles: ['coordinator', 'worker'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/memory/MemoryPool.java, LocalMemoryManagerExporter.java',
    attributes: ['FreeBytes', 'MaxBytes', 'ReservedBytes', 'ReservedRevocableBytes'],
  },
  {
    objectName: 'trino.execution:name=SqlTaskManager',
    roles: ['coordinator', 'worker'],
    source: 'trinodb/trino core/trino-main/src/main/java/io/trino/execution/SqlTaskManager.java, SqlTaskIoStats.java',
    attributes: [
      ...counter('FailedTasks'),
      ...['InputDataSize', 'InputPositions', 'OutputDataSize', 'OutputPositions'].flatMap((k) => counter(k)),
    ],
  },
  {
    objectName: 'java.lang:type=Memory',
    roles: ['coordinator', 'worker'],
    source: 'JDK java.lang.management.MemoryMXBean',
    attributes: [...memoryUsage('HeapMemoryUsage'), ...memoryUsage('NonHeapMemoryUsage'), 'ObjectPendingFinalizationCount'],
  },
  {
    objectName: 'java.lang:type=OperatingSystem',
    roles: ['coordinator', 'worker'],
    source: 'JDK com.sun.management.OperatingSystemMXBean',
    attributes: ['AvailableProcessors', 'SystemLoadAverage', 'ProcessCpuLoad', 'CpuLoad', 'ProcessCpuTime', 'TotalMemorySize', 'FreeMemorySize'],
  },
  {
    objectName: 'trino.plugin.exchange.filesystem:name=FileSystemExchangeStats',
    roles: ['coordinator', 'worker'],
    source:
      'trinodb/trino plugin/trino-exchange-filesystem/src/main/java/io/trino/plugin/exchange/filesystem/FileSystemExchangeStats.java ' +
      '(FileSystemExchangeManagerFactory.java renames the domain)',
    attributes: [
      ...['CreateExchangeSourceHandles', 'GetCommittedPartitions', 'CloseExchange', 'ExchangeSinkBlocked', 'ExchangeSinkFinish', 'ExchangeSinkAbort', 'ExchangeSourceBlocked']
        .flatMap((k) => execution(k)),
    ],
  },
  {
    objectName: 'trino.plugin.exchange.filesystem.s3:name=S3FileSystemExchangeStorageStats',
    roles: ['coordinator', 'worker'],
    source: 'trinodb/trino plugin/trino-exchange-filesystem/src/main/java/io/trino/plugin/exchange/filesystem/s3/S3FileSystemExchangeStorageStats.java',
    attributes: [
      ...['CreateEmptyFile', 'ListFilesRecursively', 'DeleteRecursively', 'DeleteObjects', 'GetObject', 'PutObject', 'CreateMultipartUpload',
        'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload'].flatMap((k) => execution(k)),
      'ActivePutObjectRequestCount',
      'ActiveGetObjectRequestCount',
      'ActiveUploadPartRequestCount',
    ],
  },
  {
    objectName: 'io.trino.filesystem.s3:type=S3FileSystemStats,name=*',
    roles: ['coordinator', 'worker'],
    source:
      'trinodb/trino lib/trino-filesystem-s3/src/main/java/io/trino/filesystem/s3/S3FileSystemStats.java, AwsSdkV2ApiCallStats.java ' +
      '(lib/trino-plugin-toolkit/.../ConnectorObjectNameGeneratorModule.java: type=<class>,name=<catalog>)',
    attributes: [
      ...['Total', 'HeadObject', 'GetObject', 'ListObjectsV2', 'PutObject', 'DeleteObject', 'DeleteObjects', 'CreateMultipartUpload',
        'CompleteMultipartUpload', 'AbortMultipartUpload'].flatMap((k) => apiCall(k)),
    ],
  },
];
