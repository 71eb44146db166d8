// SPDX-License-Identifier: Apache-2.0
import { Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  CoordinatorPool,
  ITrinoNodePool,
  KarpenterCapacityType,
  PodToleration,
  SpotWorkerPool,
  SpotWorkerPoolProps,
  TrinoCluster,
  TrinoClusterProps,
  TrinoNodeClass,
  TrinoRole,
  TrinoSizing,
} from '../../src';
import { chartNames } from '../../src/config/chart';
import { unknownChartKeys } from '../conformance/chart-values';
import { expectValidCrdObject } from '../conformance/crd';
import { importedClusterStack, realClusterStack, trinoValues } from '../util';
import { manifestIds, nodeRole, objectsOfKind, taggedNodeClass } from './pools';

interface Fixture {
  readonly stack: Stack;
  readonly cluster: eks.ICluster;
  readonly nodeClass: TrinoNodeClass;
}

function fixture(): Fixture {
  const { stack, cluster } = importedClusterStack();
  return { stack, cluster, nodeClass: taggedNodeClass(stack, cluster) };
}

function workers(f: Fixture, props: Partial<SpotWorkerPoolProps> = {}, id = 'Workers') {
  return new SpotWorkerPool(f.stack, id, { cluster: f.cluster, nodeClass: f.nodeClass, zone: 'us-west-2a', ...props });
}

function coordinator(f: Fixture, zone = 'us-west-2a', instanceTypes?: string[]) {
  return new CoordinatorPool(f.stack, 'Coordinator', {
    cluster: f.cluster,
    nodeClass: f.nodeClass,
    zone,
    instanceTypes: instanceTypes?.map((t) => new ec2.InstanceType(t)),
  });
}

function trino(f: Fixture, props: Partial<TrinoClusterProps>) {
  const cluster = new TrinoCluster(f.stack, 'Trino', { cluster: f.cluster, ...props });
  const template = Template.fromStack(f.stack);
  return { trino: cluster, template, values: trinoValues(template) };
}

/** A hand-written pool, as a user could implement ITrinoNodePool for an existing Karpenter NodePool. */
class CustomPool extends Construct implements ITrinoNodePool {
  public readonly nodePoolName = 'existing';
  public readonly nodeSelector = { 'example.com/pool': 'existing' };
  public readonly tolerations: PodToleration[] = [];
  public readonly zone = 'us-west-2a';
  public readonly maxNodes = 10;
  constructor(
    scope: Construct,
    id: string,
    public readonly role: TrinoRole,
    public readonly capacityTypes: KarpenterCapacityType[],
    public readonly instanceTypes: ec2.InstanceType[],
  ) {
    super(scope, id);
  }
}

