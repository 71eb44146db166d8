// SPDX-License-Identifier: Apache-2.0
/**
 * Generated blocks of the guide pages (docs/autoscaling.md, monitoring.md, architecture.md, operations.md,
 * blueprints.md, migrating-from-data-on-eks.md, examples/README.md): what the constructs render with the seed
 * configuration and the sample stacks synthesized offline. Facts only: the error messages the guides quote, the
 * dashboard and alerts, and what each construct creates are written on the pages and checked by test/docs/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { c, kv, list, table } from './reference';
import { KUBE_PROMETHEUS_STACK } from '../../examples/support/monitoring';
import { CoordinatorPool, FaultTolerantExchange, ScalerMetrics, SpotWorkerPool, TrinoAddOn, TrinoCluster, TrinoMonitoring } from '../../src';
import { chartNames, JVM_OPTIONS, TRINO_CHART } from '../../src/config/chart';
import { DEFAULT_SCRAPE_INTERVAL } from '../../src/config/trino-config';
import { METRICS } from '../../src/monitoring/private/jmx';
import { TRINO_RULE_GROUPS, TRINO_RULES } from '../../src/nag/rules';
import { flattenCfnString, parseCfnJson } from '../../src/private/cfn-json';
import { TrinoSmokeTest } from '../../src/verify/trino-smoke-test';
import { INTEG_REGION } from '../../test/integ/integ-options';
import { docMonitoring, Example, examples, scaled, seed, Seed } from '../doc-stack';

type Blocks = { [name: string]: string | number };
const ROOT = path.join(__dirname, '..', '..');
const fence = (lang: string, lines: string[]) => ['```' + lang, ...lines, '```'].join('\n');
/** The value at a path such as `a.b.0["c.d"]`. */
const at = (o: any, p: string) => [...p.matchAll(/\["([^"]+)"\]|[^.[\]]+/g)].reduce((x, m) => {
  if (x?.[m[1] ?? m[0]] === undefined) throw new Error(`nothing at ${p}`); return x[m[1] ?? m[0]];
}, o);
const props = (text: string | undefined) => Object.fromEntries((text ?? '').split('\n').filter((l) => l.includes('='))
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

function autoscaling(): Blocks {
  const d = scaled();
  const prom = scaled({ metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus-operated.monitoring.svc:9090' }) });
  const { scaler: s, so } = d;
  const behavior = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
  const target = (n: string) => d.trigger(n).metadata.targetValue;
  const r = Number(target('running-queries'));
  const coordConfig = props(d.values.server.coordinatorExtraConfig);
  const grace = d.values.worker.gracefulShutdown.gracePeriodSeconds;
  const termination = d.values.worker.terminationGracePeriodSeconds;
  const [workerPdb, coordinatorPdb] = d.budgets;
  const pol = behavior.scaleDown.policies[0];
  const loads = [[0, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [12, 30, 0], [26, 10, 0], [0, 45, 0], [100, 200, 0]];
  const promQuery = (n: string) => prom.trigger(n).metadata.query;
  const exporter = prom.values.jmx.coordinator.exporter.resources.requests;
  return Object.fromEntries<string | number>([
    ['autoscaling.target-queued', target('queued-queries')], ['autoscaling.target-running', target('running-queries')],
    ['autoscaling.target-required', target('required-workers')],
    ['autoscaling.heavy-query', `ceil(1 / ${r}) = ${Math.ceil(1 / r)}`],
    ['autoscaling.loads', table(['Queued', 'Running', 'Required workers', 'Workers'], loads.map(([queuedQueries, runningQueries, requiredWorkers]) =>
      [queuedQueries, runningQueries, requiredWorkers, s.desiredWorkers({ queuedQueries, runningQueries, requiredWorkers })]), '---:|---:|---:|---:')],
    ['autoscaling.min-workers', so.spec.minReplicaCount], ['autoscaling.max-workers', so.spec.maxReplicaCount],
    ['autoscaling.polling', so.spec.pollingInterval], ['autoscaling.cooldown', so.spec.cooldownPeriod],
    ['autoscaling.scale-up-window', behavior.scaleUp.stabilizationWindowSeconds],
    ['autoscaling.scale-down-window', behavior.scaleDown.stabilizationWindowSeconds],
    ['autoscaling.scale-down-step', `${pol.value} worker per ${pol.periodSeconds} s`],
    ['autoscaling.scale-down-policy', c(`policies: [{type: ${pol.type}, value: ${pol.value}, periodSeconds: ${pol.periodSeconds}}]`)],
    ['autoscaling.max-wait', coordConfig['query-manager.required-workers-max-wait']],
    ['autoscaling.grace', grace], ['autoscaling.drain', termination - 2 * grace],
    ['autoscaling.drain-minutes', (termination - 2 * grace) / 60],
    ['autoscaling.exporter-resources', `${exporter.cpu} / ${exporter.memory}`],
    ['autoscaling.service-label', c(`service="${d.trino.serviceName}"`)],
    ['autoscaling.prometheus-queries', fence('promql', ['queued-queries', 'running-queries', 'required-workers'].map(promQuery))],
    ['autoscaling.prometheus-query', fence('promql', [promQuery('queued-queries')])],
    ['autoscaling.service-monitor-labels', c(JSON.stringify(prom.values.serviceMonitor.labels))], ['autoscaling.termination', termination],
    ['autoscaling.grace-twice', 2 * grace],
    ['autoscaling.worker-pdb', `\`${workerPdb.metadata.name}\` (\`maxUnavailable: ${workerPdb.spec.maxUnavailable}\`)`],
    ['autoscaling.coordinator-pdb', `\`${coordinatorPdb.metadata.name}\` (\`maxUnavailable: ${coordinatorPdb.spec.maxUnavailable}\`)`],
  ]);
}

function monitoringPage(): Blocks {
  const { monitoring, trino, input } = docMonitoring();
  const kps = KUBE_PROMETHEUS_STACK;
  return Object.fromEntries<string | number>([
    ['monitoring.exporter-port', TRINO_CHART.jmxExporterPort],
    ['monitoring.service-monitors', `${c(input.coordinatorService)}, ${c(input.workerService)}`],
    ['monitoring.selector-labels', kv(TrinoMonitoring.DEFAULT_SELECTOR_LABELS)],
    ['monitoring.scrape-interval', DEFAULT_SCRAPE_INTERVAL.toSeconds()],
    ['monitoring.dashboard-configmap', `${c(monitoring.dashboardConfigMapName)} in ${c(monitoring.namespace)}`],
    ['monitoring.dashboard-labels', Object.entries(TrinoMonitoring.DEFAULT_DASHBOARD_LABELS).map(([k, v]) => c(`${k}: "${v}"`)).join(', ')],
    ['monitoring.rule', `${c(monitoring.prometheusRuleName)} in ${c(monitoring.namespace)}`],
    ['monitoring.keda-labels', c(`prometheus.operator.serviceMonitor.additionalLabels: {release: ${kps.release}}`)],
    ['monitoring.karpenter-labels', c(`serviceMonitor.additionalLabels: {release: ${kps.release}}`)],
    ['monitoring.kps', `${c(kps.release)} in namespace ${c(kps.namespace)}`],
    ['monitoring.dashboard-title', `**Trino ${input.namespace}/${input.releaseName}**`],
    ['monitoring.cluster', `\`${input.namespace}\` with release \`${input.releaseName}\` on the Karpenter pools ${input.nodePools.map(c).join(' and ')}`],
    ['monitoring.scaler-series', `${c(trino.serviceName)}'s ${c(METRICS.queuedQueries)} and ${c(METRICS.runningQueries)}`],
  ]);
}

/** A bucket the constructs created, in words: encryption, TLS, versioning, removal. */
export function bucketWords(resources: { [id: string]: any }, id: string): string {
  const b = resources[id];
  const sse = b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
  const tls = Object.values(resources).some((r: any) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes(id)
    && r.Properties.PolicyDocument.Statement.some((st: any) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
  return [sse === 'AES256' ? 'SSE-S3' : sse === 'aws:kms' ? 'SSE-KMS' : 'none declared', ...(tls ? ['TLS only'] : []),
    ...(b.Properties.VersioningConfiguration?.Status === 'Enabled' ? ['versioned'] : []), b.DeletionPolicy === 'Retain' ? 'retained' : 'deleted with the stack'].join(', ');
}

/** The command that synthesizes one example: scripts/synth.sh when it passes the name on, else the script it runs. */
export function synthOne(name: string): string {
  const steps: any[] = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks['synth:examples']?.steps ?? [];
  const forwards = /synth:examples\s+"\$@"/.test(fs.readFileSync(path.join(ROOT, 'scripts', 'synth.sh'), 'utf-8')) && steps.some((x) => x.receiveArgs === true);
  return forwards ? `bash scripts/synth.sh ${name}` : `npx ts-node --project tsconfig.dev.json scripts/synth-examples.ts ${name}`;
}

/** The TrinoSmokeTest of a sample, as its synthesized template has it. */
export function smokeTest(e: Example) {
  const smoke = e.app.node.findAll().find((x): x is TrinoSmokeTest => x instanceof TrinoSmokeTest)!;
  const template = e.stacks.find((x) => x.name === Stack.of(smoke).stackName)!.template;
  const rs: any[] = Object.values(template.Resources);
  const checkId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'Custom::TrinoSmokeTest')!;
  const pod = rs.filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource').flatMap((r) => parseCfnJson(r.Properties.Manifest)).find((o: any) => o.kind === 'Pod');
  const output = (attr: string) => Object.entries<any>(template.Outputs).find(([, o]) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [checkId, attr] }))![0];
  const logs = rs.find((r) => r.Type === 'AWS::Logs::LogGroup' && String(r.Properties.LogGroupName).startsWith('/aws/lambda/TrinoSmokeVerdict-'));
  return {
    stackName: Stack.of(smoke).stackName,
    pod,
    env: Object.fromEntries(pod.spec.containers[0].env.map((x: any) => [x.name, x.value])) as { [k: string]: string },
    /** where the user name comes from when it is not a literal: the Secret and key of its secretKeyRef */
    userRef: pod.spec.containers[0].env.find((x: any) => x.name === 'TRINO_USER')?.valueFrom?.secretKeyRef as { name: string; key: string } | undefined,
    timeout: Number(rs.find((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesObjectValue' && r.Properties.ObjectType === 'pod').Properties.TimeoutSeconds),
    outputs: [output('Summary'), output('ColdStartSeconds'), output('WarmQuerySeconds')],
    logGroup: logs.Properties.LogGroupName,
    logDays: logs.Properties.RetentionInDays,
    retained: Object.entries<any>(template.Resources).filter(([, r]) => r.DeletionPolicy === 'Retain' && !r.Type.startsWith('Custom::')).map(([id, r]) => c(`${r.Type} ${id}`)),
  };
}

/** The blueprint of examples/trino-on-eks.ts: its add-ons, charts, Trino and names. */
export function blueprintFacts(all: Example[]) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(ROOT, 'examples', 'trino-on-eks.ts'));
  const example = all.find((e) => e.name === 'trino-on-eks')!;
  const stack = example.app.node.findChild(mod.BLUEPRINT_ID) as Stack;
  const template = example.stacks.find((x) => x.name === stack.stackName)!.template;
  const resources: { [id: string]: any } = template.Resources;
  const addOns = (mod.trinoBlueprint().props.addOns as any[]);
  const trinoAddOn = addOns.find((a) => a instanceof TrinoAddOn) as TrinoAddOn;
  const scope = stack.node.findChild(trinoAddOn.id);
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const config = byType('Custom::AWSCDK-EKS-Cluster')[0][1].Properties.Config;
  const pool = (role: string) => byType('Custom::AWSCDK-EKS-KubernetesResource').flatMap(([, r]) => parseCfnJson(r.Properties.Manifest))
    .find((o: any) => o.kind === 'NodePool' && o.metadata.labels['app.kubernetes.io/component'] === role).metadata.name;
  const charts = byType('Custom::AWSCDK-EKS-HelmChart').map(([id, r]) => ({ id, ...r.Properties as { Chart: string; Release: string; Namespace: string; Version?: string } }));
  const chart = (name: string) => charts.find((ch) => ch.Chart === name)!;
  const trino = scope.node.findAll().find((x): x is TrinoCluster => x instanceof TrinoCluster)!;
  const exchange = scope.node.findAll().find((x): x is FaultTolerantExchange => x instanceof FaultTolerantExchange)!;
  const id = (x: IConstruct) => stack.resolve(stack.getLogicalId(x.node.defaultChild as CfnResource)) as string;
  return {
    example,
    stack,
    resources,
    // a sample may subclass TrinoAddOn (trino-on-eks.ts does, to import its certificate and secrets into the stack)
    addOns: addOns.map((a) => (a instanceof TrinoAddOn ? 'TrinoAddOn' : a.constructor.name) as string),
    trinoAddOn,
    scope,
    trino,
    config,
    charts,
    chart,
    values: parseCfnJson(resources[chart(TRINO_CHART.chart).id].Properties.Values),
    configOutput: Object.entries<any>(template.Outputs).find(([, o]) => flattenCfnString(o.Value).startsWith('aws eks update-kubeconfig'))![0],
    pools: [pool('worker'), pool('coordinator')],
    dataBucketId: id(trino.dataBucket!),
    exchangeBucketId: id(exchange.bucket!),
  };
}

/** Props of an interface, read from its source: name, type, summary and `@default`. */
function interfaceProps(file: string, name: string) {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.ES2022, true);
  const oneLine = (x: string | undefined) => (x ?? '').replace(/\s+/g, ' ').trim();
  const decl = src.statements.find((n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === name)!;
  return decl.members.filter(ts.isPropertySignature).map((m) => {
    const doc = ts.getJSDocCommentsAndTags(m).find(ts.isJSDoc);
    const def = doc?.tags?.find((t) => t.tagName.text === 'default');
    return { name: m.name.getText(src), type: m.type?.getText(src) ?? '', summary: oneLine(ts.getTextOfJSDocComment(doc?.comment)), default: def ? oneLine(ts.getTextOfJSDocComment(def.comment)) : undefined };
  });
}

/** Printer columns of a CRD's served version (../shared/schemas). */
const printerColumns = (file: string) => list(YAML.parse(fs.readFileSync(path.join(ROOT, '..', 'shared', 'schemas', file), 'utf-8'))
  .spec.versions[0].additionalPrinterColumns.filter((col: any) => !col.priority).map((col: any) => col.name.toUpperCase()));

async function guidePages(): Promise<Blocks> {
  const all = await examples();
  const bp = blueprintFacts(all);
  const s = seed();
  const prom = seed({ metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus-operated.monitoring.svc:9090' }) });
  const keda = s.values.server.keda;
  const coordCfg = s.chart.coordinator.configProperties;
  const workerCfg = s.chart.worker.configProperties;
  const triggers: any[] = s.so.spec.triggers;
  const [worker, coordinator] = [s.workerPool, s.coordinatorPool];
  const warehouse = (catalog: string) => /default-warehouse-dir=s3:\/\/[^/]+\/(\S*)/.exec(s.values.catalogs[catalog])![1];
  const [dataId, spoolId] = [s.id(s.trino.dataBucket!), s.id(s.exchange!.bucket!)];
  const irsa = !!s.sa.metadata.annotations?.['eks.amazonaws.com/role-arn'];
  const ready = (x: Seed, role: 'coordinator' | 'worker') => { const n = 1 + (x.values.jmx?.exporter?.enabled || x.values.jmx?.[role]?.exporter?.enabled ? 1 : 0); return `${n}/${n}`; };
  const cfg = (name: string, from = workerCfg) => c(`${name}=${from[name].value}`);
  const [existing, onEks] = ['existing-cluster', 'trino-on-eks'].map((n) => { const e = all.find((x) => x.name === n)!; return { e, smoke: smokeTest(e) }; });
  const env = existing.smoke.env;
  const words = (v?: string) => (v ?? '').split(' ').filter((x) => x.length > 0);
  const [reads, writes] = [words(env.READ_CATALOGS), words(env.WRITE_CATALOGS)];
  const statements = 4 + 1 + (env.RETRY_POLICY ? 2 : 0) + reads.length + 6 * writes.length;
  const nodeLabel = Object.keys(SpotWorkerPool.DEFAULT_NODE_LABELS)[0];
  const scaleDown = keda.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0];
  const helm = Object.values<any>(s.resources).find((r) => r.Type === eks.HelmChart.RESOURCE_TYPE).Properties;
  let maxRelease = 1;
  while (chartNames('a'.repeat(maxRelease + 1)).workerService.length <= 63) maxRelease++;
  const wp = worker._object.spec;
  const ebs = s.nodeClass._object.spec.blockDeviceMappings[0].ebs;
  const glue = Object.values<any>(s.resources).filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((r) => r.Properties.PolicyDocument.Statement)
    .flatMap((st: any) => [st.Action].flat()).filter((a: string) => a.startsWith('glue:'));
  const chartValues = YAML.parse(fs.readFileSync(path.join(ROOT, '..', 'shared', 'schemas', 'trino-chart', 'values.yaml'), 'utf-8'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).devDependencies;
  const addOnFile = path.join(ROOT, 'src', 'blueprints', 'trino-addon.ts');
  const lookups = [...fs.readFileSync(addOnFile, 'utf-8').matchAll(/lookup\('(\w+)'\)/g)].map((m) => m[1]);
  const bpResources = bp.resources;
  const retained = Object.entries(bpResources).filter(([, r]) => r.DeletionPolicy === 'Retain');
  const smokeLogs = (r: any) => String(r.Properties?.LogGroupName ?? '').startsWith('/aws/lambda/TrinoSmokeVerdict-');
  const retainedId = (type: string, f: (r: any) => boolean = () => true) => c(retained.find(([, r]) => r.Type === type && f(r))![0]);
  const sql = fs.readdirSync(path.join(ROOT, 'examples', 'sql')).filter((x) => x.endsWith('.sql')).sort().map((file) => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'sql', file), 'utf-8');
    const comment = text.split('\n').filter((l) => l.startsWith('--') && !l.includes('SPDX-License-Identifier')).map((l) => l.replace(/^--\s?/, ''));
    const placeholders = [...new Set(text.match(/\$\{\w+\}/g) ?? [])];
    return [`[\`${file}\`](sql/${file})`, comment.slice(0, comment.findIndex((l) => l.trim() === '')).join(' ').replace(/\s+/g, ' ').trim(),
      placeholders.length > 0 ? list(placeholders) : 'none'];
  });
  // facts that are one value of a rendered object: block name → path into `roots`; the pages show them as they please
  const roots = { s, prom, bp, wp, pkg, chart: chartValues };
  const paths: { [block: string]: string } = {
    'blueprints.worker-pool': 'bp.pools.0',
    'blueprints.coordinator-pool': 'bp.pools.1',
    'blueprints.version': 'pkg["@aws-quickstart/eks-blueprints"]',
    'blueprints.cdk-version': 'pkg["aws-cdk-lib"]',
    'blueprints.id': 'bp.trinoAddOn.id',
    'blueprints.stack': 'bp.stack.stackName',
    'blueprints.resources': 'bp.example.stacks.0.resources',
    'blueprints.config-output': 'bp.configOutput',
    'blueprints.data-bucket': 'bp.dataBucketId',
    'blueprints.exchange-bucket': 'bp.exchangeBucketId',
    'migrating.consolidation-policy': 'wp.disruption.consolidationPolicy',
    'migrating.do-not-disrupt': 's.values.coordinator.annotations["karpenter.sh/do-not-disrupt"]',
    'migrating.environment': 's.values.server.node.environment',
    'migrating.trigger-type': 's.so.spec.triggers.0.type',
    'migrating.prometheus-query': 'prom.so.spec.triggers.0.metadata.query',
    'migrating.exporter-image': 'chart.jmx.exporter.image',
    'migrating.service-type': 'chart.service.type',
    'migrating.scrape-interval': 'prom.values.serviceMonitor.interval',
  };
  return Object.fromEntries<string | number>([
    ...Object.entries(paths).map(([name, p]): [string, string] => [name, at(roots, p)]),
    ['seed.min-workers', keda.minReplicaCount], ['seed.max-workers', keda.maxReplicaCount], ['seed.polling', keda.pollingInterval], ['seed.cooldown', keda.cooldownPeriod],
    ['seed.coordinator-capacity', coordinator.capacityTypes.join(',')], ['seed.worker-capacity', worker.capacityTypes.join(',')],
    ['seed.service-account', c(s.sa.metadata.name)],
    ['seed.retry-policy', c(`retry-policy=${s.exchange!.retryPolicy}`)], ['seed.scaled-object', c(s.scaler!.scaledObjectName)], ['seed.hpa', c(s.hpa)],
    ['seed.required-workers', cfg('query-manager.required-workers', coordCfg)], ['trino.port', TRINO_CHART.httpPort],
    // docs/architecture.md
    ['architecture.include-coordinator', c(`node-scheduler.include-coordinator=${coordCfg['node-scheduler.include-coordinator'].value}`)],
    ['architecture.warehouses', `${c(warehouse('hive'))} and ${c(warehouse('iceberg'))}`],
    ['architecture.rendered', `\`${s.trino.coordinatorDeploymentName}\` and \`${s.trino.workerDeploymentName}\``],
    ['architecture.services', `\`${s.trino.serviceName}\` (port ${TRINO_CHART.httpPort}) and \`${s.workerService}\``],
    ['architecture.rules', `${TRINO_RULES.length} rules: ${TRINO_RULE_GROUPS.map((g) => `${g.topic.toLowerCase()} (${g.rules.length})`).join(', ')}`],
    // docs/operations.md
    ['operations.max-release', maxRelease],
    ['smoke.pod', c(existing.smoke.pod.metadata.name.replace(/[0-9a-f]{10}$/, '<run id>'))], ['smoke.image', c(existing.smoke.pod.spec.containers[0].image)],
    ['smoke.server', c(env.TRINO_SERVER)], ['smoke.user-key', c(existing.smoke.userRef!.key)], ['smoke.user-secret', c(existing.smoke.userRef!.name)], ['smoke.statements', statements],
    ['smoke.outputs', table(['Sample', 'Result', 'First query (s)', 'Re-run (s)'], [existing, onEks].map(({ e, smoke: x }) =>
      [`[\`${e.file}\`](../examples/${e.file}) (stack \`${x.stackName}\`)`, ...x.outputs.map(c)]))],
    ['smoke.log-group', c(existing.smoke.logGroup)], ['smoke.log-days', existing.smoke.logDays], ['smoke.timeout', `${existing.smoke.timeout / 60} min`],
    ['smoke.deadline', existing.smoke.pod.spec.activeDeadlineSeconds], ['smoke.budget', env.BUDGET_SECONDS],
    ['smoke.disable', c(`cdk deploy -c ${TrinoSmokeTest.ENABLED_CONTEXT_KEY}=false`)], ['smoke.rerun', c(`cdk deploy -c ${TrinoSmokeTest.RERUN_CONTEXT_KEY}=<any new value>`)],
    ['smoke.integ-region', c(INTEG_REGION)], ['smoke.stacks', list([existing, onEks].map((x) => x.smoke.stackName))],
    ['smoke.retained', [existing, onEks].map(({ e, smoke: x }) => `- \`${e.file}\`: ${x.retained.join(', ')}.`).join('\n')],
    ['operations.coordinator-ready', c(ready(s, 'coordinator'))], ['operations.worker-ready', c(ready(s, 'worker'))],
    ['operations.idle-workers', `${keda.minReplicaCount}/${keda.minReplicaCount}`],
    ['operations.prometheus-ready', `coordinator ${ready(prom, 'coordinator')}, workers ${ready(prom, 'worker')}`],
    ['operations.coordinator-ready-plain', ready(s, 'coordinator')],
    ['operations.helm-wait', c(`Wait: ${helm.Wait}`)], ['operations.helm-timeout', helm.Timeout], ['operations.initial-cooldown', s.so.spec.initialCooldownPeriod ?? 0],
    ['operations.so-columns', printerColumns('keda/keda.sh_scaledobjects.yaml')], ['operations.so-target', `\`${s.so.spec.scaleTargetRef.name}\` (a ${s.so.spec.scaleTargetRef.kind})`],
    ['operations.triggers', c([...new Set(triggers.map((t) => t.type))].join(','))],
    ['operations.coordinator-label', c(`${nodeLabel}=${CoordinatorPool.DEFAULT_NODE_LABELS[nodeLabel]}`)], ['operations.worker-label', c(`${nodeLabel}=${SpotWorkerPool.DEFAULT_NODE_LABELS[nodeLabel]}`)],
    ['operations.coordinator-types', list(coordinator.instanceTypes.map(String))], ['operations.worker-types', list(worker.instanceTypes.map(String))],
    ['operations.pool-columns', printerColumns('karpenter/karpenter.sh_nodepools.yaml')],
    ['operations.cli-link', `[Trino CLI](https://trino.io/docs/${s.trino.trinoVersion}/client/cli.html)`],
    ['operations.catalogs', list([...Object.keys(s.chart.catalogs), 'system'].sort())],
    ['operations.hive-warehouse', c(/default-warehouse-dir=(\S*)/.exec(s.values.catalogs.hive)![1].replace(/<[^>]+>/, '<data bucket>'))],
    ['operations.scale-down', `${scaleDown.value === 1 ? 'one' : scaleDown.value} every ${scaleDown.periodSeconds} s`],
    ['operations.metric-names', list(triggers.map((t) => t.metadata.valueLocation))], ['operations.keda-user', c(`X-Trino-User: ${triggers[0].metadata.apiKey}`)],
    ['operations.worker-memory', `${cfg('query.max-memory-per-node')}, ${cfg('memory.heap-headroom-per-node')} and ${cfg('query.max-memory')}`],
    ['operations.worker-heap', c(s.values.worker.jvm.maxHeapSize)], ['operations.jvm-options', list([...JVM_OPTIONS])],
    // docs/blueprints.md
    ['blueprints.addons', list(bp.addOns)], ['blueprints.lookups', list(lookups.filter((x) => x.startsWith('Karpenter')))],
    ['blueprints.security-lookups', list(lookups.filter((x) => !x.startsWith('Karpenter') && x !== 'KedaAddOn'))],
    ['blueprints.chart-dependencies', `the Trino chart \`${bp.chart(TRINO_CHART.chart).id}\` has \`DependsOn\` on \`${bp.chart('karpenter').id}\` (Karpenter ${bp.chart('karpenter').Version} ` +
      `in \`${bp.chart('karpenter').Namespace}\`) and \`${bp.chart('keda').id}\` (KEDA ${bp.chart('keda').Version} in \`${bp.chart('keda').Namespace}\`)`],
    ['blueprints.retry-policy', c(bp.values.additionalConfigProperties.find((l: string) => l.startsWith('retry-policy=')))],
    ['blueprints.release', `release \`${bp.chart(TRINO_CHART.chart).Release}\` in \`${bp.chart(TRINO_CHART.chart).Namespace}\``],
    ['blueprints.scaling', `${bp.values.server.keda.minReplicaCount} to ${bp.values.server.keda.maxReplicaCount}`],
    ['blueprints.props', table(['Prop', 'Type', 'What', 'Default'], interfaceProps(addOnFile, 'TrinoAddOnProps').map((x) =>
      [c(x.name), c(x.type), x.summary, x.default === undefined ? '' : x.default.startsWith('- ') ? x.default.slice(2) : c(x.default)]))],
    ['blueprints.cluster', `\`${bp.config.name}\` (Kubernetes ${bp.config.version})`],
    ['blueprints.exchange-deletion', c(`DeletionPolicy: ${bpResources[bp.exchangeBucketId].DeletionPolicy ?? 'Delete'}`)],
    ['blueprints.flow-logs', retainedId('AWS::Logs::LogGroup', (r) => !smokeLogs(r))], ['blueprints.kms-key', retainedId('AWS::KMS::Key')],
    ['blueprints.smoke-logs', retainedId('AWS::Logs::LogGroup', smokeLogs)],
    ['blueprints.smoke-log-group', c(retained.find(([, r]) => smokeLogs(r))![1].Properties.LogGroupName)],
    ['blueprints.smoke-log-days', retained.find(([, r]) => smokeLogs(r))![1].Properties.RetentionInDays],
    ['blueprints.log-group', c(`/aws/eks/${bp.config.name}/cluster`)],
    ['blueprints.logging', list((bp.config.logging?.clusterLogging ?? []).flatMap((l: any) => (l.enabled ? l.types : [])))],
    ['blueprints.instances', c(`aws ec2 describe-instances --filters Name=tag:karpenter.sh/nodepool,Values=${bp.pools.join(',')} Name=instance-state-name,Values=running`)],
    // docs/migrating-from-data-on-eks.md
    ['migrating.chart', `${c(`${TRINO_CHART.chart} ${TrinoCluster.DEFAULT_CHART_VERSION}`)}, Trino ${c(TrinoCluster.DEFAULT_TRINO_VERSION)}`],
    ['migrating.root-volume', `${c(ebs.volumeSize)} ${ebs.volumeType}${ebs.encrypted ? ', encrypted' : ''}`],
    ['migrating.worker-heap', `${c(`-Xmx${s.values.worker.jvm.maxHeapSize}`)} (${(s.trino.workerSizing.heap.toMebibytes() / 1024).toFixed(1)} GiB)`],
    ['migrating.coordinator-heap', `${c(`-Xmx${s.values.coordinator.jvm.maxHeapSize}`)} (${(s.trino.coordinatorSizing.heap.toMebibytes() / 1024).toFixed(1)} GiB)`],
    ['migrating.worker-resources', `requests = limits ${c(s.values.worker.resources.limits.cpu)}, ${c(s.values.worker.resources.limits.memory)}`],
    ...['query.max-memory-per-node', 'memory.heap-headroom-per-node', 'query.max-memory', 'retry-policy', 'exchange.compression-codec', 'query.remote-task.max-error-duration']
      .map((k): [string, string] => [`migrating.${k}`, c(workerCfg[k].value)]),
    ['migrating.catalogs', list(Object.keys(s.chart.catalogs))], ['migrating.identity-type', irsa ? 'IRSA' : 'Pod Identity'],
    ['migrating.exchange-bucket-words', bucketWords(s.resources, spoolId)],
    ...(s.values.additionalExchangeManagerProperties as string[]).filter((l) => !l.startsWith('exchange.s3.region='))
      .map((l): [string, string] => [`migrating.${l.split('=')[0]}`, c(l.slice(l.indexOf('=') + 1))]),
    ['migrating.target', `\`${s.so.spec.scaleTargetRef.apiVersion}\` \`${s.so.spec.scaleTargetRef.kind}\` \`${s.so.spec.scaleTargetRef.name}\``],
    ['migrating.ignore-null', c(`ignoreNullValues: "${prom.so.spec.triggers[0].metadata.ignoreNullValues}"`)],
    ['migrating.anti-affinity', list(Object.entries(s.values.worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).map(([k, x]) => `${k}: ${x}`))],
    ['migrating.pdbs', list(s.pdbs)],
    ['migrating.data-bucket-words', bucketWords(s.resources, dataId)], ['migrating.glue-actions', glue.length],
    ['migrating.pull-policy', c(`pullPolicy: ${prom.values.jmx?.coordinator?.exporter?.pullPolicy ?? prom.values.jmx?.exporter?.pullPolicy}`)],
    ['migrating.coordinator-pdb', c(`maxUnavailable: ${s.objects.find((o: any) => o.kind === 'PodDisruptionBudget' && o.metadata.name === s.trino.coordinatorDeploymentName).spec.maxUnavailable}`)],
    // examples/README.md
    ['examples.stacks', table(['Example', 'Stack (resources)', 'Synthesize it alone'], all.map((e) => [`[\`${e.file}\`](${e.file})`,
      e.stacks.map((x) => `\`${x.name}\` (${x.resources})`).join(', '), `\`${synthOne(e.name)}\`<br>\`npx cdk synth --app "npx ts-node --prefer-ts-exts examples/${e.file}"\``]))],
    ['examples.sql', table(['File', 'What it is for', 'Placeholders'], sql)],
  ]);
}

export async function guideBlocks(): Promise<Blocks> {
  return { ...autoscaling(), ...monitoringPage(), ...await guidePages() };
}
