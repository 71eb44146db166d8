// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { readTrinoChart } from '../private/kubernetes';
import { unresolvedKeys } from '../private/values';

export const metadata: TrinoRuleMetadata = {
  suffix: 'UnresolvedValues',
  level: NagMessageLevel.INFO,
  info:
    'The values of this Trino release hold references known only at deploy time (parameters, imports, conditions) ' +
    'where the rules read them: the rules skipped those values.',
  checks:
    'On a Trino Helm release: no values key that a rule reads holds a reference whose value is unknown at synth: a ' +
    '`CfnParameter`, `Fn::ImportValue`, `Fn::If` or any token in a setting (`server.workers`, `<role>.jvm.maxHeapSize`, ' +
    'resources, node selection, annotations, autoscaling switches and counts, the judged properties in ' +
    '`additionalConfigProperties` and the extra config), or a reference that names no resource of the stack where ' +
    'a rule looks for one (the exchange bucket in `server.exchangeManager`, catalog locations, the IRSA role in ' +
    '`serviceAccount.annotations`). References to the stack\'s own buckets and roles are resolved, and pseudo ' +
    'parameters (`AWS::Region`) in those places are ignored. Values that are not a JSON document at all (a ' +
    'whole-values intrinsic) are reported too. At most one finding per release, whatever the number of references.',
  why:
    'A rule cannot judge a value it cannot read: it skips it instead of failing or guessing (a worker count from ' +
    'a parameter may be 0 or 20), and judges everything else. This note says which keys went unchecked, so the ' +
    'report does not look cleaner than the configuration is. Unresolved values inside manifests (NodePools, ' +
    'ScaledObjects, PodDisruptionBudgets) are skipped the same way, without a note.',
  fix:
    'Check the listed keys by hand for the values you deploy, then acknowledge the finding; or pass literal values ' +
    '(for example a context value instead of a `CfnParameter`) so the rules can judge them.',
  findings: '`Value::<key>+<key>...`: the keys that hold unresolved references, sorted and joined with `+` ' +
    '(one finding per release); `Values::unreadable` (the values are not a JSON document)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = readTrinoChart(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  if ('unreadable' in ref) return [finding('Values', 'unreadable')];
  const keys = unresolvedKeys(ref);
  return keys.length === 0 ? NagRuleCompliance.COMPLIANT : [finding('Value', keys.join('+'))];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