describe.each(['trino', 'analytics'])('TrinoCluster on the pools (release %s)', (releaseName) => {
  const f = fixture();
  const workerPool = workers(f);
  const coordinatorPool = coordinator(f);
  const { template, values } = trino(f, { workerPool, coordinatorPool, releaseName });

  test('worker pods tolerate the worker taint and select the worker pool', () => {
    const taint = objectsOfKind(template, 'NodePool').find((p) => p.metadata.name === workerPool.nodePoolName).spec
      .template.spec.taints[0];
    expect(values.worker.tolerations).toEqual([{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }]);
    expect(values.worker.nodeSelector).toEqual({
      'trino.io/role': 'worker',
      'karpenter.sh/nodepool': workerPool.nodePoolName,
      'karpenter.sh/capacity-type': 'spot',
    });
  });

  test('every label the workers select is a label the worker pool gives its nodes (or one Karpenter sets)', () => {
    const nodePool = objectsOfKind(template, 'NodePool').find((p) => p.metadata.name === workerPool.nodePoolName);
    for (const [key, value] of Object.entries(values.worker.nodeSelector)) {
      if (key === 'karpenter.sh/nodepool') {
        expect(value).toBe(nodePool.metadata.name);
      } else if (key === 'karpenter.sh/capacity-type') {
        expect(nodePool.spec.template.spec.requirements).toContainEqual({ key, operator: 'In', values: [value] });
      } else {
        expect(nodePool.spec.template.metadata.labels[key]).toBe(value);
      }
    }
  });

  test('the coordinator selects On-Demand capacity on its own pool and tolerates its taint', () => {
    expect(values.coordinator.nodeSelector).toEqual({
      'trino.io/role': 'coordinator',
      'karpenter.sh/nodepool': coordinatorPool.nodePoolName,
      'karpenter.sh/capacity-type': 'on-demand',
    });
    expect(values.coordinator.tolerations).toEqual([
      { key: 'trino.io/role', operator: 'Equal', value: 'coordinator', effect: 'NoSchedule' },
    ]);
    expect(values.coordinator.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
  });

  test('the worker anti-affinity selects exactly the labels the chart puts on worker pods', () => {
    const terms = values.worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(terms).toHaveLength(1);
    expect(terms[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(terms[0].labelSelector.matchLabels).toEqual(chartNames(releaseName).podLabels(TrinoRole.WORKER));
    expect(terms[0].labelSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'trino',
      'app.kubernetes.io/instance': releaseName,
      'app.kubernetes.io/component': 'worker',
    });
  });

  test('renders only keys the pinned chart knows', () => {
    expect(unknownChartKeys(values)).toEqual([]);
  });

  test('the chart is installed after both NodePools', () => {
    const chart = Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any;
    expect(chart.DependsOn).toEqual(expect.arrayContaining(manifestIds(template, 'NodePool')));
    expect(manifestIds(template, 'NodePool')).toHaveLength(2);
  });

  test('both NodePools and the EC2NodeClass conform to the CRDs', () => {
    for (const obj of [...objectsOfKind(template, 'NodePool'), ...objectsOfKind(template, 'EC2NodeClass')]) {
      expectValidCrdObject(obj);
    }
  });
});

describe('sizing from the pools', () => {
  test('the default pools give the default sizing', () => {
    const f = fixture();
    const { trino: t } = trino(f, { workerPool: workers(f), coordinatorPool: coordinator(f) });
    const worker = TrinoSizing.forInstanceType(new ec2.InstanceType(TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE));
    const coord = TrinoSizing.forInstanceType(new ec2.InstanceType(TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE));
    expect(t.workerSizing.containerMemory.toMebibytes()).toBe(worker.containerMemory.toMebibytes());
    expect(t.coordinatorSizing.containerMemory.toMebibytes()).toBe(coord.containerMemory.toMebibytes());
  });

  test('without workerInstanceType, the workers are sized for the smallest instance type of the pool', () => {
    const f = fixture();
    const workerPool = workers(f, {
      instanceTypes: ['r7g.16xlarge', 'r8g.8xlarge', 'r7i.8xlarge'].map((t) => new ec2.InstanceType(t)),
    });
    const { trino: t, values } = trino(f, { workerPool, maxWorkers: 5 });
    const expected = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.8xlarge'));
    expect(t.workerSizing.instance.instanceType).toBe('r8g.8xlarge');
    expect(values.worker.resources.limits).toEqual({
      cpu: `${expected.containerCpuMillis}m`,
      memory: `${expected.containerMemory.toMebibytes()}Mi`,
    });
  });

  test('with mixed shapes, the workers get the fewest vCPUs and the least memory of the pool', () => {
    const f = fixture();
    // m7g.12xlarge: 48 vCPU, 192 GiB; r8g.8xlarge: 32 vCPU, 256 GiB
    const workerPool = workers(f, { instanceTypes: ['m7g.12xlarge', 'r8g.8xlarge'].map((t) => new ec2.InstanceType(t)) });
    const { trino: t } = trino(f, { workerPool });
    expect(t.workerSizing.instance.vcpus).toBe(32);
    expect(t.workerSizing.instance.memory.toGibibytes()).toBe(192);
  });

  test('without coordinatorInstanceType, the coordinator is sized for the smallest type of its pool', () => {
    const f = fixture();
    const { trino: t } = trino(f, { coordinatorPool: coordinator(f, 'us-west-2a', ['m7g.8xlarge', 'm7g.4xlarge']) });
    expect(t.coordinatorSizing.instance.instanceType).toBe('m7g.4xlarge');
  });

  test('an explicit workerInstanceType wins when every pool type fits it', () => {
    const f = fixture();
    const { trino: t } = trino(f, { workerPool: workers(f), workerInstanceType: new ec2.InstanceType('r8g.2xlarge') });
    expect(t.workerSizing.instance.instanceType).toBe('r8g.2xlarge');
  });

  test('an explicit workerSizing wins when every pool type fits it', () => {
    const f = fixture();
    const sizing = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'), { heapFraction: 0.7 });
    const { trino: t } = trino(f, { workerPool: workers(f), workerSizing: sizing });
    expect(t.workerSizing).toBe(sizing);
  });
});

describe('TrinoCluster without pools', () => {
  test('runs on whatever nodes exist: no node selector, no tolerations, no NodePool', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster });
    const template = Template.fromStack(stack);
    const values = trinoValues(template);
    for (const role of ['worker', 'coordinator']) {
      expect(values[role].nodeSelector).toBeUndefined();
      expect(values[role].tolerations).toBeUndefined();
    }
    expect(objectsOfKind(template, 'NodePool')).toEqual([]);
    expect(unknownChartKeys(values)).toEqual([]);
  });

  test('a worker pool alone places the workers only', () => {
    const f = fixture();
    const { values } = trino(f, { workerPool: workers(f) });
    expect(values.worker.nodeSelector).toBeDefined();
    expect(values.coordinator.nodeSelector).toBeUndefined();
  });

  test('with On-Demand fallback, the workers do not select a capacity type', () => {
    const f = fixture();
    const { values } = trino(f, { workerPool: workers(f, { onDemandFallback: true }) });
    expect(values.worker.nodeSelector['karpenter.sh/capacity-type']).toBeUndefined();
  });
});

