// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmark (not a test): how much synthesis time TrinoAddOn adds to a blueprint. Synthesizes the sample blueprint of
 * examples/trino-on-eks.ts with and without TrinoAddOn, alternating, several runs each in this process, and prints the
 * median wall time of each and their ratio.
 *
 *   npm run bench                 # 7 runs each
 *   npm run bench -- --runs 11 --write docs/benchmark.md
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BLUEPRINT_ID, trinoBlueprint } from '../examples/trino-on-eks';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function synthOnce(withTrino: boolean): Promise<{ ms: number; resources: number }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'trino-bench-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  await trinoBlueprint(withTrino).buildAsync(app, BLUEPRINT_ID);
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const resources = assembly.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ms, resources };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const runs = Number(arg('--runs') ?? 7);
  // one warm-up of each, so module loading is not counted in the first run
  await synthOnce(false);
  await synthOnce(true);
  const withTrino: number[] = [];
  const without: number[] = [];
  let resWith = 0;
  let resWithout = 0;
  for (let i = 0; i < runs; i++) {
    const a = await synthOnce(false);
    const b = await synthOnce(true);
    without.push(a.ms);
    withTrino.push(b.ms);
    resWithout = a.resources;
    resWith = b.resources;
  }
  const mWith = median(withTrino);
  const mWithout = median(without);
  const lines = [
    `runs: ${runs} each (after one warm-up each), node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    `blueprint without TrinoAddOn: median ${mWithout.toFixed(0)} ms (${resWithout} resources)`,
    `blueprint with TrinoAddOn:    median ${mWith.toFixed(0)} ms (${resWith} resources)`,
    `ratio with/without: ${(mWith / mWithout).toFixed(2)}`,
  ];
  for (const l of lines) console.log(l);
  const out = arg('--write');
  if (out) {
    const doc = [
      '# Benchmark: synthesis time of TrinoAddOn',
      '',
      '<!-- Written by `npm run bench -- --write docs/benchmark.md` (bench/synth.ts); figures from that run. -->',
      '',
      'The sample blueprint of `examples/trino-on-eks.ts` (VPC, EKS cluster, Pod Identity agent, Karpenter, KEDA) is',
      'synthesized in one process with and without `TrinoAddOn`, alternating, after one warm-up run of each.',
      'Wall time covers `buildAsync` and `app.synth()` (writing the cloud assembly to a temporary directory).',
      '',
      '```',
      ...lines,
      '```',
      '',
      `Recorded on ${new Date().toISOString().slice(0, 10)}. Re-run with \`npm run bench\`; figures vary with the machine.`,
      '',
    ].join('\n');
    fs.writeFileSync(out, doc);
    console.log(`wrote ${out}`);
  }
}

void main();
