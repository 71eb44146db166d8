// SPDX-License-Identifier: Apache-2.0
import { CfnParameter, Duration } from 'aws-cdk-lib';
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
import { COORDINATOR_POD_TERMINATION_GRACE_PERIOD, DISRUPTION_BUDGETS } from '../../src/capacity/private/node-pool';
import { expectValidCrdObject } from '../conformance/crd';
import { loadSchemaYaml } from '../conformance/schemas';
import { importedClusterStack } from '../util';
import { at, driftOpenRanges, MINUTES_PER_WEEK } from './budgets';
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
  });

  test('never expires the coordinator node: expiration is forceful and would ignore the window', () => {
    expect(nodePool.spec.template.spec.expireAfter).toBe('Never');
  });

  test('sets a terminationGracePeriod of 1h, so drift can pick the node despite do-not-disrupt and the PDB', () => {
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('1h');
    expect(pool.terminationGracePeriod.toHours()).toBe(1);
    expect(CoordinatorPool.DEFAULT_TERMINATION_GRACE_PERIOD.toHours()).toBe(1);
  });

  test('blocks drift outside the default window with a nodes: 0 budget', () => {
    expect(pool.maintenanceWindow).toBe(CoordinatorPool.DEFAULT_MAINTENANCE_WINDOW);
    expect(nodePool.spec.disruption.budgets).toEqual([
      ...DISRUPTION_BUDGETS,
      { nodes: '0', reasons: ['Drifted'], schedule: '0 6 * * 0', duration: '164h' },
    ]);
  });

  test('lets Karpenter replace the drifted node on Sundays from 02:00 to 06:00 UTC only, empty nodes any time', () => {
    expect(driftOpenRanges(nodePool.spec.disruption.budgets)).toEqual([[at(0, 2), at(0, 6)]]);
  });
});

describe('CoordinatorPool lifecycle assumptions', () => {
  test('the coordinator pod keeps the chart\'s terminationGracePeriodSeconds, which the pool checks against', () => {
    const values = loadSchemaYaml('trino-chart/values.yaml');
    expect(values.coordinator.terminationGracePeriodSeconds).toBe(COORDINATOR_POD_TERMINATION_GRACE_PERIOD.toSeconds());
    const { stack, cluster } = importedClusterStack();
    const coordinatorPool = new CoordinatorPool(stack, 'Coordinator', {
      cluster,
      nodeClass: taggedNodeClass(stack, cluster),
      zone: 'us-west-2a',
    });
    const trino = new TrinoCluster(stack, 'Trino', { cluster, coordinatorPool });
    const coordinator = trino._renderValues().coordinator;
    expect(coordinator.terminationGracePeriodSeconds).toBeUndefined();
    expect(coordinator.annotations).toEqual(expect.objectContaining({ 'karpenter.sh/do-not-disrupt': 'true' }));
  });
});

