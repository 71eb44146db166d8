// SPDX-License-Identifier: Apache-2.0
/**
 * Metrics the dashboard and the alerts read from other exporters than Trino's, with the source that defines each.
 * test/monitoring checks every name an expression uses against these sources' catalogs.
 * @internal
 */

/**
 * KEDA operator metrics (kedacore/keda pkg/metricscollector/prommetrics.go, v2.20): labels `namespace`, `metric`,
 * `scaledObject`, `scaler`, `triggerIndex`, `type`, where `namespace` is the ScaledObject's. KEDA 2.17 removed
 * `keda_scaler_errors_total`; the per-trigger error counter is `keda_scaler_detail_errors_total`.
 * The KEDA chart's operator ServiceMonitor (kedacore/charts keda/templates/manager/servicemonitor.yaml) does not set
 * `honorLabels`, so Prometheus keeps the scrape target's namespace in `namespace` and renames KEDA's own label to
 * `exported_namespace`.
 * @internal
 */
export const KEDA = {
  /** the value a trigger read at the last poll */
  metricsValue: 'keda_scaler_metrics_value',
  /** 1 while the trigger is active */
  active: 'keda_scaler_active',
  /** errors of one trigger (counter) */
  detailErrors: 'keda_scaler_detail_errors_total',
} as const;

/**
 * kube-state-metrics (kubernetes/kube-state-metrics docs/metrics/workload/horizontalpodautoscaler-metrics.md and
 * deployment-metrics.md), shipped by kube-prometheus-stack with `honorLabels: true`: `namespace` is the object's.
 * KEDA names the HPA it creates `keda-hpa-<ScaledObject name>` (kedacore/keda controllers/keda/hpa.go,
 * getDefaultHpaName).
 * @internal
 */
export const KUBE_STATE = {
  hpaDesired: 'kube_horizontalpodautoscaler_status_desired_replicas',
  hpaCurrent: 'kube_horizontalpodautoscaler_status_current_replicas',
  hpaMax: 'kube_horizontalpodautoscaler_spec_max_replicas',
  deploymentReady: 'kube_deployment_status_replicas_ready',
} as const;

/**
 * Karpenter controller metrics (kubernetes-sigs/karpenter v1.13: pkg/metrics/metrics.go, pkg/controllers/metrics/
 * node/controller.go, pkg/controllers/metrics/pod/controller.go; aws/karpenter-provider-aws v1.13:
 * pkg/controllers/interruption/metrics.go and messages/types.go). Node metrics carry the well-known node labels in
 * snake case (`nodepool`, `capacity_type`, `instance_type`, `zone`, …); a Spot interruption notice disrupts the
 * NodeClaim with reason `spot_interrupted` (pkg/controllers/interruption/suite_test.go).
 * @internal
 */
export const KARPENTER = {
  /** one series per node and resource type: count the `resource_type="cpu"` ones to count nodes */
  nodesAllocatable: 'karpenter_nodes_allocatable',
  /** NodeClaims disrupted, by `reason`, `nodepool`, `capacity_type` (counter) */
  nodeClaimsDisrupted: 'karpenter_nodeclaims_disrupted_total',
  /** interruption messages read from the SQS queue, by `message_type` (counter) */
  interruptionMessages: 'karpenter_interruption_received_messages_total',
  /** summary (quantiles 0, 0.5, 0.9, 0.99, 1) of pod creation to running, every pod of the cluster */
  podStartup: 'karpenter_pods_startup_duration_seconds',
} as const;

/** The ScaledObject's HPA name (KEDA's default). @internal */
export function kedaHpaName(scaledObject: string): string {
  return `keda-hpa-${scaledObject}`;
}
