// SPDX-License-Identifier: Apache-2.0
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CatalogAccess, RetryPolicy, SpotWorkerPool, TrinoAddOn, TrinoAddOnProps, TrinoAuthentication } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';
import { unknownChartKeys } from '../conformance/chart-values';
import { expectValidCrdObject } from '../conformance/crd';
import { helmCharts, manifests, withDeployTimeIds } from '../util';

// Compile-time proof (checked by `projen typecheck`): TrinoAddOn is an eks-blueprints ClusterAddOn without naming
// eks-blueprints types in its own API.
const asAddOn: blueprints.ClusterAddOn = new TrinoAddOn();
// @ts-expect-error a plain object without deploy() is not an add-on; this line proves the check above can fail
const notAnAddOn: blueprints.ClusterAddOn = { id: 'x' };
void asAddOn;
void notAnAddOn;

const ENV = { account: '123456789012', region: 'us-west-2' };

function clusterProvider() {
  return new blueprints.GenericClusterProvider({
    version: eks.KubernetesVersion.V1_35,
    managedNodeGroups: [
      {
        id: 'system',
        instanceTypes: [new ec2.InstanceType('m7g.large')],
        amiType: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
        nodeGroupCapacityType: eks.CapacityType.ON_DEMAND,
        minSize: 2,
        maxSize: 3,
        desiredSize: 2,
      },
    ],
  });
}

function karpenter() {
  return new blueprints.KarpenterV1AddOn({ interruptionHandling: true, podIdentity: true });
}

async function build(addOns: blueprints.ClusterAddOn[], id = 'trino-on-eks'): Promise<Stack> {
  const app = new App();
  return blueprints.EksBlueprint.builder()
    .account(ENV.account)
    .region(ENV.region)
    .version(eks.KubernetesVersion.V1_35)
    .clusterProvider(clusterProvider())
    .addOns(...addOns)
    .buildAsync(app, id);
}

describe('TrinoAddOn in a blueprint', () => {
  let template: Template;
  beforeAll(async () => {
    const stack = await build([
      new blueprints.EksPodIdentityAgentAddOn('v1.3.10-eksbuild.2'),
      karpenter(),
      new blueprints.KedaAddOn(),
      new TrinoAddOn({ maxWorkers: 10, longestQueryDuration: Duration.hours(6) }),
    ]);
    template = Template.fromStack(stack);
  });

  test('the Trino chart depends on the KEDA and Karpenter charts', () => {
    const charts = helmCharts(template);
    const trino = charts.find((c) => c.props.Chart === 'trino')!;
    const keda = charts.find((c) => c.props.Chart === 'keda')!;
    const karpenterChart = charts.find((c) => c.props.Chart === 'karpenter')!;
    expect(keda).toBeDefined();
    expect(karpenterChart).toBeDefined();
    const resource = template.toJSON().Resources[trino.id];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([keda.id, karpenterChart.id]));
  });

  test('the NodePools and EC2NodeClass depend on the Karpenter chart and pass the Karpenter CRDs', () => {
    const karpenterChart = helmCharts(template).find((c) => c.props.Chart === 'karpenter')!;
    const resources = template.toJSON().Resources;
    const kinds = new Map<string, string[]>();
    for (const [id, r] of Object.entries<any>(resources)) {
      if (r.Type !== 'Custom::AWSCDK-EKS-KubernetesResource') continue;
      for (const o of parseCfnJson(r.Properties.Manifest)) {
        if (['NodePool', 'EC2NodeClass'].includes(o.kind)) {
          kinds.set(o.kind, [...(kinds.get(o.kind) ?? []), id]);
          expect(r.DependsOn).toEqual(expect.arrayContaining([karpenterChart.id]));
        }
      }
    }
    expect(kinds.get('NodePool')).toHaveLength(2);
    expect(kinds.get('EC2NodeClass')).toHaveLength(1);
    for (const o of manifests(template).filter((m) => ['NodePool', 'EC2NodeClass'].includes(m.kind))) {
      expectValidCrdObject(withDeployTimeIds(o));
    }
  });

  test('renders the seed: scale to zero with KEDA, Spot workers, TASK retries on an S3 exchange, four catalogs', () => {
    const values = helmCharts(template).find((c) => c.props.Chart === 'trino')!.values;
    expect(values.server.keda.enabled).toBe(true);
    expect(values.server.keda.minReplicaCount).toBe(0);
    expect(values.server.keda.maxReplicaCount).toBe(10);
    expect(values.server.exchangeManager.name).toBe('filesystem');
    expect(values.additionalConfigProperties).toEqual(expect.arrayContaining(['retry-policy=TASK']));
    expect(Object.keys(values.catalogs).filter((k) => values.catalogs[k] !== null)).toEqual([
      'tpch',
      'tpcds',
      'hive',
      'iceberg',
    ]);
    expect(values.worker.nodeSelector).toBeDefined();
    expect(values.coordinator.nodeSelector['karpenter.sh/capacity-type']).toBe('on-demand');
    expect(unknownChartKeys(values)).toEqual([]);
  });

  test('creates the data and exchange buckets', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });
});

