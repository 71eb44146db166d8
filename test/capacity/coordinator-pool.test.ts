// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import {
  CoordinatorPool,
  CoordinatorPoolProps,
  KarpenterCapacityType,
  SpotWorkerPool,
  TrinoCluster,
  TrinoRole,
  TrinoSizing,
} from '../../src';
import { expectValidCrdObject } from '../conformance/crd';
import { importedClusterStack } from '../util';
import { objectsOfKind, oneOfKind, requirement, taggedNodeClass } from './pools';

function synth(props: Partial<CoordinatorPoolProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  const nodeClass = taggedNodeClass(stack, cluster);
  const pool = new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a', ...props });
  const template = Template.fromStack(stack);
  return { stack, pool, template, nodePool: oneOfKind(template, 'NodePool') };
}

describe('CoordinatorPool defaults', () => {
  const { pool, nodePool } = synth();
  const defaultCoordinator = TrinoSizing.forInstanceType(
    new ec2.InstanceType(TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE),
  );

  test('emits a karpenter.sh/v1 NodePool that the CRD (schema and CEL rules) accepts', () => {
    expect(nodePool.apiVersion).toBe('karpenter.sh/v1');
    expectValidCrdObject(nodePool);
  });

  test('launches On-Demand only, in its zone', () => {
    expect(requirement(nodePool, 'karpenter.sh/capacity-type').values).toEqual(['on-demand']);
    expect(pool.capacityTypes).toEqual([KarpenterCapacityType.ON_DEMAND]);
    expect(requirement(nodePool, 'topology.kubernetes.io/zone').values).toEqual(['us-west-2a']);
    expect(pool.role).toBe(TrinoRole.COORDINATOR);
  });

  test('allows general-purpose Graviton peers of the default coordinator type, each fitting it', () => {
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual(
      CoordinatorPool.DEFAULT_INSTANCE_TYPES,
    );
    expect(CoordinatorPool.DEFAULT_INSTANCE_TYPES).toContain(TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE);
    for (const t of CoordinatorPool.DEFAULT_INSTANCE_TYPES) {
      expect(t).toMatch(/^m\dg\.2xlarge$/);
      const s = TrinoSizing.forInstanceType(new ec2.InstanceType(t));
      expect(s.containerMemory.toMebibytes()).toBeGreaterThanOrEqual(defaultCoordinator.containerMemory.toMebibytes());
      expect(s.containerCpuMillis).toBeGreaterThanOrEqual(defaultCoordinator.containerCpuMillis);
    }
  });

  test('has its own taint and label, and the coordinator selects On-Demand capacity', () => {
    expect(nodePool.spec.template.spec.taints).toEqual([
      { key: 'trino.io/role', value: 'coordinator', effect: 'NoSchedule' },
    ]);
    expect(nodePool.spec.template.metadata.labels).toEqual({ 'trino.io/role': 'coordinator' });
    expect(pool.nodeSelector).toEqual({
      'trino.io/role': 'coordinator',
      'karpenter.sh/nodepool': pool.nodePoolName,
      'karpenter.sh/capacity-type': 'on-demand',
    });
    expect(pool.tolerations).toEqual([
      { key: 'trino.io/role', operator: 'Equal', value: 'coordinator', effect: 'NoSchedule' },
    ]);
  });

  test('room for two coordinator nodes (a rolling update starts the new pod first)', () => {
    expect(pool.maxNodes).toBe(2);
    expect(nodePool.spec.limits).toEqual({ cpu: 2 * 8, memory: `${2 * 32}Gi` });
  });

  test('never consolidates a node that runs the coordinator', () => {
    expect(nodePool.spec.disruption.consolidationPolicy).toBe('WhenEmpty');
    expect(nodePool.spec.disruption.consolidateAfter).toBe('5m');
    expect(nodePool.spec.template.spec.expireAfter).toBe('720h');
  });
});

describe('CoordinatorPool overrides', () => {
  test('takes instance types, maxNodes, labels, taint and timings', () => {
    const { pool, nodePool } = synth({
      instanceTypes: [new ec2.InstanceType('m7g.4xlarge'), new ec2.InstanceType('m7i.4xlarge')],
      maxNodes: 3,
      nodeLabels: { 'example.com/pool': 'coordinator' },
      taint: { key: 'example.com/coordinator', value: 'true', effect: eks.TaintEffect.NO_SCHEDULE },
      expireAfter: Duration.hours(24 * 14),
      terminationGracePeriod: Duration.hours(2),
      nodePoolName: 'trino-coordinator',
    });
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual(['m7g.4xlarge', 'm7i.4xlarge']);
    expect(requirement(nodePool, 'kubernetes.io/arch').values).toEqual(['arm64', 'amd64']);
    expect(nodePool.spec.limits).toEqual({ cpu: 48, memory: '192Gi' });
    expect(nodePool.spec.template.spec.expireAfter).toBe('336h');
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('2h');
    expect(pool.nodeSelector).toEqual({
      'example.com/pool': 'coordinator',
      'karpenter.sh/nodepool': 'trino-coordinator',
      'karpenter.sh/capacity-type': 'on-demand',
    });
    expectValidCrdObject(nodePool);
  });

  test('shares a node class and a zone with a SpotWorkerPool: two NodePools, one EC2NodeClass', () => {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster);
    new SpotWorkerPool(stack, 'Workers', { cluster, nodeClass, zone: 'us-west-2b' });
    new CoordinatorPool(stack, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2b' });
    const template = Template.fromStack(stack);
    const pools = objectsOfKind(template, 'NodePool');
    expect(pools).toHaveLength(2);
    expect(objectsOfKind(template, 'EC2NodeClass')).toHaveLength(1);
    expect(new Set(pools.map((p) => p.metadata.name)).size).toBe(2);
    for (const p of pools) expectValidCrdObject(p);
  });
});

describe('CoordinatorPool bad input', () => {
  test.each<[string, () => Partial<CoordinatorPoolProps>, RegExp]>([
    ['no instance types', () => ({ instanceTypes: [] }), /`instanceTypes` must list at least one instance type, got none/],
    ['an empty zone', () => ({ zone: '' }), /`zone` must not be empty/],
    [
      'a taint key in the karpenter.sh domain',
      () => ({ taint: { key: 'karpenter.sh/coordinator' } }),
      /Invalid `taint` key 'karpenter.sh\/coordinator': the domain 'karpenter.sh' is reserved/,
    ],
  ])('fails with %s', (_name, props, message) => {
    expect(() => synth(props())).toThrow(message);
  });

  test('fails without a zone on a cluster without a VPC, naming the construct', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new CoordinatorPool(stack, 'C', { cluster, nodeClass: taggedNodeClass(stack, cluster) })).toThrow(
      /CoordinatorPool needs `zone` \(or `subnet`\)/,
    );
  });
});
