// SPDX-License-Identifier: Apache-2.0
import { Annotations, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { InstanceSpec } from '../../config/instance-spec';
import { TrinoRole } from '../../config/placement';
import { DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, nodeAllocatable } from '../../config/private/node-allocatable';
import { TrinoSizing, TrinoSizingOptions } from '../../config/sizing';
import { TrinoConfig } from '../../config/trino-config';
import { ITrinoNodePool, KarpenterCapacityType } from '../trino-node-pool';

/**
 * What TrinoCluster knows about the sizing of one role's pods.
 * @internal
 */
export interface RoleSizingInput {
  readonly role: TrinoRole;
  /** an explicit sizing (`workerSizing` / `coordinatorSizing`) */
  readonly sizing?: TrinoSizing;
  /** options for the sizing the cluster derives (`workerSizingOptions` / `coordinatorSizingOptions`) */
  readonly options?: TrinoSizingOptions;
  /** `workerInstanceType` / `coordinatorInstanceType` */
  readonly instanceType?: ec2.InstanceType;
  readonly pool?: ITrinoNodePool;
  readonly defaultInstanceType: string;
}

/**
 * The sizing of a role's pods: the explicit sizing if given; else, with the role's sizing options, for the instance
 * type if given, else for the smallest instance type of the role's pool (so every node of the pool holds the pod and
 * the DaemonSet allowance), else for the default instance type.
 * @internal
 */
export function roleSizing(input: RoleSizingInput): TrinoSizing {
  const p = propNames(input.role);
  if (input.sizing) {
    if (input.options) {
      throw new Error(
        `Give \`${p.sizing}\` or \`${p.options}\`, not both: \`${p.sizing}\` already carries its options. Pass them ` +
          'to TrinoSizing.forInstanceType(instanceType, options) instead.',
      );
    }
    return input.sizing;
  }
  const options = input.options ?? {};
  const { instanceType, pool } = input;
  if (instanceType || !pool) {
    return TrinoSizing.forInstanceType(instanceType ?? new ec2.InstanceType(input.defaultInstanceType), options);
  }
  const specs = poolSpecs(p.pool, pool);
  const vmOverhead = options.vmMemoryOverheadPercent ?? DEFAULT_VM_MEMORY_OVERHEAD_PERCENT;
  const allocatable = (s: InstanceSpec) => nodeAllocatable(s, vmOverhead);
  const smallest = [...specs].sort(
    (a, b) => allocatable(a).memoryMiB - allocatable(b).memoryMiB || a.vcpus - b.vcpus,
  )[0];
  const minVcpus = Math.min(...specs.map((s) => s.vcpus));
  // Mixed shapes (e.g. more memory but fewer vCPUs): the memory of the type that offers the least, the vCPUs of the
  // type with the fewest (Karpenter's CPU reservation depends on the vCPU count only).
  const spec = smallest.vcpus === minVcpus ? smallest : { ...smallest, vcpus: minVcpus };
  try {
    return TrinoSizing.forInstance(spec, options);
  } catch (e) {
    // only the errors of a pool type too small for the options; bad options speak for themselves
    if (!(e as Error).message.startsWith(`Instance type '${smallest.instanceType}' cannot hold`)) throw e;
    throw new Error(
      `\`${p.pool}\` '${pool.node.path}' allows instance type '${smallest.instanceType}' (the smallest the ` +
        `${p.pods} are sized for), which cannot hold them with \`${p.options}\`: ${(e as Error).message}`,
    );
  }
}

/**
 * What TrinoCluster hands over to place its pods on pools.
 * @internal
 */
export interface PoolBinding {
  readonly config: TrinoConfig;
  /** the Trino Helm chart: it depends on the pools */
  readonly chart: Construct;
  readonly maxWorkers: number;
  readonly workerPool?: ITrinoNodePool;
  readonly coordinatorPool?: ITrinoNodePool;
}

/**
 * Warns about heaps the JVM limit holds below 70% of the container, checks the pools against the cluster's sizing and
 * worker count, places the role's pods on them (node selector and
 * tolerations) and makes the chart depend on them.
 * @internal
 */
export function bindPools(scope: Construct, b: PoolBinding): void {
  const { workerPool, coordinatorPool } = b;
  for (const [role, sizing] of [
    [TrinoRole.WORKER, b.config.workerSizing],
    [TrinoRole.COORDINATOR, b.config.coordinatorSizing],
  ] as const) {
    const warning = sizing._heapCappedWarning(role);
    if (warning) Annotations.of(scope).addWarningV2('cdk-trino-eks:TrinoSizing.heapCapped', warning);
  }
  if (workerPool) {
    checkRole('workerPool', workerPool, TrinoRole.WORKER, 'a SpotWorkerPool');
    const resolved = !Token.isUnresolved(workerPool.maxNodes) && !Token.isUnresolved(b.maxWorkers);
    if (resolved && workerPool.maxNodes < b.maxWorkers) {
      throw new Error(
        `\`workerPool\` allows at most ${workerPool.maxNodes} nodes (its \`maxNodes\`), fewer than \`maxWorkers\` ` +
          `(${b.maxWorkers}): with one worker per node, ${b.maxWorkers - workerPool.maxNodes} workers could never ` +
          `start. Raise the pool's \`maxNodes\` to at least ${b.maxWorkers} or lower \`maxWorkers\`.`,
      );
    }
    checkFit(TrinoRole.WORKER, workerPool, b.config.workerSizing);
    b.config.setPlacement(TrinoRole.WORKER, {
      nodeSelector: { ...workerPool.nodeSelector },
      tolerations: [...workerPool.tolerations],
      source: `workerPool '${workerPool.node.path}'`,
    });
    b.chart.node.addDependency(workerPool);
  }
  if (coordinatorPool) {
    checkRole('coordinatorPool', coordinatorPool, TrinoRole.COORDINATOR, 'a CoordinatorPool');
    const types = coordinatorPool.capacityTypes;
    if (types.length === 0 || types.some((t) => t !== KarpenterCapacityType.ON_DEMAND)) {
      throw new Error(
        `\`coordinatorPool\` allows capacity types [${types.join(', ')}]; the coordinator must run On-Demand only ` +
          '(a Spot reclaim stops it and fails every running query). Use a CoordinatorPool.',
      );
    }
    checkFit(TrinoRole.COORDINATOR, coordinatorPool, b.config.coordinatorSizing);
    b.config.setPlacement(TrinoRole.COORDINATOR, {
      nodeSelector: {
        ...coordinatorPool.nodeSelector,
        'karpenter.sh/capacity-type': KarpenterCapacityType.ON_DEMAND,
      },
      tolerations: [...coordinatorPool.tolerations],
      source: `coordinatorPool '${coordinatorPool.node.path}'`,
    });
    b.chart.node.addDependency(coordinatorPool);
  }
  if (workerPool && coordinatorPool) {
    const cmp = Token.compareStrings(workerPool.zone, coordinatorPool.zone);
    if (cmp === TokenComparison.DIFFERENT) {
      throw new Error(
        `\`workerPool\` and \`coordinatorPool\` are in different zones ('${workerPool.zone}' and ` +
          `'${coordinatorPool.zone}'): Trino's coordinator and workers exchange data on every query and must share ` +
          'one availability zone. Give both pools the same `zone`.',
      );
    }
    if (cmp !== TokenComparison.SAME && workerPool.zone !== coordinatorPool.zone) {
      Annotations.of(scope).addWarningV2(
        'cdk-trino-eks:TrinoCluster.poolZones',
        'The zones of `workerPool` and `coordinatorPool` are only known at deploy time; make sure they are the same.',
      );
    }
  }
}

function checkRole(prop: string, pool: ITrinoNodePool, role: TrinoRole, suggestion: string) {
  if (pool.role !== role) {
    throw new Error(
      `\`${prop}\` '${pool.node.path}' provides nodes for the ${pool.role} (role '${pool.role}'); pass a pool whose ` +
        `role is '${role}', such as ${suggestion}.`,
    );
  }
}

function poolSpecs(prop: string, pool: ITrinoNodePool): InstanceSpec[] {
  if (pool.instanceTypes.length === 0) {
    throw new Error(`\`${prop}\` '${pool.node.path}' allows no instance types.`);
  }
  return pool.instanceTypes.map((t) => {
    try {
      return TrinoSizing.instanceSpec(t);
    } catch {
      throw new Error(
        `\`${prop}\` allows instance type '${t}', which is not in the TrinoSizing table, so it cannot be checked ` +
          'against the Trino pods. Allowed: TrinoSizing.supportedInstanceTypes().',
      );
    }
  });
}

/**
 * Every instance type of the pool must offer the role's pod and the DaemonSet allowance (Karpenter's allocatable):
 * Karpenter launches the cheapest allowed type that holds the pending pod and the DaemonSets, so a type that cannot
 * is never used for the role (or, when none can, the pod stays Pending).
 */
function checkFit(role: TrinoRole, pool: ITrinoNodePool, sizing: TrinoSizing) {
  const p = propNames(role);
  const needMiB = sizing.containerMemory.toMebibytes() + sizing.daemonSetMemory.toMebibytes();
  const needCpu = sizing.containerCpuMillis + sizing.daemonSetCpuMillis;
  for (const spec of poolSpecs(p.pool, pool)) {
    const node = nodeAllocatable(spec, sizing.vmMemoryOverheadPercent);
    if (node.memoryMiB < needMiB || node.cpuMillis < needCpu) {
      throw new Error(
        `\`${p.pool}\` allows instance type '${spec.instanceType}', which is too small for the ${p.pods}: Karpenter ` +
          `expects it to offer pods ${node.cpuMillis}m CPU and ${gib(node.memoryMiB)} GiB, the ${p.pods} need ` +
          `${sizing.containerCpuMillis}m and ${gib(sizing.containerMemory.toMebibytes())} GiB plus the DaemonSet ` +
          `allowance of ${sizing.daemonSetCpuMillis}m and ${gib(sizing.daemonSetMemory.toMebibytes())} GiB (sized ` +
          `for ${sizing.instance.instanceType}). Remove it from the pool's \`instanceTypes\` or size the ${p.pods} ` +
          `for it (\`${p.instanceType}\`).`,
      );
    }
  }
}

/** The TrinoCluster props of a role, for messages. */
function propNames(role: TrinoRole) {
  const r = role === TrinoRole.WORKER ? 'worker' : 'coordinator';
  return {
    pool: `${r}Pool`,
    sizing: `${r}Sizing`,
    options: `${r}SizingOptions`,
    instanceType: `${r}InstanceType`,
    pods: role === TrinoRole.WORKER ? 'workers' : 'coordinator',
  };
}

function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}
