// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { parseCfnJson } from '../src/private/cfn-json';

export const ENV = { account: '123456789012', region: 'us-west-2' };

/** A stack with an explicit environment and an imported EKS cluster (fast: no cluster resources). */
export function importedClusterStack(): { app: App; stack: Stack; cluster: eks.ICluster } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  return { app, stack, cluster: importCluster(stack, 'Cluster', 'analytics') };
}

/** An EKS cluster imported by name, with the kubectl role, layer and OIDC provider manifests and IRSA need. */
export function importCluster(scope: Construct, id: string, clusterName: string): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(scope, id, {
    clusterName,
    kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(scope, `${id}KubectlLayer`, 'arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1'),
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
      scope,
      `${id}Oidc`,
      `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/${clusterName.toUpperCase()}`,
    ),
  });
}

/** A stack with a real eks.Cluster (Kubernetes 1.35). */
export function realClusterStack(): { app: App; stack: Stack; cluster: eks.Cluster } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
    defaultCapacity: 0,
  });
  return { app, stack, cluster };
}

/** All Helm charts of a template, with their values parsed (references written as `<LogicalId>`). */
export function helmCharts(template: Template): Array<{ id: string; props: any; values: any }> {
  const charts = template.findResources('Custom::AWSCDK-EKS-HelmChart');
  return Object.entries(charts).map(([id, r]: [string, any]) => ({
    id,
    props: r.Properties,
    values: r.Properties.Values === undefined ? undefined : parseCfnJson(r.Properties.Values),
  }));
}

/** The values of the one Trino chart in a template. */
export function trinoValues(template: Template): any {
  const trino = helmCharts(template).filter((c) => c.props.Chart === 'trino');
  if (trino.length !== 1) throw new Error(`expected one trino chart, found ${trino.length}`);
  return trino[0].values;
}

/** All Kubernetes objects applied as manifests in a template. */
export function manifests(template: Template): any[] {
  const res = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');
  return Object.values(res).flatMap((r: any) => parseCfnJson(r.Properties.Manifest));
}

/** Parses `k=v` lines (a properties file). */
export function parseProperties(text: string): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const i = t.indexOf('=');
    out[t.slice(0, i)] = t.slice(i + 1);
  }
  return out;
}

/**
 * Replaces CloudFormation references (written `<LogicalId>` by parseCfnJson) in EC2NodeClass selector ids with IDs
 * of the shape they take at deploy time, so the object can be validated against the CRD's patterns.
 */
export function withDeployTimeIds(obj: any): any {
  const copy = JSON.parse(JSON.stringify(obj));
  const fix = (terms: any[] | undefined, prefix: string) => {
    for (const t of terms ?? []) if (typeof t.id === 'string' && /^<.*>$/.test(t.id)) t.id = `${prefix}-0123456789abcdef0`;
  };
  if (copy?.spec) {
    fix(copy.spec.subnetSelectorTerms, 'subnet');
    fix(copy.spec.securityGroupSelectorTerms, 'sg');
  }
  return copy;
}

/** The message of the error `fn` throws; fails the test when it throws none. */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got none');
}

/**
 * A Markdown page of the repository (a path from its root) as its reader sees it: without the `generated:NAME`
 * markers of scripts/docs/generate.ts, so that a check reads across a generated value and the words around it.
 */
export function readPage(page: string): string {
  return fs.readFileSync(path.join(__dirname, '..', page), 'utf-8').replace(/<!-- \/?generated:[^>]* -->/g, '');
}
