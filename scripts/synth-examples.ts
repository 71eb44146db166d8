// SPDX-License-Identifier: Apache-2.0
/**
 * The README's main job: synthesizes every sample stack in examples/ offline (no AWS credentials) into
 * cdk.out/<example>/ and prints what each deploys.
 *
 *   bash scripts/synth.sh            (sets up Node 22 and dependencies, then runs this)
 *   bash scripts/synth.sh --render   (also renders what Kubernetes receives: see renderKubernetes)
 *   bash scripts/synth.sh trino-on-eks   (only that example)
 *   bash scripts/synth.sh --python   (also examples/python/app.py, through the jsii Python runtime: see synthPython)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as YAML from 'yaml';
import { TrinoChecks } from '../src';
import { K8sObject, renderTrinoReleases, stackManifests } from './render/render-stack';
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
  out.push(`      ${describeAccess(v)}`);
}

/**
 * One line on how clients reach Trino, from the chart values: the endpoint (the Ingress the AWS Load Balancer
 * Controller turns into an ALB: scheme, host, internal or internet-facing, source CIDRs), the authentication type (and
 * whether groups come from a group file), and the access control rules (rules per section, or Trino's defaults).
 */
export function describeAccess(v: any): string {
  const ingress = v.ingress?.enabled ? v.ingress : undefined;
  let endpoint = 'in-cluster only (Service, kubectl port-forward)';
  if (ingress) {
    const a = ingress.annotations ?? {};
    const scheme = a['alb.ingress.kubernetes.io/scheme'] ?? 'internal';
    const cidrs = a['alb.ingress.kubernetes.io/inbound-cidrs'];
    endpoint = `https://${ingress.hosts?.[0]?.host} (ALB, ${scheme}, ${a['alb.ingress.kubernetes.io/ssl-policy'] ?? 'default TLS policy'}, ` +
      `sources ${cidrs ? cidrs.split(',').join(' ') : scheme === 'internal' ? 'the VPC and connected networks' : 'any'})`;
  }
  const type = v.server?.config?.authenticationType;
  const groups = v.coordinator?.additionalConfigFiles?.['group-provider.properties'] ? ' with groups' : '';
  const authentication = type ? `${type}${groups}` : 'none (any client names its user)';
  let access = 'none (every user may do everything)';
  const rulesText = v.accessControl?.rules?.[v.accessControl?.configFile ?? 'rules.json'];
  if (v.accessControl) {
    if (typeof rulesText !== 'string') {
      access = `${v.accessControl.type} (rules not readable offline)`;
    } else {
      const doc = JSON.parse(rulesText);
      const sections = ['catalogs', 'schemas', 'tables', 'system_information']
        .map((k) => `${(doc[k] ?? []).length} ${k.replace('_', ' ')}`)
        .join(', ');
      access = `${sections} rule(s)${['schemas', 'tables'].some((k) => doc[k] === undefined) ? ' (unset sections: Trino\'s default, allow all)' : ''}`;
    }
  }
  return `access: endpoint ${endpoint}; authentication ${authentication}; access control ${access}`;
}

/**
 * What Kubernetes receives from each stack, before `cdk deploy`: every `trino` Helm release rendered by the real
 * helm (the kubectl layer's v4.1.4) with the released chart in ../shared/charts, and every manifest the stack applies
 * directly, written as one YAML file per stack into `<assembly>/kubernetes/<stack>.yaml`, with a line per object.
 * Other charts (KEDA, Karpenter, eks-blueprints add-ons) come from their repositories at deploy time and are listed,
 * not rendered.
 */
export function renderKubernetes(assembly: CloudAssembly, outdir: string): string[] {
  const out: string[] = [];
  const dir = path.join(outdir, 'kubernetes');
  fs.mkdirSync(dir, { recursive: true });
  for (const stack of assembly.stacks) {
    const docs: string[] = [];
    const add = (o: K8sObject, source: string) => {
      docs.push(`# Source: ${source}\n${YAML.stringify(o, { lineWidth: 0 })}`);
      out.push(`    ${describeObject(o)}  [${source}]`);
    };
    for (const r of renderTrinoReleases(stack.template)) {
      for (const o of r.objects) add(o, `helm ${r.release} (trino ${r.chartVersion})`);
      out.push(`    (helm test only, not installed: ${r.tests.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')})`);
    }
    for (const o of stackManifests(stack.template)) add(o, 'manifest');
    for (const r of Object.values<any>(stack.template.Resources ?? {})) {
      const p = r.Properties;
      if (r.Type === 'Custom::AWSCDK-EKS-HelmChart' && p.Chart !== 'trino') {
        out.push(`    (not rendered offline: helm ${p.Release} from ${p.Repository ?? 'a chart asset'} ${p.Chart}@${p.Version ?? 'latest'})`);
      }
    }
    const file = path.join(dir, `${stack.stackName}.yaml`);
    fs.writeFileSync(file, docs.join('---\n'));
    out.unshift(`  kubernetes: ${docs.length} objects of ${stack.stackName} → ${path.relative(process.cwd(), file)}`);
  }
  return out;
}