describe('CoordinatorPool overrides', () => {
  test('NVME_INSTANCE_TYPES: the d variants of the default types, each with local NVMe', () => {
    const { pool, nodePool } = synth({
      instanceTypes: CoordinatorPool.NVME_INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)),
    });
    expect(requirement(nodePool, 'node.kubernetes.io/instance-type').values).toEqual(CoordinatorPool.NVME_INSTANCE_TYPES);
    expect(CoordinatorPool.NVME_INSTANCE_TYPES).toEqual(CoordinatorPool.DEFAULT_INSTANCE_TYPES.map((t) => t.replace('.', 'd.')));
    for (const t of CoordinatorPool.NVME_INSTANCE_TYPES) {
      expect(TrinoSizing.instanceSpec(new ec2.InstanceType(t)).instanceStore?.toBytes()).toBe(474e9);
    }
    expect(pool.nodeClass?.nodeClassName).toBeDefined();
    expectValidCrdObject(nodePool);
  });

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

  test('takes a weekday-night maintenance window: one closed budget per gap, and drift only inside the window', () => {
    const { pool, nodePool } = synth({
      maintenanceWindow: { schedule: '30 22 * * mon-fri', duration: Duration.hours(3) },
    });
    expect(pool.maintenanceWindow.schedule).toBe('30 22 * * mon-fri');
    expect(nodePool.spec.disruption.budgets.slice(DISRUPTION_BUDGETS.length)).toEqual([
      { nodes: '0', reasons: ['Drifted'], schedule: '30 1 * * 2,3,4,5', duration: '21h' },
      { nodes: '0', reasons: ['Drifted'], schedule: '30 1 * * 6', duration: '69h' },
    ]);
    expect(driftOpenRanges(nodePool.spec.disruption.budgets)).toEqual(
      [1, 2, 3, 4, 5].map((d) => [at(d, 22, 30), at(d + 1, 1, 30)]),
    );
    expectValidCrdObject(nodePool);
  });

  test('takes a daily window that crosses midnight and a shorter terminationGracePeriod', () => {
    const { pool, nodePool } = synth({
      maintenanceWindow: { schedule: '0 23 * * *', duration: Duration.minutes(90) },
      terminationGracePeriod: Duration.minutes(20),
    });
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('20m');
    expect(pool.terminationGracePeriod.toMinutes()).toBe(20);
    expect(nodePool.spec.disruption.budgets.slice(DISRUPTION_BUDGETS.length)).toEqual([
      { nodes: '0', reasons: ['Drifted'], schedule: '30 0 * * *', duration: '22h30m' },
    ]);
    const open = driftOpenRanges(nodePool.spec.disruption.budgets);
    expect(open[0]).toEqual([0, at(0, 0, 30)]);
    expect(open.slice(1, -1)).toEqual([0, 1, 2, 3, 4, 5].map((d) => [at(d, 23), at(d + 1, 0, 30)]));
    expect(open[open.length - 1]).toEqual([at(6, 23), MINUTES_PER_WEEK]);
    expectValidCrdObject(nodePool);
  });

  test('takes @weekly, day names in any case and 7 for Sunday', () => {
    for (const schedule of ['@weekly', '0 0 * * SUN', '0 0 * * 7']) {
      const { nodePool } = synth({ maintenanceWindow: { schedule, duration: Duration.hours(2) } });
      expect(nodePool.spec.disruption.budgets.slice(DISRUPTION_BUDGETS.length)).toEqual([
        { nodes: '0', reasons: ['Drifted'], schedule: '0 2 * * 0', duration: '166h' },
      ]);
      expectValidCrdObject(nodePool);
    }
  });

  test('takes a terminationGracePeriod equal to the coordinator pod\'s terminationGracePeriodSeconds', () => {
    const { nodePool } = synth({ terminationGracePeriod: COORDINATOR_POD_TERMINATION_GRACE_PERIOD });
    expect(nodePool.spec.template.spec.terminationGracePeriod).toBe('30s');
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
    [
      'a terminationGracePeriod shorter than the coordinator pod\'s',
      () => ({ terminationGracePeriod: Duration.seconds(20) }),
      /`terminationGracePeriod` \(20 seconds\) must be at least the coordinator pod's terminationGracePeriodSeconds \(30\)/,
    ],
    [
      'a terminationGracePeriod as long as the window',
      () => ({ terminationGracePeriod: Duration.hours(4) }),
      /`terminationGracePeriod` \(4 hours\) must be shorter than `maintenanceWindow.duration` \(4 hours, every Sunday 02:00-06:00 UTC\)/,
    ],
    [
      'a terminationGracePeriod longer than a custom window',
      () => ({ maintenanceWindow: { schedule: '0 3 * * *', duration: Duration.minutes(45) } }),
      /`terminationGracePeriod` \(1 hour\) must be shorter than `maintenanceWindow.duration` \(45 minutes, every day 03:00-03:45 UTC\)/,
    ],
    [
      'a schedule of 6 fields',
      () => ({ maintenanceWindow: { schedule: '0 0 2 * * sun', duration: Duration.hours(4) } }),
      /`maintenanceWindow.schedule` must be a cron schedule of 5 fields in UTC .* got '0 0 2 \* \* sun'/,
    ],
    [
      'an hourly macro',
      () => ({ maintenanceWindow: { schedule: '@hourly', duration: Duration.minutes(30) } }),
      /`maintenanceWindow.schedule` must be a cron schedule of 5 fields in UTC .* or @daily or @weekly; got '@hourly'/,
    ],
    [
      'a monthly schedule',
      () => ({ maintenanceWindow: { schedule: '0 2 1 * *', duration: Duration.hours(4) } }),
      /`maintenanceWindow.schedule` '0 2 1 \* \*' is not a daily or weekly schedule/,
    ],
    [
      'a step in the hour',
      () => ({ maintenanceWindow: { schedule: '0 */6 * * *', duration: Duration.hours(2) } }),
      /`maintenanceWindow.schedule` '0 \*\/6 \* \* \*' is not a daily or weekly schedule: the minute \(0-59\) and the hour \(0-23\) must be single numbers/,
    ],
    [
      'an hour out of range',
      () => ({ maintenanceWindow: { schedule: '0 24 * * sun', duration: Duration.hours(2) } }),
      /`maintenanceWindow.schedule` '0 24 \* \* sun' is not a daily or weekly schedule/,
    ],
    [
      'a backwards range of days',
      () => ({ maintenanceWindow: { schedule: '0 2 * * fri-sun', duration: Duration.hours(2) } }),
      /`maintenanceWindow.schedule` '0 2 \* \* fri-sun' is not a daily or weekly schedule/,
    ],
    [
      'a duration in seconds',
      () => ({ maintenanceWindow: { schedule: '0 2 * * sun', duration: Duration.seconds(5430) } }),
      /`maintenanceWindow.duration` must be a whole number of minutes \(Karpenter budget durations take hours and minutes only\), got 5430 seconds/,
    ],
    [
      'a window that never closes',
      () => ({ maintenanceWindow: { schedule: '0 2 * * *', duration: Duration.hours(24) } }),
      /`maintenanceWindow.duration` \(1 day\) must be shorter than the time between two openings of the window \(1 day for '0 2 \* \* \*'\), or the window never closes/,
    ],
    [
      'windows on consecutive days longer than a day',
      () => ({ maintenanceWindow: { schedule: '0 2 * * sat,sun', duration: Duration.hours(30) } }),
      /`maintenanceWindow.duration` \(1 day 6 hours\) must be shorter than the time between two openings of the window \(1 day for/,
    ],
  ])('fails with %s', (_name, props, message) => {
    expect(() => synth(props())).toThrow(message);
  });

  test('fails with a schedule that is a token', () => {
    const { stack, cluster } = importedClusterStack();
    const schedule = new CfnParameter(stack, 'Schedule').valueAsString;
    expect(
      () =>
        new CoordinatorPool(stack, 'C', {
          cluster,
          nodeClass: taggedNodeClass(stack, cluster),
          zone: 'us-west-2a',
          maintenanceWindow: { schedule, duration: Duration.hours(4) },
        }),
    ).toThrow(/`maintenanceWindow.schedule` must be a literal cron schedule, got a token/);
  });

  test('fails without a zone on a cluster without a VPC, naming the construct', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new CoordinatorPool(stack, 'C', { cluster, nodeClass: taggedNodeClass(stack, cluster) })).toThrow(
      /CoordinatorPool needs `zone` \(or `subnet`\)/,
    );
  });
});
