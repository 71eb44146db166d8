// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { COORDINATOR_POD_TERMINATION_GRACE_PERIOD, createNodePool } from './private/node-pool';
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
 * Properties of a CoordinatorPool.
 */
export interface CoordinatorPoolProps extends TrinoNodePoolOptions {}

/**
 * A Karpenter NodePool for the Trino coordinator: On-Demand only (a Spot reclaim would fail every running query), in
 * the workers' availability zone, general-purpose Graviton instances.
 *
 * Its nodes carry their own taint and label. Consolidation is `WhenEmpty`, so Karpenter never evicts the coordinator
 * to pack nodes, and `TrinoCluster` marks the coordinator pod `karpenter.sh/do-not-disrupt`.
 *
 * The coordinator's node has an explicit lifecycle: it does not expire (`expireAfter: Never`); it is replaced when
 * it drifts (a new AMI, a changed NodePool or EC2NodeClass), and only inside `maintenanceWindow` (by default every
 * Sunday 02:00-06:00 UTC). Karpenter then taints the node and keeps the coordinator running until
 * `terminationGracePeriod` (default 1 hour) has nearly passed, so the queries in flight can finish; then it deletes
 * the coordinator pod (queries still running fail) and launches a node for the new coordinator pod. Pass it to
 * `TrinoCluster` as `coordinatorPool`.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * declare const nodeClass: trino.TrinoNodeClass;
 * const coordinatorPool = new trino.CoordinatorPool(this, 'Coordinator', {
 *   cluster,
 *   nodeClass,
 *   zone: 'us-west-2a',
 *   // replace the coordinator's node only on Saturdays, 01:00-04:00 UTC
 *   maintenanceWindow: { schedule: '0 1 * * sat', duration: Duration.hours(3) },
 * });
 * new TrinoCluster(this, 'Trino', { cluster, coordinatorPool });
 */
export class CoordinatorPool extends Construct implements ITrinoNodePool {
  /**
   * Default instance types: general-purpose Graviton (m7g, m8g, m6g; 4 GiB per vCPU) at the size of TrinoCluster's
   * default coordinator (2xlarge: 8 vCPU, 32 GiB).
   */
  public static readonly DEFAULT_INSTANCE_TYPES = ['m7g.2xlarge', 'm8g.2xlarge', 'm6g.2xlarge'];
  /**
   * Instance types with local NVMe instance store, for a coordinator that keeps its file system cache on NVMe
   * (`TrinoCluster` `fileSystemCache`): the `d` variants of the default types (474 GB of NVMe each). Use them with a
   * `TrinoNodeClass` whose `instanceStorePolicy` is `InstanceStorePolicy.RAID0`.
   */
  public static readonly NVME_INSTANCE_TYPES = ['m7gd.2xlarge', 'm8gd.2xlarge', 'm6gd.2xlarge'];
  /**
   * Default `maxNodes`: the coordinator runs alone, but a rolling update starts the new coordinator pod before the
   * old one stops, on a second node.
   */
  public static readonly DEFAULT_MAX_NODES = 2;
  /** Default label on the coordinator nodes. */
  public static readonly DEFAULT_NODE_LABELS: { [key: string]: string } = { 'trino.io/role': 'coordinator' };
  /** Default taint of the coordinator nodes: `trino.io/role=coordinator:NoSchedule`. */
  public static readonly DEFAULT_TAINT: NodeTaint = {
    key: 'trino.io/role',
    value: 'coordinator',
    effect: eks.TaintEffect.NO_SCHEDULE,
  };
  /** Default `consolidateAfter`. */
  public static readonly DEFAULT_CONSOLIDATE_AFTER = Duration.minutes(5);
  /**
   * Default `maintenanceWindow`: every Sunday from 02:00 to 06:00 UTC. Karpenter starts replacing a drifted
   * coordinator node only then.
   */
  public static readonly DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindow = {
    schedule: '0 2 * * sun',
    duration: Duration.hours(4),
  };
  /**
   * Default `terminationGracePeriod`: how long the coordinator keeps running, for the queries in flight, once
   * Karpenter starts replacing its node.
   */
  public static readonly DEFAULT_TERMINATION_GRACE_PERIOD = Duration.hours(1);

  public readonly role: TrinoRole = TrinoRole.COORDINATOR;
  public readonly nodePoolName: string;
  public readonly nodeSelector: { [key: string]: string };
  public readonly tolerations: PodToleration[];
  public readonly capacityTypes: KarpenterCapacityType[] = [KarpenterCapacityType.ON_DEMAND];
  public readonly zone: string;
  public readonly instanceTypes: ec2.InstanceType[];
  public readonly maxNodes: number;
  public readonly nodeClass?: ITrinoNodeClass;
  /**
   * The longest Karpenter lets a node of the pool drain before it deletes the pods still on it, even pods with
   * `karpenter.sh/do-not-disrupt` or a PodDisruptionBudget that blocks eviction (NodePool `terminationGracePeriod`).
   */
  public readonly terminationGracePeriod: Duration;
  /** When Karpenter may start replacing the drifted coordinator node. */
  public readonly maintenanceWindow: MaintenanceWindow;
  /** The manifest that applies the NodePool. */
  public readonly manifest: eks.KubernetesManifest;

  /** @internal the NodePool object, for tests and docs */
  public readonly _object: { [key: string]: any };

  constructor(scope: Construct, id: string, props: CoordinatorPoolProps) {
    super(scope, id);
    const pool = createNodePool(this, props, {
      constructName: 'CoordinatorPool',
      role: TrinoRole.COORDINATOR,
      capacityTypes: this.capacityTypes,
      instanceTypes: CoordinatorPool.DEFAULT_INSTANCE_TYPES,
      maxNodes: CoordinatorPool.DEFAULT_MAX_NODES,
      nodeLabels: CoordinatorPool.DEFAULT_NODE_LABELS,
      taint: CoordinatorPool.DEFAULT_TAINT,
      consolidateAfter: CoordinatorPool.DEFAULT_CONSOLIDATE_AFTER,
      // no expiry: expiration is forceful and ignores the maintenance window
      expireAfter: undefined,
      terminationGracePeriod: CoordinatorPool.DEFAULT_TERMINATION_GRACE_PERIOD,
      maintenanceWindow: CoordinatorPool.DEFAULT_MAINTENANCE_WINDOW,
      // TrinoCluster's do-not-disrupt annotation and TrinoKedaScaler's maxUnavailable: 0 PodDisruptionBudget
      blockingPods: {
        what: 'the coordinator pod',
        terminationGracePeriod: COORDINATOR_POD_TERMINATION_GRACE_PERIOD,
      },
    });
    this.nodePoolName = pool.nodePoolName;
    this.nodeSelector = pool.nodeSelector;
    this.tolerations = pool.tolerations;
    this.zone = pool.zone;
    this.instanceTypes = pool.instanceTypes;
    this.maxNodes = pool.maxNodes;
    this.nodeClass = props.nodeClass;
    this.terminationGracePeriod = pool.terminationGracePeriod;
    this.maintenanceWindow = pool.maintenanceWindow!;
    this.manifest = pool.manifest;
    this._object = pool.object;
  }
}
