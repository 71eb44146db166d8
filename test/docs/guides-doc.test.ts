// SPDX-License-Identifier: Apache-2.0
/**
 * What the pages must hold beyond their generated blocks (test/docs/docs.test.ts keeps those up to date): links that
 * resolve, the editing note, the samples and SQL files the pages list, and the facts inside code blocks, where no
 * marker can go, checked against the code.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as YAML from 'yaml';
import { CONTEXT_DEFAULTS } from '../../examples/support/secure-access';
import { examples, importedClusterStack, scaled, seed, Seed } from '../../scripts/doc-stack';
import { pages, ROOT } from '../../scripts/docs/generate';
import { blueprintFacts, bucketWords, smokeTest, synthOne } from '../../scripts/docs/guides';
import { SpotWorkerPool, TrinoAddOn, TrinoCluster, TrinoKedaScaler } from '../../src';
import { chartNames, TRINO_CHART } from '../../src/config/chart';
import { TrinoRole } from '../../src/config/trino-config';
import { parseCfnJson } from '../../src/private/cfn-json';
import { readPage } from '../util';

const GENERATED = pages().filter((page) => /<!-- generated:/.test(fs.readFileSync(path.join(ROOT, page), 'utf-8')));

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
const anchors = (markdown: string) => new Set([...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

test.each(GENERATED.filter((page) => page.startsWith('docs/') || page.startsWith('examples/')))('%s starts with its title and the note for editors', (page) => {
  const [title, blank, note] = fs.readFileSync(path.join(ROOT, page), 'utf-8').split('\n');
  expect(title).toMatch(/^# \S/);
  expect(blank).toBe('');
  expect(note).toMatch(/^<!-- Edit this page as Markdown\. Only the text between generated:NAME markers is generated: bash scripts\/docs\.sh .* -->$/);
});

test.each(GENERATED)('every relative link of %s resolves, anchors included', (page) => {
  const file = path.join(ROOT, page);
  const links = [...readPage(page).replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  for (const link of links) {
    const [target, anchor] = link.split('#');
    const resolved = target ? path.resolve(path.dirname(file), target) : file;
    expect({ link, exists: fs.existsSync(resolved) }).toEqual({ link, exists: true });
    if (anchor && resolved.endsWith('.md')) {
      const markdown = readPage(path.relative(ROOT, resolved));
      expect({ link, anchor: anchors(markdown).has(anchor) }).toEqual({ link, anchor: true });
    }
  }
});

test('examples/README.md lists every sample stack and every SQL file', () => {
  const readme = readPage('examples/README.md');
  const dir = path.join(ROOT, 'examples');
  const stacks = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(stacks.length).toBeGreaterThan(0);
  for (const f of stacks) expect(readme).toContain(`[\`${f}\`](${f})`);
  for (const f of fs.readdirSync(path.join(dir, 'sql')).filter((x) => x.endsWith('.sql'))) expect(readme).toContain(`[\`${f}\`](sql/${f})`);
});

test.each(fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts')))('examples/README.md describes %s with the CDK context keys it reads and their placeholders', (file) => {
  const readme = readPage('examples/README.md');
  const start = readme.indexOf(`\n### ${path.basename(file, '.ts')}\n`);
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start + 1).split(/\n(?=##+ )/)[0];
  const keys = [...fs.readFileSync(path.join(ROOT, 'examples', file), 'utf-8').matchAll(/contextValue\(\w+, '([\w:]+)'\)/g)].map((m) => m[1]);
  for (const key of new Set(keys)) {
    const placeholder = CONTEXT_DEFAULTS[key as keyof typeof CONTEXT_DEFAULTS];
    expect({ key, described: section.includes(`\`${key}\``) }).toEqual({ key, described: true });
    if (!placeholder.startsWith('arn:')) expect(section).toContain(`\`${key}\` (default \`${placeholder}\`)`);
  }
});

test('every SQL file operations.md runs exists in examples/sql', () => {
  const referenced = [...new Set([...readPage('docs/operations.md').matchAll(/examples\/sql\/([\w-]+\.sql)/g)].map((m) => m[1]))];
  expect(referenced.sort()).toEqual(['hive_taxi.sql', 'tpcds_to_iceberg.sql']);
  for (const file of referenced) expect(fs.existsSync(path.join(ROOT, 'examples', 'sql', file))).toBe(true);
});

test('the commands on the pages use the names the chart gives release `trino` in namespace `trino`', () => {
  // kubectl commands in code blocks (where no marker can go) spell these out: change them on every page with them
  const { stack, cluster } = importedClusterStack('Names');
  const trino = new TrinoCluster(stack, 'Trino', { cluster });
  const scaler = new TrinoKedaScaler(stack, 'Scaler', { trino });
  const names = chartNames(trino.releaseName);
  expect({
    release: trino.releaseName,
    namespace: trino.namespace,
    service: trino.serviceName,
    coordinator: trino.coordinatorDeploymentName,
    worker: trino.workerDeploymentName,
    scaledObject: scaler.scaledObjectName,
    port: TRINO_CHART.httpPort,
    container: `${TRINO_CHART.chart}-worker`,
    workerPods: Object.entries(names.podLabels(TrinoRole.WORKER)).map(([k, v]) => `${k}=${v}`).join(','),
  }).toEqual({
    release: 'trino',
    namespace: 'trino',
    service: 'trino',
    coordinator: 'trino-coordinator',
    worker: 'trino-worker',
    scaledObject: 'trino-worker',
    port: 8080,
    container: 'trino-worker',
    workerPods: 'app.kubernetes.io/name=trino,app.kubernetes.io/instance=trino,app.kubernetes.io/component=worker',
  });
  expect(readPage('docs/operations.md')).toContain(`kubectl get pods -n trino -l ${Object.entries(names.podLabels(TrinoRole.WORKER)).map(([k, v]) => `${k}=${v}`).join(',')}`);
});

describe('facts in the code blocks of the guides', () => {
  let all: Awaited<ReturnType<typeof examples>>;
  beforeAll(async () => {
    all = await examples();
  });

  test('operations.md: the smoke test\'s stack, outputs, image and polling interval', () => {
    const ops = readPage('docs/operations.md');
    const smoke = smokeTest(all.find((e) => e.name === 'existing-cluster')!);
    expect(ops).toContain(`aws cloudformation describe-stacks --stack-name ${smoke.stackName} \\\n  --query "Stacks[0].Outputs[?starts_with(OutputKey, '${smoke.outputs[0].replace(/Result[0-9A-F]{8}$/, '')}')]`);
    expect(ops).toContain(`aws cloudformation describe-stack-events --stack-name ${smoke.stackName} \\`);
    expect(ops).toContain(`+ image pull     (${smoke.pod.spec.containers[0].image} onto the new node)`);
    const chart = Object.values<any>(all.find((e) => e.name === 'existing-cluster')!.stacks[0].template.Resources)
      .find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === TRINO_CHART.chart);
    expect(ops).toContain(`(0 to pollingInterval = ${parseCfnJson(chart.Properties.Values).server.keda.pollingInterval} s: when KEDA`);
    const version = TrinoCluster.DEFAULT_TRINO_VERSION;
    expect(ops).toContain(`https://repo1.maven.org/maven2/io/trino/trino-cli/${version}/trino-cli-${version}-executable.jar`);
  });

  test('operations.md: the smoke steps (a table written on the page) are those of the smoke test pod\'s catalogs and retry policy', () => {
    const { env } = smokeTest(all.find((e) => e.name === 'existing-cluster')!);
    const ops = readPage('docs/operations.md');
    const table = ops.slice(ops.indexOf('| Step | Statement | Passes when |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2).map((r) => r.slice(2, -2).split(' | '));
    const words = (v?: string) => (v ?? '').split(' ').filter((x) => x.length > 0);
    const [reads, writes] = [words(env.READ_CATALOGS), words(env.WRITE_CATALOGS)];
    expect(rows.map((r) => r[0])).toEqual(['first query', 're-run', 'active workers', 'worker wait', 'catalogs',
      ...(env.RETRY_POLICY ? ['retry policy', 'fault-tolerant query'] : []), ...reads.map((r) => `${r}: list schemas`),
      ...writes.map((w) => `${w}: create schema, create table, insert, read back, drop table, drop schema`)]);
    expect(rows[0][1]).toBe(`\`SELECT count(*) FROM "${env.TPCH_CATALOG}".tiny.nation\``);
    expect(rows[4][2]).toBe(`lists ${words(env.EXPECT_CATALOGS).map((x) => `\`${x}\``).join(', ')}`);
    if (env.RETRY_POLICY) expect(rows[5][2]).toBe(`\`${env.RETRY_POLICY}\`, the coordinator's \`retry-policy\``);
    const rest = rows.slice(env.RETRY_POLICY ? 7 : 5);
    expect(rest.map((r) => r[1])).toEqual([...reads.map((r) => `\`SHOW SCHEMAS FROM "${r}"\``),
      ...writes.map((w) => `\`CREATE SCHEMA "${w}"."cdk_trino_eks_smoke_<run id>_<time>"\` …`)]);
    const statements = 4 + 1 + (env.RETRY_POLICY ? 2 : 0) + reads.length + 6 * writes.length;
    const retry = env.RETRY_POLICY ? `retry policy ${env.RETRY_POLICY}; ` : '';
    expect(ops).toContain(`The result reads like \`Trino ${TrinoCluster.DEFAULT_TRINO_VERSION}: ${statements} statements passed ` +
      `(catalogs ${words(env.EXPECT_CATALOGS).join(', ')} listed; ${retry}${writes.join(', ')} create-insert-read-drop). ` +
      'First query 182.4 s ' +
      '(171.0 s of it waiting for a worker: scale from zero), re-run 0.9 s; active workers afterwards: 1.`');
  });

  test('blueprints.md: the quickstart builds offline with the add-ons and the Kubernetes version it shows', async () => {
    const bp = blueprintFacts(all);
    const page = readPage('docs/blueprints.md');
    const version = eks.KubernetesVersion.V1_35;
    const addOns = ['KarpenterV1AddOn', 'KedaAddOn'];
    expect(page).toContain([`  .version(eks.KubernetesVersion.V${version.version.replace('.', '_')})`, '  .addOns(',
      ...addOns.map((a) => `    new blueprints.${a}(),`), '    new TrinoAddOn(), // after Karpenter and KEDA', '  )', `  .buildAsync(app, '${bp.stack.stackName}');`].join('\n'));
    await blueprints.EksBlueprint.builder().version(version).addOns(...addOns.map((a) => new (blueprints as any)[a]()), new TrinoAddOn())
      .buildAsync(new App({ outdir: process.env.CDK_OUTDIR }), bp.stack.stackName).then((s) => (s.node.root as App).synth());
    expect(page).toContain(`await clusterInfo.getScheduledAddOn('${bp.trinoAddOn.id}');`);
    expect(page).toContain(`npx cdk deploy --app "npx ts-node --prefer-ts-exts examples/${bp.example.name}.ts" ${bp.stack.stackName}\n`);
    expect(page).toContain(`aws cloudformation describe-stacks --stack-name ${bp.stack.stackName} \\\n  --query "Stacks[0].Outputs[?OutputKey=='${bp.configOutput}'].OutputValue"`);
    expect(page).toContain(`npx cdk destroy --app "npx ts-node --prefer-ts-exts examples/${bp.example.name}.ts" ${bp.stack.stackName}\n`);
  });

  test('blueprints.md lists every resource the blueprint retains, and the data bucket is versioned as it says', () => {
    const bp = blueprintFacts(all);
    const retained = Object.entries<any>(bp.resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    const rows = readPage('docs/blueprints.md').split('\n').filter((l) => /^\| `[^`]+` \| `AWS::[^`]+` \|/.test(l));
    expect(rows.map((l) => l.split(' | ').slice(0, 2).join(' | ')).sort()).toEqual(retained.map(([id, r]) => `| \`${id}\` | \`${r.Type}\``).sort());
    expect(bp.resources[bp.dataBucketId].Properties.VersioningConfiguration?.Status).toBe('Enabled');
    // and the exchange bucket is emptied before it is deleted, as the page says
    expect(Object.values<any>(bp.resources).some((r) => r.Type === 'Custom::S3AutoDeleteObjects'
      && JSON.stringify(r.Properties.BucketName).includes(bp.exchangeBucketId))).toBe(readPage('docs/blueprints.md').includes(', emptied first by a custom resource'));
  });

  test('both samples output the data bucket, the exchange bucket, the namespace and the Service under the names the pages give', () => {
    for (const e of all) {
      const trino = e.app.node.findAll().find((x): x is TrinoCluster => x instanceof TrinoCluster)!;
      const exchange = e.app.node.findAll().find((x: any) => x.constructor.name === 'FaultTolerantExchange') as any;
      const stack = Stack.of(trino);
      const outputs = e.stacks.find((x) => x.name === stack.stackName)!.template.Outputs ?? {};
      expect({
        file: e.file,
        outputs: {
          TrinoDataBucket: outputs.TrinoDataBucket?.Value,
          TrinoExchangeBucket: outputs.TrinoExchangeBucket?.Value,
          TrinoNamespace: outputs.TrinoNamespace?.Value,
          TrinoService: outputs.TrinoService?.Value,
        },
      }).toEqual({
        file: e.file,
        outputs: {
          TrinoDataBucket: stack.resolve(trino.dataBucket!.bucketName),
          TrinoExchangeBucket: stack.resolve(exchange.bucket.bucketName),
          TrinoNamespace: trino.namespace,
          TrinoService: trino.serviceName,
        },
      });
      // operations.md finds the data bucket by its logical ID
      expect(stack.resolve(stack.getLogicalId(trino.dataBucket!.node.defaultChild as any))).toContain('DataBucket');
    }
    expect(readPage('docs/operations.md')).toContain('--query "Stacks[0].Outputs[?OutputKey==\'TrinoDataBucket\'].OutputValue" --output text');
    expect(readPage('docs/operations.md')).toContain('output it as `TrinoDataBucket`, next to `TrinoExchangeBucket`, `TrinoNamespace` and `TrinoService`:');
    expect(readPage('docs/operations.md')).toContain('`new CfnOutput(this, \'TrinoDataBucket\', { value: trino.dataBucket!.bucketName })`');
    expect(readPage('docs/blueprints.md')).toContain('which the stack outputs as `TrinoDataBucket`:');
  });
});

describe('code and tables written on the pages, checked against the code', () => {
  const c = (s: string | number) => `\`${s}\``;
  const rowsOf = (page: string, header: string) => {
    const text = readPage(page).slice(readPage(page).indexOf(header));
    return text.slice(0, text.indexOf('\n\n')).split('\n').slice(2).map((r) => r.slice(2, -2).split(' | '));
  };

  test('operations.md: the names table has the names of the default release and of release analytics', () => {
    const [s, other] = [seed(), seed({ releaseName: 'analytics' })];
    const names = (x: Seed) => [c(x.trino.serviceName), c(x.trino.coordinatorDeploymentName), c(x.trino.workerDeploymentName), c(x.workerService),
      c(x.scaler!.scaledObjectName), c(x.hpa), x.pdbs.map(c).join(', '), c(x.sa.metadata.name), c(x.trino.releaseName)];
    expect(readPage('docs/operations.md')).toContain(`| What | Release \`${s.trino.releaseName}\` (default) | Release \`${other.trino.releaseName}\` | Kind |`);
    const rows = rowsOf('docs/operations.md', '| What | Release');
    expect(rows.map((r) => r[1])).toEqual(names(s));
    expect(rows.map((r) => r[2])).toEqual(names(other));
    expect(rows[0][3]).toBe(`Service, port ${TRINO_CHART.httpPort}`);
  });

  test('autoscaling.md: the formula and the requests to the coordinator are the scaler\'s', () => {
    const d = scaled();
    const { scaler: s, so } = d;
    const [q, r] = ['queued-queries', 'running-queries'].map((n) => Number(d.trigger(n).metadata.targetValue));
    const page = readPage('docs/autoscaling.md');
    expect(page).toContain(['```text', `desired = max( ceil(queued / ${q}), ceil(running / ${r}), requiredWorkers )`,
      `          limited to [max(minWorkers, 1), maxWorkers] = [${Math.max(s.minWorkers, 1)}, ${s.maxWorkers}] while any of the three is above 0`,
      `desired = minWorkers = ${s.minWorkers} when all three are 0 for the cooldown (${so.spec.cooldownPeriod} s)`, '```'].join('\n'));
    const local = (n: string) => `curl -s -H 'X-Trino-User: keda' '${d.trigger(n).metadata.url.replace(/^http:\/\/[^/]+/, 'http://localhost:8080')}'`;
    expect(page).toContain(['```bash', `kubectl -n ${d.trino.namespace} port-forward svc/${d.trino.serviceName} 8080:8080 &`,
      local('queued-queries'), local('required-workers'), '```'].join('\n'));
  });

  test('architecture.md: the labels of the diagram are what the seed configuration renders', () => {
    const s = seed();
    const [keda, t, pools] = [s.values.server.keda, s.trino, [s.coordinatorPool, s.workerPool]];
    const taint = (x: any) => { const n = x._object.spec.template.spec.taints[0]; return `node taint ${n.key}=${n.value}:${n.effect}`; };
    const pool = (name: string, x: any) => [`${name}: NodePool, ${x.capacityTypes.join(', ')}`, x.instanceTypes.join(', '), taint(x)];
    const warehouse = (catalog: string) => /default-warehouse-dir=s3:\/\/[^/]+\/(\S*)/.exec(s.values.catalogs[catalog])![1];
    const [dataId, spoolId] = [s.id(s.trino.dataBucket!), s.id(s.exchange!.bucket!)];
    const spoolDays = s.resources[spoolId].Properties.LifecycleConfiguration.Rules[0].ExpirationInDays;
    const irsa = !!s.sa.metadata.annotations?.['eks.amazonaws.com/role-arn'];
    const pdb = s.objects.find((o: any) => o.kind === 'PodDisruptionBudget' && o.metadata.name === t.coordinatorDeploymentName);
    const node = (id: string, ...lines: string[]) => `  ${id}["${lines.join('<br/>')}"]`;
    expect(readPage('docs/architecture.md')).toContain(['```mermaid', 'flowchart TB',
      node('keda', `KEDA operator, polls every ${keda.pollingInterval} s`),
      node('svc', `Service ${t.serviceName} :${TRINO_CHART.httpPort}`),
      node('metrics', s.so.spec.triggers[0].metadata.url.split('?')[0]),
      node('hpa', `HPA ${s.hpa}: Deployment ${t.workerDeploymentName}, ${keda.minReplicaCount}-${keda.maxReplicaCount} replicas`),
      node('release', `namespace ${t.namespace}`,
        `Helm release ${t.releaseName}, chart ${TRINO_CHART.chart} ${t.chartVersion}, Trino ${t.trinoVersion}`),
      node('cpool', ...pool('CoordinatorPool', pools[0])), node('coord', `pod ${t.coordinatorDeploymentName}: Deployment, 1 replica`,
        `karpenter.sh/do-not-disrupt, PodDisruptionBudget maxUnavailable ${pdb.spec.maxUnavailable}`),
      node('wpool', ...pool('SpotWorkerPool', pools[1])),
      node('workers', `pods ${t.workerDeploymentName}: Deployment, ${keda.minReplicaCount} to ` +
        `${keda.maxReplicaCount} replicas (KEDA)`, 'one pod per node, graceful shutdown'),
      node('sa', `ServiceAccount ${s.sa.metadata.name}`),
      node('role', `IAM role (${irsa ? 'IRSA: eks.amazonaws.com/role-arn' : 'EKS Pod Identity'})`),
      node('data', 'S3 data bucket', `${warehouse('hive')} hive catalog warehouse`, `${warehouse('iceberg')} iceberg catalog warehouse`,
        bucketWords(s.resources, dataId)),
      node('exchange', 'S3 exchange bucket',
        `spooled exchange data (${s.exchange!.retryPolicy}), expires after ${spoolDays} day${spoolDays === 1 ? '' : 's'}`,
        bucketWords(s.resources, spoolId))].join('\n'));
  });

  test('autoscaling.md: the worked example and the trigger are what the scaler computes and renders', () => {
    const d = scaled();
    const [q, r] = ['queued-queries', 'running-queries'].map((n) => Number(d.trigger(n).metadata.targetValue));
    const [queued, running] = [12, 30];
    const page = readPage('docs/autoscaling.md');
    const [byQueued, byRunning] = [Math.ceil(queued / q), Math.ceil(running / r)];
    const desired = d.scaler.desiredWorkers({ queuedQueries: queued, runningQueries: running });
    expect(page).toContain(['```text', `ceil(${queued} / ${q}) = ${byQueued}`, `ceil(${running} / ${r}) = ${byRunning}`,
      'requiredWorkers = 0', `desired = max(${byQueued}, ${byRunning}, 0) = ${desired} workers`, '```'].join('\n'));
    const trigger = YAML.stringify({ triggers: [d.trigger('queued-queries')] }, { lineWidth: 0 }).trimEnd();
    expect(page).toContain(['```yaml', trigger, '```'].join('\n'));
  });

  test('blueprints.md: the install and synth commands use the pinned versions and the synth script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).devDependencies;
    const page = readPage('docs/blueprints.md');
    const [blueprintsVersion, cdkVersion] = [pkg['@aws-quickstart/eks-blueprints'], pkg['aws-cdk-lib']];
    const install = `npm install cdk-trino-eks @aws-quickstart/eks-blueprints@${blueprintsVersion} aws-cdk-lib@${cdkVersion}`;
    expect(page).toContain(['```bash', install, '```'].join('\n'));
    const synth = 'npx cdk synth --app "npx ts-node --prefer-ts-exts examples/trino-on-eks.ts"';
    expect(page).toContain(['```bash', synthOne('trino-on-eks'), synth, '```'].join('\n'));
  });

  test('sizing.md: the measuring command selects the worker nodes by the pool\'s default labels', () => {
    const labels = Object.entries(SpotWorkerPool.DEFAULT_NODE_LABELS).map(([k, v]) => `${k}=${v}`).join(',');
    expect(readPage('docs/sizing.md')).toContain(`\nnode=$(kubectl get nodes -l ${labels} -o jsonpath='{.items[0].metadata.name}')\n`);
  });
});
