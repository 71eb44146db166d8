// SPDX-License-Identifier: Apache-2.0
/**
 * What the doc generators (scripts/docs/) synthesize from: a scratch cloud-assembly directory, a stack on an imported
 * cluster, and the stacks the pages describe (the seed configuration, the pools, the samples in examples/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import {
  CoordinatorPool, FaultTolerantExchange, HiveCatalog, IcebergCatalog, InstanceStorePolicy, RetryPolicy, ScalerMetrics, SpotWorkerPool,
  TpcdsCatalog, TpchCatalog, TrinoCluster, TrinoKedaScaler, TrinoKedaScalerProps, TrinoMonitoring, TrinoNodeClass,
} from '../src';
import { renderTrino } from './render/render-stack';
import { chartNames, readChartValues } from '../src/config/chart';
import { MonitoringInput } from '../src/monitoring/private/content';
import { parseCfnJson } from '../src/private/cfn-json';

const ROOT = path.join(__dirname, '..');

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

/** A TrinoNodeClass and the two default pools on an imported cluster. */
export function pools(stackId: string, nodeClassProps: { instanceStorePolicy?: InstanceStorePolicy } = {}, workerTypes?: string[]) {
  const { app, stack, cluster } = importedClusterStack(stackId);
  const nodeClass = new TrinoNodeClass(stack, 'NodeClass', {
    cluster,
    role: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole'),
    subnetTags: { 'karpenter.sh/discovery': 'analytics' },
    securityGroupTags: { 'karpenter.sh/discovery': 'analytics' },
    ...nodeClassProps,
  });
  const instanceTypes = workerTypes?.map((t) => new ec2.InstanceType(t));
  const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a', instanceTypes });
  const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' });
  return { app, stack, cluster, nodeClass, workerPool, coordinatorPool };
}

/** The stack of docs/performance.md: NVMe Spot workers on a RAID0 node class and an On-Demand coordinator pool of the default types. */
export function documentedStack() {
  const { stack, cluster, nodeClass, workerPool, coordinatorPool } = pools('Performance', { instanceStorePolicy: InstanceStorePolicy.RAID0 },
    [...SpotWorkerPool.NVME_INSTANCE_TYPES]);
  const trino = new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool, fileSystemCache: {} });
  return { trino, values: trino._renderValues(), nodeClass };
}

/** A default TrinoCluster with a scaler, synthesized; the ScaledObject as the chart renders it. */
export function scaled(scalerProps: Partial<TrinoKedaScalerProps> = {}) {
  const { stack, cluster } = importedClusterStack('Docs');
  const trino = new TrinoCluster(stack, 'Trino', { cluster });
  const scaler = new TrinoKedaScaler(stack, 'Scaler', { trino, ...scalerProps });
  const values = trino._renderValues();
  const template = Template.fromStack(stack);
  const objects = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r: any) => parseCfnJson(r.Properties.Manifest));
  const so = renderTrino(template.toJSON()).get('ScaledObject', trino.workerDeploymentName);
  const trigger = (name: string) => so.spec.triggers.find((t: any) => t.name === name);
  return { trino, scaler, values, so, trigger, budgets: objects.filter((o: any) => o.kind === 'PodDisruptionBudget') };
}

/** The documentation cluster of docs/monitoring.md: pools, scaler, exchange and the default monitoring. */
export function docMonitoring(): { monitoring: TrinoMonitoring; trino: TrinoCluster; input: MonitoringInput } {
  const { stack, cluster, workerPool, coordinatorPool } = pools('Stack');
  const trino = new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool, exchange: new FaultTolerantExchange(stack, 'Exchange') });
  new TrinoKedaScaler(stack, 'Scaler', { trino });
  const monitoring = new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true });
  return { monitoring, trino, input: monitoring._input() };
}

/** The seed configuration (or parts of it) on an imported cluster, synthesized. */
export function seed(o: { pools?: boolean; exchange?: boolean; scaler?: boolean; metrics?: ScalerMetrics; releaseName?: string } = {}) {
  const { stack, cluster, nodeClass, workerPool, coordinatorPool } = pools('Docs');
  const exchange = o.exchange ?? true ? new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }) : undefined;
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    releaseName: o.releaseName,
    catalogs: [new TpchCatalog(), new TpcdsCatalog(), new HiveCatalog(), new IcebergCatalog()],
    workerPool: o.pools ?? true ? workerPool : undefined,
    coordinatorPool: o.pools ?? true ? coordinatorPool : undefined,
    exchange,
    minWorkers: 0,
  });
  const scaler = o.scaler ?? true ? new TrinoKedaScaler(stack, 'Scaler', { trino, minWorkers: 0, metrics: o.metrics }) : undefined;
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const values = parseCfnJson((Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any).Properties.Values);
  const objects = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((r: any) => parseCfnJson(r.Properties.Manifest));
  const so: any = renderTrino(template.toJSON()).find('ScaledObject', trino.workerDeploymentName);
  const names = chartNames(trino.releaseName);
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
    objects,
    so,
    chart: readChartValues(trino.releaseName, trino.namespace, values),
    pdbs: objects.filter((x: any) => x.kind === 'PodDisruptionBudget').map((x: any) => x.metadata.name) as string[],
    sa: objects.find((x: any) => x.kind === 'ServiceAccount'),
    hpa: `keda-hpa-${so?.metadata.name}`,
    workerService: names.workerService,
    id: (x: IConstruct) => stack.resolve(stack.getLogicalId(x.node.defaultChild as CfnResource)) as string,
  };
}
export type Seed = ReturnType<typeof seed>;

/** Every sample stack in examples/, built with its own buildApp and synthesized offline. */
export async function examples() {
  const dir = path.join(ROOT, 'examples');
  const out = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app: App = await require(path.join(dir, file)).buildApp(new App({ outdir: scratchOutdir() }));
    const stacks = app.synth().stacks.map((x) => ({
      name: x.stackName,
      resources: Object.keys(x.template.Resources ?? {}).length,
      template: x.template,
    }));
    out.push({ name: path.basename(file, '.ts'), file, app, stacks });
  }
  return out;
}
export type Example = Awaited<ReturnType<typeof examples>>[number];
