// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { retryPolicy, UNRESOLVED } from '../private/retry';
import { spotExposure } from '../private/spot';

export const metadata: TrinoRuleMetadata = {
  suffix: 'SpotWorkersRetryPolicy',
  level: NagMessageLevel.WARN,
  info: 'Trino workers can run on Spot capacity but no retry policy is set: a Spot interruption fails running queries.',
  checks:
    'On a Trino Helm release whose workers can run on Spot (their nodeSelector/affinity asks for Spot, or a ' +
    'Karpenter NodePool they can run on allows Spot): the coordinator\'s effective `retry-policy` is `TASK` or `QUERY`.',
  why:
    'The seed: fault-tolerant execution "combines well with Spot instances - queries survive worker termination" ' +
    'and is recommended for "clusters using Spot instances for cost optimization". Without it, every Spot ' +
    'reclaim kills the queries that had tasks on that worker.',
  fix:
    'Set `retry-policy=TASK` (or `QUERY`) in `additionalConfigProperties` with an exchange manager ' +
    '(FaultTolerantExchange), or keep the workers off Spot.',
  findings: '`NodePool::<name>` (a Spot pool the workers can use), `Value::worker.nodeSelector` / ' +
    '`Value::worker.affinity` (the pods ask for Spot)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  const exposure = spotExposure(ref);
  if (exposure.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = retryPolicy(ref.chart.coordinator);
  if (policy?.value === UNRESOLVED) return NagRuleCompliance.NOT_APPLICABLE;
  if (policy && policy.value !== 'NONE') return NagRuleCompliance.COMPLIANT;
  return result(exposure);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
