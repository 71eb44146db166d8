// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { asList, cfnProperties, logicalId, referencedIds, stackResources } from '../private/cfn';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { awsManagedPolicyName, statements, trinoRoleIds } from '../private/iam';

/** AWS managed policies too broad for the Trino service account. */
export const BROAD_MANAGED_POLICIES = [
  'AdministratorAccess',
  'PowerUserAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AWSGlueConsoleFullAccess',
  'AWSGlueServiceRole',
];
/** Actions that grant a whole service (or everything). */
export const BROAD_ACTIONS = ['*', 's3:*', 'glue:*'];

export const metadata: TrinoRuleMetadata = {
  suffix: 'NoBroadIamPolicies',
  level: NagMessageLevel.ERROR,
  info: 'The IAM role of the Trino service account has a broad Glue or S3 policy.',
  checks:
    'On the IAM roles the Trino pods assume (the IRSA role annotated on the service account of a Trino release, or ' +
    'its EKS Pod Identity association) and the policies attached to them: no AWS managed policy among ' +
    `${BROAD_MANAGED_POLICIES.map((p) => `\`${p}\``).join(', ')}, and no Allow statement with an action ` +
    `${BROAD_ACTIONS.map((a) => `\`${a}\``).join(', ')}.`,
  why:
    'The seed\'s Trino reads Glue metadata and S3 tables; the anchor stack attaches `AWSGlueConsoleFullAccess` ' +
    '(glue:*, plus S3, IAM PassRole, EC2 and CloudWatch console permissions). Catalogs need a scoped set of Glue ' +
    'actions on catalog, database and table ARNs, and S3 object actions on their buckets.',
  fix:
    'Detach the managed policy and grant scoped actions instead (the library\'s catalogs grant Glue read/write on ' +
    'their databases and S3 object access on their locations).',
  findings: '`ManagedPolicy::<name>`, `Action::<action>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const type = node.cfnResourceType;
  if (type !== 'AWS::IAM::Role' && type !== 'AWS::IAM::Policy' && type !== 'AWS::IAM::ManagedPolicy') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const roles = trinoRoleIds(node);
  if (roles.size === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const props = cfnProperties(node);
  const id = logicalId(node);
  const out: string[] = [];
  if (type === 'AWS::IAM::Role') {
    if (!roles.has(id)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const arn of asList(props.ManagedPolicyArns)) {
      const name = awsManagedPolicyName(arn);
      if (name && BROAD_MANAGED_POLICIES.includes(name)) out.push(finding('ManagedPolicy', name));
    }
    for (const p of asList(props.Policies)) out.push(...broadActions((p as any)?.PolicyDocument));
    return result(out);
  }
  const attachedTo = new Set([...asList(props.Roles)].flatMap((r) => [...referencedIds(r)]));
  const viaRole = stackResources(node, 'AWS::IAM::Role').some(
    (r) => roles.has(logicalId(r)) && referencedIds(cfnProperties(r).ManagedPolicyArns).has(id),
  );
  if (![...attachedTo].some((r) => roles.has(r)) && !viaRole) return NagRuleCompliance.NOT_APPLICABLE;
  return result(broadActions(props.PolicyDocument));
};

function broadActions(doc: any): string[] {
  return statements(doc)
    .filter((s) => s?.Effect === 'Allow')
    .flatMap((s) => asList(s.Action).map((a: unknown) => String(a)))
    .filter((a) => BROAD_ACTIONS.includes(a.toLowerCase()))
    .map((a) => finding('Action', a));
}

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
