// SPDX-License-Identifier: Apache-2.0
/**
 * Metrics other exporters than Trino's produce, with the labels a series has once the Prometheus Operator scraped it,
 * read from their sources. The test's own list: the monitoring's names are checked against it.
 */

/**
 * Labels the Prometheus Operator adds to every series a ServiceMonitor scrapes (prometheus-operator
 * pkg/prometheus/promcfg.go, generateServiceMonitorConfig: `namespace`, `service`, `pod`, `container`, `endpoint`,
 * `job`, `instance`). A series label of the same name as one of these is renamed `exported_<name>` unless the
 * endpoint sets `honorLabels`.
 */
export const TARGET_LABELS = ['namespace', 'service', 'pod', 'container', 'endpoint', 'job', 'instance'];

/** One metric and the labels its series carry after the scrape. */
export interface UpstreamMetric {
  readonly name: string;
  readonly labels: string[];
  readonly source: string;
}

/** Renames series labels that collide with target labels, as Prometheus does without honorLabels. */
function scraped(labels: string[], honorLabels: boolean): string[] {
  const own = honorLabels ? labels : labels.map((l) => (TARGET_LABELS.includes(l) ? `exported_${l}` : l));
  return [...new Set([...own, ...TARGET_LABELS])];
}

/** kedacore/keda v2.20.2 pkg/metricscollector/prommetrics.go, scraped by the KEDA chart's operator ServiceMonitor (no honorLabels). */
const KEDA_LABELS = scraped(['namespace', 'metric', 'scaledObject', 'scaler', 'triggerIndex', 'type'], false);
const KEDA_SOURCE = 'kedacore/keda v2.20.2 pkg/metricscollector/prommetrics.go; kedacore/charts keda/templates/manager/servicemonitor.yaml';

/** kube-state-metrics, scraped by kube-prometheus-stack with honorLabels: true (charts/kube-prometheus-stack/values.yaml, kube-state-metrics.prometheus.monitor). */
const KSM_SOURCE = 'kubernetes/kube-state-metrics docs/metrics/workload/*.md';

/** Karpenter node labels: node_name, phase and the well-known node labels in snake case (kubernetes-sigs/karpenter v1.13.0 pkg/controllers/metrics/node/controller.go). */
const KARPENTER_NODE_LABELS = ['node_name', 'phase', 'nodepool', 'capacity_type', 'instance_type', 'zone', 'arch', 'os', 'region', 'resource_type'];

export const UPSTREAM_METRICS: UpstreamMetric[] = [
  { name: 'keda_scaler_metrics_value', labels: KEDA_LABELS, source: KEDA_SOURCE },
  { name: 'keda_scaler_active', labels: KEDA_LABELS, source: KEDA_SOURCE },
  { name: 'keda_scaler_metrics_latency_seconds', labels: KEDA_LABELS, source: KEDA_SOURCE },
  { name: 'keda_scaler_detail_errors_total', labels: KEDA_LABELS, source: KEDA_SOURCE },
  { name: 'keda_scaled_object_errors_total', labels: scraped(['namespace', 'scaledObject'], false), source: KEDA_SOURCE },
  ...['status_desired_replicas', 'status_current_replicas', 'spec_max_replicas', 'spec_min_replicas'].map((m) => ({
    name: `kube_horizontalpodautoscaler_${m}`,
    labels: scraped(['namespace', 'horizontalpodautoscaler'], true),
    source: `${KSM_SOURCE} (horizontalpodautoscaler-metrics.md)`,
  })),
  ...['status_replicas', 'status_replicas_ready', 'status_replicas_available', 'spec_replicas'].map((m) => ({
    name: `kube_deployment_${m}`,
    labels: scraped(['namespace', 'deployment'], true),
    source: `${KSM_SOURCE} (deployment-metrics.md)`,
  })),
  ...['allocatable', 'total_pod_requests', 'total_daemon_requests', 'system_overhead'].map((m) => ({
    name: `karpenter_nodes_${m}`,
    labels: scraped(KARPENTER_NODE_LABELS, false),
    source: 'kubernetes-sigs/karpenter v1.13.0 pkg/controllers/metrics/node/controller.go',
  })),
  {
    name: 'karpenter_nodeclaims_disrupted_total',
    labels: scraped(['reason', 'nodepool', 'capacity_type'], false),
    source: 'kubernetes-sigs/karpenter v1.13.0 pkg/metrics/metrics.go (reason spot_interrupted: aws/karpenter-provider-aws pkg/controllers/interruption/suite_test.go)',
  },
  {
    name: 'karpenter_nodeclaims_created_total',
    labels: scraped(['reason', 'nodepool', 'min_values_relaxed'], false),
    source: 'kubernetes-sigs/karpenter v1.13.0 pkg/metrics/metrics.go',
  },
  {
    name: 'karpenter_interruption_received_messages_total',
    labels: scraped(['message_type'], false),
    source: 'aws/karpenter-provider-aws v1.13.0 pkg/controllers/interruption/metrics.go, messages/types.go',
  },
  ...['', '_sum', '_count'].map((suffix) => ({
    name: `karpenter_pods_startup_duration_seconds${suffix}`,
    labels: scraped(suffix === '' ? ['quantile'] : [], false),
    source: 'kubernetes-sigs/karpenter v1.13.0 pkg/controllers/metrics/pod/controller.go (a Summary, objectives 0, 0.5, 0.9, 0.99, 1)',
  })),
];

/** Label values the upstream sources define, where a matcher tests one. */
export const UPSTREAM_LABEL_VALUES: { [metric: string]: { [label: string]: string[] } } = {
  // aws/karpenter-provider-aws pkg/controllers/interruption/messages/types.go
  karpenter_interruption_received_messages_total: {
    message_type: ['rebalance_recommendation', 'scheduled_change', 'spot_interrupted', 'instance_stopped', 'instance_terminated',
      'capacity_reservation_interrupted', 'instance_status', 'system_status', 'event_status', 'no_op'],
  },
  karpenter_nodeclaims_disrupted_total: { reason: ['spot_interrupted', 'underutilized', 'empty', 'drifted', 'expired'] },
  // corev1 resource names, snake case (node/controller.go resourceNameToString)
  karpenter_nodes_allocatable: { resource_type: ['cpu', 'memory', 'pods', 'ephemeral_storage'] },
  // metrics.SummaryObjectives() in pkg/metrics/constants.go
  karpenter_pods_startup_duration_seconds: { quantile: ['0', '0.5', '0.9', '0.99', '1'] },
};