/** `Kind namespace/name` and, for workloads, what their pods get. */
function describeObject(o: K8sObject): string {
  const name = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  const pod = o.spec?.template?.spec;
  if (o.kind === 'Deployment' && pod) {
    const replicas = o.spec.replicas === undefined ? 'replicas from the autoscaler' : `replicas ${o.spec.replicas}`;
    const containers = pod.containers
      .map((c: any) => `${c.name} ${c.image} ${c.resources?.limits?.cpu ?? '-'}/${c.resources?.limits?.memory ?? '-'}`)
      .join(', ');
    const placement = Object.entries(pod.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return `${name}: ${replicas}; ${containers}; grace ${pod.terminationGracePeriodSeconds}s${placement ? `; nodes ${placement}` : ''}`;
  }
  if (o.kind === 'ScaledObject') {
    return `${name}: ${o.spec.scaleTargetRef.name} ${o.spec.minReplicaCount}–${o.spec.maxReplicaCount}, ` +
      `triggers ${o.spec.triggers.map((t: any) => t.name ?? t.type).join(', ')}`;
  }
  if (o.kind === 'ConfigMap') return `${name}: ${Object.keys(o.data ?? {}).join(', ')}`;
  if (o.kind === 'Service') return `${name}: ${o.spec.ports.map((p: any) => `${p.name}:${p.port}`).join(', ')}`;
  if (o.kind === 'PodDisruptionBudget') {
    const budget = o.spec.maxUnavailable !== undefined ? `maxUnavailable ${o.spec.maxUnavailable}` : `minAvailable ${o.spec.minAvailable}`;
    return `${name}: ${budget} of ${Object.values(o.spec.selector?.matchLabels ?? {}).join('/')}`;
  }
  return name;
}

/** The Python sample, run as a Python user runs it: `python3 app.py`, through the jsii Python runtime. */
export const PYTHON_APP = 'examples/python/app.py';

/**
 * Runs examples/python/app.py with ../shared/tools/jsii-python/run-python-app.sh (Debian's python3, the jsii kernel
 * and Python bindings generated from this build's .jsii: compile first, as scripts/synth.sh --python does) with
 * `CDK_OUTDIR=outdir`, and returns the app's exit code. The app runs AwsSolutionsChecks and TrinoChecks itself
 * (`TrinoChecks.fail_synth_on_findings`): a finding makes it exit non-zero.
 */
export function synthPython(outdir: string): number {
  const root = path.join(__dirname, '..');
  const done = spawnSync('bash', [path.join(root, '..', 'shared', 'tools', 'jsii-python', 'run-python-app.sh'), PYTHON_APP], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      NODE_BIN: path.dirname(process.execPath),
      // the app imports aws_cdk.lambda_layer_kubectl_v35, which the library does not depend on
      JSII_PYTHON_EXTRA_PACKAGES: '@aws-cdk/lambda-layer-kubectl-v35',
    },
  });
  return done.status ?? 1;
}

async function main() {
  const args = process.argv.slice(2);
  const render = args.includes('--render');
  const python = args.includes('--python');
  const only = args.filter((a) => !a.startsWith('--'));
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
      if (render) for (const line of renderKubernetes(assembly, outdir)) console.log(line);
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
  if (python) {
    const outdir = path.join(OUT_DIR, 'python');
    fs.rmSync(outdir, { recursive: true, force: true });
    const started = Date.now();
    const exit = synthPython(outdir);
    if (exit === 0) {
      const assembly = new CloudAssembly(outdir);
      console.log(`✔ ${PYTHON_APP} → ${path.relative(process.cwd(), outdir)} (${Date.now() - started} ms, through the jsii Python runtime)`);
      for (const line of summarize(assembly)) console.log(line);
      if (render) for (const line of renderKubernetes(assembly, outdir)) console.log(line);
      console.log('  cdk-nag AwsSolutions, Trino: 0 unacknowledged findings (the app fails on any: TrinoChecks.fail_synth_on_findings)');
    } else {
      failed++;
      console.error(`✘ ${PYTHON_APP}: exited ${exit}`);
    }
  }
  if (failed > 0) process.exit(1);
}

if (require.main === module) void main();
