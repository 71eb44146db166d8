// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { onDemandOnly } from '../private/spot';

export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkersOnSpot',
  level: NagMessageLevel.WARN,
  info: 'Trino workers are kept On-Demand only: the Spot savings of the seed are lost.',
  checks:
    'On a Trino Helm release: the worker nodeSelector/affinity does not exclude Spot (`karpenter.sh/capacity-type` ' +
    'or `eks.amazonaws.com/capacityType`), and every Karpenter NodePool the workers select and tolerate allows Spot.',
  why:
    'The seed\'s cost model: "Karpenter - Provisions On-Demand nodes for coordinator, Spot for workers", made safe ' +
    'by fault-tolerant execution. The anchor stack documents Spot workers but pins them to On-Demand.',
  fix:
    'Add `spot` to the worker pool\'s `karpenter.sh/capacity-type` requirement (SpotWorkerPool does this) and drop ' +
    'the On-Demand pin from `worker.nodeSelector`; acknowledge the finding if On-Demand workers are deliberate.',
  findings: '`NodePool::<name>` (an On-Demand-only worker pool), `Value::worker.nodeSelector` / ' +
    '`Value::worker.affinity` (the pods exclude Spot)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  return result(onDemandOnly(ref));
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
