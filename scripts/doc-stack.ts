// SPDX-License-Identifier: Apache-2.0
/** What the doc generators synthesize from: a scratch cloud-assembly directory and a stack on an imported cluster. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

let scratch: string | undefined;

/**
 * The cloud-assembly directory for the throw-away apps the doc generators synthesize.
 *
 * Under Jest it is the test file's own directory (`CDK_OUTDIR`, set by test/setup/scratch-outdir.ts, removed when
 * the file ends); run as a script, one temporary directory per process, removed when the process exits. Without
 * it every `new App()` leaves a `cdk.out*` directory with the kubectl provider's layers in `os.tmpdir()`.
 */
export function scratchOutdir(): string {
  if (process.env.CDK_OUTDIR) return process.env.CDK_OUTDIR;
  if (!scratch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-trino-eks-docs-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  return scratch;
}

/** The placeholder account and region of the documentation stacks. */
export const DOC_ENV = { account: '123456789012', region: 'us-west-2' };

/**
 * A stack (in a scratch app, with DOC_ENV) and an EKS cluster imported by name: kubectl role, layer and OIDC provider
 * are placeholders, so TrinoCluster and the pools render their manifests and charts without creating a cluster.
 */
export function importedClusterStack(stackId: string): { app: App; stack: Stack; cluster: eks.ICluster } {
  const app = new App({ outdir: scratchOutdir() });
  const stack = new Stack(app, stackId, { env: DOC_ENV });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'analytics',
    kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', 'arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1'),
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
      stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE'),
  });
  return { app, stack, cluster };
}