describe('pools on an eks.Cluster with its own VPC', () => {
  test('both pools default to the same zone, and the chart waits for both', () => {
    const { stack, cluster } = realClusterStack();
    const nodeClass = new TrinoNodeClass(stack, 'NodeClass', { cluster, role: nodeRole(stack) });
    const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass });
    const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass });
    new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool });
    expect(workerPool.zone).toBe(coordinatorPool.zone);
    const template = Template.fromStack(stack);
    const chart = Object.values(template.findResources(eks.HelmChart.RESOURCE_TYPE))[0] as any;
    expect(chart.DependsOn).toEqual(expect.arrayContaining(manifestIds(template, 'NodePool')));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('poolZones'))).toEqual([]);
  });
  test('in an environment-agnostic stack, the zone is a deploy-time value both pools share', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'analytics',
      vpc,
      clusterSecurityGroupId: 'sg-0123',
      kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
      openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
        stack,
        'Oidc',
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE',
      ),
    });
    const nodeClass = new TrinoNodeClass(stack, 'NodeClass', { cluster, role: nodeRole(stack) });
    const workerPool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass });
    const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass });
    new TrinoCluster(stack, 'Trino', { cluster, workerPool, coordinatorPool });
    expect(Token.isUnresolved(workerPool.zone)).toBe(true);
    expect(stack.resolve(workerPool.zone)).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(stack.resolve(coordinatorPool.zone)).toEqual(stack.resolve(workerPool.zone));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('poolZones'))).toEqual([]);
  });
});

