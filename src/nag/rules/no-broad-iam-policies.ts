// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { asList, cfnProperties, logicalId } from '../private/cfn';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { attachesTo, awsManagedPolicyName, ROLE_POLICY_TYPES, statements, trinoRoles } from '../private/iam';

/**
 * AWS managed policies too broad for the Trino service account: account-wide access, every bucket of the account
 * (read-only included: Trino would read any bucket's data, not only its catalogs'), all of Glue or of the services
 * around it (Athena, Lake Formation, S3 Tables).
 */
export const BROAD_MANAGED_POLICIES = [
  'AdministratorAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonS3TablesFullAccess',
  'AWSGlueConsoleFullAccess',
  'AWSGlueServiceRole',
  'AmazonAthenaFullAccess',
  'AWSLakeFormationDataAdmin',
];
/** Actions that grant a whole service (or everything). */
export const BROAD_ACTIONS = ['*', 's3:*', 'glue:*'];

export const metadata: TrinoRuleMetadata = {
  suffix: 'NoBroadIamPolicies',
  level: NagMessageLevel.ERROR,
  info: 'The IAM role of the Trino service account has a broad Glue or S3 policy.',
  checks:
    'On the IAM roles the Trino pods assume, whoever created them (the IRSA role annotated on the service account of ' +
    'a Trino release, in a ServiceAccount manifest or the chart\'s `serviceAccount.annotations`, or the role of its ' +
    'EKS Pod Identity association; given by reference, as an ARN built from the role name, or as a literal ARN that ' +
    'names a role of the stack or an imported role), and the policies attached to them (inline, ' +
    '`AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` or `AWS::IAM::RolePolicy`, attached by reference or by role ' +
    'name): no AWS managed policy among ' +
    `${BROAD_MANAGED_POLICIES.map((p) => `\`${p}\``).join(', ')}, and no Allow statement with an action ` +
    `${BROAD_ACTIONS.map((a) => `\`${a}\``).join(', ')}. A managed policy attached to an imported role outside ` +
    'the template cannot be seen.',
  why:
    'The seed\'s Trino reads Glue metadata and S3 tables; the anchor stack attaches `AWSGlueConsoleFullAccess` ' +
    '(glue:*, plus S3, IAM PassRole, EC2 and CloudWatch console permissions). Catalogs need a scoped set of Glue ' +
    'actions on catalog, database and table ARNs, and S3 object actions on their buckets. Read-only policies count ' +
    'too: `AmazonS3ReadOnlyAccess` lets any Trino user read every bucket of the account through a catalog. Roles ' +
    'made outside the library (by hand, by another construct, or imported) are where such policies usually are.',
  fix:
    'Detach the managed policy and grant scoped actions instead (the library\'s catalogs grant Glue read/write on ' +
    'their databases and S3 object access on their locations).',
  findings: '`ManagedPolicy::<name>`, `Action::<action>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const type = node.cfnResourceType;
  if (type !== 'AWS::IAM::Role' && !(type in ROLE_POLICY_TYPES)) return NagRuleCompliance.NOT_APPLICABLE;
  const roles = trinoRoles(node);
  if (roles.ids.size === 0 && roles.names.size === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const props = cfnProperties(node);
  const id = logicalId(node);
  const out: string[] = [];
  if (type === 'AWS::IAM::Role') {
    if (!roles.ids.has(id)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const arn of asList(props.ManagedPolicyArns)) {
      const name = awsManagedPolicyName(arn);
      if (name && BROAD_MANAGED_POLICIES.includes(name)) out.push(finding('ManagedPolicy', name));
    }
    for (const p of asList(props.Policies)) out.push(...broadActions((p as any)?.PolicyDocument));
    return result(out);
  }
  if (!attachesTo(node, roles)) return NagRuleCompliance.NOT_APPLICABLE;
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
