// SPDX-License-Identifier: Apache-2.0
/**
 * Generates the guide pages: docs/architecture.md, docs/operations.md, docs/blueprints.md,
 * docs/migrating-from-data-on-eks.md and examples/README.md. Every name, port, default, version and error message in
 * them is read from constructs built here with the seed configuration (TrinoCluster with the four catalogs,
 * SpotWorkerPool and CoordinatorPool on a TrinoNodeClass, FaultTolerantExchange, TrinoKedaScaler with minWorkers 0)
 * on an imported cluster, from the chart values they render, from the sample stacks in examples/ synthesized offline,
 * and from the chart's values.yaml and the KEDA and Karpenter CRDs in ../shared/schemas.
 * test/docs/guides-doc.test.ts fails when a committed page differs from what this renders.
 *
 *   npx ts-node --project tsconfig.dev.json scripts/gen-docs-guides.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import {
  CoordinatorPool,
  FaultTolerantExchange,
  HiveCatalog,
  IcebergCatalog,
  RetryPolicy,
  ScalerMetrics,
  SpotWorkerPool,
  TpcdsCatalog,
  TpchCatalog,
  TrinoAddOn,
  TrinoCluster,
  TrinoKedaScaler,
  TrinoNodeClass,
} from '../src';
import { DOC_ENV, importedClusterStack, scratchOutdir } from './doc-stack';
import { renderTrino } from './render/render-stack';
import { chartNames, JVM_OPTIONS, readChartValues, RenderedTrinoChart, retryPolicyWithoutExchange, TRINO_CHART } from '../src/config/chart';
import { validateTrinoProperties } from '../src/config/trino-properties';
import { TRINO_RULE_GROUPS, TRINO_RULES } from '../src/nag/rules';
import { flattenCfnString, parseCfnJson } from '../src/private/cfn-json';
import { TrinoSmokeTest } from '../src/verify/trino-smoke-test';
import { INTEG_REGION } from '../test/integ/integ-options';

const ROOT = path.join(__dirname, '..');
const SCHEMAS = path.join(ROOT, '..', 'shared', 'schemas');
const GENERATOR = 'scripts/gen-docs-guides.ts';

/** The pages this script writes, by short name. */
export const GUIDE_PAGES = {
  architecture: path.join(ROOT, 'docs', 'architecture.md'),
  operations: path.join(ROOT, 'docs', 'operations.md'),
  blueprints: path.join(ROOT, 'docs', 'blueprints.md'),
  migrating: path.join(ROOT, 'docs', 'migrating-from-data-on-eks.md'),
  examples: path.join(ROOT, 'examples', 'README.md'),
};

// ---------------------------------------------------------------------------------------------------------------
// Building what the pages describe
// ---------------------------------------------------------------------------------------------------------------

/** A zone for the placeholder cluster; the pages write `<zone>`. */
const ZONE = 'us-west-2a';

/** An App + Stack with an imported cluster: nothing is deployed. */
const importedCluster = () => importedClusterStack('Docs');

interface SeedOptions {
  readonly pools?: boolean;
  readonly exchange?: boolean;
  readonly scaler?: boolean;
  readonly metrics?: ScalerMetrics;
  readonly releaseName?: string;
}

interface Seed {
  readonly stack: Stack;
  readonly trino: TrinoCluster;
  readonly nodeClass?: TrinoNodeClass;
  readonly workerPool?: SpotWorkerPool;
  readonly coordinatorPool?: CoordinatorPool;
  readonly exchange?: FaultTolerantExchange;
  readonly scaler?: TrinoKedaScaler;
  readonly resources: { [id: string]: any };
  readonly values: any;
  readonly chart: RenderedTrinoChart;
  readonly scaledObject?: any;
  readonly objects: any[];
}

/** The seed configuration (or parts of it) on an imported cluster, synthesized. */
function buildSeed(o: SeedOptions = {}): Seed {
  const { stack, cluster } = importedCluster();
  let nodeClass: TrinoNodeClass | undefined;
  let workerPool: SpotWorkerPool | undefined;
  let coordinatorPool: CoordinatorPool | undefined;
  if (o.pools ?? true) {
    nodeClass = new TrinoNodeClass(stack, 'NodeClass', {
      cluster,
      role: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole'),
      subnetTags: { 'karpenter.sh/discovery': 'analytics' },
      securityGroupTags: { 'karpenter.sh/discovery': 'analytics' },
    });
    workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: ZONE });
    coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: ZONE });
  }
  const exchange = o.exchange ?? true ? new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }) : undefined;
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    releaseName: o.releaseName,
    catalogs: [new TpchCatalog(), new TpcdsCatalog(), new HiveCatalog(), new IcebergCatalog()],
    workerPool,
    coordinatorPool,
    exchange,
    minWorkers: 0,
  });
  const scaler = o.scaler ?? true ? new TrinoKedaScaler(stack, 'Scaler', { trino, minWorkers: 0, metrics: o.metrics }) : undefined;
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const chartResource = Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any;
  const values = parseCfnJson(chartResource.Properties.Values);
  const objects = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
    .flatMap((r: any) => parseCfnJson(r.Properties.Manifest));
  return {
    stack,
    trino,
    nodeClass,
    workerPool,
    coordinatorPool,
    exchange,
    scaler,
    resources,
    values,
    chart: readChartValues(trino.releaseName, trino.namespace, values),
    // what the real chart renders (scripts/render)
    scaledObject: renderTrino(template.toJSON()).find('ScaledObject', trino.workerDeploymentName),
    objects,
  };
}

/** The message of the error `fn` throws; fails the generation when it throws none. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got none');
}

interface Example {
  readonly name: string;
  readonly file: string;
  readonly doc: string;
  readonly app: App;
  readonly stacks: Array<{ name: string; resources: number; template: any }>;
}

/** Every sample stack in examples/, built with its own buildApp and synthesized offline. */
async function buildExamples(): Promise<Example[]> {
  const dir = path.join(ROOT, 'examples');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  const out: Example[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file));
    const app: App = await mod.buildApp(new App({ outdir: scratchOutdir() }));
    const assembly = app.synth();
    out.push({
      name: path.basename(file, '.ts'),
      file,
      doc: headerDoc(fs.readFileSync(path.join(dir, file), 'utf-8')),
      app,
      stacks: assembly.stacks.map((s) => ({
        name: s.stackName,
        resources: Object.keys(s.template.Resources ?? {}).length,
        template: s.template,
      })),
    });
  }
  return out;
}

/** The first block comment of a file, without its comment markers. */
function headerDoc(text: string): string {
  const m = /\/\*\*([\s\S]*?)\*\//.exec(text);
  if (!m) throw new Error('example without a header comment');
  return m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').trim();
}

/**
 * A paragraph of an example's header comment as markdown: indented command lines (and the line that introduces them)
 * are left out, since the table above gives the commands; lines starting with `- ` become a list.
 */
function markdownOf(paragraph: string): string[] {
  const lines = paragraph.split('\n');
  const kept = lines.filter((l, i) => !/^\s/.test(l) && !(l.trimEnd().endsWith(':') && /^\s/.test(lines[i + 1] ?? '')));
  const out: string[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) out.push(text.join(' '), '');
    text = [];
  };
  for (const l of kept) {
    const lastIsItem = out.length > 0 && out[out.length - 1].startsWith('- ');
    if (l.startsWith('- ')) {
      flush();
      out.push(l);
    } else if (lastIsItem && text.length === 0) {
      out.push('');
      text.push(l);
    } else {
      text.push(l);
    }
  }
  flush();
  return out;
}

