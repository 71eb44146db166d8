// SPDX-License-Identifier: Apache-2.0
/**
 * Generated blocks of docs/languages.md and the Python section of README.md, from what CI runs: the messages and
 * findings of the apps test/examples/python.test.ts runs through the jsii Python runtime (checking that Python shows
 * the messages made here), and the struct positions of the `.jsii` assembly (compile first). The Python excerpts and
 * the package table are written on the pages and checked by test/docs/languages-doc.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TrinoAddOn, TrinoChecks, TrinoCluster } from '../../src';
import { scratchOutdir } from '../doc-stack';
import { list, table } from './reference';

const ROOT = path.join(__dirname, '..', '..');

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

interface StructPosition { readonly call: string; readonly struct: string; readonly where: 'positional' | 'list' | 'map' }
const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/**
 * Where a struct of this library is neither the last parameter (which Python turns into keyword arguments) nor a
 * property of one (which a struct class converts from a dict): a parameter before the last, or a list (or map) item.
 */
export function structPositions(): StructPosition[] {
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) throw new Error('no .jsii: run `npx projen compile` first');
  const types: { [fqn: string]: any } = JSON.parse(fs.readFileSync(file, 'utf-8')).types;
  const name = (fqn: string) => fqn.replace(/^cdk-trino-eks\./, '');
  const inCollection = (t: any): string | undefined => {
    if (!t?.collection) return undefined;
    const e = t.collection.elementtype;
    return e?.fqn && types[e.fqn]?.datatype ? e.fqn : inCollection(e);
  };
  const methods = (type: any) => [...(type.methods ?? []), ...(type.initializer ? [{ ...type.initializer, name: '' }] : [])];
  /** the calls (`Class.method`, or `Class` for a constructor) whose last parameter is the struct `fqn` */
  const takesLast = (fqn: string) => Object.entries(types).flatMap(([owner, type]) => methods(type)
    .filter((m) => (m.parameters ?? [])[(m.parameters ?? []).length - 1]?.type?.fqn === fqn).map((m) => name(m.name ? `${owner}.${snake(m.name)}` : owner)));
  const out: StructPosition[] = [];
  for (const [fqn, type] of Object.entries(types)) {
    for (const m of methods(type)) {
      const params: any[] = m.parameters ?? [];
      params.forEach((p, i) => {
        const call = m.name ? `${name(fqn)}.${snake(m.name)}(…, ${snake(p.name)})` : `${name(fqn)}(…, ${snake(p.name)})`;
        if (p.type?.fqn && types[p.type.fqn]?.datatype && i < params.length - 1) {
          out.push({ call: call.replace('…, ', i === 0 ? '' : '…, '), struct: name(p.type.fqn), where: 'positional' });
        }
        const listed = inCollection(p.type);
        if (listed) out.push({ call, struct: name(listed), where: 'list' });
      });
    }
    for (const prop of type.datatype ? type.properties ?? [] : []) {
      const listed = inCollection(prop.type);
      if (!listed) continue;
      const map = prop.type.collection.kind === 'map';
      // a props struct is written as the keyword arguments of the calls that take it last
      const callers = takesLast(fqn);
      for (const call of callers.length > 0 ? callers : [name(fqn)]) {
        out.push({ call: `${call}(${snake(prop.name)}=${map ? '{…}' : '[…]'})`, struct: name(listed), where: map ? 'map' : 'list' });
      }
    }
  }
  return out.sort((a, b) => a.call.localeCompare(b.call));
}

export function languageBlocks(): { [name: string]: string | number } {
  const text = (s: string, indent = '') => ['```text', s, '```'].map((l) => l.split('\n').map((x) => (x ? indent + x : x)).join('\n')).join('\n');
  const f = findingsFacts();
  const addOn = addOnFacts();
  return Object.fromEntries<string | number>([
    ['languages.findings-count', f.ids.length], ['languages.findings', list(f.ids)], ['languages.findings-error', text(`RuntimeError: ${f.error}`)],
    ['languages.structs', table(['Call', 'Write each item as', 'Where'], structPositions().map((s) =>
      [`\`${s.call}\``, `\`${s.struct}(...)\``, s.where === 'positional' ? 'a positional argument' : s.where === 'map' ? 'a dict value' : 'a list item']))],
    ['languages.addon-karpenter', text(addOn.karpenter, '  ')], ['languages.addon-keda', text(addOn.keda, '  ')],
    ['languages.addon-plain-findings', list(addOn.plainFindings)], ['languages.invalid-prop', text(invalidPropMessage())],
  ]);
}
