// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { kubeObjects, nameOf, namespaceOf, TrinoChartRef, trinoChartOf } from '../private/kubernetes';
import { candidatePools, releasePlacement } from '../private/placement';
import { hasReference } from '../private/quantities';
import { selectorMatches } from '../private/selectors';
import { spotExposure } from '../private/spot';

const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';

// Upstream behaviour this rule relies on:
// - trinodb/charts charts/trino/templates: the chart renders no PodDisruptionBudget (PRs #374 and #429 proposed one).
// - kubernetes-sigs/karpenter pkg/controllers/node/termination/terminator/eviction.go: Karpenter drains a node it
//   disrupts (consolidation, drift, expiry, Spot interruption) through the Eviction API, which PodDisruptionBudgets
//   gate; pods with `karpenter.sh/do-not-disrupt` keep voluntary disruption away from their node.
// - HPA and KEDA scale-down deletes pods through the Deployment's ReplicaSet, not the Eviction API: a
//   PodDisruptionBudget does not apply to it (graceful shutdown does: Trino-GracefulShutdownWhenScaling).
export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkerDisruptionBudget',
  level: NagMessageLevel.WARN,
  info:
    'Trino workers run on Karpenter or Spot capacity and no PodDisruptionBudget limits how many of them a node ' +
    'disruption evicts at once.',
  checks:
    'On a Trino Helm release whose workers can run on Karpenter or Spot capacity (a Karpenter NodePool of the same ' +
    'cluster they can run on, a `karpenter.sh/...` or `karpenter.k8s.aws/...` label in their nodeSelector or required ' +
    'affinity, or Spot capacity as in SpotWorkersRetryPolicy): a `policy` PodDisruptionBudget manifest in the release ' +
    'namespace on the same cluster selects the worker pods (the chart\'s labels: `app.kubernetes.io/name`, ' +
    '`app.kubernetes.io/instance`, `app.kubernetes.io/component: worker`) and limits disruption (`maxUnavailable` ' +
    'below 100%, or `minAvailable` above 0), or the worker pods carry `karpenter.sh/do-not-disrupt: "true"` ' +
    '(`worker.annotations`). The chart has no PodDisruptionBudget of its own. Autoscaling alone is not a trigger: ' +
    'HPA and KEDA remove pods without the Eviction API, so a budget does not apply to scale-down.',
  why:
    'Karpenter replaces nodes on its own: consolidation, drift (a new AMI or NodeClass change), expiry and Spot ' +
    'interruptions. It drains them through the Eviction API, and without a budget it may drain many one-pod-per-node ' +
    'workers at once (a NodePool\'s own disruption budget defaults to 10% of its nodes): every query with tasks on ' +
    'them fails, or with fault-tolerant execution retries them all at the same time. The anchor stack\'s workers have ' +
    'no budget on a pool that consolidates `WhenEmptyOrUnderutilized`.',
  fix:
    'Add a PodDisruptionBudget in the release namespace with `maxUnavailable: 1` and `selector.matchLabels` ' +
    '`app.kubernetes.io/name: trino`, `app.kubernetes.io/instance: <release>`, `app.kubernetes.io/component: worker` ' +
    '(TrinoKedaScaler adds one).',
  findings: 'none (the release is the finding), or `PodDisruptionBudget::<name>` (a budget on the workers that ' +
    'allows evicting all of them)',
};

/** Whether the workers can run on capacity Karpenter or Spot reclaims; undefined when their placement is unknown. */
function disruptible(ref: TrinoChartRef): boolean | undefined {
  const { pools, worker, unresolved } = releasePlacement(ref);
  if (unresolved.worker) return undefined;
  if (candidatePools(worker, pools).length > 0) return true;
  const keys = [...Object.keys(worker.nodeSelector), ...worker.terms.flat().map((e) => e.key)];
  if (keys.some((k) => k.startsWith('karpenter.sh/') || k.startsWith('karpenter.k8s.aws/'))) return true;
  return spotExposure(ref).length > 0;
}

/** Whether a budget's spec keeps some workers up: `maxUnavailable` below 100% or `minAvailable` above 0. */
function limitsDisruption(spec: { [key: string]: any }): boolean {
  const percent = (v: string) => /^\s*(\d+)%\s*$/.exec(v)?.[1];
  const max = spec.maxUnavailable;
  if (max !== undefined && max !== null) {
    const p = typeof max === 'string' ? percent(max) : undefined;
    return p !== undefined ? Number(p) < 100 : Number.isInteger(Number(max));
  }
  const min = spec.minAvailable;
  if (min === undefined || min === null) return false;
  const p = typeof min === 'string' ? percent(min) : undefined;
  return p !== undefined ? Number(p) > 0 : Number(min) >= 1;
}

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  const exposed = disruptible(ref);
  if (exposed !== true) return NagRuleCompliance.NOT_APPLICABLE;
  const w = ref.chart.worker;
  const annotation = w.podAnnotations.value[DO_NOT_DISRUPT];
  const budgets = kubeObjects(node, 'PodDisruptionBudget', 'policy', ref.cluster)
    .filter((o) => namespaceOf(o.obj) === ref.chart.namespace);
  // a label, annotation or budget known only at deploy time: cannot tell whether the workers are protected
  if (hasReference(annotation) || hasReference(w.podLabels) || budgets.some((o) => hasReference(o.obj.spec))) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  if (annotation === 'true') return NagRuleCompliance.COMPLIANT;
  const onWorkers = budgets.filter((o) => selectorMatches(o.obj.spec?.selector, w.podLabels));
  if (onWorkers.some((o) => limitsDisruption(o.obj.spec ?? {}))) return NagRuleCompliance.COMPLIANT;
  return onWorkers.length > 0
    ? onWorkers.map((o) => finding('PodDisruptionBudget', nameOf(o.obj)))
    : NagRuleCompliance.NON_COMPLIANT;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
