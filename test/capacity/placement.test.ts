// SPDX-License-Identifier: Apache-2.0
import { Size, Stack, Token } from 'aws-cdk-lib';
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
import { manifestIds, nodeRole, objectsOfKind, oneOfKind, taggedNodeClass } from './pools';

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

describe('the DaemonSet allowance of the sizing derived from the pools', () => {
  const allocatable = (type: string) =>
    TrinoSizing.forInstanceType(new ec2.InstanceType(type)).nodeAllocatableMemory.toMebibytes();

  test('default: the pods leave 1 GiB and 500m of the smallest type\'s allocatable to DaemonSets', () => {
    const f = fixture();
    const { trino: t, values } = trino(f, { workerPool: workers(f), coordinatorPool: coordinator(f) });
    expect(t.workerSizing.daemonSetMemory.toMebibytes()).toBe(1024);
    expect(t.workerSizing.daemonSetCpuMillis).toBe(500);
    expect(values.worker.resources.requests.memory).toBe(`${allocatable('r8g.4xlarge') - 1024}Mi`);
    expect(values.coordinator.resources.requests.memory).toBe(`${allocatable('m7g.2xlarge') - 1024}Mi`);
  });

  test('workerSizingOptions and coordinatorSizingOptions set it where the cluster is built', () => {
    const f = fixture();
    const { trino: t, values } = trino(f, {
      workerPool: workers(f),
      coordinatorPool: coordinator(f),
      workerSizingOptions: { daemonSetMemory: Size.gibibytes(3), daemonSetCpuMillis: 1200 },
      coordinatorSizingOptions: { daemonSetMemory: Size.gibibytes(2) },
    });
    expect(t.workerSizing.instance.instanceType).toBe('r8g.4xlarge');
    expect(values.worker.resources.requests).toEqual({
      cpu: `${16000 - 110 - 1200}m`,
      memory: `${allocatable('r8g.4xlarge') - 3072}Mi`,
    });
    expect(values.coordinator.resources.limits.memory).toBe(`${allocatable('m7g.2xlarge') - 2048}Mi`);
  });

  test('workerSizingOptions also apply to workerInstanceType and to the default instance type', () => {
    const f = fixture();
    const { trino: t } = trino(f, {
      workerInstanceType: new ec2.InstanceType('r7i.2xlarge'),
      workerSizingOptions: { heapFraction: 0.7 },
      coordinatorSizingOptions: { daemonSetMemory: Size.mebibytes(1536) },
    });
    expect(t.workerSizing.heapShareOfContainer).toBeCloseTo(0.7, 3);
    expect(t.coordinatorSizing.instance.instanceType).toBe(TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE);
    expect(t.coordinatorSizing.daemonSetMemory.toMebibytes()).toBe(1536);
  });

  test('with x86 and Graviton types of one size, the pods are sized for the Graviton type (it offers pods less)', () => {
    const f = fixture();
    const workerPool = workers(f, { instanceTypes: ['r7i.4xlarge', 'r8g.4xlarge'].map((t) => new ec2.InstanceType(t)) });
    const { trino: t } = trino(f, { workerPool });
    expect(t.workerSizing.instance.instanceType).toBe('r8g.4xlarge');
    expect(t.workerSizing.containerMemory.toMebibytes()).toBe(allocatable('r8g.4xlarge') - 1024);
  });

  test('a node class with kubeletMaxPods 250 does not change the sizing, and the pods fit its nodes', () => {
    // Amazon Linux 2023: Karpenter (UsesENILimitedMemoryOverhead) and nodeadm reserve kubelet memory for the
    // instance type's ENI-limited pods, not kubelet.maxPods (karpenter-provider-aws
    // pkg/providers/instancetype/suite_test.go: AL2023 with maxPods 10 on t3.large reserves 11 × 35 + 255 MiB).
    const { stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster, { kubeletMaxPods: 250 });
    const f = { stack, cluster, nodeClass };
    const { trino: t, template } = trino(f, { workerPool: workers(f), coordinatorPool: coordinator(f) });
    expect(oneOfKind(template, 'EC2NodeClass').spec.kubelet).toEqual({ maxPods: 250 });
    const sized = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'));
    expect(t.workerSizing.containerMemory.toMebibytes()).toBe(sized.containerMemory.toMebibytes());
  });

  test('fails when workerSizing and workerSizingOptions are both given', () => {
    const f = fixture();
    expect(() =>
      trino(f, {
        workerSizing: TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge')),
        workerSizingOptions: { daemonSetMemory: Size.gibibytes(2) },
      }),
    ).toThrow(/^Give `workerSizing` or `workerSizingOptions`, not both: `workerSizing` already carries its options\./);
  });

  test('fails when coordinatorSizing and coordinatorSizingOptions are both given', () => {
    const f = fixture();
    expect(() =>
      trino(f, {
        coordinatorSizing: TrinoSizing.forInstanceType(new ec2.InstanceType('m7g.2xlarge')),
        coordinatorSizingOptions: {},
      }),
    ).toThrow(/^Give `coordinatorSizing` or `coordinatorSizingOptions`, not both/);
  });

  test('fails when the allowance is too large for the pool\'s smallest type, naming the type and the value', () => {
    const f = fixture();
    const workerPool = workers(f, { instanceTypes: ['r8g.4xlarge', 'r8g.xlarge'].map((t) => new ec2.InstanceType(t)) });
    expect(() => trino(f, { workerPool, workerSizingOptions: { daemonSetMemory: Size.gibibytes(27) } })).toThrow(
      /^`workerPool` 'Stack\/Workers' allows instance type 'r8g.xlarge' \(the smallest the workers are sized for\), which cannot hold them with `workerSizingOptions`: Instance type 'r8g.xlarge' cannot hold a Trino pod with `daemonSetMemory` 27 GiB: Karpenter expects it to offer pods 28.6 GiB \(of 32 GiB\), which leaves 1.6 GiB for Trino; at least 2 GiB is needed\. Allowed: `daemonSetMemory` up to 26.6 GiB, or a larger instance type\.$/,
    );
  });

  test('bad sizing options from a pool fail with the option\'s own message', () => {
    const f = fixture();
    expect(() => trino(f, { workerPool: workers(f), workerSizingOptions: { vmMemoryOverheadPercent: 7.5 } })).toThrow(
      /^`vmMemoryOverheadPercent` must be between 0 and 0.5, got: 7.5\.$/,
    );
  });

  test('fails when the CPU allowance is too large for the coordinator pool\'s smallest type', () => {
    const f = fixture();
    expect(() =>
      trino(f, { coordinatorPool: coordinator(f, 'us-west-2a', ['m7g.xlarge']), coordinatorSizingOptions: { daemonSetCpuMillis: 3500 } }),
    ).toThrow(/^`coordinatorPool` .* allows instance type 'm7g.xlarge' .* `daemonSetCpuMillis` 3500: .* leaves 420m for Trino/);
  });

  test('fails when an explicit sizing assumed a smaller kubelet reservation than the pool\'s types get', () => {
    const f = fixture();
    // r8g.4xlarge described with 110 pods (the kubelet.maxPods default) instead of its 234 ENI-limited pods: the
    // pod is 1364 MiB larger than what Karpenter expects an r8g.4xlarge to offer
    const sizing = TrinoSizing.forInstance({ ...TrinoSizing.instanceSpec(new ec2.InstanceType('r8g.4xlarge')), eniLimitedPods: 110 });
    expect(() => trino(f, { workerPool: workers(f), workerSizing: sizing })).toThrow(
      /^`workerPool` allows instance type 'r8g.4xlarge', which is too small for the workers: Karpenter expects it to offer pods 15890m CPU and 115.5 GiB, the workers need 15390m and 115.8 GiB plus the DaemonSet allowance of 500m and 1.0 GiB/,
    );
  });
});