/** Props of an interface, read from its source: name, type, summary and `@default`. */
function interfaceProps(file: string, name: string): Array<{ name: string; type: string; summary: string; default?: string }> {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.ES2022, true);
  const out: Array<{ name: string; type: string; summary: string; default?: string }> = [];
  const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const visit = (n: ts.Node) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === name) {
      for (const m of n.members) {
        if (!ts.isPropertySignature(m)) continue;
        const doc = ts.getJSDocCommentsAndTags(m).find(ts.isJSDoc);
        const def = doc?.tags?.find((t) => t.tagName.text === 'default');
        out.push({
          name: m.name.getText(src),
          type: m.type?.getText(src) ?? '',
          summary: oneLine(ts.getTextOfJSDocComment(doc?.comment)),
          default: def ? oneLine(ts.getTextOfJSDocComment(def.comment)) : undefined,
        });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  if (out.length === 0) throw new Error(`no interface ${name} in ${file}`);
  return out;
}

/** The trinodb chart's values.yaml of the pinned version. */
function chartDefaults(): any {
  return YAML.parse(fs.readFileSync(path.join(SCHEMAS, 'trino-chart', 'values.yaml'), 'utf-8'));
}

/** Printer columns of a CRD's served version. */
function printerColumns(crdFile: string): string[] {
  const crd = YAML.parse(fs.readFileSync(path.join(SCHEMAS, crdFile), 'utf-8'));
  return crd.spec.versions[0].additionalPrinterColumns.filter((c: any) => !c.priority).map((c: any) => c.name.toUpperCase());
}

/** The command that synthesizes one example: scripts/synth.sh when it passes the name on, else the script it runs. */
function synthOneCommand(name: string): string {
  const synthSh = fs.readFileSync(path.join(ROOT, 'scripts', 'synth.sh'), 'utf-8');
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
  const steps: any[] = tasks['synth:examples']?.steps ?? [];
  const forwards = /synth:examples\s+"\$@"/.test(synthSh) && steps.some((s) => s.receiveArgs === true);
  return forwards ? `bash scripts/synth.sh ${name}` : `npx ts-node --project tsconfig.dev.json scripts/synth-examples.ts ${name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------------------------

const c = (s: string | number) => `\`${s}\``;
const list = (xs: Array<string | number>) => xs.map(c).join(', ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

class Page {
  private readonly lines: string[] = [];
  constructor(title: string, source: string) {
    this.lines.push(`# ${title}`, '', `<!-- GENERATED by ${GENERATOR} from ${source}. Do not edit by hand. -->`, '');
  }
  public p(...lines: string[]): this {
    this.lines.push(...lines);
    return this;
  }
  /** A list item: the parts joined into one line. */
  public item(...parts: string[]): this {
    return this.p(`- ${parts.join('')}`);
  }
  /** A paragraph (one line) followed by a blank line. */
  public para(...parts: string[]): this {
    return this.p(parts.join(''), '');
  }
  public code(lang: string, ...lines: string[]): this {
    return this.p('```' + lang, ...lines, '```', '');
  }
  public table(head: string[], rows: string[][]): this {
    this.p(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const r of rows) this.p(`| ${r.join(' | ')} |`);
    return this.p('');
  }
  public text(): string {
    return this.lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
  }
}

/** An ASCII box of a given width around lines; throws when a line does not fit. */
function box(title: string, body: string[], width: number): string[] {
  const inner = width - 4;
  const head = `+-- ${title} `;
  if (head.length > width - 1) throw new Error(`box title too long: ${title}`);
  const out = [head + '-'.repeat(width - 1 - head.length) + '+'];
  for (const line of body) {
    if (line.length > inner) throw new Error(`line too long for a ${width}-wide box: '${line}'`);
    out.push(`| ${line.padEnd(inner)} |`);
  }
  out.push(`+${'-'.repeat(width - 2)}+`);
  return out;
}

/** Blocks of lines side by side. */
function beside(blocks: string[][], gap = 2): string[] {
  const height = Math.max(...blocks.map((b) => b.length));
  const widths = blocks.map((b) => Math.max(...b.map((l) => l.length)));
  const out: string[] = [];
  for (let i = 0; i < height; i++) {
    out.push(blocks.map((b, j) => (b[i] ?? '').padEnd(widths[j])).join(' '.repeat(gap)).trimEnd());
  }
  return out;
}

/** Words wrapped to a width, for the diagram. */
function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > width) {
      out.push(line);
      line = indent + word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out;
}

/** `k=v` entries of a list of lines or a text block. */
function propertyNames(v: unknown): string[] {
  const lines = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split('\n') : [];
  return lines.filter((l) => l.includes('=')).map((l) => l.slice(0, l.indexOf('=')));
}

/** What a bucket the constructs created looks like, from the template: encryption, TLS, versioning, removal. */
interface BucketTraits {
  readonly encryption: string;
  readonly tlsOnly: boolean;
  readonly versioned: boolean;
  readonly retained: boolean;
  readonly expirationDays?: number;
}

/** Reads a bucket's traits from the template. */
function bucketTraits(resources: { [id: string]: any }, bucketId: string): BucketTraits {
  const b = resources[bucketId];
  if (!b || b.Type !== 'AWS::S3::Bucket') throw new Error(`no bucket ${bucketId}`);
  const sse = b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
  const tlsOnly = Object.values(resources).some((r: any) => r.Type === 'AWS::S3::BucketPolicy'
    && JSON.stringify(r.Properties.Bucket).includes(bucketId)
    && r.Properties.PolicyDocument.Statement.some((st: any) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
  return {
    encryption: sse === 'AES256' ? 'SSE-S3' : sse === 'aws:kms' ? 'SSE-KMS' : 'none declared',
    tlsOnly,
    versioned: b.Properties.VersioningConfiguration?.Status === 'Enabled',
    retained: b.DeletionPolicy === 'Retain',
    expirationDays: b.Properties.LifecycleConfiguration?.Rules?.[0]?.ExpirationInDays,
  };
}

/** The bucket's traits as words. */
function bucketWords(t: BucketTraits): string[] {
  return [
    t.encryption,
    ...(t.tlsOnly ? ['TLS only'] : []),
    ...(t.versioned ? ['versioned'] : []),
    t.retained ? 'retained' : 'deleted with the stack',
  ];
}

/** maxUnavailable of the PodDisruptionBudget of a Deployment. */
function maxUnavailable(seed: Seed, name: string): number {
  const pdb = seed.objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === name);
  if (!pdb) throw new Error(`no PodDisruptionBudget ${name}`);
  return pdb.spec.maxUnavailable;
}

/** Logical ID of the L1 resource of a construct. */
function logicalIdOf(stack: Stack, x: IConstruct): string {
  return stack.resolve(stack.getLogicalId(x.node.defaultChild as CfnResource));
}

// ---------------------------------------------------------------------------------------------------------------
// Facts shared by the pages
// ---------------------------------------------------------------------------------------------------------------

interface Facts {
  readonly seed: Seed;
  readonly prom: Seed;
  readonly other: Seed;
  readonly variants: { base: Seed; pools: Seed; exchange: Seed; scaler: Seed };
  readonly examples: Example[];
  readonly blueprint: BlueprintFacts;
  readonly quickstart: { addOns: string[]; stackName: string; kubernetesVersion: string };
  readonly chartValues: any;
}

/** The eks-blueprints add-ons the quickstart snippet lists before TrinoAddOn (with their default props). */
const QUICKSTART_ADDONS = ['KarpenterV1AddOn', 'KedaAddOn'] as const;

/** Builds the quickstart snippet's blueprint, so the page only shows a blueprint that builds offline. */
/** The stack outputs both sample stacks define, checked against their synthesized templates. */
const SAMPLE_OUTPUTS = {
  dataBucket: 'TrinoDataBucket',
  exchangeBucket: 'TrinoExchangeBucket',
  namespace: 'TrinoNamespace',
  service: 'TrinoService',
};

/** Fails unless every sample stack outputs, under SAMPLE_OUTPUTS' keys, its Trino's buckets, namespace and Service. */
function checkSampleOutputs(examples: Example[]): typeof SAMPLE_OUTPUTS {
  for (const e of examples) {
    const trino = e.app.node.findAll().find((x): x is TrinoCluster => x instanceof TrinoCluster);
    const exchange = e.app.node.findAll().find((x): x is FaultTolerantExchange => x instanceof FaultTolerantExchange);
    if (!trino?.dataBucket || !exchange?.bucket) throw new Error(`examples/${e.file}: no TrinoCluster with a data and an exchange bucket`);
    const stack = Stack.of(trino);
    const outputs = e.stacks.find((x) => x.name === stack.stackName)!.template.Outputs ?? {};
    const expected: { [key: string]: unknown } = {
      [SAMPLE_OUTPUTS.dataBucket]: stack.resolve(trino.dataBucket.bucketName),
      [SAMPLE_OUTPUTS.exchangeBucket]: stack.resolve(exchange.bucket.bucketName),
      [SAMPLE_OUTPUTS.namespace]: trino.namespace,
      [SAMPLE_OUTPUTS.service]: trino.serviceName,
    };
    for (const [key, value] of Object.entries(expected)) {
      if (JSON.stringify(outputs[key]?.Value) !== JSON.stringify(value)) {
        throw new Error(`examples/${e.file}: output ${key} is ${JSON.stringify(outputs[key]?.Value)}, expected ${JSON.stringify(value)}`);
      }
    }
  }
  return SAMPLE_OUTPUTS;
}

async function buildQuickstart(stackName: string) {
  const version = eks.KubernetesVersion.V1_35;
  const addOns: blueprints.ClusterAddOn[] = QUICKSTART_ADDONS.map((name) => new (blueprints as any)[name]());
  await blueprints.EksBlueprint.builder()
    .version(version)
    .addOns(...addOns, new TrinoAddOn())
    .buildAsync(new App({ outdir: scratchOutdir() }), stackName)
    .then((stack) => (stack.node.root as App).synth());
  return { addOns: [...QUICKSTART_ADDONS], stackName, kubernetesVersion: version.version };
}

interface BlueprintFacts {
  readonly example: Example;
  readonly stack: Stack;
  readonly template: any;
  readonly addOns: Array<{ className: string; id: string }>;
  readonly scope: IConstruct;
  readonly trino: TrinoCluster;
  readonly values: any;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly logging: string[];
  readonly configCommandOutput: string;
  readonly nodePools: { worker: string; coordinator: string };
  readonly dataBucketId: string;
  readonly exchangeBucketId: string;
  readonly charts: Array<{ id: string; chart: string; release: string; namespace: string; version?: string; dependsOn: string[] }>;
}

function blueprintFacts(examples: Example[]): BlueprintFacts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(ROOT, 'examples', 'trino-on-eks.ts'));
  const example = examples.find((e) => e.name === 'trino-on-eks');
  if (!example) throw new Error('examples/trino-on-eks.ts is missing');
  const stack = example.app.node.findChild(mod.BLUEPRINT_ID) as Stack;
  const template = example.stacks.find((s) => s.name === stack.stackName)!.template;
  const resources: { [id: string]: any } = template.Resources;
  const builder = mod.trinoBlueprint();
  // a sample may subclass TrinoAddOn (trino-on-eks.ts does, to import its certificate and secrets into the stack)
  const addOns = (builder.props.addOns as any[]).map((a) => ({
    className: a instanceof TrinoAddOn ? 'TrinoAddOn' : a.constructor.name,
    id: a.id ?? a.constructor.name,
  }));
  const trinoAddOn = (builder.props.addOns as any[]).find((a) => a instanceof TrinoAddOn) as TrinoAddOn;
  const scope = stack.node.findChild(trinoAddOn.id);
  const trino = scope.node.findAll().find((x) => x instanceof TrinoCluster) as TrinoCluster;
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [, clusterResource] = byType('Custom::AWSCDK-EKS-Cluster')[0];
  const config = clusterResource.Properties.Config;
  const configCommand = Object.entries<any>(template.Outputs ?? {})
    .find(([, o]) => flattenCfnString(o.Value).startsWith('aws eks update-kubeconfig'));
  if (!configCommand) throw new Error('no update-kubeconfig output in the blueprint');
  const pools = byType('Custom::AWSCDK-EKS-KubernetesResource')
    .flatMap(([, r]) => parseCfnJson(r.Properties.Manifest))
    .filter((o: any) => o.kind === 'NodePool');
  const poolName = (role: string) => pools.find((o: any) => o.metadata.labels['app.kubernetes.io/component'] === role).metadata.name;
  const exchange = scope.node.findAll().find((x) => x instanceof FaultTolerantExchange) as FaultTolerantExchange;
  const charts = byType('Custom::AWSCDK-EKS-HelmChart').map(([id, r]) => ({
    id,
    chart: r.Properties.Chart,
    release: r.Properties.Release,
    namespace: r.Properties.Namespace,
    version: r.Properties.Version,
    dependsOn: r.DependsOn ?? [],
  }));
  const trinoChart = charts.find((ch) => ch.chart === TRINO_CHART.chart)!;
  return {
    example,
    stack,
    template,
    addOns,
    scope,
    trino,
    values: parseCfnJson(resources[trinoChart.id].Properties.Values),
    clusterName: config.name,
    kubernetesVersion: config.version,
    logging: (config.logging?.clusterLogging ?? []).flatMap((l: any) => (l.enabled ? l.types : [])),
    configCommandOutput: configCommand[0],
    nodePools: { worker: poolName('worker'), coordinator: poolName('coordinator') },
    dataBucketId: logicalIdOf(stack, trino.dataBucket!),
    exchangeBucketId: logicalIdOf(stack, exchange.bucket!),
    charts,
  };
}

async function gatherFacts(): Promise<Facts> {
  const examples = await buildExamples();
  const blueprint = blueprintFacts(examples);
  return {
    seed: buildSeed(),
    prom: buildSeed({ metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus-operated.monitoring.svc:9090' }) }),
    other: buildSeed({ releaseName: 'analytics' }),
    variants: {
      base: buildSeed({ pools: false, exchange: false, scaler: false }),
      pools: buildSeed({ exchange: false, scaler: false }),
      exchange: buildSeed({ pools: false, scaler: false }),
      scaler: buildSeed({ pools: false, exchange: false }),
    },
    examples,
    blueprint,
    quickstart: await buildQuickstart(blueprint.stack.stackName),
    chartValues: chartDefaults(),
  };
}

/** Names of what the chart and the constructs create for a release. */
function releaseNames(s: Seed) {
  const names = chartNames(s.trino.releaseName);
  const pdbs = s.objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name);
  const sa = s.objects.find((o) => o.kind === 'ServiceAccount');
  return {
    release: s.trino.releaseName,
    namespace: s.trino.namespace,
    service: s.trino.serviceName,
    coordinator: s.trino.coordinatorDeploymentName,
    worker: s.trino.workerDeploymentName,
    workerService: names.workerService,
    scaledObject: s.scaler!.scaledObjectName,
    hpa: `keda-hpa-${s.scaledObject.metadata.name}`,
    pdbs,
    serviceAccount: sa.metadata.name,
    podLabels: names.podLabels,
  };
}

const selector = (labels: { [k: string]: string }) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

/** What a construct subtree creates in the template, described. */
function inventory(seed: Seed, scope: IConstruct): string[] {
  const items = new Map<string, number>();
  const add = (x: string) => items.set(x, (items.get(x) ?? 0) + 1);
  /** the id of the L2 construct that owns a resource, relative to the scope */
  const owner = (x: IConstruct) => {
    const parts = x.node.path.slice(scope.node.path.length + 1).split('/');
    return parts.slice(0, -1).join('/') || scope.node.id;
  };
  for (const x of scope.node.findAll()) {
    if (!(x instanceof CfnResource)) continue;
    const r = seed.resources[seed.stack.resolve(seed.stack.getLogicalId(x))];
    if (!r) continue;
    switch (r.Type) {
      case 'Custom::AWSCDK-EKS-KubernetesResource':
        for (const o of parseCfnJson(r.Properties.Manifest)) {
          const generated = ['NodePool', 'EC2NodeClass'].includes(o.kind);
          add(`${o.kind} ${generated ? `(name: the \`${o.kind === 'NodePool' ? 'nodePoolName' : 'nodeClassName'}\` prop, or derived from the construct path)` : c(o.metadata.name)}`);
        }
        break;
      case 'Custom::AWSCDK-EKS-HelmChart':
        add(`Helm release ${c(r.Properties.Release)} of chart ${c(`${r.Properties.Chart} ${r.Properties.Version}`)}`);
        break;
      case 'Custom::AWSCDKCfnJson':
        break;
      case 'Custom::S3AutoDeleteObjects':
        add('a custom resource that empties the bucket when the stack deletes it');
        break;
      default: {
        const label = ({
          'AWS::S3::Bucket': 'S3 bucket',
          'AWS::S3::BucketPolicy': 'TLS-only bucket policy',
          'AWS::IAM::Role': 'IAM role',
          'AWS::IAM::Policy': 'IAM policy',
        } as { [type: string]: string })[r.Type] ?? c(r.Type);
        add(`${label} (${c(owner(x))})`);
      }
    }
  }
  return [...items].map(([x, count]) => (count > 1 ? `${count} × ${x}` : x));
}

/** The chart values keys a contribution adds or changes, compared with a base rendering. */
function contributedKeys(base: any, withIt: any): string[] {
  const flat = (obj: any, prefix: string, out: Map<string, string>) => {
    for (const [k, v] of Object.entries(obj ?? {})) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object' && !Array.isArray(v) && key.split('.').length < 2) flat(v, key, out);
      else out.set(key, JSON.stringify(v));
    }
    return out;
  };
  const a = flat(base, '', new Map());
  const b = flat(withIt, '', new Map());
  const out: string[] = [];
  for (const [key, v] of b) {
    if (a.get(key) === v) continue;
    const props = propertyNames(JSON.parse(v));
    const before = new Set(propertyNames(a.has(key) ? JSON.parse(a.get(key)!) : undefined));
    const added = props.filter((x) => !before.has(x));
    out.push(added.length > 0 ? `${c(key)} (${list(added)})` : c(key));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// docs/architecture.md
// ---------------------------------------------------------------------------------------------------------------

function renderArchitecture(f: Facts): string {
  const s = f.seed;
  const n = releaseNames(s);
  const keda = s.values.server.keda;
  const trigger = s.scaledObject.spec.triggers[0];
  const metricsUrl = trigger.metadata.url.split('?')[0];
  const worker = s.workerPool!;
  const coordinator = s.coordinatorPool!;
  const taint = (pool: any) => {
    const t = pool._object.spec.template.spec.taints[0];
    return `${t.key}=${t.value}:${t.effect}`;
  };
  const capacity = (pool: { capacityTypes: string[] }) => pool.capacityTypes.join(', ');
  const warehouse = (catalog: string) => {
    const m = /default-warehouse-dir=s3:\/\/[^/]+\/(\S*)/.exec(s.values.catalogs[catalog]);
    if (!m) throw new Error(`no warehouse dir in catalog ${catalog}`);
    return m[1];
  };
  const data = bucketTraits(s.resources, logicalIdOf(s.stack, s.trino.dataBucket!));
  const irsa = !!s.objects.find((o) => o.kind === 'ServiceAccount').metadata.annotations?.['eks.amazonaws.com/role-arn'];
  const spool = bucketTraits(s.resources, logicalIdOf(s.stack, s.exchange!.bucket!));
  const W = 104;

  const clusterBody: string[] = [
    '',
    ...box('system node group (yours, On-Demand)', [
      'Karpenter controller  launches a node for each Trino pod that cannot be scheduled',
      `KEDA operator         every ${keda.pollingInterval} s reads the coordinator's /metrics;`,
      `                      HPA ${n.hpa} sets Deployment ${n.worker} to ${keda.minReplicaCount}-${keda.maxReplicaCount} replicas`,
      'CoreDNS, VPC CNI, ...',
    ], W - 6),
    '',
    ...box(`namespace ${n.namespace}: Helm release ${n.release}, chart ${TRINO_CHART.chart} ${s.trino.chartVersion}, Trino ${s.trino.trinoVersion}`, [
      '',
      ...box(`CoordinatorPool: NodePool, ${capacity(coordinator)}, zone <zone>`, [
        ...wrap(`instance types: ${coordinator.instanceTypes.map(String).join(', ')}`, W - 16, '  '),
        `node taint ${taint(coordinator)}`,
        `[node] pod ${n.coordinator}-<hash>   Deployment ${n.coordinator}, 1 replica,`,
        `       karpenter.sh/do-not-disrupt, PodDisruptionBudget maxUnavailable ${maxUnavailable(s, n.coordinator)}`,
        `       Service ${n.service} :${TRINO_CHART.httpPort}: UI, CLI, and /metrics <---- KEDA reads`,
        `       ${metricsUrl}`,
      ], W - 12),
      '         |  plans queries, schedules tasks on the workers; workers exchange data',
      '         v',
      ...box(`SpotWorkerPool: NodePool, ${capacity(worker)}, zone <zone>`, [
        ...wrap(`instance types: ${worker.instanceTypes.map(String).join(', ')}`, W - 16, '  '),
        `node taint ${taint(worker)}`,
        `[node] pod ${n.worker}-<hash>   Deployment ${n.worker}, ${keda.minReplicaCount} to ${keda.maxReplicaCount} replicas (KEDA),`,
        `[node] pod ${n.worker}-<hash>   one pod per node, graceful shutdown`,
        '...',
      ], W - 12),
      '',
      `ServiceAccount ${n.serviceAccount} ----(${irsa ? 'IRSA: eks.amazonaws.com/role-arn' : 'EKS Pod Identity'})----> IAM role (below)`,
    ], W - 6),
  ];
  const diagram = [
    ...box('EKS cluster (aws-eks), in your VPC', clusterBody, W),
    '         |  coordinator and workers, with the IAM role\'s credentials',
    '         v',
    ...beside([
      box('S3 data bucket', [
        `${warehouse('hive').padEnd(10)}hive catalog warehouse`,
        `${warehouse('iceberg').padEnd(10)}iceberg catalog warehouse`,
        ...wrap(bucketWords(data).join(', '), 36),
      ], 40),
      box('S3 exchange bucket', [
        ...wrap(`spooled exchange data (${s.exchange!.retryPolicy}), expires after ${plural(spool.expirationDays!, 'day')}, `
          + bucketWords(spool).join(', '), 28),
      ], 32),
      box('AWS Glue Data Catalog', wrap('databases and tables of the hive and iceberg catalogs', 26), 30),
    ], 1),
  ];

  const page = new Page('Architecture: what runs where, and how the constructs compose', 'constructs built with the seed configuration');
  page.para(
    'This page describes the seed configuration: `TrinoCluster` with the four catalogs, `SpotWorkerPool` and ',
    '`CoordinatorPool` on a `TrinoNodeClass`, a `FaultTolerantExchange` and a `TrinoKedaScaler` with `minWorkers: 0` ',
    `(what \`TrinoAddOn\` builds, and what [\`examples/\`](../examples/README.md) deploy), for release \`${n.release}\` `,
    `in namespace \`${n.namespace}\`. Another release name changes the Kubernetes names (see [operations](operations.md#names)).`,
  );
  page.p('## What runs where', '');
  page.code('text', ...diagram);
  page.item(
    `**Coordinator**: one pod, alone on an ${capacity(coordinator)} node of the coordinator pool. It parses, plans `,
    `and schedules queries and never runs tasks (\`node-scheduler.include-coordinator=${s.chart.coordinator.configProperties['node-scheduler.include-coordinator'].value}\`). `,
    'It serves the web UI, the client protocol and the `/metrics` endpoint KEDA reads, on the Service port.',
  );
  page.item(
    `**Workers**: ${keda.minReplicaCount} to ${keda.maxReplicaCount} pods of the worker Deployment, one per ${capacity(worker)} node `,
    '(a required pod anti-affinity on the chart\'s worker labels, and requests = limits sized from the instance type: ',
    '[sizing](sizing.md)). Scaling workers is scaling nodes: KEDA changes the replica count, Karpenter launches a node ',
    'for each new pod and removes nodes that run none ([capacity](capacity.md), [autoscaling](autoscaling.md)).',
  );
  page.item(
    '**One zone**: both NodePools require the same `topology.kubernetes.io/zone`, so exchanges between workers and ',
    'the coordinator never cross zones.',
  );
  page.item(
    '**Data**: the hive and iceberg catalogs keep metadata in the AWS Glue Data Catalog of the stack\'s account and ',
    `region, and tables below \`${warehouse('hive')}\` and \`${warehouse('iceberg')}\` of the data bucket, read and `,
    'written through Trino\'s native S3 file system.',
  );
  page.item(
    `**Exchange**: with \`retry-policy=${s.exchange!.retryPolicy}\` every exchange between stages is spooled to the `,
    'exchange bucket, so a task lost with a Spot worker is retried on another ([fault tolerance](fault-tolerance.md)).',
  );
  page.item(
    `**Credentials**: the pods run as service account \`${n.serviceAccount}\`, bound to an IAM role (IRSA by default, `,
    'EKS Pod Identity with `identityType`). The role may use Glue on the catalog, its databases and tables, S3 objects ',
    'below the two warehouse prefixes (and list the data bucket), and the exchange bucket; nothing else.',
  );
  page.p('');

  // -- composition
  page.p('## How the constructs compose', '');
  page.para(
    'Each construct creates its own AWS resources and Kubernetes objects, and contributes to **one configuration ',
    'model** of the Trino cluster (owned by `TrinoCluster`) instead of editing chart values. `src/config/chart.ts`, the ',
    'only file that knows the chart\'s keys, renders the model into the values of the one Helm release, once, lazily at ',
    'synth: a construct created after the `TrinoCluster` (the scaler) still shapes the values, and two contributions ',
    'that conflict fail with a message instead of overwriting each other.',
  );
  const v = f.variants;
  const rows: string[][] = [
    ['`TrinoNodeClass`', inventory(s, s.nodeClass!).join('; '), '(none: the pools reference it)'],
    ['`SpotWorkerPool`', inventory(s, worker).join('; '), contributedKeys(v.base.values, v.pools.values).filter((k) => k.includes('worker.')).join(', ')],
    ['`CoordinatorPool`', inventory(s, coordinator).join('; '), contributedKeys(v.base.values, v.pools.values).filter((k) => k.includes('coordinator.')).join(', ')],
    ['`FaultTolerantExchange`', inventory(s, s.exchange!).join('; ') + '; grants on the exchange bucket to the service account\'s role', contributedKeys(v.base.values, v.exchange.values).join(', ')],
    ['`TrinoKedaScaler`', inventory(s, s.scaler!).join('; '), contributedKeys(v.base.values, v.scaler.values).join(', ')],
    ['`TrinoCluster`', inventory(s, s.trino).join('; '), 'everything else: image, service account, sizing (`coordinator`/`worker` `jvm`, `config`, `resources`), worker anti-affinity, coordinator annotation, catalogs, resource groups'],
  ];
  page.table(['Construct', 'Creates (CloudFormation resources and Kubernetes objects)', 'Contributes to the chart values'], rows);
  page.para(
    'The pools, the exchange and the scaler reach the model only through the `TrinoCluster` they are given to ',
    '(`workerPool`, `coordinatorPool`, `exchange` props, the scaler\'s `trino` prop). `TrinoCluster` checks what they ',
    'bring: pool instance types that fit the pods, both pools in one zone, an On-Demand-only coordinator pool, a worker ',
    'pool with room for `maxWorkers`. Examples of refused conflicts, as the constructs word them:',
  );
  const second = errorOf(() => new TrinoKedaScaler(s.stack, 'Second', { trino: s.trino }));
  const managed = errorOf(() => {
    const { stack, cluster } = importedCluster();
    new TrinoCluster(stack, 'Trino', { cluster, catalogs: [], additionalConfigProperties: { 'retry-policy': 'TASK' } });
  });
  page.p(`- a second scaler: "${second}"`, `- a property another construct owns: "${managed}"`, '');
  page.para(
    'What the chart then renders in the namespace: the Deployments ',
    `\`${n.coordinator}\` and \`${n.worker}\` (the latter without \`replicas\`, which KEDA owns), the Services `,
    `\`${n.service}\` (port ${TRINO_CHART.httpPort}) and \`${n.workerService}\` (headless), the ConfigMaps with `,
    '`config.properties`, the catalogs, the resource groups and the graceful-shutdown access control, and the ',
    `ScaledObject \`${n.scaledObject}\`, for which KEDA creates the HorizontalPodAutoscaler \`${n.hpa}\`. `,
    '`helmValues` (an escape hatch) is deep-merged over the rendered values last.',
  );
  page.para(
    '`TrinoAddOn` builds the same constructs for an eks-blueprints blueprint: the node class, the two pools, the ',
    'exchange, the `TrinoCluster` and the scaler, in that order, on the blueprint\'s cluster and VPC, then makes the ',
    'NodePools, the node class and the Trino chart depend on the Karpenter chart and the chart and the scaler on the ',
    'KEDA chart ([blueprints](blueprints.md)).',
  );
  const groups = TRINO_RULE_GROUPS.map((g) => `${g.topic.toLowerCase()} (${g.rules.length})`).join(', ');
  page.para(
    `\`TrinoChecks\` (${TRINO_RULES.length} rules: ${groups}) does not look at the constructs: it reads the `,
    'synthesized CloudFormation, parses the Trino chart\'s values back into what the chart renders (names, labels, ',
    'placement, `config.properties`), the Kubernetes manifests (NodePools, ScaledObjects, PodDisruptionBudgets, ',
    'service accounts), the buckets and the IAM policies. So it checks hand-written charts and manifests the same way ',
    'as the library\'s ([rules](rules.md)).',
  );
  return page.text();
}

// ---------------------------------------------------------------------------------------------------------------
// docs/operations.md
// ---------------------------------------------------------------------------------------------------------------

function renderOperations(f: Facts): string {
  const s = f.seed;
  const n = releaseNames(s);
  const o = releaseNames(f.other);
  const ns = n.namespace;
  const keda = s.values.server.keda;
  const port = TRINO_CHART.httpPort;
  const version = s.trino.trinoVersion;
  const triggers: any[] = s.scaledObject.spec.triggers;
  const metricNames = triggers.map((t) => t.metadata.valueLocation);
  const kedaUser = triggers[0].metadata.apiKey;
  const containers = (seed: Seed, role: 'coordinator' | 'worker') => {
    const jmx = seed.values.jmx ?? {};
    return 1 + (jmx.exporter?.enabled || jmx[role]?.exporter?.enabled ? 1 : 0);
  };
  const coordConfig = s.chart.coordinator.configProperties;
  const workerConfig = s.chart.worker.configProperties;
  const catalogs = [...Object.keys(s.chart.catalogs), 'system'].sort();
  const workerLabels = selector(n.podLabels('worker' as any));
  const coordLabels = selector(n.podLabels('coordinator' as any));
  const bp = f.blueprint;
  const kedaChart = bp.charts.find((ch) => ch.chart === 'keda')!;
  const soColumns = printerColumns('keda/keda.sh_scaledobjects.yaml');
  const poolColumns = printerColumns('karpenter/karpenter.sh_nodepools.yaml');
  const nodeLabel = Object.keys(SpotWorkerPool.DEFAULT_NODE_LABELS)[0];
  const maxWait = coordConfig['query-manager.required-workers-max-wait']?.value;
  const scaleDown = keda.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0];
  const dataBucketSearch = 'DataBucket';
  const seedDataId = logicalIdOf(s.stack, s.trino.dataBucket!);
  if (!seedDataId.includes(dataBucketSearch) || !bp.dataBucketId.includes(dataBucketSearch)) {
    throw new Error('the data bucket logical ID no longer contains "DataBucket"');
  }

  const page = new Page('Operations: verify, connect, run the examples, troubleshoot', 'constructs built with the seed configuration');
  page.para(
    'The seed\'s steps 4 to 6 and its troubleshooting, made exact for a cluster deployed with this library in the ',
    `seed configuration (the four catalogs, Spot workers, fault-tolerant execution, KEDA from ${keda.minReplicaCount} `,
    `to ${keda.maxReplicaCount} workers) with the \`TrinoCluster\` defaults: release \`${n.release}\` in namespace \`${ns}\`. `,
    'You need kubectl with access to the cluster (for [`examples/trino-on-eks.ts`](../examples/trino-on-eks.ts) the ',
    'stack prints the `aws eks update-kubeconfig` command: see [blueprints](blueprints.md#walk-through-the-seed-with-examplestrino-on-eksts)), ',
    'the AWS CLI for the bucket names, and the Trino CLI.',
  );

  page.p('## Names', '');
  page.para(
    'The chart derives every name from the release: its full name is `trino` when "trino" starts with the release ',
    'name, else `<release>-trino`. In code, read them from the construct (`trino.serviceName`, ',
    '`trino.coordinatorDeploymentName`, `trino.workerDeploymentName`, `scaler.scaledObjectName`).',
  );
  page.table(['What', `Release \`${n.release}\` (default)`, `Release \`${o.release}\``, 'Kind'], [
    ['Coordinator Service (UI, CLI)', c(n.service), c(o.service), 'Service, port ' + port],
    ['Coordinator', c(n.coordinator), c(o.coordinator), 'Deployment, 1 replica'],
    ['Workers', c(n.worker), c(o.worker), 'Deployment (not a StatefulSet)'],
    ['Worker Service', c(n.workerService), c(o.workerService), 'headless Service'],
    ['Autoscaler', c(n.scaledObject), c(o.scaledObject), 'KEDA ScaledObject'],
    ['Its HPA', c(n.hpa), c(o.hpa), 'HorizontalPodAutoscaler (KEDA creates it)'],
    ['Disruption budgets', list(n.pdbs), list(o.pdbs), 'PodDisruptionBudget'],
    ['Service account', c(n.serviceAccount), c(o.serviceAccount), 'ServiceAccount'],
    ['Pod label `app.kubernetes.io/instance`', c(n.release), c(o.release), 'with `app.kubernetes.io/component`: `coordinator` or `worker`'],
  ]);
  page.para('The namespace is the `namespace` prop (default `trino`), independent of the release name. The rest of this page uses the default names.');
  let maxRelease = 1;
  while (chartNames('a'.repeat(maxRelease + 1)).workerService.length <= 63) maxRelease++;
  page.para(
    `A release name has at most ${maxRelease} characters: the chart truncates its full name to 63 characters but then `,
    'appends `-worker` for the worker Service, so `<release>-trino-worker` must fit in the 63 characters of a Service ',
    'name (`TrinoCluster` refuses a longer one at synth, before helm would fail the install). Several TrinoClusters may ',
    'share a namespace of one EKS cluster only with release names that render different names (`tri` and `trino` both ',
    'render `trino`), and only one of them creates the namespace (`createNamespace: false` on the others): the library ',
    'refuses the rest at synth.',
  );

  renderSmokeTest(page, f);

  page.p('## Verify the pods', '');
  page.code('bash', `kubectl get pods -n ${ns} -o wide`, `kubectl get deploy -n ${ns}`);
  page.para(
    `Expect the coordinator pod, \`${n.coordinator}-<replicaset hash>-<suffix>\`, \`Running\` with READY `,
    `\`${containers(s, 'coordinator')}/${containers(s, 'coordinator')}\`, and \`kubectl get deploy\` showing \`${n.coordinator}\` 1/1 and, while no `,
    `query runs, \`${n.worker}\` ${keda.minReplicaCount}/${keda.minReplicaCount}:`,
  );
  page.code('text',
    'NAME                                    READY   STATUS    RESTARTS   AGE',
    `${`${n.coordinator}-<hash>-<suffix>`.padEnd(40)}${`${containers(s, 'coordinator')}/${containers(s, 'coordinator')}`.padEnd(8)}Running   0          5m`);
  page.para(
    `With \`minWorkers: ${keda.minReplicaCount}\` there is no worker until a query arrives (right after the install there may `,
    'be one for a moment: the chart renders the worker Deployment without `replicas`, so Kubernetes starts it at 1 until ',
    'KEDA scales it down). Workers are pods of the ',
    `Deployment \`${n.worker}\`, named \`${n.worker}-<replicaset hash>-<suffix>\`, never \`${n.worker}-0\` (the chart `,
    `renders no StatefulSet); each is READY \`${containers(s, 'worker')}/${containers(s, 'worker')}\`. The seed's 2/2 comes from the JMX `,
    'exporter sidecar, which the library only adds to the coordinator with `ScalerMetrics.prometheus()` ',
    `(coordinator ${containers(f.prom, 'coordinator')}/${containers(f.prom, 'coordinator')}, workers ${containers(f.prom, 'worker')}/${containers(f.prom, 'worker')} unless \`scrapeWorkers\`). Select the pods of one role by the chart's labels:`,
  );
  page.code('bash', `kubectl get pods -n ${ns} -l ${coordLabels}`, `kubectl get pods -n ${ns} -l ${workerLabels}`);

  page.p('## What `cdk deploy` waits for', '');
  const helm = Object.values<any>(s.resources).find((r) => r.Type === eks.HelmChart.RESOURCE_TYPE && r.Properties.Chart === 'trino')!.Properties;
  page.para(
    `The chart is installed with \`helm upgrade --install --wait\` (the CDK kubectl provider, \`Wait: ${helm.Wait}\`, `,
    `timeout ${helm.Timeout}): helm 4 waits until every object it installed is ready. The coordinator Deployment has `,
    '1 replica; the worker Deployment has no `replicas` when KEDA scales it (the chart leaves the count to KEDA, so a ',
    '`helm upgrade` never resets it), which Kubernetes starts at 1 on the first install. KEDA brings a new ScaledObject ',
    `to its \`minReplicaCount\` (${keda.minReplicaCount}) at its first poll that reads the coordinator: a ScaledObject that was `,
    `never active is scaled in once its \`initialCooldownPeriod\` (${s.scaledObject.spec.initialCooldownPeriod ?? 0} s) has passed since its `,
    'creation (kedacore/keda `pkg/scaling/executor/scale_scaledobjects.go`, `scaleToZeroOrIdle`). So the first install ',
    'waits for the coordinator to start and for KEDA to read it, not for Spot capacity: one worker pod may be created ',
    'and a Spot node requested for it in the meantime, and Karpenter removes the empty node after the worker pool\'s ',
    '`consolidateAfter`. While the coordinator is not up, KEDA\'s metrics requests fail and it changes nothing; if KEDA ',
    'is not installed or cannot reach the coordinator, the install waits for that worker and fails at the timeout when ',
    'no Spot capacity comes. With a `minWorkers` above 0, the install also waits for the first worker.',
  );

  page.p('## Verify the autoscaler', '');
  page.code('bash', `kubectl get scaledobject,hpa -n ${ns}`);
  page.para(
    `The ScaledObject is \`${n.scaledObject}\` (columns ${list(soColumns)}): SCALETARGETNAME \`${s.scaledObject.spec.scaleTargetRef.name}\` `,
    `(a ${s.scaledObject.spec.scaleTargetRef.kind}), MIN ${keda.minReplicaCount}, MAX ${keda.maxReplicaCount}, TRIGGERS `,
    `\`${[...new Set(triggers.map((t) => t.type))].join(',')}\`, READY \`True\` once KEDA can read the coordinator, `,
    'ACTIVE `False` while no query is queued, running or waiting. Its HPA is ',
    `\`${n.hpa}\` (REFERENCE \`Deployment/${n.worker}\`, MAXPODS ${keda.maxReplicaCount}; MINPODS is at least 1 because an HPA cannot `,
    `go to zero: KEDA itself scales between ${keda.minReplicaCount} and 1). The formula, defaults and how to watch it: [autoscaling](autoscaling.md).`,
  );

  page.p('## Verify the Karpenter nodes', '');
  page.code('bash',
    `kubectl get nodes -L karpenter.sh/capacity-type -L node.kubernetes.io/instance-type -L topology.kubernetes.io/zone -L ${nodeLabel}`,
    'kubectl get nodepools,nodeclaims',
    'kubectl get nodepools -l app.kubernetes.io/part-of=trino -L app.kubernetes.io/component');
  page.para(
    'Expect the nodes of your system node group (no `karpenter.sh/capacity-type` label: they are not Karpenter\'s), and ',
    `one node with CAPACITY-TYPE \`${s.coordinatorPool!.capacityTypes.join(',')}\`, \`${nodeLabel}=${CoordinatorPool.DEFAULT_NODE_LABELS[nodeLabel]}\` and `,
    `an instance type among ${list(s.coordinatorPool!.instanceTypes.map(String))} for the coordinator. While queries run, `,
    `one \`${s.workerPool!.capacityTypes.join(',')}\` node per worker joins (\`${nodeLabel}=${SpotWorkerPool.DEFAULT_NODE_LABELS[nodeLabel]}\`, `,
    `among ${list(s.workerPool!.instanceTypes.map(String))}), and every Trino node shows the same ZONE. `,
    `\`kubectl get nodepools\` shows the two Trino NodePools (columns ${list(poolColumns)}); their names are the pools\' `,
    '`nodePoolName` (by default derived from the construct path; `kubectl get nodepools -l app.kubernetes.io/part-of=trino` ',
    `finds them, for [\`examples/trino-on-eks.ts\`](../examples/trino-on-eks.ts) they are \`${bp.nodePools.worker}\` and `,
    `\`${bp.nodePools.coordinator}\`). A NodeClaim is a node Karpenter launches or is launching.`,
  );

  page.p('## Open the web UI', '');
  page.code('bash', `kubectl -n ${ns} port-forward service/${n.service} ${port}:${port}`);
  page.para(
    `Open http://localhost:${port} and log in with a user name such as \`admin\`: the library configures no `,
    'authentication, so any name is accepted without a password (put the UI behind your own authentication before ',
    `exposing it). The cluster overview shows ${keda.minReplicaCount} active workers until the first query.`,
  );

  page.p('## Connect with the CLI', '');
  page.para(
    `The server runs Trino ${version} (\`TrinoCluster.DEFAULT_TRINO_VERSION\`, or your \`trinoVersion\`); use the CLI of `,
    `the same release (the seed's CLI 427 against a ${version} server is not a combination Trino tests). It is an `,
    `executable JAR and needs a Java runtime ([Trino CLI](https://trino.io/docs/${version}/client/cli.html)).`,
  );
  page.code('bash',
    `curl -fL -o trino https://repo1.maven.org/maven2/io/trino/trino-cli/${version}/trino-cli-${version}-executable.jar`,
    'chmod +x trino',
    `./trino --server http://localhost:${port} --user admin --execute 'SHOW CATALOGS'`);
  page.para(`Expect one line per catalog, quoted (the CLI prints CSV in batch mode): ${list(catalogs)}.`);
  page.para(
    `The first query on a cluster at ${keda.minReplicaCount} workers (even \`SHOW CATALOGS\`) waits for a worker: the coordinator `,
    `has \`query-manager.required-workers=${coordConfig['query-manager.required-workers'].value}\`, KEDA sees \`RequiredWorkers\` at its next poll `,
    `(every ${keda.pollingInterval} s), Karpenter launches a Spot node, the worker starts and the query runs. If no worker is `,
    `active after \`query-manager.required-workers-max-wait=${maxWait}\` the query fails with "Insufficient active worker nodes".`,
  );

  page.p('## Run the example workloads', '');
  const out = checkSampleOutputs(f.examples);
  page.para(
    'The SQL files are in [`examples/sql/`](../examples/sql/). Keep the port-forward running. The data bucket\'s name ',
    `is generated by CloudFormation. Both sample stacks output it as \`${out.dataBucket}\`, next to `,
    `\`${out.exchangeBucket}\`, \`${out.namespace}\` and \`${out.service}\`:`,
  );
  page.code('bash',
    'aws cloudformation describe-stacks --stack-name <your stack> \\',
    `  --query "Stacks[0].Outputs[?OutputKey=='${out.dataBucket}'].OutputValue" --output text`);
  page.para(
    `In your own stack, add the output: \`new CfnOutput(this, '${out.dataBucket}', { value: trino.dataBucket!.bucketName })\`, `,
    'or list the stack\'s buckets (the data bucket\'s logical ID contains `DataBucket`):',
  );
  page.code('bash',
    'aws cloudformation describe-stack-resources --stack-name <your stack> \\',
    '  --query "StackResources[?ResourceType==\'AWS::S3::Bucket\'].[LogicalResourceId,PhysicalResourceId]" --output table');
  const hiveWarehouse = /default-warehouse-dir=(\S*)/.exec(s.values.catalogs.hive)![1].replace(/<[^>]+>/, '<data bucket>');
  page.p('### 1. Hive', '');
  page.para(
    'The seed\'s Hive example reads the NYC taxi trips from a Glue table that its setup script creates: it copies the ',
    'trip data to `s3://<data bucket>/hive/`, creates the Glue database `taxi_hive_database` and runs a Glue crawler ',
    'that creates the table `hive`. Run data-on-eks\' `data-stacks/trino-on-eks/examples/hive-setup.sh` with your ',
    `data bucket. That prefix is the hive catalog's warehouse (\`${hiveWarehouse}\`), the only prefix of the `,
    'data bucket where the Trino role may read Hive data. Then:',
  );
  page.code('bash', `./trino --server http://localhost:${port} --user admin --file examples/sql/hive_taxi.sql`);
  page.para(
    'Expect the catalogs, the schemas of `hive` (`information_schema`, `taxi_hive_database` and every other Glue ',
    'database of the account and region, since the catalog lists them all), the table `hive`, five trips ',
    'and the trip counts by passenger count. To clean up, delete the Glue table and database (`aws glue delete-table ',
    '--database-name taxi_hive_database --name hive`, `aws glue delete-database --name taxi_hive_database`), the crawler ',
    'and the IAM role the setup created, and the objects below `hive/`: the seed\'s `hive-cleanup.sh` has a typo ',
    '(`GLUE_TABLE_NANE`) and deletes a table with an empty name.',
  );
  page.p('### 2. Iceberg', '');
  page.code('bash',
    'export S3_BUCKET=<data bucket> TPCDS_SCALE=sf10',
    'envsubst \'${S3_BUCKET} ${TPCDS_SCALE}\' < examples/sql/tpcds_to_iceberg.sql > /tmp/tpcds_to_iceberg.sql',
    `./trino --server http://localhost:${port} --user admin --file /tmp/tpcds_to_iceberg.sql`);
  page.para(
    'The CTAS statements create the schema `iceberg_schema` below the iceberg warehouse prefix and four TPC-DS tables. ',
    'In another terminal, watch the workers scale:',
  );
  page.code('bash', `kubectl get hpa ${n.hpa} -n ${ns} -w`, `kubectl get deploy ${n.worker} -n ${ns} -w`);
  page.para(
    `Expect REPLICAS to rise above ${keda.minReplicaCount} within a poll of the query reaching the coordinator, new `,
    `\`${s.workerPool!.capacityTypes.join(',')}\` nodes in \`kubectl get nodes\`, and, after the load ends and the cooldown `,
    `(${keda.cooldownPeriod} s), the workers going away, at most ${scaleDown.value === 1 ? 'one' : scaleDown.value} every `,
    `${scaleDown.periodSeconds} s. Clean up with:`,
  );
  page.code('sql', ...['warehouse', 'item', 'inventory', 'date_dim'].map((t) => `DROP TABLE iceberg.iceberg_schema.${t};`), 'DROP SCHEMA iceberg.iceberg_schema;');
  page.p('### 3. Fault tolerance', '');
  page.para(
    'Check the retry policy and the exchange manager, then kill workers mid-query: the whole test, with what you should ',
    'see in the UI and in the exchange bucket, is in [fault tolerance](fault-tolerance.md#test-it-terminate-workers-mid-query).',
  );
  page.code('bash',
    `kubectl -n ${ns} exec deploy/${n.coordinator} -c ${TRINO_CHART.chart}-coordinator -- cat /etc/trino/config.properties /etc/trino/exchange-manager.properties`);

  page.p('## Troubleshooting', '');
  page.p('### Workers do not scale', '');
  page.code('bash',
    `kubectl describe scaledobject ${n.scaledObject} -n ${ns}`,
    `kubectl logs -n ${kedaChart.namespace} -l app.kubernetes.io/name=keda-operator --since=10m`,
    `kubectl -n ${ns} exec deploy/${n.coordinator} -c ${TRINO_CHART.chart}-coordinator -- \\`,
    `  curl -s -H 'X-Trino-User: ${kedaUser}' localhost:${port}/metrics | grep -e ${metricNames.join(' -e ')}`);
  page.para(
    'The last command asks the coordinator for the three values KEDA reads, under the names of Trino\'s own ',
    `OpenMetrics endpoint (${list(metricNames)}); KEDA sends \`X-Trino-User: ${kedaUser}\`. Then:`,
  );
  page.item(
    'Events such as `error requesting metrics endpoint` or READY `False`: KEDA cannot reach the coordinator; check ',
    `\`kubectl get endpoints ${n.service} -n ${ns}\` and NetworkPolicies between the KEDA namespace and \`${ns}\`.`,
  );
  page.item('An error about `apiKey`: the KEDA operator is older than 2.18 and does not read the header settings from the trigger.');
  page.item('The values stay 0 while a query waits: check that `query-manager.required-workers` is in the coordinator\'s `config.properties`.');
  page.item(
    'REPLICAS rises but pods stay Pending: Karpenter cannot launch a node; `kubectl get nodeclaims`, ',
    `\`kubectl describe pod -n ${ns} -l ${workerLabels}\` and the Karpenter controller's logs say why (no Spot capacity `,
    'of the allowed types in the zone: consider `onDemandFallback`).',
  );
  page.p('');
  page.para('More, including the Prometheus metric source: [autoscaling](autoscaling.md#troubleshooting).');
  page.p('### Queries fail with out-of-memory errors', '');
  page.code('bash',
    `kubectl -n ${ns} exec deploy/${n.coordinator} -c ${TRINO_CHART.chart}-coordinator -- cat /etc/trino/config.properties`,
    `kubectl -n ${ns} exec deploy/${n.worker} -c ${TRINO_CHART.chart}-worker -- cat /etc/trino/config.properties /etc/trino/jvm.config`);
  const mem = (cfg: typeof coordConfig, name: string) => cfg[name] ? c(`${name}=${cfg[name].value}`) : '(not set)';
  page.para(
    `With the defaults the workers have ${mem(workerConfig, 'query.max-memory-per-node')}, `,
    `${mem(workerConfig, 'memory.heap-headroom-per-node')} and ${mem(workerConfig, 'query.max-memory')} `,
    `(per-node memory × \`maxWorkers\`), and a heap of \`${s.values.worker.jvm.maxHeapSize}\`, all derived from the worker `,
    'instance type ([sizing](sizing.md)).',
  );
  page.item(
    '"Query exceeded per-node memory limit": a query needs more memory on one worker than `query.max-memory-per-node`. ',
    'Use a larger `workerInstanceType` (and a worker pool that allows it): the per-node limit grows with the node. ',
    'Fewer concurrent queries (`resourceGroups`) leave each more of the node.',
  );
  page.item(
    '"Query exceeded distributed user memory limit": the query needs more than `query.max-memory` in total; raise ',
    '`maxWorkers` (it sizes `query.max-memory`) or use larger workers.',
  );
  page.item(
    'A pod restarted with reason `OOMKilled` ',
    `(\`kubectl get pods -n ${ns} -o jsonpath='{range .items[*]}{.metadata.name} {.status.containerStatuses[0].lastState.terminated.reason}{"\\n"}{end}'\`): `,
    'memory outside the heap outgrew the container; lower `heapFraction` in `workerSizing` ([sizing](sizing.md)).',
  );
  page.item(
    'A Trino process restarted after `java.lang.OutOfMemoryError` in its log: the JVM exits on it ',
    '(`-XX:+ExitOnOutOfMemoryError`) and Kubernetes restarts the container. It writes no heap dump: the chart\'s ',
    'jvm.config asks for one (`-XX:+HeapDumpOnOutOfMemoryError`) without a path, so it would go to `node.data-dir` ',
    '`/data/trino` in the container\'s writable layer, up to the size of the heap, and fill the node\'s root volume; the ',
    `library appends ${list([...JVM_OPTIONS])} (\`<role>.additionalJVMConfig\`; HotSpot takes the last occurrence of a flag). `,
    'To investigate an OutOfMemoryError, take a dump on purpose on a running pod (`jcmd 1 GC.heap_dump` to a volume with ',
    'room for the heap), or set `helmValues` `worker.additionalJVMConfig` to `-XX:HeapDumpPath=` on a volume you mount ',
    'with `worker.additionalVolumes` (the list replaces the library\'s).',
  );
  page.p('');
  page.p('### The coordinator is unreachable', '');
  page.code('bash',
    `kubectl get pods -n ${ns} -l ${coordLabels}`,
    `kubectl logs -n ${ns} deploy/${n.coordinator} -c ${TRINO_CHART.chart}-coordinator --tail=100`,
    `kubectl get svc,endpoints ${n.service} -n ${ns}`);
  page.item(
    `The pod must be Running and READY ${containers(s, 'coordinator')}/${containers(s, 'coordinator')}. Pending: \`kubectl describe pod\` and `,
    '`kubectl get nodeclaims` (no On-Demand capacity of the coordinator types in the zone).',
  );
  page.item('Not ready: the log ends with `SERVER STARTED` once Trino is up; errors before it name a bad property or catalog.');
  page.item(
    `The Service \`${n.service}\` must list the pod's IP under ENDPOINTS, on port ${port}; port-forward to \`service/${n.service}\` `,
    `in namespace \`${ns}\` (another release: \`service/<release>-trino\`).`,
  );
  page.p('');
  page.p('## What this corrects in the data-on-eks instructions', '');
  page.p(
    `- The ScaledObject is the chart's \`${n.scaledObject}\` targeting the **Deployment** \`${n.worker}\`, not \`trino-worker-scaler\` on a StatefulSet the chart never renders; worker pods are \`${n.worker}-<hash>-<suffix>\`, not \`${n.worker}-0\`; the HPA is \`${n.hpa}\`.`,
    '- The anchor\'s Prometheus service `kube-prometheus-kube-prome-prometheus.kube-prometheus:9090` does not exist in its own stack (kube-prometheus-stack there is `prometheus-prometheus.monitoring:9090`); by default this library needs no Prometheus at all: KEDA reads the coordinator.',
    '- The series of the chart\'s ServiceMonitor carry `job="trino"` and `service="trino"` for the coordinator, not `job="trino-coordinator"`; with `ScalerMetrics.prometheus()` the library selects them by `namespace` and `service`.',
    `- The CLI should match the server: Trino ${version}, not 427.`,
    '- The data bucket name comes from your stack\'s resources or outputs, not from a Terraform output.',
    '',
  );
  return page.text();
}

// ---------------------------------------------------------------------------------------------------------------
// docs/operations.md: the smoke test (TrinoSmokeTest), its cold-start figure, and the integration tests
// ---------------------------------------------------------------------------------------------------------------

/** The TrinoSmokeTest of a sample, as its synthesized template has it. */
function sampleSmokeTest(e: Example) {
  const smoke = e.app.node.findAll().find((x): x is TrinoSmokeTest => x instanceof TrinoSmokeTest);
  if (!smoke) throw new Error(`examples/${e.file} has no TrinoSmokeTest`);
  const stack = Stack.of(smoke);
  const template = e.stacks.find((s) => s.name === stack.stackName)!.template;
  const resources: { [id: string]: any } = template.Resources;
  const checkId = Object.keys(resources).find((id) => resources[id].Type === 'Custom::TrinoSmokeTest')!;
  const value = Object.values(resources).find((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesObjectValue' && r.Properties.ObjectType === 'pod')!;
  const pod = Object.values(resources)
    .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .flatMap((r) => parseCfnJson(r.Properties.Manifest))
    .find((o: any) => o.kind === 'Pod');
  const env: { [name: string]: string } = Object.fromEntries(pod.spec.containers[0].env.map((x: any) => [x.name, x.value]));
  const output = (attr: string) => {
    const found = Object.entries<any>(template.Outputs ?? {}).find(([, o]) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [checkId, attr] }));
    if (!found) throw new Error(`examples/${e.file}: no output of the smoke test's ${attr}`);
    return found[0];
  };
  const retained = Object.entries(resources)
    .filter(([, r]) => r.DeletionPolicy === 'Retain' && !r.Type.startsWith('Custom::'))
    .map(([id, r]) => `${r.Type} ${id}`);
  const logs = Object.values(resources).find((r) => r.Type === 'AWS::Logs::LogGroup' && String(r.Properties.LogGroupName).startsWith('/aws/lambda/TrinoSmokeVerdict-'));
  if (!logs) throw new Error(`examples/${e.file}: no log group of the smoke test's verdict function`);
  return {
    logGroup: String(logs.Properties.LogGroupName),
    logRetentionDays: Number(logs.Properties.RetentionInDays),
    stackName: stack.stackName,
    pod,
    env,
    timeoutSeconds: Number(value.Properties.TimeoutSeconds),
    outputs: { result: output('Summary'), cold: output('ColdStartSeconds'), warm: output('WarmQuerySeconds') },
    retained,
  };
}

function renderSmokeTest(page: Page, f: Facts): void {
  const examples = ['existing-cluster', 'trino-on-eks'].map((name) => {
    const e = f.examples.find((x) => x.name === name);
    if (!e) throw new Error(`examples/${name}.ts is missing`);
    return { e, smoke: sampleSmokeTest(e) };
  });
  const { smoke } = examples[0];
  const env = smoke.env;
  const ns = smoke.pod.metadata.namespace;
  const words = (v?: string) => (v ?? '').split(' ').filter((x) => x.length > 0);
  const writes = words(env.WRITE_CATALOGS);
  const reads = words(env.READ_CATALOGS);
  const statements = 4 + 1 + (env.RETRY_POLICY ? 2 : 0) + reads.length + 6 * writes.length;
  const keda = f.seed.values.server.keda;
  const maxWait = f.seed.chart.coordinator.configProperties['query-manager.required-workers-max-wait']?.value;
  const image = smoke.pod.spec.containers[0].image;
  const podName = smoke.pod.metadata.name.replace(/[0-9a-f]{10}$/, '<run id>');
  const nation = `SELECT count(*) FROM "${env.TPCH_CATALOG}".tiny.nation`;
  const minutes = (s: number) => `${s / 60} min`;

  page.p('## The smoke test: what `cdk deploy` proved', '');
  page.para(
    'Both samples end with a `TrinoSmokeTest`. After the Trino release and everything that configures it, a pod ',
    `\`${podName}\` in namespace \`${ns}\` runs the Trino CLI of the server's own image (\`${image}\`) against the `,
    `coordinator Service (\`${env.TRINO_SERVER}\`), one statement per CLI call, `,
    typeof env.TRINO_USER === 'string'
      ? `as user \`${env.TRINO_USER}\`. `
      : 'as the user of its `credentials` (with password authentication behind the endpoint, the samples\' case, over the client protocol with `curl` and `X-Forwarded-Proto: https`: see [security.md](security.md#the-smoke-test-with-authentication)). ',
    'CloudFormation waits for the pod (a `KubernetesObjectValue` polls its termination message) and a small custom ',
    'resource turns the message into the verdict: `OK` passes, anything else fails the deployment, which rolls back. ',
    `In the samples it runs ${statements} statements:`,
  );
  const rows: string[][] = [
    ['first query', c(nation), '`25`; timed from submission to its result: with 0 workers a cold start'],
    ['re-run', 'the same', '`25`; timed: the warm figure'],
    ['active workers', '`system.runtime.nodes`', 'reported'],
    ['worker wait', '`system.runtime.queries` (`started` − `created` − `queued_time_ms` of the first query)', 'reported'],
    ['catalogs', '`SHOW CATALOGS`', `lists ${list(words(env.EXPECT_CATALOGS))}`],
  ];
  if (env.RETRY_POLICY) {
    rows.push(['retry policy', "`SHOW SESSION LIKE 'retry_policy'`", `\`${env.RETRY_POLICY}\`, the coordinator's \`retry-policy\``]);
    rows.push(['fault-tolerant query', 'a join of `tiny.nation` and `tiny.region` with `GROUP BY`', '5 regions of 5 nations; its stages spool to the exchange bucket']);
  }
  for (const r of reads) rows.push([`${r}: list schemas`, `\`SHOW SCHEMAS FROM "${r}"\``, 'answers']);
  for (const w of writes) {
    rows.push([`${w}: create schema, create table, insert, read back, drop table, drop schema`,
      `\`CREATE SCHEMA "${w}"."cdk_trino_eks_smoke_<run id>_<time>"\` …`, '2 rows read back; the Glue database and the S3 objects are gone afterwards']);
  }
  page.table(['Step', 'Statement', 'Passes when'], rows);
  page.para(
    'A failed step stops the test; the scratch tables and schemas it created are dropped either way (the message says ',
    'what it could not drop). The run id is a hash of the Trino chart values, the Trino role\'s policy and the test: ',
    'the test runs again on every deployment that changes one of them (its pod, wait and verdict are new resources, so ',
    'a rollback deletes the new pod and keeps the previous result), and not otherwise. The finished pod stays until ',
    'the next run, for `kubectl logs`.',
  );

  page.p('### Read the result', '');
  page.para('After a deployment, the stack outputs hold the result line and the two timings:');
  page.table(['Sample', 'Result', 'First query (s)', 'Re-run (s)'], examples.map(({ e, smoke: s }) => [
    `[\`${e.file}\`](../examples/${e.file}) (stack \`${s.stackName}\`)`, c(s.outputs.result), c(s.outputs.cold), c(s.outputs.warm),
  ]));
  page.code('bash',
    `aws cloudformation describe-stacks --stack-name ${smoke.stackName} \\`,
    `  --query "Stacks[0].Outputs[?starts_with(OutputKey, '${smoke.outputs.result.replace(/Result[0-9A-F]{8}$/, '')}')].[OutputKey,OutputValue]" --output table`);
  page.para(
    `The result reads like \`Trino ${TrinoCluster.DEFAULT_TRINO_VERSION}: ${statements} statements passed (catalogs ${words(env.EXPECT_CATALOGS).join(', ')} listed; `,
    `${env.RETRY_POLICY ? `retry policy ${env.RETRY_POLICY}; ` : ''}${writes.join(', ')} create-insert-read-drop). First query 182.4 s (171.0 s of it `,
    'waiting for a worker: scale from zero), re-run 0.9 s; active workers afterwards: 1.` (the figures here are an ',
    'illustration, not a measurement). "a worker was already running" instead means the first query found a worker ',
    'and is no cold start: right after the first install the worker Deployment starts at 1 until KEDA scales it down.',
  );
  page.para(
    'When a step fails, the deployment fails at the `Custom::TrinoSmokeTest` resource and its event reason is the ',
    'failing statement and Trino\'s error, for example `Trino smoke test (pod trino/trino-smoke-<run id>) failed: FAILED ',
    'hive: insert: INSERT INTO "hive"."cdk_trino_eks_smoke_<run id>_<time>"."cdk_trino_eks_smoke_<run id>_<time>" VALUES ',
    '(1, \'cdk-trino-eks\'), (2, \'smoke test\')` followed by `Query <id> failed: Access Denied: …` and what the cleanup ',
    'dropped. Read it in the console\'s stack events or with:',
  );
  page.code('bash',
    `aws cloudformation describe-stack-events --stack-name ${smoke.stackName} \\`,
    "  --query \"StackEvents[?ResourceType=='Custom::TrinoSmokeTest' && ends_with(ResourceStatus, 'FAILED')].ResourceStatusReason\" --output text");
  page.para(
    `The verdict function also logs every result, passed or failed, to its log group \`${smoke.logGroup}\` (kept `,
    `${smoke.logRetentionDays} days; the one the reason's \`Logs:\` line names). A reason that starts with `,
    `\`Timeout waiting for output from kubectl command\` means the pod never finished within ${minutes(smoke.timeoutSeconds)} `,
    '(`timeout`): it could not be scheduled (it needs a node without taints with 250m CPU and 768 MiB free) or its image ',
    `could not be pulled; \`kubectl describe pod -n ${ns} -l app.kubernetes.io/component=smoke-test\` says which. Kubernetes `,
    `stops the pod a minute before that (\`activeDeadlineSeconds\` ${smoke.pod.spec.activeDeadlineSeconds}) and the script stops sending `,
    `statements after ${env.BUDGET_SECONDS} s, so a slow query is reported as such.`,
  );
  page.para(
    `Turn every smoke test of an app off for one deployment with \`cdk deploy -c ${TrinoSmokeTest.ENABLED_CONTEXT_KEY}=false\` `,
    '(or `enabled: false` on the construct), and run it again without changing Trino, after fixing something outside the ',
    `stack, with \`cdk deploy -c ${TrinoSmokeTest.RERUN_CONTEXT_KEY}=<any new value>\`.`,
  );

  page.p('### The cold-start figure', '');
  page.para(
    `The samples run the workers from ${keda.minReplicaCount}: the first query waits for one (\`query-manager.required-workers=1\`). `,
    'Its time, from submission to result, is made of:',
  );
  page.code('text',
    'first query = worker wait + query                       (query ≈ the re-run figure)',
    `worker wait = KEDA poll      (0 to pollingInterval = ${keda.pollingInterval} s: when KEDA next reads RequiredWorkers)`,
    '            + scale-up       (KEDA activates the worker Deployment, the ReplicaSet creates the pod: seconds)',
    '            + node launch    (Karpenter: NodeClaim, Spot instance running, kubelet joins, node Ready)',
    `            + image pull     (${image} onto the new node)`,
    '            + Trino start    (JVM start, plugins and catalogs loaded, "SERVER STARTED")',
    '            + announcement   (the worker announces itself; the coordinator counts it active)');
  page.para(
    'The smoke test reports the worker wait separately (the first query\'s `started` − `created` − `queued_time_ms` in ',
    '`system.runtime.queries`), so the rest of the first query is its execution. Read each part off the cluster:',
  );
  page.code('bash',
    `kubectl get events -n ${ns} --sort-by=.lastTimestamp   # KEDA/HPA scale-up, Scheduled, Pulling, Pulled (with the pull time), Started`,
    'kubectl get nodeclaims -o wide                       # launch and Ready times of the worker node',
    `kubectl logs -n ${ns} -l app.kubernetes.io/component=worker -c ${TRINO_CHART.chart}-worker | grep -m1 "SERVER STARTED"`);
  page.para('To lower it:');
  page.item(
    'Keep a warm minimum: `minWorkers: 1` on the `TrinoKedaScaler` (and the `TrinoCluster`) removes the worker wait ',
    'for the first query, for the price of one worker node at all times.',
  );
  page.item(
    `Poll more often: \`pollingInterval\` on the \`TrinoKedaScaler\` (${keda.pollingInterval} s) bounds the first part; `,
    'each poll is one small request to the coordinator.',
  );
  page.item(
    'Pull faster: mirror the image to Amazon ECR in the cluster\'s region (`imageRepository`, for example through an ',
    'ECR pull-through cache rule) so that new nodes pull it from the region, not from Docker Hub.',
  );
  page.item(
    'Launch faster: allow more instance types in the `SpotWorkerPool` (more Spot pools to choose from) or ',
    '`onDemandFallback` when Spot capacity is short; Karpenter then finds capacity at the first attempt more often.',
  );
  page.item(
    `Keep \`requiredWorkersMaxWait\` (\`query-manager.required-workers-max-wait=${maxWait}\`) above the cold start, and `,
    `the smoke test's \`timeout\` (${minutes(smoke.timeoutSeconds)}, at most 13) above both.`,
  );
  page.p('');

  page.p('### Integration tests', '');
  page.para(
    'The samples are also AWS CDK integration tests ([`test/integ/`](../test/integ/), `@aws-cdk/integ-tests-alpha` and ',
    '`@aws-cdk/integ-runner`), with their cloud assemblies committed as snapshots (`test/integ/integ.*.ts.snapshot/`). ',
    '`bash scripts/test.sh` runs `npx projen integ`: integ-runner synthesizes each test offline, compares it with its ',
    'snapshot and fails on any difference, so a template change is reviewed in the diff. After a reviewed change, ',
    '`npx projen integ:update` rewrites the snapshots without deploying.',
  );
  page.para(
    `With AWS credentials for a sandbox account (deploying in ${c(INTEG_REGION)}, which has the m7g and r8g Graviton types `,
    'the samples use), one command deploys each sample, lets its smoke test run as the assertion, destroys it and ',
    'updates its snapshot:',
  );
  page.code('bash', 'npx projen integ:deploy');
  page.para(
    `It deploys the stacks ${list(examples.map(({ smoke: s }) => s.stackName))} under those names (not in an account `,
    'where the samples already run). Rough time and cost, estimated from the resources, not measured: each sample ',
    'creates a VPC with a NAT gateway, an EKS control plane, two m7g.large system nodes, an On-Demand coordinator node ',
    'and, for the smoke test, one Spot worker node; creating the cluster and its add-ons takes most of the time, about ',
    '40 to 60 minutes per sample with the destroy, and at us-west-2 list prices the two samples cost a few US dollars ',
    'per run (EKS and NAT by the hour, EC2 by the second).',
  );
  page.para('What stays afterwards (kept on stack deletion, delete it by hand):');
  for (const { e, smoke: s } of examples) page.item(`\`${e.file}\`: ${s.retained.map((r) => c(r)).join(', ')}.`);
  page.item(
    'Log groups the services create on their own: `/aws/eks/<cluster>/cluster` (control-plane logs) and ',
    '`/aws/lambda/<function>` of the provider functions.',
  );
  page.p('');
  page.para(
    'integ-runner 2.197.10, the newest on the npm registry, reads cloud assembly schema 53, while aws-cdk-lib 2.261 ',
    'writes 54: [`test/integ/integ-app.sh`](../test/integ/integ-app.sh), the app command the tasks give it, ',
    'synthesizes a test and declares its assembly as schema 53, leaving templates and assets as they are. Remove it ',
    'once integ-runner reads schema 54.',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// docs/blueprints.md
// ---------------------------------------------------------------------------------------------------------------

function renderBlueprints(f: Facts): string {
  const bp = f.blueprint;
  const n = releaseNames(f.seed);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  const blueprintsVersion = pkg.devDependencies['@aws-quickstart/eks-blueprints'];
  const cdkVersion = pkg.devDependencies['aws-cdk-lib'];
  const addOnSource = fs.readFileSync(path.join(ROOT, 'src', 'blueprints', 'trino-addon.ts'), 'utf-8');
  const lookups = [...addOnSource.matchAll(/lookup\('(\w+)'\)/g)].map((m) => m[1]);
  const karpenterLookups = lookups.filter((x) => x.startsWith('Karpenter'));
  const securityLookups = lookups.filter((x) => !x.startsWith('Karpenter') && x !== 'KedaAddOn');
  const trinoAddOn = bp.addOns.find((a) => a.className === 'TrinoAddOn')!;
  const props = interfaceProps(path.join(ROOT, 'src', 'blueprints', 'trino-addon.ts'), 'TrinoAddOnProps');
  const ns = bp.trino.namespace;
  const chartOf = (name: string) => bp.charts.find((ch) => ch.chart === name)!;
  const trinoChart = chartOf(TRINO_CHART.chart);
  const karpenterChart = chartOf('karpenter');
  const kedaChart = chartOf('keda');
  const resources: { [id: string]: any } = bp.template.Resources;
  const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
  const exchangeBucket = resources[bp.exchangeBucketId];
  const autoDelete = Object.values(resources).some((r: any) => r.Type === 'Custom::S3AutoDeleteObjects'
    && JSON.stringify(r.Properties.BucketName).includes(bp.exchangeBucketId));
  const dataVersioned = resources[bp.dataBucketId].Properties.VersioningConfiguration?.Status === 'Enabled';
  const keda = bp.values.server.keda;
  const synthOne = synthOneCommand(bp.example.name);

  // errors, from the add-on itself
  const fake = (addOns: string[]) => {
    const { stack, cluster } = importedCluster();
    const info = {
      cluster,
      getScheduledAddOn: (name: string) => (addOns.includes(name) ? Promise.resolve(new Construct(stack, `Fake${name}`)) : undefined),
    };
    return { stack, info };
  };
  const noKarpenter = errorOf(() => new TrinoAddOn().deploy(fake(['KedaAddOn']).info));
  const noKeda = errorOf(() => new TrinoAddOn().deploy(fake([lookups[0]]).info));
  const noNodeRole = errorOf(() => new TrinoAddOn().deploy(fake([lookups[0], 'KedaAddOn']).info));
  const ownPool = errorOf(() => new TrinoAddOn({ workerPool: {} as any }));
  const plain = fake([]);
  void new TrinoAddOn({ spotCapacity: false, autoscaling: false, faultTolerance: false }).deploy(plain.info);
  const plainTrino = plain.stack.node.findAll().find((x) => x instanceof TrinoCluster) as TrinoCluster;
  const plainWorkers = plainTrino._renderValues().server.workers;
  const scaling = fake(['KedaAddOn']);
  void new TrinoAddOn({ spotCapacity: false, faultTolerance: false }).deploy(scaling.info);
  const scalingTrino = scaling.stack.node.findAll().find((x) => x instanceof TrinoCluster) as TrinoCluster;
  const scalingMin = scalingTrino._renderValues().server.keda.minReplicaCount;

  const page = new Page('eks-blueprints: the seed stack as one add-on', 'src/blueprints/trino-addon.ts and examples/trino-on-eks.ts, synthesized');
  page.para(
    '`TrinoAddOn` gives users of [`@aws-quickstart/eks-blueprints`](https://github.com/aws-quickstart/cdk-eks-blueprints) ',
    'the seed\'s Trino stack in one line next to the Karpenter and KEDA add-ons. It is for **TypeScript** blueprints: ',
    'eks-blueprints is not a jsii module, so the add-on names none of its types (it is a structural `ClusterAddOn`: an ',
    '`id` and `deploy(clusterInfo)`), and Python, Java, .NET and Go users compose the same constructs directly ',
    '([architecture](architecture.md)).',
  );
  page.p('## Quickstart', '');
  page.code('bash', `npm install cdk-trino-eks @aws-quickstart/eks-blueprints@${blueprintsVersion} aws-cdk-lib@${cdkVersion}`);
  page.para(
    `eks-blueprints ${blueprintsVersion} pins aws-cdk-lib ${cdkVersion}; use that aws-cdk-lib in your app. Import the add-on `,
    'from the package root:',
  );
  const ordered = bp.addOns.map((a) => a.className);
  const q = f.quickstart;
  page.code('ts',
    'import * as blueprints from \'@aws-quickstart/eks-blueprints\';',
    'import { App } from \'aws-cdk-lib\';',
    'import * as eks from \'aws-cdk-lib/aws-eks\';',
    'import { TrinoAddOn } from \'cdk-trino-eks\';',
    '',
    'const app = new App();',
    'blueprints.EksBlueprint.builder()',
    `  .version(eks.KubernetesVersion.V${q.kubernetesVersion.replace('.', '_')})`,
    '  .addOns(',
    ...q.addOns.map((x) => `    new blueprints.${x}(),`),
    '    new TrinoAddOn(), // after Karpenter and KEDA',
    '  )',
    `  .buildAsync(app, '${q.stackName}');`);
  page.para(
    `[\`examples/trino-on-eks.ts\`](../examples/trino-on-eks.ts) is the complete sample: add-ons ${list(ordered)}, in that `,
    'order, plus the cluster provider with a small On-Demand system node group, cluster logging, and the ',
    'acknowledgments of the cdk-nag findings it accepts.',
  );

  page.p('## Order of the add-ons', '');
  page.para(
    'eks-blueprints deploys add-ons in the order of `.addOns(...)`, and an add-on can only find add-ons listed before ',
    `it (\`clusterInfo.getScheduledAddOn(name)\`). \`TrinoAddOn\` looks up ${list(karpenterLookups)} (the first found) `,
    `and \`KedaAddOn\`, and with secure access ${list(securityLookups)}, so put it after them; the EKS Pod Identity `,
    'agent add-on, which the sample\'s Karpenter uses, goes first. When its promise resolves, the add-on makes the ',
    'NodePools, the EC2NodeClass and the Trino chart depend on the Karpenter chart, the Trino chart and the scaler on ',
    'the KEDA chart, the Trino chart on the load balancer controller (with an `endpoint`) and the SecretProviderClass ',
    'on the Secrets Store CSI driver (see [security.md](security.md)). In the sample, ',
    `the Trino chart \`${trinoChart.id}\` has \`DependsOn\` on \`${karpenterChart.id}\` (Karpenter ${karpenterChart.version} `,
    `in \`${karpenterChart.namespace}\`) and \`${kedaChart.id}\` (KEDA ${kedaChart.version} in \`${kedaChart.namespace}\`).`,
  );
  page.para('When a feature needs an add-on that is missing (or listed after it), `build`/`buildAsync` fails at once with:');
  page.p(`- no Karpenter: "${noKarpenter}"`, `- no KEDA: "${noKeda}"`, `- Karpenter without its node role: "${noNodeRole}"`, '');

  page.p('## What it builds', '');
  const children = bp.scope.node.children.map((ch) => [c(ch.node.id), c(ch.constructor.name)]);
  page.para(
    `Everything lands under one construct, \`${trinoAddOn.id}\`, in the blueprint's stack, on the blueprint's cluster and VPC:`,
  );
  const what: { [cls: string]: string } = {
    TrinoNodeClass: 'EC2NodeClass on the VPC\'s private subnets and the cluster security group, with the Karpenter add-on\'s node role',
    SpotWorkerPool: 'Spot NodePool for the workers, `maxNodes` = `maxWorkers`, in the zone of the first private subnet (or `zone`)',
    CoordinatorPool: 'On-Demand NodePool for the coordinator, same zone',
    FaultTolerantExchange: `exchange bucket and \`retry-policy=${bp.values.additionalConfigProperties.find((l: string) => l.startsWith('retry-policy=')).split('=')[1]}\``,
    TrinoCluster: `the Trino chart (release \`${trinoChart.release}\` in \`${trinoChart.namespace}\`), its service account and IAM role, the data bucket, the four catalogs`,
    TrinoKedaScaler: `KEDA scaling from ${keda.minReplicaCount} to ${keda.maxReplicaCount} workers, graceful shutdown, PodDisruptionBudgets`,
  };
  page.table(['Construct id', 'Class', 'What'], children.map(([id, cls]) => [id, cls, what[cls.replace(/`/g, '')] ?? '']));
  page.para(
    '`deploy(clusterInfo)` builds all of it synchronously (a bad prop or a missing add-on fails `build` at once) and ',
    'returns a promise of the Trino `HelmChart`, which resolves once the Karpenter and KEDA add-ons have.',
  );

  page.p('## Props', '');
  page.para(
    '`TrinoAddOnProps` extends `TrinoClusterOptions`, so every `TrinoCluster` prop except `cluster` applies ',
    '([API.md](../API.md)); `workerPool`, `coordinatorPool` and `exchange` are refused because the add-on creates them ',
    `("${ownPool}"). With \`autoscaling\` on, \`minWorkers\` defaults to ${scalingMin} (scale to zero); with it off, to `,
    `${plainWorkers}. The add-on's own props:`,
  );
  const defaultText = (d: string | undefined) => (d === undefined ? '' : d.startsWith('- ') ? d.slice(2) : c(d));
  page.table(['Prop', 'Type', 'What', 'Default'], props.map((pr) => [c(pr.name), c(pr.type), pr.summary, defaultText(pr.default)]));

  page.p('## Depending on the Trino add-on', '');
  page.para(`Other add-ons wait for Trino through its id, \`${trinoAddOn.id}\` (the \`id\` prop), and get the Trino \`HelmChart\`:`);
  page.code('ts',
    'import { Construct } from \'constructs\';',
    '',
    'class DashboardsAddOn implements blueprints.ClusterAddOn {',
    '  async deploy(clusterInfo: blueprints.ClusterInfo): Promise<Construct> {',
    `    const trinoChart = await clusterInfo.getScheduledAddOn('${trinoAddOn.id}');`,
    '    const dashboards = new Construct(clusterInfo.cluster, \'Dashboards\'); // ... your manifests',
    '    dashboards.node.addDependency(trinoChart!);',
    '    return dashboards;',
    '  }',
    '}');
  page.para('List it after `TrinoAddOn` in `.addOns(...)`.');

  page.p('## Walk-through: the seed with examples/trino-on-eks.ts', '');
  page.para(
    'Each step of the seed, mapped to what the sample deploys. Nothing here needs Terraform, Helm or ArgoCD: ',
    '`cdk deploy` creates the VPC, the cluster, the add-ons and Trino in one CloudFormation stack.',
  );
  page.p('### 1. Configure and synthesize (seed steps 1-2)', '');
  page.para(
    'The seed\'s `data-stack.tfvars` is the `TrinoAddOn` props in `examples/trino-on-eks.ts`; its `enable_*` flags are ',
    'the add-on\'s `spotCapacity`, `autoscaling` and `faultTolerance` props, which really switch the features. The stack is ',
    'environment-agnostic, so it synthesizes offline with no AWS credentials:',
  );
  page.code('bash', synthOne, `npx cdk synth --app "npx ts-node --prefer-ts-exts examples/${bp.example.name}.ts"`);
  page.para(
    `Expect one stack, \`${bp.stack.stackName}\`, with ${bp.example.stacks[0].resources} resources, and no unacknowledged `,
    'AwsSolutions or TrinoChecks finding.',
  );
  page.p('### 2. Deploy (seed step 3)', '');
  page.code('bash',
    'export CDK_DEFAULT_ACCOUNT=<account> CDK_DEFAULT_REGION=<region>',
    'npx cdk bootstrap   # once per account and region',
    `npx cdk deploy --app "npx ts-node --prefer-ts-exts examples/${bp.example.name}.ts" ${bp.stack.stackName}`);
  page.para(
    `The EKS cluster is named \`${bp.clusterName}\` (Kubernetes ${bp.kubernetesVersion}). The stack's output `,
    `\`${bp.configCommandOutput}\` is the kubeconfig command; run it:`,
  );
  page.code('bash',
    `aws cloudformation describe-stacks --stack-name ${bp.stack.stackName} \\`,
    `  --query "Stacks[0].Outputs[?OutputKey=='${bp.configCommandOutput}'].OutputValue" --output text`,
    '# prints: aws eks update-kubeconfig --name ... --region ... --role-arn ...');
  page.p('### 3. Verify pods, the ScaledObject and the Karpenter nodes (seed step 4)', '');
  page.para(
    `As in [operations](operations.md): \`kubectl get pods -n ${ns}\` shows the coordinator \`${n.coordinator}-<hash>-<suffix>\` `,
    `and no worker yet (\`minWorkers\` ${keda.minReplicaCount}); \`kubectl get scaledobject,hpa -n ${ns}\` shows `,
    `\`${n.scaledObject}\` (MIN ${keda.minReplicaCount}, MAX ${keda.maxReplicaCount}) and \`${n.hpa}\`; the NodePools are `,
    `\`${bp.nodePools.worker}\` (workers, Spot) and \`${bp.nodePools.coordinator}\` (coordinator, On-Demand), and `,
    '`kubectl get nodes -L karpenter.sh/capacity-type -L node.kubernetes.io/instance-type -L topology.kubernetes.io/zone` ',
    'shows the coordinator\'s On-Demand node next to the system node group\'s nodes.',
  );
  page.p('### 4. The UI and the CLI (seed steps 5-6)', '');
  page.code('bash',
    `kubectl -n ${ns} port-forward service/${n.service} ${TRINO_CHART.httpPort}:${TRINO_CHART.httpPort}`,
    `./trino --server http://localhost:${TRINO_CHART.httpPort} --user admin --execute 'SHOW CATALOGS'`);
  const out = checkSampleOutputs([bp.example]);
  page.para(
    'The example workloads: [operations](operations.md#run-the-example-workloads). They need the data bucket ',
    `(the resource \`${bp.dataBucketId}\`), which the stack outputs as \`${out.dataBucket}\`:`,
  );
  page.code('bash',
    `aws cloudformation describe-stacks --stack-name ${bp.stack.stackName} \\`,
    `  --query "Stacks[0].Outputs[?OutputKey=='${out.dataBucket}'].OutputValue" --output text`);
  page.p('### 5. Clean up', '');
  page.code('bash', `npx cdk destroy --app "npx ts-node --prefer-ts-exts examples/${bp.example.name}.ts" ${bp.stack.stackName}`);
  page.para(
    'CloudFormation deletes in the reverse order of the dependencies: the Trino chart, the NodePools and the node ',
    'class before the Karpenter chart (so Karpenter still runs to terminate the Trino nodes), the add-ons before the ',
    `cluster, the cluster before the VPC. The exchange bucket \`${bp.exchangeBucketId}\` is deleted `,
    `(\`DeletionPolicy: ${exchangeBucket.DeletionPolicy ?? 'Delete'}\`)${autoDelete ? ', emptied first by a custom resource' : ''}. `,
    'These resources are **retained** and stay in your account:',
  );
  const why: { [type: string]: string } = {
    'AWS::S3::Bucket': `the data bucket: your tables${dataVersioned ? '; it is versioned, so empty every object version (for example with the S3 console\'s Empty action) before deleting it' : ''}`,
    'AWS::KMS::Key': 'the KMS key eks-blueprints creates for the cluster\'s secrets; schedule its deletion with `aws kms schedule-key-deletion`',
    'AWS::Logs::LogGroup': 'the VPC flow logs',
  };
  const smokeLogs = (r: any) => r.Type === 'AWS::Logs::LogGroup' && String(r.Properties?.LogGroupName ?? '').startsWith('/aws/lambda/TrinoSmokeVerdict-');
  page.table(['Logical ID', 'Type', 'What'], retained.map(([id, r]) => [c(id), c(r.Type),
    smokeLogs(r) ? `the TrinoSmokeTest verdicts (\`${r.Properties.LogGroupName}\`, kept ${r.Properties.RetentionInDays} days)` : why[r.Type] ?? '']));
  page.para('Also check, since CloudFormation did not create them:');
  page.p(
    '- Glue databases and tables created through Trino (`CREATE SCHEMA` in the hive or iceberg catalog, such as `iceberg_schema`) and by the seed\'s Hive setup (`taxi_hive_database`, its crawler and IAM role).',
    `- The EKS control-plane log group \`/aws/eks/${bp.clusterName}/cluster\` (logging ${list(bp.logging)} is on; EKS creates the group).`,
    '- EC2 instances Karpenter launched, in case a node outlived its NodePool: `aws ec2 describe-instances --filters ' +
      `Name=tag:karpenter.sh/nodepool,Values=${bp.nodePools.worker},${bp.nodePools.coordinator} ` +
      'Name=instance-state-name,Values=running`.',
    '',
  );
  return page.text();
}

// ---------------------------------------------------------------------------------------------------------------
// docs/migrating-from-data-on-eks.md
// ---------------------------------------------------------------------------------------------------------------

function renderMigrating(f: Facts): string {
  const s = f.seed;
  const v = s.values;
  const n = releaseNames(s);
  const cfg = s.chart.worker.configProperties;
  const coordCfg = s.chart.coordinator.configProperties;
  const exchangeProps = Object.fromEntries((v.additionalExchangeManagerProperties as string[]).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]));
  const keda = v.server.keda;
  const triggers: any[] = s.scaledObject.spec.triggers;
  const target = (name: string) => triggers.find((t) => t.name === name).metadata.targetValue;
  const wp = s.workerPool!._object.spec;
  const req = (key: string) => wp.template.spec.requirements.find((r: any) => r.key === key).values;
  const nodeClass = s.nodeClass!._object.spec;
  const workerSizing = s.trino.workerSizing;
  const coordSizing = s.trino.coordinatorSizing;
  const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;
  const prom = f.prom.values;
  const rule = (suffix: string) => {
    if (!TRINO_RULES.some((r) => r.metadata.suffix === suffix)) throw new Error(`no rule ${suffix}`);
    return `[\`Trino-${suffix}\`](rules.md#trino-${suffix.toLowerCase()})`;
  };
  const sa = s.objects.find((o) => o.kind === 'ServiceAccount');
  const glueActions = Object.values(s.resources)
    .filter((r: any) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r: any) => r.Properties.PolicyDocument.Statement)
    .flatMap((st: any) => (Array.isArray(st.Action) ? st.Action : [st.Action]))
    .filter((a: string) => a.startsWith('glue:'));
  const exporterImage = f.chartValues.jmx.exporter.image;
  const expiration = s.resources[logicalIdOf(s.stack, s.exchange!.bucket!)].Properties.LifecycleConfiguration.Rules[0];
  const grace = v.worker.gracefulShutdown.gracePeriodSeconds;
  const dataBucket = bucketTraits(s.resources, logicalIdOf(s.stack, s.trino.dataBucket!));
  const exchangeBucket = bucketTraits(s.resources, logicalIdOf(s.stack, s.exchange!.bucket!));

  const page = new Page('Migrating from the data-on-eks Trino stack', 'constructs built with the seed configuration and the TrinoChecks rule metadata');
  page.para(
    'The [awslabs/data-on-eks](https://github.com/awslabs/data-on-eks) Trino stack ("v2", `data-stacks/trino-on-eks`, ',
    'Terraform + ArgoCD) is what the seed documents. This page maps its settings to this library\'s props, with the ',
    'value the library renders by default (the seed configuration, release `trino`), and lists the bugs that stack has ',
    'and how the library keeps you from repeating them.',
  );
  page.p('## Settings', '');
  const row = (setting: string, anchor: string, prop: string, ours: string) => [setting, anchor, prop, ours];
  page.table(['Setting', 'data-on-eks v2', 'This library', 'Default here'], [
    row('Chart', '`trino` 1.41.0 (Trino 477), ArgoCD Application', '`chartVersion`, `trinoVersion` on `TrinoCluster`', `${c(`${TRINO_CHART.chart} ${TrinoCluster.DEFAULT_CHART_VERSION}`)}, Trino ${c(TrinoCluster.DEFAULT_TRINO_VERSION)}, a CloudFormation Helm release`),
    row('Namespace / release', '`trino` / `trino`', '`namespace`, `releaseName`', `${c(n.namespace)} / ${c(n.release)}`),
    row('Enable flags', '`enable_trino`, `enable_trino_keda` (undeclared, no effect)', 'the constructs you create; `TrinoAddOn` `spotCapacity`, `autoscaling`, `faultTolerance`', 'all on in `TrinoAddOn`'),
    row('Service account and IAM', '`trino-sa`, EKS Pod Identity, `AWSGlueConsoleFullAccess`', '`identityType`; catalogs grant their own access; `glueDatabases`', `${c(n.serviceAccount)}, ${sa.metadata.annotations?.['eks.amazonaws.com/role-arn'] ? 'IRSA' : 'Pod Identity'}, ${glueActions.length} scoped Glue actions`),
    row('Worker instances', 'shared `memory-optimized-graviton` NodePool, pinned `r8g`, On-Demand', '`SpotWorkerPool` (`instanceTypes`, `onDemandFallback`), `workerInstanceType`', `${c(s.workerPool!.capacityTypes.join(','))}: ${list(req('node.kubernetes.io/instance-type'))}`),
    row('Coordinator instance', 'same pool, On-Demand, `r8g`', '`CoordinatorPool`, `coordinatorInstanceType`', `${c(s.coordinatorPool!.capacityTypes.join(','))}: ${list(s.coordinatorPool!.instanceTypes.map(String))}`),
    row('Zone', 'none (docs say single-AZ)', '`zone` or `subnet` on the pools', 'one zone, the first private subnet\'s by default'),
    row('Consolidation', '`WhenEmptyOrUnderutilized` after 600s', '`consolidateAfter`', `${c(wp.disruption.consolidationPolicy)} after ${c(wp.disruption.consolidateAfter)}`),
    row('Node root volume', '1000Gi gp3, 6000 IOPS', '`TrinoNodeClass` `rootVolumeSize`', `${c(nodeClass.blockDeviceMappings[0].ebs.volumeSize)} ${nodeClass.blockDeviceMappings[0].ebs.volumeType}${nodeClass.blockDeviceMappings[0].ebs.encrypted ? ', encrypted' : ''}`),
    row('Worker heap', '`-Xmx12G` (`jvm.extraArguments` ignored by the chart)', '`workerSizing` (`heapFraction`)', `${c(`-Xmx${v.worker.jvm.maxHeapSize}`)} (${gib(workerSizing.heap.toMebibytes())})`),
    row('Coordinator heap', '`-Xmx32G`', '`coordinatorSizing`', `${c(`-Xmx${v.coordinator.jvm.maxHeapSize}`)} (${gib(coordSizing.heap.toMebibytes())})`),
    row('Worker CPU / memory', 'request 4 CPU, limit 6 CPU, 40Gi', 'derived from the instance type', `requests = limits ${c(v.worker.resources.limits.cpu)}, ${c(v.worker.resources.limits.memory)}`),
    row('`query.max-memory-per-node`', '6GB', '`workerSizing` (`queryMemoryFraction`)', c(cfg['query.max-memory-per-node'].value)),
    row('`memory.heap-headroom-per-node`', '1.6GB', '`workerSizing`', c(cfg['memory.heap-headroom-per-node'].value)),
    row('`query.max-memory`', '280GB', '`maxWorkers` × per-node', c(cfg['query.max-memory'].value)),
    row('One worker per node', 'topology spread on `component: worker` (matches nothing)', 'always', 'required pod anti-affinity on `app.kubernetes.io/component: worker`'),
    row('Catalogs', '`hive`, `iceberg` (via deprecated `additionalCatalogs`), `tpch`, `tpcds`', '`catalogs`: `HiveCatalog`, `IcebergCatalog`, `TpchCatalog`, `TpcdsCatalog`', list(Object.keys(s.chart.catalogs))),
    row('Data bucket', '`<name>-trino-data-*`, SSE-S3, `force_destroy`', '`dataBucket`, `dataBucketRemovalPolicy`', `created: ${bucketWords(dataBucket).join(', ')}`),
    row('`retry-policy`', 'TASK', '`FaultTolerantExchange` `retryPolicy`', c(cfg['retry-policy'].value)),
    row('`exchange.compression-enabled`', 'true', '`compressionCodec` (`exchange.compression-codec`)', c(cfg['exchange.compression-codec'].value)),
    row('`query.remote-task.max-error-duration`', '1m', '`remoteTaskMaxErrorDuration`', c(cfg['query.remote-task.max-error-duration'].value)),
    row('Exchange bucket', '`<name>-trino-exchange-*`, no lifecycle rule', '`FaultTolerantExchange` (`bucket`, `spoolExpiration`)', `created: ${bucketWords(exchangeBucket).join(', ')}, expires after ${plural(expiration.ExpirationInDays, 'day')}`),
    row('`exchange.s3.upload.part-size`', '64MB', '`uploadPartSize`', c(exchangeProps['exchange.s3.upload.part-size'])),
    row('`exchange.s3.max-error-retries`', '10', '`maxErrorRetries`', c(exchangeProps['exchange.s3.max-error-retries'])),
    row('`exchange.s3.endpoint`', '`https://s3.<region>.amazonaws.com`', '(not needed)', 'not set: the SDK uses the regional endpoint'),
    row('Autoscaler', '`trino-worker-scaler`, separate manifest, StatefulSet target', '`TrinoKedaScaler` (the chart\'s `server.keda`)', `${c(n.scaledObject)} on Deployment ${c(n.worker)}`),
    row('Min / max workers', '1 / 10', '`minWorkers`, `maxWorkers`', `${keda.minReplicaCount} / ${keda.maxReplicaCount}`),
    row('Cooldown', '300 s', '`cooldownPeriod`', `${keda.cooldownPeriod} s`),
    row('Queued / running threshold', '5 / 10', '`queuedQueriesPerWorker`, `runningQueriesPerWorker`', `${target('queued-queries')} / ${target('running-queries')}, plus \`RequiredWorkers\` (${target('required-workers')})`),
    row('Metric source', 'Prometheus (wrong address and labels)', '`metrics`: `ScalerMetrics.coordinatorMetricsApi()` or `ScalerMetrics.prometheus({ serverAddress })`', `\`${triggers[0].type}\` on the coordinator's \`/metrics\``),
    row('JMX exporter, ServiceMonitor', 'on, `bitnamisecure/jmx-exporter:latest`, interval 5s', 'only with `ScalerMetrics.prometheus()` (`scrapeInterval`, `scrapeWorkers`)', `off; with Prometheus: the chart's pinned ${c(exporterImage)}, interval ${c(prom.serviceMonitor.interval)}, coordinator only`),
    row('Graceful shutdown', 'off (30s termination grace)', '`shutdownGracePeriod`, `taskDrainTimeout`', `\`shutdown.grace-period=${grace}s\`, termination grace ${v.worker.terminationGracePeriodSeconds}s`),
    row('Coordinator `karpenter.sh/do-not-disrupt`', 'yes', 'always', c(s.values.coordinator.annotations['karpenter.sh/do-not-disrupt'])),
    row('`node.environment`', 'production', '`environment`', c(s.trino._renderValues().server.node.environment)),
  ]);
  page.para(
    'Settings the anchor sets that have no typed prop (`optimizer.join-reordering-strategy`, `query.max-history`, ',
    '`query.client.timeout`, `sink.max-buffer-size`, `spill-enabled`, ...) go into `additionalConfigProperties`, where ',
    'each name is checked against Trino ' + TrinoCluster.DEFAULT_TRINO_VERSION + '\'s; chart settings without a prop go into `helmValues`.',
  );

  page.p('## The anchor\'s bugs, and what prevents each here', '');
  page.para(
    'The numbering follows the research notes on the anchor stack. A **rule** is a `TrinoChecks` rule that also catches ',
    'the mistake in hand-written charts and manifests ([rules](rules.md)); an **error** is thrown by the constructs; ',
    'a **test** is a conformance test of this repository against the upstream CRDs, chart and Trino property names.',
  );
  const invalidAddress = errorOf(() => ScalerMetrics.prometheus({ serverAddress: 'kube-prometheus-kube-prome-prometheus.kube-prometheus:9090' }));
  const zones = errorOf(() => {
    const { stack, cluster } = importedCluster();
    const zonedClass = new TrinoNodeClass(stack, 'NodeClass', {
      cluster,
      role: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole'),
      subnetTags: { a: 'b' },
      securityGroupTags: { a: 'b' },
    });
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [],
      workerPool: new SpotWorkerPool(stack, 'W', { cluster, nodeClass: zonedClass, zone: 'us-west-2a' }),
      coordinatorPool: new CoordinatorPool(stack, 'C', { cluster, nodeClass: zonedClass, zone: 'us-west-2b' }),
    });
  });
  const defunct = errorOf(() => validateTrinoProperties('additionalConfigProperties', 'config', { 'query.low-memory-killer.delay': '0s' }));
  const noExchange = retryPolicyWithoutExchange({ additionalConfigProperties: ['retry-policy=TASK'] });
  const spool = errorOf(() => new FaultTolerantExchange(new Stack(new App({ outdir: scratchOutdir() }), 'S', { env: DOC_ENV }), 'E', {
    spoolExpiration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION,
    longestQueryDuration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.plus(FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION),
  }));
  const promQuery = f.prom.scaledObject.spec.triggers[0].metadata;
  const bugs: Array<[string, string[]]> = [
    ['1. The ScaledObject cannot work: it targets a StatefulSet the chart never renders, queries a Prometheus service that does not exist, and filters on `job="trino-coordinator"`, which no series has.', [
      `\`TrinoKedaScaler\` renders the chart's own \`server.keda\`, whose ScaledObject always targets the worker Deployment of the release (\`${s.scaledObject.spec.scaleTargetRef.apiVersion}\` \`${s.scaledObject.spec.scaleTargetRef.kind}\` \`${s.scaledObject.spec.scaleTargetRef.name}\`). Rule ${rule('ScaledObjectTarget')} flags a hand-written ScaledObject with another target. Test: every ScaledObject is validated against the KEDA CRD.`,
      `By default KEDA reads the coordinator directly (\`${triggers[0].type}\`): no Prometheus address to get wrong. With \`ScalerMetrics.prometheus()\` the address is required and checked ("${invalidAddress}"), and the query selects the series by the labels the chart's ServiceMonitor gives them (\`${promQuery.query}\`), with \`ignoreNullValues: "${promQuery.ignoreNullValues}"\` so a query that finds nothing is an error instead of an idle-looking 0.`,
    ]],
    ['2. Workers pinned to On-Demand though the docs say Spot; no zone; `minReplicaCount: 1` though the docs say scale to zero.', [
      `\`SpotWorkerPool\` allows \`${s.workerPool!.capacityTypes.join(',')}\` only; rule ${rule('WorkersOnSpot')}.`,
      `Both pools require one zone; \`TrinoCluster\` refuses pools in different zones ("${zones}"); rule ${rule('SingleZone')}.`,
      `\`TrinoKedaScaler\` defaults to \`minWorkers\` ${keda.minReplicaCount}, with \`query-manager.required-workers=${coordCfg['query-manager.required-workers'].value}\` so queries wait for a worker; rule ${rule('ScaleToZeroRequiredWorkers')}.`,
    ]],
    ['3. A fixed `replicas: 1` on the worker Deployment under ArgoCD self-heal would fight any autoscaler.', [
      'The chart\'s `server.keda` renders the worker Deployment without `replicas`; the library never adds a second autoscaler ' +
        `("${errorOf(() => new TrinoKedaScaler(s.stack, 'Again', { trino: s.trino }))}"), and rule ${rule('ScaledObjectTarget')} flags a hand-written ScaledObject next to \`server.keda\`.`,
    ]],
    ['4. Values keys the chart ignores (`jvm.extraArguments`, `server.config.query.*`, `coordinator.config.query.minWorkers`, `coordinator.topologySpreadConstraints`), and a topology spread selector that matches no pod.', [
      `Typed props render only keys of chart ${TrinoCluster.DEFAULT_CHART_VERSION}; test: every rendered values key exists in the chart's values.yaml. Trino properties are checked against Trino ${TrinoCluster.DEFAULT_TRINO_VERSION}'s names: "${defunct}"`,
      `One worker per node comes from a required anti-affinity on the labels the chart really puts on worker pods (${list(Object.entries(v.worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).map(([k, x]) => `${k}: ${x}`))}) and from requests sized to the node; rule ${rule('WorkerOnePodPerNode')}.`,
    ]],
    ['5. No graceful shutdown, no PodDisruptionBudget, consolidation `WhenEmptyOrUnderutilized`: scale-down and consolidation kill running tasks.', [
      `\`TrinoKedaScaler\` turns on the chart's graceful shutdown (\`shutdown.grace-period=${grace}s\`, termination grace ${v.worker.terminationGracePeriodSeconds}s) and adds PodDisruptionBudgets ${list(n.pdbs)}; rule ${rule('GracefulShutdownWhenScaling')}.`,
      `The pools consolidate \`${wp.disruption.consolidationPolicy}\` only; the coordinator carries \`karpenter.sh/do-not-disrupt\`; rules ${rule('CoordinatorDoNotDisrupt')}, ${rule('CoordinatorOnDemand')}.`,
    ]],
    ['6. The exchange bucket has no lifecycle expiration; no bucket has versioning or logging.', [
      `The exchange bucket's rule \`${expiration.Id}\` expires spool objects after ${plural(expiration.ExpirationInDays, 'day')}; rule ${rule('ExchangeBucketExpiration')}. A retry policy needs an exchange: "${noExchange}"; rule ${rule('RetryPolicyHasExchange')}. The spool must outlive the longest query: "${spool}"`,
      `The data bucket is ${bucketWords(dataBucket).join(', ')}; access logs with \`dataBucketAccessLogsBucket\` and the exchange's \`serverAccessLogsBucket\` (AwsSolutions-S1 reports their absence). Rules ${rule('BucketEncryption')}, ${rule('BucketTlsOnly')}.`,
    ]],
    ['7. `enable_trino` and `enable_trino_keda` are undeclared no-ops; the stack has no `cleanup.sh`.', [
      'Features are constructs and typed props (`TrinoAddOn`\'s `spotCapacity`, `autoscaling`, `faultTolerance` do switch them); a misspelt prop is a compile error. `cdk destroy` removes the stack ([blueprints](blueprints.md#5-clean-up) lists what is retained).',
    ]],
    ['8. IAM too broad (`AWSGlueConsoleFullAccess`), a bucket ARN with a trailing slash, an IRSA role passed to values that never use it.', [
      `Catalogs grant ${glueActions.length} Glue actions on the catalog, database and table ARNs (narrow them with \`glueDatabases\`) and S3 object actions below their warehouse prefixes, with ARNs built by aws-cdk-lib; rule ${rule('NoBroadIamPolicies')}. The service account the pods run as (\`${n.serviceAccount}\`) is created with its role binding.`,
    ]],
    ['9. The JMX exporter image is the unpinned `bitnamisecure/jmx-exporter:latest`.', [
      `The default metric source needs no exporter; with \`ScalerMetrics.prometheus()\` the library keeps the chart's pinned image (${c(exporterImage)}) with \`pullPolicy: ${prom.jmx?.coordinator?.exporter?.pullPolicy ?? prom.jmx?.exporter?.pullPolicy}\`.`,
    ]],
    ['10. Stale docs: Terraform output names, CLI 427 against server 477, pod names `trino-worker-0`, `kubectl scale` against a StatefulSet scaler.', [
      `The pages of this repository are generated from the code and fail a test when they drift ([operations](operations.md) has the names, the CLI version ${TrinoCluster.DEFAULT_TRINO_VERSION}, the bucket lookup).`,
    ]],
    ['11. The KEDA math asks for ceil(running / 10) workers, so one heavy query never gets more than one worker.', [
      `A third trigger reads \`RequiredWorkers\` (target ${target('required-workers')}): queries waiting for workers wake a cluster at zero. The running-queries target is still per query count (default ${target('running-queries')}): lower \`runningQueriesPerWorker\` when a few large queries are your load ([autoscaling](autoscaling.md)).`,
    ]],
    ['12. No ingress, authentication, TLS or `internal-communication.shared-secret`; a single coordinator.', [
      `Not solved by the library: the coordinator Service is a \`${f.chartValues.service.type}\` reached through \`kubectl port-forward\`, and any user name is accepted. Configure authentication, TLS and the shared secret through \`helmValues\` and \`additionalConfigProperties\` before exposing it. The chart runs one coordinator; the library keeps it On-Demand, \`do-not-disrupt\` and behind a PodDisruptionBudget with \`maxUnavailable: ${maxUnavailable(s, n.coordinator)}\`.`,
    ]],
  ];
  for (const [bug, fixes] of bugs) {
    page.p(`**${bug}**`, '');
    for (const fix of fixes) page.p(`- ${fix}`);
    page.p('');
  }
  return page.text();
}

// ---------------------------------------------------------------------------------------------------------------
// examples/README.md
// ---------------------------------------------------------------------------------------------------------------

function renderExamples(f: Facts): string {
  const page = new Page('Examples', 'examples/*.ts and examples/sql/*.sql, synthesized');
  page.para(
    'Sample CDK apps that use the library, and the SQL workloads of the seed. Every app is environment-agnostic and ',
    'synthesizes offline, with no AWS credentials; the main job synthesizes them all, prints what each deploys and ',
    'runs AwsSolutionsChecks and TrinoChecks on them:',
  );
  page.code('bash', 'bash scripts/synth.sh');
  page.p('## Sample stacks', '');
  page.table(['Example', 'Stack (resources)', 'Synthesize it alone'], f.examples.map((e) => [
    `[\`${e.file}\`](${e.file})`,
    e.stacks.map((s) => `\`${s.name}\` (${s.resources})`).join(', '),
    `\`${synthOneCommand(e.name)}\`<br>\`npx cdk synth --app "npx ts-node --prefer-ts-exts examples/${e.file}"\``,
  ]));
  for (const e of f.examples) {
    page.p(`### ${e.name}`, '');
    for (const paragraph of e.doc.split(/\n\s*\n/)) page.p(...markdownOf(paragraph), '');
  }
  page.para(
    'To deploy one, give its stack an account and region (`CDK_DEFAULT_ACCOUNT` / `CDK_DEFAULT_REGION` or an `env`), ',
    'then `npx cdk deploy --app "npx ts-node --prefer-ts-exts examples/<file>"` with your credentials. What to check ',
    'afterwards: [docs/operations.md](../docs/operations.md); the eks-blueprints walk-through: ',
    '[docs/blueprints.md](../docs/blueprints.md).',
  );

  page.p('## Python (`python/`)', '');
  page.para(
    '[`python/app.py`](python/app.py) is existing-cluster in Python, with [`python/karpenter_controller.py`]',
    '(python/karpenter_controller.py) for the Karpenter support. It runs `TrinoChecks.fail_synth_on_findings`, so a ',
    'finding makes `python app.py` exit non-zero. CI runs it through the jsii Python runtime and checks that it ',
    'synthesizes the same templates as `existing-cluster.ts`, resource by resource (test/examples/python.test.ts); ',
    'synthesize it with `bash scripts/synth.sh --python` (into `cdk.out/python`). See ',
    '[docs/languages.md](../docs/languages.md).',
  );
  page.p('## SQL workloads (`sql/`)', '');
  page.para('Run them with the Trino CLI against the port-forwarded coordinator ([docs/operations.md](../docs/operations.md#run-the-example-workloads)).');
  const dir = path.join(ROOT, 'examples', 'sql');
  const rows = fs.readdirSync(dir).filter((x) => x.endsWith('.sql')).sort().map((file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf-8');
    const comment = text.split('\n').filter((l) => l.startsWith('--') && !l.includes('SPDX-License-Identifier'))
      .map((l) => l.replace(/^--\s?/, ''));
    const first = comment.slice(0, comment.findIndex((l) => l.trim() === '')).join(' ').replace(/\s+/g, ' ').trim();
    const placeholders = [...new Set(text.match(/\$\{\w+\}/g) ?? [])];
    return [`[\`${file}\`](sql/${file})`, first, placeholders.length > 0 ? `${list(placeholders)} (fill in with \`envsubst\`)` : 'none'];
  });
  page.table(['File', 'What it is for', 'Placeholders'], rows);
  return page.text();
}

// ---------------------------------------------------------------------------------------------------------------

/** Renders every page, keyed by its absolute path. */
export async function renderGuides(): Promise<{ [file: string]: string }> {
  const facts = await gatherFacts();
  return {
    [GUIDE_PAGES.architecture]: renderArchitecture(facts),
    [GUIDE_PAGES.operations]: renderOperations(facts),
    [GUIDE_PAGES.blueprints]: renderBlueprints(facts),
    [GUIDE_PAGES.migrating]: renderMigrating(facts),
    [GUIDE_PAGES.examples]: renderExamples(facts),
  };
}

if (require.main === module) {
  void renderGuides().then((pages) => {
    for (const [file, text] of Object.entries(pages)) {
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  });
}