describe('TrinoCluster pool bad input', () => {
  test('fails when the worker pool is a coordinator pool', () => {
    const f = fixture();
    expect(() => trino(f, { workerPool: coordinator(f) })).toThrow(
      /`workerPool` 'Stack\/Coordinator' provides nodes for the coordinator \(role 'coordinator'\); pass a pool whose role is 'worker', such as a SpotWorkerPool/,
    );
  });

  test('fails when the coordinator pool is a worker pool', () => {
    const f = fixture();
    expect(() => trino(f, { coordinatorPool: workers(f) })).toThrow(
      /`coordinatorPool` 'Stack\/Workers' provides nodes for the worker \(role 'worker'\); pass a pool whose role is 'coordinator', such as a CoordinatorPool/,
    );
  });

  test('fails when the pools are in different zones', () => {
    const f = fixture();
    expect(() => trino(f, { workerPool: workers(f), coordinatorPool: coordinator(f, 'us-west-2b') })).toThrow(
      /`workerPool` and `coordinatorPool` are in different zones \('us-west-2a' and 'us-west-2b'\)/,
    );
  });

  test('fails when the worker pool has fewer nodes than maxWorkers, naming both values', () => {
    const f = fixture();
    expect(() => trino(f, { workerPool: workers(f, { maxNodes: 8 }), maxWorkers: 12 })).toThrow(
      /`workerPool` allows at most 8 nodes \(its `maxNodes`\), fewer than `maxWorkers` \(12\): with one worker per node, 4 workers could never start/,
    );
  });

  test('fails when a worker pool instance type is too small for the worker sizing, naming it', () => {
    const f = fixture();
    const workerPool = workers(f, { instanceTypes: ['r8g.4xlarge', 'r8g.2xlarge'].map((t) => new ec2.InstanceType(t)) });
    expect(() => trino(f, { workerPool, workerInstanceType: new ec2.InstanceType('r8g.4xlarge') })).toThrow(
      /`workerPool` allows instance type 'r8g.2xlarge', which is too small for the workers: it leaves 7410m CPU and 56.7 GiB for Trino, the workers need 15390m and 115.9 GiB \(sized for r8g.4xlarge\)/,
    );
  });

  test('fails when an instance type has the memory but not the CPU of the worker sizing', () => {
    const f = fixture();
    // m7g.8xlarge: 32 vCPU, 128 GiB fits an r8g.4xlarge's memory; r8g.8xlarge sizing needs 32 vCPU and 256 GiB
    const workerPool = workers(f, { instanceTypes: [new ec2.InstanceType('m7g.8xlarge')] });
    expect(() => trino(f, { workerPool, workerInstanceType: new ec2.InstanceType('r8g.8xlarge') })).toThrow(
      /`workerPool` allows instance type 'm7g.8xlarge', which is too small for the workers/,
    );
  });

  test('fails when a coordinator pool instance type is too small for the coordinator sizing', () => {
    const f = fixture();
    const coordinatorPool = coordinator(f, 'us-west-2a', ['m7g.xlarge']);
    expect(() => trino(f, { coordinatorPool, coordinatorSizing: TrinoSizing.forInstanceType(new ec2.InstanceType('m7g.2xlarge')) })).toThrow(
      /`coordinatorPool` allows instance type 'm7g.xlarge', which is too small for the coordinator: .*\(`coordinatorInstanceType`\)/,
    );
  });

  test('fails when the coordinator pool allows Spot', () => {
    const f = fixture();
    const pool = new CustomPool(f.stack, 'Custom', TrinoRole.COORDINATOR, [KarpenterCapacityType.SPOT, KarpenterCapacityType.ON_DEMAND], [
      new ec2.InstanceType('m7g.2xlarge'),
    ]);
    expect(() => trino(f, { coordinatorPool: pool })).toThrow(
      /`coordinatorPool` allows capacity types \[spot, on-demand\]; the coordinator must run On-Demand only/,
    );
  });

  test('fails when a hand-written pool allows an instance type outside the sizing table', () => {
    const f = fixture();
    const pool = new CustomPool(f.stack, 'Custom', TrinoRole.WORKER, [KarpenterCapacityType.SPOT], [
      new ec2.InstanceType('x2gd.4xlarge'),
    ]);
    expect(() => trino(f, { workerPool: pool })).toThrow(
      /`workerPool` allows instance type 'x2gd.4xlarge', which is not in the TrinoSizing table/,
    );
  });

  test('fails when a hand-written pool allows no instance types', () => {
    const f = fixture();
    const pool = new CustomPool(f.stack, 'Custom', TrinoRole.WORKER, [KarpenterCapacityType.SPOT], []);
    expect(() => trino(f, { workerPool: pool })).toThrow(/`workerPool` 'Stack\/Custom' allows no instance types/);
  });

  test('a hand-written On-Demand coordinator pool still gets the On-Demand selector', () => {
    const f = fixture();
    const pool = new CustomPool(f.stack, 'Custom', TrinoRole.COORDINATOR, [KarpenterCapacityType.ON_DEMAND], [
      new ec2.InstanceType('m7g.2xlarge'),
    ]);
    const { values } = trino(f, { coordinatorPool: pool });
    expect(values.coordinator.nodeSelector).toEqual({
      'example.com/pool': 'existing',
      'karpenter.sh/capacity-type': 'on-demand',
    });
  });
});
