// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { createNodePool } from './private/node-pool';
import { ITrinoNodeClass } from './trino-node-class';
import {
  ITrinoNodePool,
  KarpenterCapacityType,
  MaintenanceWindow,
  NodeTaint,
  TrinoNodePoolOptions,
} from './trino-node-pool';
import { PodToleration, TrinoRole } from '../config/placement';

/**
 * Properties of a SpotWorkerPool.
 */
export interface SpotWorkerPoolProps extends TrinoNodePoolOptions {
  /**
   * Also allow On-Demand capacity. Karpenter still launches Spot when it can and falls back to On-Demand when no
   * allowed Spot capacity is available in the zone, so workers start even then, at the On-Demand price.
   *
   * @default false - Spot only: without Spot capacity, new workers stay pending
   */
  readonly onDemandFallback?: boolean;
}

/**
 * A Karpenter NodePool for Trino workers: EC2 Spot in one availability zone, memory-optimized Graviton instances,
 * one worker per node.
 *
 * The nodes carry a taint that only the Trino workers tolerate and a label they select, so nothing else lands on them
 * and the workers land nowhere else. Consolidation is `WhenEmpty` (Karpenter never moves a running worker to pack
 * nodes). Drifted nodes are replaced one at a time, at any time unless `maintenanceWindow` is given: Karpenter
 * launches the new node first, then evicts the worker, which shuts down gracefully when `TrinoKedaScaler` is
 * attached. Nodes expire after `expireAfter` (720 hours), and a drain lasts at most `terminationGracePeriod` (1 hour).
 * Pass it to `TrinoCluster` as `workerPool`: the cluster derives the workers' node selector, tolerations and (unless
 * given) sizing from it, and checks that every instance type fits.
 *
 * Requires Karpenter v1 (`karpenter.sh/v1` NodePool CRD) on the cluster; pass its Helm chart as
 * `karpenterDependency`.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * declare const nodeClass: trino.TrinoNodeClass;
 * const workerPool = new trino.SpotWorkerPool(this, 'Workers', {
 *   cluster,
 *   nodeClass,
 *   zone: 'us-west-2a',
 *   maxNodes: 20,
 * });
 * new TrinoCluster(this, 'Trino', { cluster, workerPool, maxWorkers: 20 });
 */
export class SpotWorkerPool extends Construct implements ITrinoNodePool {
  /**
   * Default instance types: memory-optimized Graviton (r8g, r7g, r6g; 8 GiB per vCPU) at TrinoCluster's default worker
   * size (4xlarge) and one size up (8xlarge), six Spot capacity pools in the zone.
   */
  public static readonly DEFAULT_INSTANCE_TYPES = [
    'r8g.4xlarge',
    'r7g.4xlarge',
    'r6g.4xlarge',
    'r8g.8xlarge',
    'r7g.8xlarge',
    'r6g.8xlarge',
  ];
  /**
   * Instance types with local NVMe instance store for the file system cache (`TrinoCluster` `fileSystemCache`): the
   * `d` variants of the default types (r8gd, r7gd, r6gd; 950 GB of NVMe at 4xlarge, 1900 GB at 8xlarge), six Spot
   * capacity pools in the zone. Use them with a `TrinoNodeClass` whose `instanceStorePolicy` is
   * `InstanceStorePolicy.RAID0`.
   */
  public static readonly NVME_INSTANCE_TYPES = [
    'r8gd.4xlarge',
    'r7gd.4xlarge',
    'r6gd.4xlarge',
    'r8gd.8xlarge',
    'r7gd.8xlarge',
    'r6gd.8xlarge',
  ];
  /** Default `maxNodes`, equal to TrinoCluster's default `maxWorkers`. */
  public static readonly DEFAULT_MAX_NODES = 10;
  /** Default label on the worker nodes. */
  public static readonly DEFAULT_NODE_LABELS: { [key: string]: string } = { 'trino.io/role': 'worker' };
  /** Default taint of the worker nodes: `trino.io/role=worker:NoSchedule`. */
  public static readonly DEFAULT_TAINT: NodeTaint = {
    key: 'trino.io/role',
    value: 'worker',
    effect: eks.TaintEffect.NO_SCHEDULE,
  };
  /** Default `consolidateAfter`. */
  public static readonly DEFAULT_CONSOLIDATE_AFTER = Duration.minutes(5);
  /** Default `expireAfter`. */
  public static readonly DEFAULT_EXPIRE_AFTER = Duration.hours(720);
  /**
   * Default `terminationGracePeriod`: longer than the workers' termination grace with TrinoKedaScaler's defaults
   * (2 × 2 minutes + 10 minutes), so Karpenter never cuts a graceful shutdown short.
   */
  public static readonly DEFAULT_TERMINATION_GRACE_PERIOD = Duration.hours(1);

  public readonly role: TrinoRole = TrinoRole.WORKER;
  public readonly nodePoolName: string;
  public readonly nodeSelector: { [key: string]: string };
  public readonly tolerations: PodToleration[];
  public readonly capacityTypes: KarpenterCapacityType[];
  public readonly zone: string;
  public readonly instanceTypes: ec2.InstanceType[];
  public readonly maxNodes: number;
  public readonly nodeClass?: ITrinoNodeClass;
  /**
   * The longest Karpenter lets a node of the pool drain before it deletes the pods still on it, even pods with
   * `karpenter.sh/do-not-disrupt` or a PodDisruptionBudget that blocks eviction (NodePool `terminationGracePeriod`).
   */
  public readonly terminationGracePeriod: Duration;
  /** When Karpenter may start replacing drifted worker nodes; undefined: at any time, one node at a time. */
  public readonly maintenanceWindow?: MaintenanceWindow;
  /** The manifest that applies the NodePool. */
  public readonly manifest: eks.KubernetesManifest;

  /** @internal the NodePool object, for tests and docs */
  public readonly _object: { [key: string]: any };

  constructor(scope: Construct, id: string, props: SpotWorkerPoolProps) {
    super(scope, id);
    this.capacityTypes = props.onDemandFallback
      ? [KarpenterCapacityType.SPOT, KarpenterCapacityType.ON_DEMAND]
      : [KarpenterCapacityType.SPOT];
    const pool = createNodePool(this, props, {
      constructName: 'SpotWorkerPool',
      role: TrinoRole.WORKER,
      capacityTypes: this.capacityTypes,
      instanceTypes: SpotWorkerPool.DEFAULT_INSTANCE_TYPES,
      maxNodes: SpotWorkerPool.DEFAULT_MAX_NODES,
      nodeLabels: SpotWorkerPool.DEFAULT_NODE_LABELS,
      taint: SpotWorkerPool.DEFAULT_TAINT,
      consolidateAfter: SpotWorkerPool.DEFAULT_CONSOLIDATE_AFTER,
      expireAfter: SpotWorkerPool.DEFAULT_EXPIRE_AFTER,
      terminationGracePeriod: SpotWorkerPool.DEFAULT_TERMINATION_GRACE_PERIOD,
    });
    this.nodePoolName = pool.nodePoolName;
    this.nodeSelector = pool.nodeSelector;
    this.tolerations = pool.tolerations;
    this.zone = pool.zone;
    this.instanceTypes = pool.instanceTypes;
    this.maxNodes = pool.maxNodes;
    this.nodeClass = props.nodeClass;
    this.terminationGracePeriod = pool.terminationGracePeriod;
    this.maintenanceWindow = pool.maintenanceWindow;
    this.manifest = pool.manifest;
    this._object = pool.object;
  }
}
