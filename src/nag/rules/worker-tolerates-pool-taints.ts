// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { releasePlacement, targetedPools, untoleratedTaints } from '../private/placement';

export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkerToleratesPoolTaints',
  level: NagMessageLevel.ERROR,
  info: 'Trino workers select a tainted Karpenter NodePool whose taints they do not tolerate: they stay Pending.',
  checks:
    'On a Trino Helm release: for each Karpenter NodePool (a `karpenter.sh` NodePool manifest on the same cluster) ' +
    'that the worker nodeSelector or required node affinity targets through a label of that pool (a template label, ' +
    'its `karpenter.sh/nodepool` name or a custom requirement key), `worker.tolerations` tolerate every ' +
    '`NoSchedule`/`NoExecute` taint of the pool.',
  why:
    'The seed: "Use dedicated NodePools with taints/tolerations" so that no other workload lands on Trino nodes. ' +
    'Selecting the dedicated pool without tolerating its taint leaves every worker Pending: Karpenter will not ' +
    'launch a node the pod cannot tolerate.',
  fix: 'Add a toleration for each taint of the pool to `worker.tolerations` (TrinoCluster derives them from the pool).',
  findings: '`NodePool::<name>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  const { pools, worker, unresolved } = releasePlacement(ref);
  if (unresolved.worker) return NagRuleCompliance.NOT_APPLICABLE;
  const targeted = targetedPools(worker, pools);
  if (targeted.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return result(targeted.filter((p) => untoleratedTaints(worker, p).length > 0).map((p) => finding('NodePool', p.name)));
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
