// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import {
  InstanceStorePolicy,
  KarpenterCapacityType,
  SpotWorkerPool,
  SpotWorkerPoolProps,
  TrinoCluster,
  TrinoNodeClass,
  TrinoRole,
  TrinoSizing,
} from '../../src';
import { expectValidCrdObject, validateCrdObject } from '../conformance/crd';
import { importedClusterStack, realClusterStack } from '../util';
import { at, driftOpenRanges, MINUTES_PER_WEEK } from './budgets';
import { manifestIds, nodeRole, oneOfKind, requirement, taggedNodeClass, withDeployTimeValues } from './pools';

function synth(props: Partial<SpotWorkerPoolProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  const nodeClass = taggedNodeClass(stack, cluster);
  const pool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a', ...props });
  const template = Template.fromStack(stack);
  return { stack, pool, template, nodePool: oneOfKind(template, 'NodePool') };
}

describe('SpotWorkerPool defaults', () => {
  const { stack, cluster } = realClusterStack();
  const nodeClass = new TrinoNodeClass(stack, 'NodeClass', { cluster, role: nodeRole(stack) });
  const pool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass });
  const template = Template.fromStack(stack);
  const nodePool = oneOfKind(template, 'NodePool');
  const defaultWorker = TrinoSizing.forInstanceType(new ec2.InstanceType(TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE));

  test('emits a karpenter.sh/v1 NodePool that the CRD (schema and CEL rules) accepts', () => {
    expect(nodePool.apiVersion).toBe('karpenter.sh/v1');
    expect(nodePool.metadata.name).toBe(pool.nodePoolName);
    expectValidCrdObject(withDeployTimeValues(nodePool));
  });

  test('launches Spot only', () => {
    expect(requirement(nodePool, 'karpenter.sh/capacity-type')).toEqual({
      key: 'karpenter.sh/capacity-type',
      operator: 'In',
      values: ['spot'],
    });
    expect(pool.capacityTypes).toEqual([KarpenterCapacityType.SPOT]);
  });

  test('pins one zone: the first private subnet of the cluster VPC', () => {
    const zone = cluster.vpc.privateSubnets[0].availabilityZone;
    expect(requirement(nodePool, 'topology.kubernetes.io/zone')).toEqual({
      key: 'topology.kubernetes.io/zone',
      operator: 'In',
      values: [zone],
    });
    expect(pool.zone).toBe(zone);
  });

  test('allows memory-optimized Graviton at the default worker size and one size up, all in the sizing table', () => {
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual(
      SpotWorkerPool.DEFAULT_INSTANCE_TYPES,
    );
    expect(requirement(nodePool, 'kubernetes.io/arch').values).toEqual(['arm64']);
    expect(requirement(nodePool, 'kubernetes.io/os').values).toEqual(['linux']);
    const families = new Set(SpotWorkerPool.DEFAULT_INSTANCE_TYPES.map((t) => t.split('.')[0]));
    expect([...families].sort()).toEqual(['r6g', 'r7g', 'r8g']);
    for (const t of SpotWorkerPool.DEFAULT_INSTANCE_TYPES) {
      const s = TrinoSizing.forInstanceType(new ec2.InstanceType(t));
      expect(s.containerMemory.toMebibytes()).toBeGreaterThanOrEqual(defaultWorker.containerMemory.toMebibytes());
      expect(s.containerCpuMillis).toBeGreaterThanOrEqual(defaultWorker.containerCpuMillis);
    }
    expect(SpotWorkerPool.DEFAULT_INSTANCE_TYPES).toContain(TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE);
  });

  test('taints its nodes for Trino workers only and labels them', () => {
    expect(nodePool.spec.template.spec.taints).toEqual([{ key: 'trino.io/role', value: 'worker', effect: 'NoSchedule' }]);
    expect(nodePool.spec.template.metadata.labels).toEqual({ 'trino.io/role': 'worker' });
    expect(pool.tolerations).toEqual([{ key: 'trino.io/role', operator: 'Equal', value: 'worker', effect: 'NoSchedule' }]);
    expect(pool.nodeSelector).toEqual({
      'trino.io/role': 'worker',
      'karpenter.sh/nodepool': pool.nodePoolName,
      'karpenter.sh/capacity-type': 'spot',
    });
    expect(pool.role).toBe(TrinoRole.WORKER);
  });

  test('limits the pool to maxNodes (10, TrinoCluster default maxWorkers) of the largest type', () => {
    expect(pool.maxNodes).toBe(10);
    expect(nodePool.spec.limits).toEqual({ cpu: 10 * 32, memory: `${10 * 256}Gi` });
  });

  test('consolidates only empty nodes after 5 minutes and replaces drifted nodes one at a time', () => {
    expect(nodePool.spec.disruption).toEqual({
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '5m',
      budgets: [
        { nodes: '100%', reasons: ['Empty'] },
        { nodes: '1', reasons: ['Drifted'] },
      ],
    });
  });

  test('expires nodes after 720h', () => {
    expect(nodePool.spec.template.spec.expireAfter).toBe('720h');
  });

  test('bounds a drain by a terminationGracePeriod of 1h, above the workers\' termination grace with the scaler', () => {
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('1h');
    expect(pool.terminationGracePeriod.toHours()).toBe(1);
    // TrinoKedaScaler defaults: 2 x shutdownGracePeriod (2 min) + taskDrainTimeout (10 min)
    expect(SpotWorkerPool.DEFAULT_TERMINATION_GRACE_PERIOD.toSeconds()).toBeGreaterThan(2 * 120 + 600);
  });

  test('has no maintenance window: drifted nodes are replaced at any time, one at a time', () => {
    expect(pool.maintenanceWindow).toBeUndefined();
    expect(driftOpenRanges(nodePool.spec.disruption.budgets)).toEqual([[0, MINUTES_PER_WEEK]]);
  });

  test('launches with the node class, after it is applied', () => {
    expect(nodePool.spec.template.spec.nodeClassRef).toEqual({
      group: 'karpenter.k8s.aws',
      kind: 'EC2NodeClass',
      name: nodeClass.nodeClassName,
    });
    const [poolId] = manifestIds(template, 'NodePool');
    const [classId] = manifestIds(template, 'EC2NodeClass');
    expect(template.toJSON().Resources[poolId].DependsOn).toContain(classId);
  });
});

