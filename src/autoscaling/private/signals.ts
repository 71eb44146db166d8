// SPDX-License-Identifier: Apache-2.0

/**
 * One load signal of the coordinator: a JMX attribute, the KEDA trigger that reads it and the metric names it has on
 * each scrape path.
 * @internal
 */
export interface Signal {
  /** KEDA trigger name (unique in the ScaledObject) */
  readonly trigger: string;
  /** JMX object name of the MBean (exported by the coordinator) */
  readonly objectName: string;
  /** MBean attribute */
  readonly attribute: string;
  /**
   * Name the JMX exporter sidecar gives the attribute: `<domain with . as _>_<first key value>_<attribute>`
   * (jmx_exporter's default naming, `lowercaseOutputName: false`).
   */
  readonly exporterMetric: string;
  /** Name in Trino's own OpenMetrics endpoint (`/metrics`): `<domain with . as _>_name_<name>_<attribute>` */
  readonly openMetricsMetric: string;
}

function signal(trigger: string, domain: string, name: string, attribute: string): Signal {
  const d = domain.replace(/\./g, '_');
  return {
    trigger,
    objectName: `${domain}:name=${name}`,
    attribute,
    exporterMetric: `${d}_${name}_${attribute}`,
    openMetricsMetric: `${d}_name_${name}_${attribute}`,
  };
}

/** Queries waiting in a resource group queue. @internal */
export const QUEUED = signal('queued-queries', 'trino.execution', 'QueryManager', 'QueuedQueries');
/** Queries running. @internal */
export const RUNNING = signal('running-queries', 'trino.execution', 'QueryManager', 'RunningQueries');
/**
 * Workers the queries waiting for `query-manager.required-workers` need (0 when none waits): the signal that wakes a
 * cluster scaled to zero, where a query waits for resources instead of queueing.
 * @internal
 */
export const REQUIRED = signal('required-workers', 'trino.execution', 'ClusterSizeMonitor', 'RequiredWorkers');

/** All three, in trigger order. @internal */
export const SIGNALS: readonly Signal[] = [QUEUED, RUNNING, REQUIRED];
