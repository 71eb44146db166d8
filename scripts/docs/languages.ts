// SPDX-License-Identifier: Apache-2.0
/**
 * Generated blocks of docs/languages.md and the Python section of README.md, from what CI runs: the messages and
 * findings of the apps test/examples/python.test.ts runs through the jsii Python runtime (checking that Python shows
 * the messages made here). The Python excerpts, the package table and the struct table are written on the pages and
 * checked by test/docs/languages-doc.test.ts.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TrinoAddOn, TrinoChecks, TrinoCluster } from '../../src';
import { scratchOutdir } from '../doc-stack';
import { list } from './reference';

/** What `String(error)` is for the error a function throws (the text the jsii kernel passes to Python). */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    return err.name === 'Error' ? err.message : String(err);
  }
  throw new Error('expected an error');
}

/** An app with the stack `Findings` and the cluster test/examples/python/findings_app.py imports. */
function importedCluster(): { app: App; stack: Stack; cluster: eks.ICluster } {
  const app = new App({ outdir: scratchOutdir() });
  const stack = new Stack(app, 'Findings');
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'analytics',
    kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', 'arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1'),
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc',
      'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ANALYTICS'),
  });
  return { app, stack, cluster };
}

/** The findings of a TrinoCluster alone (test/examples/python/findings_app.py), and the error `app.synth()` raises. */
export function findingsFacts(): { ids: string[]; error: string } {
  const { app, stack, cluster } = importedCluster();
  new TrinoCluster(stack, 'Trino', { cluster });
  const ids = new TrinoChecks().validateScope(app).violations.map((v) => v.ruleName);
  TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
  return { ids, error: thrown(() => app.synth()) };
}

/** What TrinoAddOn.deploy raises with a ClusterInfo that has only `cluster`, as a Python object has. */
export function addOnFacts(): { karpenter: string; keda: string; plainFindings: string[] } {
  const deploy = (props: ConstructorParameters<typeof TrinoAddOn>[0]) =>
    thrown(() => void new TrinoAddOn(props).deploy({ cluster: importedCluster().cluster }));
  const { stack, cluster } = importedCluster();
  void new TrinoAddOn({ id: 'Plain', spotCapacity: false, autoscaling: false }).deploy({ cluster });
  const plainFindings = new TrinoChecks().validateScope(stack).violations
    .filter((v) => v.violatingResources.some((r) => r.constructPath?.startsWith(`${stack.node.path}/Plain/`))).map((v) => v.ruleName);
  return { karpenter: deploy({}), keda: deploy({ spotCapacity: false }), plainFindings };
}

/** The library's message for an invalid prop, as Python's RuntimeError carries it. */
export function invalidPropMessage(): string {
  return thrown(() => {
    const { stack, cluster } = importedCluster();
    new TrinoCluster(stack, 'TooFew', { cluster, maxWorkers: 0 });
  });
}

export function languageBlocks(): { [name: string]: string | number } {
  const text = (s: string, indent = '') => ['```text', s, '```'].map((l) => l.split('\n').map((x) => (x ? indent + x : x)).join('\n')).join('\n');
  const f = findingsFacts();
  const addOn = addOnFacts();
  return Object.fromEntries<string | number>([
    ['languages.findings-count', f.ids.length], ['languages.findings', list(f.ids)], ['languages.findings-error', text(`RuntimeError: ${f.error}`)],
    ['languages.addon-karpenter', text(addOn.karpenter, '  ')], ['languages.addon-keda', text(addOn.keda, '  ')],
    ['languages.addon-plain-findings', list(addOn.plainFindings)], ['languages.invalid-prop', text(invalidPropMessage())],
  ]);
}
