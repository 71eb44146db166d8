// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';

export const metadata: TrinoRuleMetadata = {
  suffix: 'CoordinatorNotWorker',
  level: NagMessageLevel.WARN,
  info: 'The Trino coordinator also runs query tasks (node-scheduler.include-coordinator=true).',
  checks:
    'On a Trino Helm release: the effective `node-scheduler.include-coordinator` of the coordinator ' +
    '(`coordinator.config.nodeScheduler.includeCoordinator`, overridden by `additionalConfigProperties` or ' +
    '`server.coordinatorExtraConfig`; the last line wins) is not `true`.',
  why:
    'The seed: the coordinator "handles query planning and worker orchestration, not data processing", and ' +
    'workers run one pod per node with the node\'s memory. A coordinator that also processes splits competes ' +
    'with scheduling for CPU and heap, and its smaller heap caps every query\'s per-node memory.',
  fix:
    'Set `coordinator.config.nodeScheduler.includeCoordinator: false` and remove ' +
    '`node-scheduler.include-coordinator=true` from the extra properties.',
  findings: '`Value::<key>`: the values key that set it to true',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const p = ref.chart.coordinator.configProperties['node-scheduler.include-coordinator'];
  if (!p || p.value.trim().toLowerCase() !== 'true') return NagRuleCompliance.COMPLIANT;
  return [finding('Value', p.key)];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