describe('SpotWorkerPool overrides', () => {
  test('NVME_INSTANCE_TYPES: the d variants of the default types, each with local NVMe, on a RAID0 node class', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster, { instanceStorePolicy: InstanceStorePolicy.RAID0 });
    const pool = new SpotWorkerPool(stack, 'Workers', {
      cluster,
      nodeClass,
      zone: 'us-west-2a',
      instanceTypes: SpotWorkerPool.NVME_INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)),
    });
    const template = Template.fromStack(stack);
    const nodePool = oneOfKind(template, 'NodePool');
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual(SpotWorkerPool.NVME_INSTANCE_TYPES);
    expect(SpotWorkerPool.NVME_INSTANCE_TYPES).toEqual(SpotWorkerPool.DEFAULT_INSTANCE_TYPES.map((t) => t.replace('.', 'd.')));
    for (const t of SpotWorkerPool.NVME_INSTANCE_TYPES) {
      expect(TrinoSizing.instanceSpec(new ec2.InstanceType(t)).instanceStore).toBeDefined();
    }
    expect(pool.nodeClass).toBe(nodeClass);
    expect(pool.nodeClass?.instanceStorePolicy).toBe(InstanceStorePolicy.RAID0);
    expect(oneOfKind(template, 'EC2NodeClass').spec.instanceStorePolicy).toBe('RAID0');
    expectValidCrdObject(nodePool);
    expectValidCrdObject(oneOfKind(template, 'EC2NodeClass'));
  });

  test('onDemandFallback also allows On-Demand, and the workers no longer select a capacity type', () => {
    const { pool, nodePool } = synth({ onDemandFallback: true });
    expect(requirement(nodePool, 'karpenter.sh/capacity-type').values).toEqual(['spot', 'on-demand']);
    expect(pool.capacityTypes).toEqual([KarpenterCapacityType.SPOT, KarpenterCapacityType.ON_DEMAND]);
    expect(pool.nodeSelector['karpenter.sh/capacity-type']).toBeUndefined();
    expectValidCrdObject(nodePool);
  });

  test('takes the zone by name', () => {
    const { pool, nodePool } = synth({ zone: 'us-west-2c' });
    expect(requirement(nodePool, 'topology.kubernetes.io/zone').values).toEqual(['us-west-2c']);
    expect(pool.zone).toBe('us-west-2c');
    expectValidCrdObject(nodePool);
  });

  test('takes the zone from a subnet', () => {
    const { stack, cluster } = importedClusterStack();
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'S', { subnetId: 'subnet-0b', availabilityZone: 'us-west-2b' });
    const pool = new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass: taggedNodeClass(stack, cluster), subnet });
    expect(pool.zone).toBe('us-west-2b');
    expect(requirement(oneOfKind(Template.fromStack(stack), 'NodePool'), 'topology.kubernetes.io/zone').values).toEqual([
      'us-west-2b',
    ]);
  });

  test('takes instance types (x86 too), deduplicated, and sizes the limits from the largest', () => {
    const { pool, nodePool } = synth({
      instanceTypes: ['r7i.8xlarge', 'r7a.8xlarge', 'r7i.8xlarge', 'r8g.16xlarge'].map((t) => new ec2.InstanceType(t)),
      maxNodes: 4,
    });
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual([
      'r7i.8xlarge',
      'r7a.8xlarge',
      'r8g.16xlarge',
    ]);
    expect(requirement(nodePool, 'kubernetes.io/arch').values).toEqual(['amd64', 'arm64']);
    expect(pool.instanceTypes.map(String)).toEqual(['r7i.8xlarge', 'r7a.8xlarge', 'r8g.16xlarge']);
    expect(nodePool.spec.limits).toEqual({ cpu: 4 * 64, memory: `${4 * 512}Gi` });
    expect(pool.maxNodes).toBe(4);
    expectValidCrdObject(nodePool);
  });

  test('takes labels and a taint without value (tolerated with Exists)', () => {
    const { pool, nodePool } = synth({
      nodeLabels: { 'example.com/pool': 'trino-workers', 'team': 'analytics' },
      taint: { key: 'example.com/trino', effect: eks.TaintEffect.NO_EXECUTE },
    });
    expect(nodePool.spec.template.metadata.labels).toEqual({ 'example.com/pool': 'trino-workers', 'team': 'analytics' });
    expect(nodePool.spec.template.spec.taints).toEqual([{ key: 'example.com/trino', effect: 'NoExecute' }]);
    expect(pool.tolerations).toEqual([{ key: 'example.com/trino', operator: 'Exists', effect: 'NoExecute' }]);
    expect(pool.nodeSelector).toEqual({
      'example.com/pool': 'trino-workers',
      'team': 'analytics',
      'karpenter.sh/nodepool': pool.nodePoolName,
      'karpenter.sh/capacity-type': 'spot',
    });
    expectValidCrdObject(nodePool);
  });

  test('takes disruption timings', () => {
    const { nodePool } = synth({
      consolidateAfter: Duration.seconds(90),
      expireAfter: Duration.days(7),
      terminationGracePeriod: Duration.minutes(30),
    });
    expect(nodePool.spec.disruption.consolidateAfter).toBe('90s');
    expect(nodePool.spec.template.spec.expireAfter).toBe('168h');
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('30m');
    expectValidCrdObject(nodePool);
  });

  test('takes a maintenance window, which a terminationGracePeriod may outlast (workers do not block eviction)', () => {
    const { pool, nodePool } = synth({
      maintenanceWindow: { schedule: '0 1 * * sat,sun', duration: Duration.hours(2) },
      terminationGracePeriod: Duration.hours(3),
    });
    expect(pool.maintenanceWindow?.schedule).toBe('0 1 * * sat,sun');
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('3h');
    expect(nodePool.spec.disruption.budgets).toEqual([
      { nodes: '100%', reasons: ['Empty'] },
      { nodes: '1', reasons: ['Drifted'] },
      { nodes: '0', reasons: ['Drifted'], schedule: '0 3 * * 0', duration: '142h' },
      { nodes: '0', reasons: ['Drifted'], schedule: '0 3 * * 6', duration: '22h' },
    ]);
    expect(driftOpenRanges(nodePool.spec.disruption.budgets)).toEqual([
      [at(0, 1), at(0, 3)],
      [at(6, 1), at(6, 3)],
    ]);
    expectValidCrdObject(nodePool);
  });

  test('consolidates empty nodes at once with consolidateAfter 0', () => {
    const { nodePool } = synth({ consolidateAfter: Duration.seconds(0) });
    expect(nodePool.spec.disruption.consolidateAfter).toBe('0s');
    expectValidCrdObject(nodePool);
  });

  test('takes a name and is applied after what installs Karpenter', () => {
    const { stack, cluster } = importedClusterStack();
    const karpenter = cluster.addHelmChart('Karpenter', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
    });
    const pool = new SpotWorkerPool(stack, 'Workers', {
      cluster,
      nodeClass: taggedNodeClass(stack, cluster),
      zone: 'us-west-2a',
      nodePoolName: 'trino-workers',
      karpenterDependency: karpenter,
    });
    const template = Template.fromStack(stack);
    expect(oneOfKind(template, 'NodePool').metadata.name).toBe('trino-workers');
    expect(pool.nodeSelector['karpenter.sh/nodepool']).toBe('trino-workers');
    const [id] = manifestIds(template, 'NodePool');
    expect(template.toJSON().Resources[id].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/Karpenter/)]));
  });

  test('uses an existing EC2NodeClass by name', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = TrinoNodeClass.fromNodeClassName(stack, 'Default', 'default');
    new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2a' });
    const nodePool = oneOfKind(Template.fromStack(stack), 'NodePool');
    expect(nodePool.spec.template.spec.nodeClassRef.name).toBe('default');
    expectValidCrdObject(nodePool);
  });
});

