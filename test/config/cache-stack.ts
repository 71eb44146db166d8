// SPDX-License-Identifier: Apache-2.0
/** Shared fixtures of the file system cache tests (not a test file). */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import {
  CoordinatorPool,
  CoordinatorPoolProps,
  InstanceStorePolicy,
  SpotWorkerPool,
  SpotWorkerPoolProps,
  TrinoCluster,
  TrinoClusterProps,
  TrinoNodeClassProps,
} from '../../src';
import { taggedNodeClass } from '../capacity/pools';
import { importedClusterStack } from '../util';

/** Options of a cache stack. */
export interface CacheStackOptions {
  readonly nodeClass?: Partial<TrinoNodeClassProps>;
  readonly workerPool?: Partial<SpotWorkerPoolProps> | false;
  /** a CoordinatorPool with these props; undefined: no coordinator pool */
  readonly coordinatorPool?: Partial<CoordinatorPoolProps>;
  readonly cluster?: Partial<TrinoClusterProps>;
}

export const types = (names: string[]) => names.map((t) => new ec2.InstanceType(t));

/** The pools of a cache stack: a RAID0 node class, NVMe Spot workers, and a coordinator pool when asked. */
export function cachePools(stack: Stack, cluster: eks.ICluster, o: CacheStackOptions = {}) {
  const nodeClass = taggedNodeClass(stack, cluster, { instanceStorePolicy: InstanceStorePolicy.RAID0, ...o.nodeClass });
  const workerPool = o.workerPool === false ? undefined : new SpotWorkerPool(stack, 'Workers', {
    cluster,
    nodeClass,
    zone: 'us-west-2a',
    instanceTypes: types(SpotWorkerPool.NVME_INSTANCE_TYPES),
    ...o.workerPool,
  });
  const coordinatorPool = o.coordinatorPool ? new CoordinatorPool(stack, 'Coordinator', {
    cluster,
    nodeClass,
    zone: 'us-west-2a',
    ...o.coordinatorPool,
  }) : undefined;
  return { nodeClass, workerPool, coordinatorPool };
}

/** A TrinoCluster with the file system cache on NVMe workers (defaults unless overridden). */
export function cacheStack(o: CacheStackOptions = {}) {
  const { app, stack, cluster } = importedClusterStack();
  const pools = cachePools(stack, cluster, o);
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    workerPool: pools.workerPool,
    coordinatorPool: pools.coordinatorPool,
    fileSystemCache: {},
    ...o.cluster,
  });
  return { app, stack, cluster, trino, ...pools };
}
