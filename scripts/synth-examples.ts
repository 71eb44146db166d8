// SPDX-License-Identifier: Apache-2.0
/**
 * The README's main job: synthesizes every sample stack in examples/ offline (no AWS credentials) into
 * cdk.out/<example>/ and prints what each deploys.
 *
 *   bash scripts/synth.sh            (sets up Node 22 and dependencies, then runs this)
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrinoChecks } from '../src';
import { flattenCfnString, parseCfnJson } from '../src/private/cfn-json';

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
const OUT_DIR = path.join(__dirname, '..', 'cdk.out');

interface ExampleModule {
  buildApp(app: App): App | Promise<App>;
}

function summarize(assembly: CloudAssembly): string[] {
  const out: string[] = [];
  for (const stack of assembly.stacks) {
    const resources: { [id: string]: any } = stack.template.Resources ?? {};
    const byType = new Map<string, number>();
    for (const r of Object.values(resources)) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
    out.push(`  stack ${stack.stackName}: ${Object.keys(resources).length} resources`);
    for (const [type, n] of [...byType].sort()) out.push(`    ${String(n).padStart(3)} × ${type}`);
    for (const r of Object.values(resources)) {
      if (r.Type === 'Custom::AWSCDK-EKS-HelmChart') {
        const p = r.Properties;
        out.push(`    helm: ${p.Chart}@${p.Version ?? 'latest'} release=${p.Release} namespace=${p.Namespace}`);
        if (p.Chart === 'trino' && p.Values) describeTrino(parseCfnJson(p.Values), out);
      }
      if (r.Type === 'Custom::AWSCDK-EKS-KubernetesResource') {
        for (const m of parseCfnJson(r.Properties.Manifest)) {
          const ns = m.metadata?.namespace ? ` (ns ${m.metadata.namespace})` : '';
          out.push(`    k8s: ${m.apiVersion} ${m.kind} ${m.metadata?.name}${ns}`);
        }
      }
    }
    for (const [key, o] of Object.entries<any>(stack.template.Outputs ?? {})) {
      out.push(`    output: ${key} = ${flattenCfnString(o.Value)}`);
    }
  }
  return out;
}

function describeTrino(v: any, out: string[]) {
  const w = v.worker ?? {};
  const c = v.coordinator ?? {};
  out.push(
    `      workers: ${v.server?.keda ? `KEDA ${v.server.keda.minReplicaCount}–${v.server.keda.maxReplicaCount}` : v.server?.workers}, ` +
      `${w.resources?.limits?.cpu} CPU, ${w.resources?.limits?.memory}, heap ${w.jvm?.maxHeapSize}, ` +
      `query.max-memory-per-node ${w.config?.query?.maxMemoryPerNode}`,
  );
  out.push(`      coordinator: ${c.resources?.limits?.cpu} CPU, ${c.resources?.limits?.memory}, heap ${c.jvm?.maxHeapSize}`);
  const catalogs = Object.entries(v.catalogs ?? {}).filter(([, text]) => text !== null).map(([name]) => name);
  out.push(`      catalogs: ${catalogs.join(', ')}`);
  if (v.server?.exchangeManager) out.push(`      exchange: ${v.server.exchangeManager.baseDir}`);
}

async function main() {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => only.length === 0 || only.includes(path.basename(f, '.ts')))
    .sort();
  let failed = 0;
  for (const file of files) {
    const name = path.basename(file, '.ts');
    const outdir = path.join(OUT_DIR, name);
    fs.rmSync(outdir, { recursive: true, force: true });
    const started = Date.now();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod: ExampleModule = require(path.join(EXAMPLES_DIR, file));
      const app = await mod.buildApp(new App({ outdir }));
      const assembly = app.synth();
      console.log(`✔ examples/${file} → ${path.relative(process.cwd(), outdir)} (${Date.now() - started} ms)`);
      for (const line of summarize(assembly)) console.log(line);
      // Both rule packs, on the synthesized app (acknowledgments included): every finding fails the main job.
      for (const pack of [new AwsSolutionsChecks(), new TrinoChecks()]) {
        const findings = pack.validateScope(app).violations.flatMap((v) =>
          v.violatingResources.map((r) => `${v.ruleName} on ${(r as any).constructPath ?? r.resourceLogicalId}`),
        );
        console.log(`  cdk-nag ${pack.name}: ${findings.length} unacknowledged finding(s)`);
        for (const f of findings) console.log(`    ✘ ${f}`);
        if (findings.length > 0) failed++;
      }
    } catch (e) {
      failed++;
      console.error(`✘ examples/${file}: ${(e as Error).message}`);
    }
  }
  if (failed > 0) process.exit(1);
}

void main();
