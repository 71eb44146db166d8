// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { kubeObjects, namespaceOf, trinoChartOf } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { selectorMatches } from '../private/selectors';

export const metadata: TrinoRuleMetadata = {
  suffix: 'CoordinatorDoNotDisrupt',
  level: NagMessageLevel.WARN,
  info: 'The Trino coordinator can be evicted by Karpenter consolidation, drift or node expiry.',
  checks:
    'On a Trino Helm release: the coordinator pods carry the annotation `karpenter.sh/do-not-disrupt: "true"` ' +
    '(`coordinator.annotations`), or a PodDisruptionBudget in the release namespace selects the coordinator pods ' +
    'and allows no disruption (`maxUnavailable: 0`, or `minAvailable` of 1 or `100%`).',
  why:
    'The coordinator is a single pod: evicting it fails every running query. data-on-eks removed consolidation ' +
    'of the coordinator after Karpenter evicted it mid-query (PR #726); the seed keeps the coordinator on ' +
    'stable On-Demand capacity for the same reason. The annotation blocks the graceful methods (consolidation, drift) ' +
    'until the NodePool\'s terminationGracePeriod lets Karpenter go ahead; CoordinatorPool uses that to replace the ' +
    'node on drift inside its maintenance window only, and never expires it (docs/capacity.md).',
  fix:
    'Add `coordinator.annotations: { "karpenter.sh/do-not-disrupt": "true" }` (TrinoCluster does this), or a ' +
    'PodDisruptionBudget with `maxUnavailable: 0` for the coordinator labels.',
  findings: '`Value::coordinator.annotations`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const c = ref.chart.coordinator;
  const annotation = c.podAnnotations.value['karpenter.sh/do-not-disrupt'];
  if (annotation === 'true') return NagRuleCompliance.COMPLIANT;
  const budgets = kubeObjects(node, 'PodDisruptionBudget', 'policy', ref.cluster).filter((o) => namespaceOf(o.obj) === ref.chart.namespace);
  // an annotation, pod label or budget known only at deploy time: cannot tell whether the coordinator is protected
  if (hasReference(annotation) || hasReference(c.podLabels) || budgets.some((o) => hasReference(o.obj.spec))) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const pdbs = budgets.filter((o) => selectorMatches(o.obj.spec?.selector, c.podLabels));
  if (pdbs.some((o) => blocksDisruption(o.obj.spec ?? {}))) return NagRuleCompliance.COMPLIANT;
  return [finding('Value', c.podAnnotations.key)];
};

function blocksDisruption(spec: { [key: string]: any }): boolean {
  const max = spec.maxUnavailable;
  if (max !== undefined) return max === 0 || max === '0' || max === '0%';
  const min = spec.minAvailable;
  return min === '100%' || (typeof min === 'number' && min >= 1) || (typeof min === 'string' && /^[1-9]\d*$/.test(min));
}

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