describe('the conformance validator catches a broken NodePool', () => {
  test('an In requirement without values and a restricted label break CEL rules', () => {
    const { nodePool } = synth();
    const broken = JSON.parse(JSON.stringify(nodePool));
    requirement(broken, 'topology.kubernetes.io/zone').values = [];
    broken.spec.template.metadata.labels['karpenter.sh/foo'] = 'x';
    const errors = validateCrdObject(broken).join('\n');
    expect(errors).toMatch(/requirements with operator 'In' must have a value defined/);
    expect(errors).toMatch(/label domain "karpenter.sh" is restricted/);
  });
});

describe('SpotWorkerPool bad input', () => {
  test.each<[string, () => Partial<SpotWorkerPoolProps>, RegExp]>([
    [
      'no instance types',
      () => ({ instanceTypes: [] }),
      /`instanceTypes` must list at least one instance type, got none: Karpenter would have no instance type to launch/,
    ],
    [
      'an instance type outside the sizing table',
      () => ({ instanceTypes: [new ec2.InstanceType('x8g.4xlarge')] }),
      /`instanceTypes` includes 'x8g.4xlarge', which is not in the TrinoSizing table; allowed: r8g, r8gd, r7g, r7gd, r6g, r6gd, .* from xlarge to 16xlarge/,
    ],
    ['an empty zone', () => ({ zone: '' }), /`zone` must not be empty: give the availability zone of the Trino nodes, such as 'us-west-2a'/],
    ['a zone ID', () => ({ zone: 'usw2-az1' }), /`zone` 'usw2-az1' is a zone ID; Karpenter's topology.kubernetes.io\/zone label holds zone names/],
    ['a zone outside the region', () => ({ zone: 'eu-west-1a' }), /`zone` 'eu-west-1a' is not in the stack's region 'us-west-2'/],
    ['a malformed zone', () => ({ zone: 'us-west-2 a' }), /Invalid `zone` 'us-west-2 a': use an availability zone name/],
    ['maxNodes 0', () => ({ maxNodes: 0 }), /`maxNodes` must be an integer between 1 and 1000, got: 0/],
    ['a fractional maxNodes', () => ({ maxNodes: 2.5 }), /`maxNodes` must be an integer between 1 and 1000, got: 2.5/],
    [
      'a taint key in the karpenter.sh domain',
      () => ({ taint: { key: 'karpenter.sh/trino' } }),
      /Invalid `taint` key 'karpenter.sh\/trino': the domain 'karpenter.sh' is reserved for Kubernetes and Karpenter/,
    ],
    [
      'a taint key in the kubernetes.io domain',
      () => ({ taint: { key: 'node.kubernetes.io/trino', value: 'worker' } }),
      /Invalid `taint` key 'node.kubernetes.io\/trino': the domain 'node.kubernetes.io' is reserved/,
    ],
    ['a taint key in the k8s.io domain', () => ({ taint: { key: 'k8s.io/trino' } }), /Invalid `taint` key 'k8s.io\/trino': the domain 'k8s.io' is reserved/],
    [
      'a label key in the karpenter.k8s.aws domain',
      () => ({ nodeLabels: { 'karpenter.k8s.aws/trino': 'worker' } }),
      /Invalid `nodeLabels` label key 'karpenter.k8s.aws\/trino': the domain 'karpenter.k8s.aws' is reserved/,
    ],
    ['a malformed taint key', () => ({ taint: { key: 'trino role' } }), /Invalid `taint` key 'trino role': use a qualified name/],
    ['a malformed taint value', () => ({ taint: { key: 'trino.io/role', value: 'a/b' } }), /Invalid `taint` value 'a\/b': use at most 63 letters/],
    ['a malformed label value', () => ({ nodeLabels: { 'trino.io/role': '-x' } }), /Invalid `nodeLabels` value of 'trino.io\/role' '-x'/],
    ['no labels', () => ({ nodeLabels: {} }), /`nodeLabels` must have at least one label/],
    ['an invalid name', () => ({ nodePoolName: 'Trino' }), /Invalid `nodePoolName` 'Trino'/],
    ['a fractional consolidateAfter', () => ({ consolidateAfter: Duration.millis(1500) }), /`consolidateAfter` must be a whole number of seconds, got 1 second 500 millis/],
    ['expireAfter 0', () => ({ expireAfter: Duration.seconds(0) }), /`expireAfter` must be at least 1 second, got 0 seconds/],
    [
      'terminationGracePeriod 0',
      () => ({ terminationGracePeriod: Duration.seconds(0) }),
      /`terminationGracePeriod` must be at least 1 second, got 0 seconds/,
    ],
    [
      'a maintenance window with a day of month',
      () => ({ maintenanceWindow: { schedule: '0 1 15 * *', duration: Duration.hours(2) } }),
      /`maintenanceWindow.schedule` '0 1 15 \* \*' is not a daily or weekly schedule/,
    ],
    [
      'a maintenance window of 0 minutes',
      () => ({ maintenanceWindow: { schedule: '0 1 * * *', duration: Duration.minutes(0) } }),
      /`maintenanceWindow.duration` must be at least 1 minute, got 0 minutes/,
    ],
  ])('fails with %s', (_name, props, message) => {
    expect(() => synth(props())).toThrow(message);
  });

  test('fails when zone and subnet disagree', () => {
    const { stack, cluster } = importedClusterStack();
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'S', { subnetId: 'subnet-0b', availabilityZone: 'us-west-2b' });
    expect(
      () => new SpotWorkerPool(stack, 'W', { cluster, nodeClass: taggedNodeClass(stack, cluster), subnet, zone: 'us-west-2a' }),
    ).toThrow(/`zone` 'us-west-2a' and the zone of `subnet` \('us-west-2b'\) differ; give one of them/);
  });

  test('fails for a subnet whose zone is unknown', () => {
    const { stack, cluster } = importedClusterStack();
    const subnet = ec2.Subnet.fromSubnetId(stack, 'S', 'subnet-0b');
    expect(() => new SpotWorkerPool(stack, 'W', { cluster, nodeClass: taggedNodeClass(stack, cluster), subnet })).toThrow(
      /The availability zone of `subnet` 'subnet-0b' is unknown/,
    );
  });

  test('fails without a zone on a cluster without a VPC', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new SpotWorkerPool(stack, 'W', { cluster, nodeClass: taggedNodeClass(stack, cluster) })).toThrow(
      /SpotWorkerPool needs `zone` \(or `subnet`\): the cluster has no VPC with private subnets to take the zone from/,
    );
  });

  test('fails for a zone in which the node class has no subnet', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = new TrinoNodeClass(stack, 'NodeClass', {
      cluster,
      role: nodeRole(stack),
      subnets: [ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-0a', availabilityZone: 'us-west-2a' })],
      securityGroupTags: { Name: 'nodes' },
    });
    expect(() => new SpotWorkerPool(stack, 'W', { cluster, nodeClass, zone: 'us-west-2c' })).toThrow(
      /`zone` 'us-west-2c' has no subnet in the node class '.*' \(its subnets are in us-west-2a\): Karpenter could not launch nodes/,
    );
  });
});
