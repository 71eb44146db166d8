// SPDX-License-Identifier: Apache-2.0
/** Shared fixtures of the capacity tests (not a test file). */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TrinoNodeClass, TrinoNodeClassProps } from '../../src';
import { manifests } from '../util';

/** The node role Karpenter installations create (imported by name). */
export function nodeRole(stack: Stack): iam.IRole {
  return iam.Role.fromRoleName(stack, 'KarpenterNodeRole', 'KarpenterNodeRole-analytics');
}

/** A node class for an imported cluster (which has no VPC or cluster security group to default to). */
export function taggedNodeClass(
  stack: Stack,
  cluster: eks.ICluster,
  props: Partial<TrinoNodeClassProps> = {},
): TrinoNodeClass {
  return new TrinoNodeClass(stack, 'NodeClass', {
    cluster,
    role: nodeRole(stack),
    subnetTags: { 'karpenter.sh/discovery': 'analytics' },
    securityGroupTags: { 'karpenter.sh/discovery': 'analytics' },
    ...props,
  });
}

/** Kubernetes objects of one kind applied by a template. */
export function objectsOfKind(template: Template, kind: string): any[] {
  return manifests(template).filter((m) => m.kind === kind);
}

/** The one object of a kind applied by a template. */
export function oneOfKind(template: Template, kind: string): any {
  const found = objectsOfKind(template, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The requirement of a NodePool with the given key. */
export function requirement(nodePool: any, key: string): any {
  return nodePool.spec.template.spec.requirements.find((r: any) => r.key === key);
}

/** The logical IDs of the Kubernetes manifests that apply an object of a kind. */
export function manifestIds(template: Template, kind: string): string[] {
  const res = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');
  return Object.entries(res)
    .filter(([, r]: [string, any]) => JSON.stringify(r.Properties.Manifest).includes(`\\"kind\\":\\"${kind}\\"`))
    .map(([id]) => id);
}

/**
 * Replaces the CloudFormation references of a parsed manifest (`<LogicalId>` / `<LogicalId.Attr>`, resolved at deploy
 * time) by values of the shape CloudFormation will put there, so the object can be checked against the CRD.
 */
export function withDeployTimeValues(obj: any): any {
  return JSON.parse(JSON.stringify(obj), (_key, value) => {
    if (typeof value !== 'string' || !/^<[^>]+>$/.test(value)) return value;
    if (/SecurityGroup/i.test(value)) return 'sg-0123456789abcdef0';
    if (/Subnet/i.test(value)) return 'subnet-0123456789abcdef0';
    throw new Error(`no deploy-time stand-in for ${value}`);
  });
}
