// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { chartScalingUnresolved, workerScalerManifests } from '../private/scaling';
import { unresolvedAt } from '../private/values';

// Upstream behaviour this rule relies on:
// - trinodb/charts charts/trino/templates/deployment-worker.yaml: `replicas: {{ .Values.server.workers }}` only when
//   neither `server.autoscaling.enabled` nor `server.keda.enabled` is set.
// - helm/helm pkg/kube/client.go (createPatch): an upgrade sends a three-way strategic merge patch of the old
//   manifest, the new one and the live object, so a live `replicas` that differs from the rendered one is set back.
// - kubernetes/website content/en/docs/tasks/run-application/horizontal-pod-autoscale.md ("Migrating Deployments
//   and StatefulSets to horizontal autoscaling"): remove `spec.replicas` from the manifests of a scaled workload.
export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkerReplicasWithScaler',
  level: NagMessageLevel.WARN,
  info:
    'The Trino chart renders a fixed worker count (`replicas` from `server.workers`) on a worker Deployment that a ' +
    'separate ScaledObject or HorizontalPodAutoscaler scales: every helm upgrade resets the worker count.',
  checks:
    'On a Trino Helm release whose worker Deployment is rendered, and at which a KEDA ScaledObject or ' +
    'HorizontalPodAutoscaler manifest is aimed (same cluster and namespace, `scaleTargetRef` naming the worker ' +
    'Deployment): the chart does not render `replicas`, that is `server.keda.enabled` or `server.autoscaling.enabled` ' +
    'is true. The chart\'s templates/deployment-worker.yaml writes `replicas: {{ .Values.server.workers }}` only when ' +
    'both are off, so `server.workers` (set or left at its default 2) is a problem only together with such a separate ' +
    'scaler; next to the chart\'s own `server.keda` or `server.autoscaling` it only sets the HPA\'s `minReplicas` or ' +
    'nothing.',
  why:
    'The scaler owns the Deployment\'s `replicas`; the release also declares it. Each `helm upgrade` (any change of ' +
    'the values in a deploy) patches `replicas` back to `server.workers`: workers are added or removed, running tasks ' +
    'die, and the scaler moves them back on its next poll. The Kubernetes HPA documentation asks to remove ' +
    '`spec.replicas` from a scaled workload\'s manifest for this reason; with GitOps self-healing (the anchor ' +
    'stack\'s ArgoCD application) the reset is continuous. The chart avoids it when it renders the scaler itself.',
  fix:
    'Move the scaler into the chart: `server.keda` (TrinoKedaScaler does this) or `server.autoscaling`, and delete ' +
    'the separate ScaledObject or HorizontalPodAutoscaler manifest.',
  findings: '`Value::server.workers`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  if (workerScalerManifests(ref).length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  // whether the chart renders `replicas`, and whether it renders the Deployment, are unknown
  if (chartScalingUnresolved(ref) || unresolvedAt(ref, 'server.workers')) return NagRuleCompliance.NOT_APPLICABLE;
  if (ref.chart.keda || ref.chart.hpa.value) return NagRuleCompliance.COMPLIANT;
  return [finding('Value', 'server.workers')];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