describe('TrinoAddOn ordering and errors', () => {
  test('fails naming KedaAddOn when autoscaling is on and KEDA is missing', async () => {
    await expect(build([karpenter(), new TrinoAddOn()])).rejects.toThrow(
      /TrinoAddOn needs KEDA .* add `new KedaAddOn\(\)` before TrinoAddOn/,
    );
  });

  test('fails naming KarpenterV1AddOn when Spot capacity is on and Karpenter is missing', async () => {
    await expect(build([new blueprints.KedaAddOn(), new TrinoAddOn()])).rejects.toThrow(
      /TrinoAddOn needs Karpenter .* add `new KarpenterV1AddOn\(\)` before TrinoAddOn/,
    );
  });

  test('without autoscaling and Spot capacity it needs neither add-on', async () => {
    const stack = await build([new TrinoAddOn({ autoscaling: false, spotCapacity: false, faultTolerance: false })]);
    const values = helmCharts(Template.fromStack(stack)).find((c) => c.props.Chart === 'trino')!.values;
    expect(values.server.keda).toBeUndefined();
    expect(values.server.workers).toBe(1);
    expect(values.server.exchangeManager).toBeUndefined();
  });

  test('fileSystemCache: the node class turns on RAID0 and the workers default to instance-store types', async () => {
    const stack = await build([
      new blueprints.EksPodIdentityAgentAddOn('v1.3.10-eksbuild.2'),
      karpenter(),
      new TrinoAddOn({ autoscaling: false, faultTolerance: false, fileSystemCache: {} }),
    ]);
    const t = Template.fromStack(stack);
    const objects = manifests(t);
    const nodeClass = objects.find((o) => o.kind === 'EC2NodeClass');
    expect(nodeClass.spec.instanceStorePolicy).toBe('RAID0');
    const workers = objects.find((o) => o.kind === 'NodePool' && o.metadata.labels['app.kubernetes.io/component'] === 'worker');
    const types = workers.spec.template.spec.requirements.find((r: any) => r.key === 'node.kubernetes.io/instance-type');
    expect(types.values).toEqual(SpotWorkerPool.NVME_INSTANCE_TYPES);
    const values = helmCharts(t).find((c) => c.props.Chart === 'trino')!.values;
    expect(values.catalogs.iceberg).toContain('fs.cache.enabled=true');
    expect(values.worker.additionalVolumes).toEqual([{ name: 'fs-cache', emptyDir: {} }]);
    expect(values.coordinator.additionalVolumes[0].emptyDir.medium).toBe('Memory');
  });

  test('the security props pass through; the chart waits for the load balancer controller, the SecretProviderClass for the CSI driver', async () => {
    // stand-ins keyed by the ids TrinoAddOn looks up (eks-blueprints keys an add-on by its id or class name)
    const standIn = (id: string) => ({
      id,
      deploy: (ci: blueprints.ClusterInfo) =>
        Promise.resolve(new eks.KubernetesManifest(ci.cluster.stack, id, { cluster: ci.cluster, manifest: [] })),
    });
    const stack = await build([
      standIn('AwsLoadBalancerControllerAddOn'),
      standIn('SecretsStoreCsiDriver'),
      new TrinoAddOn({
        autoscaling: false,
        spotCapacity: false,
        faultTolerance: false,
        endpoint: {
          domainName: 'trino.example.com',
          certificate: acm.Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:us-west-2:123456789012:certificate/abc'),
        },
        authentication: TrinoAuthentication.password({
          passwordFile: Secret.fromSecretCompleteArn(new Stack(), 'File', 'arn:aws:secretsmanager:us-west-2:123456789012:secret:trino-AbCdEf'),
        }),
        accessControl: { catalogs: [{ group: 'admins', allow: CatalogAccess.ALL }] },
      }),
    ]);
    const t = Template.fromStack(stack);
    const resources = t.toJSON().Resources;
    const trino = helmCharts(t).find((c) => c.props.Chart === 'trino')!;
    expect(trino.values.server.config.authenticationType).toBe('PASSWORD');
    expect(trino.values.ingress.hosts[0].host).toBe('trino.example.com');
    expect(trino.values.accessControl).toBeDefined();
    const idOf = (kind: string) =>
      Object.keys(resources).find((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource' &&
        parseCfnJson(resources[id].Properties.Manifest).some((o: any) => o.kind === kind))!;
    const lbc = Object.keys(resources).find((id) => id.startsWith('AwsLoadBalancerControllerAddOn'))!;
    const csi = Object.keys(resources).find((id) => id.startsWith('SecretsStoreCsiDriver'))!;
    expect(resources[trino.id].DependsOn).toContain(lbc);
    expect(resources[idOf('SecretProviderClass')].DependsOn).toContain(csi);
  });

  test('other add-ons can depend on TrinoAddOn by id', async () => {
    let dependency: Construct | undefined;
    class Downstream implements blueprints.ClusterAddOn {
      async deploy(clusterInfo: blueprints.ClusterInfo): Promise<Construct> {
        dependency = await clusterInfo.getScheduledAddOn('TrinoAddOn');
        return new Construct(clusterInfo.cluster, 'Downstream');
      }
    }
    await build([new TrinoAddOn({ autoscaling: false, spotCapacity: false }), new Downstream()]);
    expect(dependency).toBeInstanceOf(eks.HelmChart);
  });

  test('an exchange bucket and a QUERY retry policy', async () => {
    const app = new App();
    const bucketStack = new Stack(app, 'Buckets', { env: ENV });
    const bucket = s3.Bucket.fromBucketName(bucketStack, 'Exchange', 'my-exchange');
    const stack = await blueprints.EksBlueprint.builder()
      .account(ENV.account)
      .region(ENV.region)
      .version(eks.KubernetesVersion.V1_35)
      .clusterProvider(clusterProvider())
      .addOns(new TrinoAddOn({ autoscaling: false, spotCapacity: false, exchangeBucket: bucket, retryPolicy: RetryPolicy.QUERY }))
      .buildAsync(app, 'query-retries');
    const values = helmCharts(Template.fromStack(stack)).find((c) => c.props.Chart === 'trino')!.values;
    expect(values.server.exchangeManager.baseDir).toContain('s3://my-exchange');
    expect(values.additionalConfigProperties).toEqual(expect.arrayContaining(['retry-policy=QUERY']));
  });

  test.each(['workerPool', 'coordinatorPool', 'exchange'])('refuses a prebuilt %s', (prop) => {
    expect(() => new TrinoAddOn({ [prop]: {} } as TrinoAddOnProps)).toThrow(
      new RegExp(`TrinoAddOn creates its own \`${prop}\``),
    );
  });
});
