// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { candidatePools, intersect, placementKey, podValues, poolValues, releasePlacement, ZONE } from '../private/placement';

export const metadata: TrinoRuleMetadata = {
  suffix: 'SingleZone',
  level: NagMessageLevel.WARN,
  info: 'The Trino coordinator and workers are not pinned to one and the same availability zone.',
  checks:
    'On a Trino Helm release, for the coordinator and the workers: their nodeSelector/affinity pins ' +
    '`topology.kubernetes.io/zone` to one zone, or every Karpenter NodePool they can run on (on the same cluster, ' +
    'taints tolerated) allows exactly one zone; and all of those zones are the same.',
  why:
    'The seed\'s "Single AZ Deployment": deploy all Trino nodes in the same availability zone to cut latency ' +
    'between coordinator and workers and the inter-AZ transfer cost of shuffles, with a `topology.kubernetes.io/zone` ' +
    'requirement on the Karpenter NodePools. The anchor stack documents this but sets no zone.',
  fix:
    'Add a `topology.kubernetes.io/zone` `In [<one zone>]` requirement to every Trino NodePool (SpotWorkerPool does), ' +
    'or a zone nodeSelector on both roles.',
  findings: '`NodePool::<name>` (not pinned to one zone), `Value::<role>.nodeSelector` (the role selects no zone and ' +
    'no pool), `Zones::<zone>+<zone>` (pinned to different zones)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const { pools, coordinator, worker, unresolved } = releasePlacement(ref);
  if (unresolved.coordinator || (ref.chart.worker.rendered && unresolved.worker)) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  const zones = new Set<string>();
  for (const pod of ref.chart.worker.rendered ? [coordinator, worker] : [coordinator]) {
    const podZones = podValues(pod, ZONE);
    if (podZones !== 'any' && podZones.size === 1) {
      zones.add([...podZones][0]);
      continue;
    }
    const candidates = pod.constrained ? candidatePools(pod, pools) : [];
    if (candidates.length === 0) {
      out.push(finding('Value', placementKey(pod, ZONE)));
      continue;
    }
    for (const p of candidates) {
      const pv = poolValues(p, ZONE);
      const v = pv === 'absent' ? new Set<string>() : intersect(pv, podZones);
      if (v === 'any' || v.size !== 1) out.push(finding('NodePool', p.name));
      else zones.add([...v][0]);
    }
  }
  if (zones.size > 1) out.push(finding('Zones', [...zones].sort().join('+')));
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
