// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import {
  CAPACITY_TYPE, candidatePools, intersect, placementKey, podCapacityTypes, poolValues, releasePlacement, SPOT,
} from '../private/placement';

export const metadata: TrinoRuleMetadata = {
  suffix: 'CoordinatorOnDemand',
  level: NagMessageLevel.WARN,
  info: 'The Trino coordinator is not pinned to On-Demand capacity.',
  checks:
    'On a Trino Helm release: the coordinator pods accept only On-Demand nodes, either through their own nodeSelector ' +
    'or required node affinity (`karpenter.sh/capacity-type: on-demand`, or `eks.amazonaws.com/capacityType: ' +
    'ON_DEMAND` for managed node groups), or because every Karpenter NodePool they can run on allows no Spot capacity.',
  why:
    'The seed: "Always run [the coordinator] on On-Demand instances for high availability". There is one ' +
    'coordinator; a Spot interruption fails every running query.',
  fix:
    'Select an On-Demand-only pool for the coordinator (`coordinator.nodeSelector` `karpenter.sh/capacity-type: ' +
    'on-demand`, or a NodePool whose `karpenter.sh/capacity-type` requirement is `In [on-demand]`).',
  findings: '`Value::coordinator.nodeSelector` (nothing pins the capacity type), `NodePool::<name>` (a pool the ' +
    'coordinator can run on allows Spot)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const { pools, coordinator, unresolved } = releasePlacement(ref);
  if (unresolved.coordinator) return NagRuleCompliance.NOT_APPLICABLE;
  const podTypes = podCapacityTypes(coordinator);
  if (!podTypes.has(SPOT)) return NagRuleCompliance.COMPLIANT;
  const candidates = coordinator.constrained ? candidatePools(coordinator, pools) : [];
  if (candidates.length === 0) return [finding('Value', placementKey(coordinator, CAPACITY_TYPE))];
  return result(
    candidates
      .filter((p) => {
        const v = poolValues(p, CAPACITY_TYPE);
        return v !== 'absent' && (v === 'any' || (intersect(v, podTypes) as Set<string>).has(SPOT));
      })
      .map((p) => finding('NodePool', p.name)),
  );
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
