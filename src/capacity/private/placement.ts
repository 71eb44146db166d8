// SPDX-License-Identifier: Apache-2.0
import { Annotations, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { InstanceSpec } from '../../config/instance-spec';
import { TrinoRole } from '../../config/placement';
import { TrinoSizing } from '../../config/sizing';
import { TrinoConfig } from '../../config/trino-config';
import { ITrinoNodePool, KarpenterCapacityType } from '../trino-node-pool';

/**
 * The sizing of a role's pods when the user gave no sizing: from the instance type if given, else from the smallest
 * instance type of the role's pool (so every node of the pool fits the pod), else from the default instance type.
 * @internal
 */
export function roleSizing(
  prop: string,
  instanceType: ec2.InstanceType | undefined,
  pool: ITrinoNodePool | undefined,
  defaultInstanceType: string,
): TrinoSizing {
  if (instanceType || !pool) {
    return TrinoSizing.forInstanceType(instanceType ?? new ec2.InstanceType(defaultInstanceType));
  }
  const specs = poolSpecs(prop, pool);
  const smallest = [...specs].sort(
    (a, b) => a.memory.toMebibytes() - b.memory.toMebibytes() || a.vcpus - b.vcpus,
  )[0];
  const minVcpus = Math.min(...specs.map((s) => s.vcpus));
  if (smallest.vcpus === minVcpus) return TrinoSizing.forInstance(smallest);
  // Mixed shapes (e.g. more memory but fewer vCPUs): size for the smallest of each.
  return TrinoSizing.forInstance({ ...smallest, vcpus: minVcpus });
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
 * Checks the pools against the cluster's sizing and worker count, places the role's pods on them (node selector and
 * tolerations) and makes the chart depend on them.
 * @internal
 */
export function bindPools(scope: Construct, b: PoolBinding): void {
  const { workerPool, coordinatorPool } = b;
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
    checkFit('workerPool', workerPool, b.config.workerSizing, 'workers', 'workerInstanceType');
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
    checkFit('coordinatorPool', coordinatorPool, b.config.coordinatorSizing, 'coordinator', 'coordinatorInstanceType');
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

/** Every instance type of the pool must leave the role's pod its CPU and memory. */
function checkFit(prop: string, pool: ITrinoNodePool, sizing: TrinoSizing, pods: string, instanceProp: string) {
  for (const spec of poolSpecs(prop, pool)) {
    const node = TrinoSizing.forInstance(spec);
    const memOk = node.containerMemory.toMebibytes() >= sizing.containerMemory.toMebibytes();
    const cpuOk = node.containerCpuMillis >= sizing.containerCpuMillis;
    if (!memOk || !cpuOk) {
      throw new Error(
        `\`${prop}\` allows instance type '${spec.instanceType}', which is too small for the ${pods}: it leaves ` +
          `${node.containerCpuMillis}m CPU and ${gib(node.containerMemory.toMebibytes())} GiB for Trino, the ${pods} ` +
          `need ${sizing.containerCpuMillis}m and ${gib(sizing.containerMemory.toMebibytes())} GiB (sized for ` +
          `${sizing.instance.instanceType}). Remove it from the pool's \`instanceTypes\` or size the ${pods} for it ` +
          `(\`${instanceProp}\`).`,
      );
    }
  }
}

function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}
