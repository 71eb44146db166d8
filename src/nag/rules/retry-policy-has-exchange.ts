// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { retryPolicy, UNRESOLVED } from '../private/retry';

export const metadata: TrinoRuleMetadata = {
  suffix: 'RetryPolicyHasExchange',
  level: NagMessageLevel.ERROR,
  info: 'A Trino retry policy other than NONE is set without an exchange manager.',
  checks:
    'On a Trino Helm release: when the effective `retry-policy` of the coordinator or the workers is `TASK` or ' +
    '`QUERY`, `server.exchangeManager` (`name` and `baseDir`) is set, so both roles get `exchange-manager.properties`.',
  why:
    'The seed\'s fault-tolerant execution: "Enable S3-based exchange manager for intermediate query data" with a ' +
    'TASK or QUERY retry policy. Trino cannot run TASK retries without an exchange manager to spool task output, ' +
    'and without one QUERY retries only cover queries with small results.',
  fix:
    'Set `server.exchangeManager: { name: filesystem, baseDir: s3://<bucket>/<prefix> }` (FaultTolerantExchange ' +
    'does this), or remove `retry-policy`.',
  findings: '`Value::<key>`: the values key that set retry-policy',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const policies = [ref.chart.coordinator, ref.chart.worker].map(retryPolicy).filter((p) => p && p.value !== 'NONE');
  if (policies.length === 0 || policies.some((p) => p!.value === UNRESOLVED)) return NagRuleCompliance.NOT_APPLICABLE;
  const ex = ref.chart.exchangeManager;
  if (ex && ex.value.name && ex.value.baseDirectories.length > 0) return NagRuleCompliance.COMPLIANT;
  return result(policies.map((p) => finding('Value', p!.key)));
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
