// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { createNodePool } from './private/node-pool';
import { ITrinoNodePool, KarpenterCapacityType, NodeTaint, TrinoNodePoolOptions } from './trino-node-pool';
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
 * to pack nodes, and `TrinoCluster` marks the coordinator pod `karpenter.sh/do-not-disrupt`, which also blocks drift
 * replacement while it runs. Pass it to `TrinoCluster` as `coordinatorPool`.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * declare const nodeClass: trino.TrinoNodeClass;
 * const coordinatorPool = new trino.CoordinatorPool(this, 'Coordinator', { cluster, nodeClass, zone: 'us-west-2a' });
 * new TrinoCluster(this, 'Trino', { cluster, coordinatorPool });
 */
export class CoordinatorPool extends Construct implements ITrinoNodePool {
  /**
   * Default instance types: general-purpose Graviton (m7g, m8g, m6g; 4 GiB per vCPU) at the size of TrinoCluster's
   * default coordinator (2xlarge: 8 vCPU, 32 GiB).
   */
  public static readonly DEFAULT_INSTANCE_TYPES = ['m7g.2xlarge', 'm8g.2xlarge', 'm6g.2xlarge'];
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
  /** Default `expireAfter`. */
  public static readonly DEFAULT_EXPIRE_AFTER = Duration.hours(720);

  public readonly role: TrinoRole = TrinoRole.COORDINATOR;
  public readonly nodePoolName: string;
  public readonly nodeSelector: { [key: string]: string };
  public readonly tolerations: PodToleration[];
  public readonly capacityTypes: KarpenterCapacityType[] = [KarpenterCapacityType.ON_DEMAND];
  public readonly zone: string;
  public readonly instanceTypes: ec2.InstanceType[];
  public readonly maxNodes: number;
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
      expireAfter: CoordinatorPool.DEFAULT_EXPIRE_AFTER,
    });
    this.nodePoolName = pool.nodePoolName;
    this.nodeSelector = pool.nodeSelector;
    this.tolerations = pool.tolerations;
    this.zone = pool.zone;
    this.instanceTypes = pool.instanceTypes;
    this.maxNodes = pool.maxNodes;
    this.manifest = pool.manifest;
    this._object = pool.object;
  }
}
