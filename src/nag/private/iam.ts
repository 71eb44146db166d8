// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { asList, cfnProperties, logicalId, referencedId, referencedIds, stackResources, text } from './cfn';
import { kubeObjects, nameOf, namespaceOf, trinoCharts } from './kubernetes';

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** The IAM roles Trino pods assume: roles of the stack by logical id, and names of roles known only by name. */
export interface TrinoRoles {
  /** logical ids of roles in the stack */
  readonly ids: Set<string>;
  /** literal names of roles given by ARN (imported roles, or roles of the stack named explicitly) */
  readonly names: Set<string>;
}

/** The policy types that attach to roles, and the property that names the roles. */
export const ROLE_POLICY_TYPES: { [type: string]: string } = {
  'AWS::IAM::Policy': 'Roles',
  'AWS::IAM::ManagedPolicy': 'Roles',
  'AWS::IAM::RolePolicy': 'RoleName',
};

/**
 * The IAM roles the pods of the Trino releases in the stack assume: the IRSA role annotated on their service account
 * (a ServiceAccount manifest, or the chart's own `serviceAccount.annotations`), or the role of an EKS Pod Identity
 * association for it. The role ARN may be a reference (`role.roleArn`), an ARN built from the role's name
 * (`arn:...:role/${role.roleName}`) or a literal ARN: a literal name matches a role of the stack whose `RoleName` is
 * that name, and policies that attach to the role by name (an imported role, `iam.Role.fromRoleArn`).
 */
export function trinoRoles(node: CfnResource): TrinoRoles {
  const ids = new Set<string>();
  const names = new Set<string>();
  const add = (arn: unknown) => {
    const t = text(arn);
    if (!t) return;
    const id = referencedId(t);
    if (id) {
      ids.add(id);
      return;
    }
    const name = /:role\/(?:[^<>]*\/)?([^/]+)$/.exec(t)?.[1];
    if (!name) return;
    const ref = referencedId(name); // `Ref` of a role is its name
    if (ref) ids.add(ref);
    else names.add(name);
  };
  const charts = trinoCharts(node);
  if (charts.length === 0) return { ids, names };
  const accounts = charts.map((c) => ({ cluster: c.cluster, ns: c.chart.namespace, name: c.chart.serviceAccount.name }));
  for (const c of charts) add(c.chart.serviceAccount.roleArn);
  for (const sa of kubeObjects(node, 'ServiceAccount', '')) {
    if (accounts.some((a) => a.cluster === sa.cluster && a.ns === namespaceOf(sa.obj) && a.name === nameOf(sa.obj))) {
      add(sa.obj.metadata?.annotations?.[IRSA_ANNOTATION]);
    }
  }
  for (const assoc of stackResources(node, 'AWS::EKS::PodIdentityAssociation')) {
    const p = cfnProperties(assoc);
    if (accounts.some((a) => a.cluster === (text(p.ClusterName) ?? '') && a.ns === text(p.Namespace) &&
      a.name === text(p.ServiceAccount))) {
      add(p.RoleArn);
    }
  }
  for (const role of stackResources(node, 'AWS::IAM::Role')) {
    const name = text(cfnProperties(role).RoleName);
    if (name && names.has(name)) ids.add(logicalId(role));
  }
  return { ids, names };
}

/** Logical ids of the IAM roles of the stack that Trino pods assume (see trinoRoles). */
export function trinoRoleIds(node: CfnResource): Set<string> {
  return trinoRoles(node).ids;
}

/**
 * Whether a policy resource (see ROLE_POLICY_TYPES) attaches to one of these roles: it names the role, by reference
 * or by name, or the role lists it in its `ManagedPolicyArns` (`role.addManagedPolicy(new iam.ManagedPolicy(...))`).
 */
export function attachesTo(policy: CfnResource, roles: TrinoRoles): boolean {
  const prop = ROLE_POLICY_TYPES[policy.cfnResourceType];
  if (!prop) return false;
  const named = asList(cfnProperties(policy)[prop]).some((r: unknown) => {
    if ([...referencedIds(r)].some((id) => roles.ids.has(id))) return true;
    const t = text(r);
    return t !== undefined && roles.names.has(t);
  });
  if (named) return true;
  const id = logicalId(policy);
  return stackResources(policy, 'AWS::IAM::Role').some(
    (r) => roles.ids.has(logicalId(r)) && referencedIds(cfnProperties(r).ManagedPolicyArns).has(id),
  );
}

/** The statements of a policy document. */
export function statements(doc: any): any[] {
  return asList(doc?.Statement);
}

/** The name of an AWS managed policy from its ARN (`arn:<AWS::Partition>:iam::aws:policy/service-role/X` gives X). */
export function awsManagedPolicyName(arn: unknown): string | undefined {
  const t = text(arn);
  const m = t ? /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(t) : null;
  return m ? m[1] : undefined;
}