describe('heaps capped under 256 GB', () => {
  const heapCapped = (stack: Stack) =>
    Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-trino-eks:TrinoSizing.heapCapped'));

  test('a 16xlarge worker pool: the heap is 238 GiB and a warning names the sizes that fit better', () => {
    const f = fixture();
    const workerPool = workers(f, { instanceTypes: [new ec2.InstanceType('r8g.16xlarge')] });
    const { trino: t, values } = trino(f, { workerPool, maxWorkers: 5 });
    expect(t.workerSizing.heap.toGibibytes()).toBe(238);
    expect(values.worker.jvm.maxHeapSize).toBe(`${238 * 1024}M`);
    const warnings = heapCapped(f.stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(
      /^The worker JVM heap is capped at 238 GiB \(under the seed's 256 GB JVM limit\), 51\.\d% of the .* container on r8g.16xlarge, below the seed's 70–85%: .* Instance types that fit better \(the heap keeps 70–85% there\): r8g.8xlarge, r8g.4xlarge, r8g.2xlarge, r8g.xlarge\./,
    );
  });

  test('a 12xlarge coordinator without pools warns for the coordinator', () => {
    const f = fixture();
    trino(f, { coordinatorInstanceType: new ec2.InstanceType('r7i.12xlarge') });
    const warnings = heapCapped(f.stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/^The coordinator JVM heap is capped at 238 GiB .* on r7i.12xlarge, .*: r7i.8xlarge, /);
  });

  test('the default pools do not warn', () => {
    const f = fixture();
    trino(f, { workerPool: workers(f), coordinatorPool: coordinator(f) });
    expect(heapCapped(f.stack)).toEqual([]);
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
      /^`workerPool` allows instance type 'r8g.2xlarge', which is too small for the workers: Karpenter expects it to offer pods 7910m CPU and 58.2 GiB, the workers need 15390m and 114.5 GiB plus the DaemonSet allowance of 500m and 1.0 GiB \(sized for r8g.4xlarge\)\. Remove it from the pool's `instanceTypes` or size the workers for it \(`workerInstanceType`\)\.$/,
    );
  });

  test('fails when a Graviton type of the same size is in the pool of an x86 sizing (64 MiB less for pods)', () => {
    const f = fixture();
    const workerPool = workers(f, { instanceTypes: ['r7i.4xlarge', 'r8g.4xlarge'].map((t) => new ec2.InstanceType(t)) });
    expect(() => trino(f, { workerPool, workerInstanceType: new ec2.InstanceType('r7i.4xlarge') })).toThrow(
      /`workerPool` allows instance type 'r8g.4xlarge', which is too small for the workers: Karpenter expects it to offer pods 15890m CPU and 115.5 GiB/,
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
      /`coordinatorPool` allows instance type 'm7g.xlarge', which is too small for the coordinator: .*\(`coordinatorInstanceType`\)\.$/,
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
