// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { asList, cfnProperties, referencedId, stackResources, text } from './cfn';
import { kubeObjects, nameOf, namespaceOf, trinoCharts } from './kubernetes';

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * Logical ids of the IAM roles the pods of the Trino releases in the stack assume: the IRSA role annotated on
 * their service account (a ServiceAccount manifest, or the chart's own `serviceAccount.annotations`), or the role
 * of an EKS Pod Identity association for it.
 */
export function trinoRoleIds(node: CfnResource): Set<string> {
  const out = new Set<string>();
  const add = (arn: unknown) => {
    const t = text(arn);
    const id = t ? referencedId(t) : undefined;
    if (id) out.add(id);
  };
  const charts = trinoCharts(node);
  if (charts.length === 0) return out;
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
  return out;
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
