// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { IConstruct, IDependable } from 'constructs';
import { ITrinoNodeClass } from './trino-node-class';
import { PodToleration, TrinoRole } from '../config/placement';

/**
 * A Karpenter capacity type (the `karpenter.sh/capacity-type` node label).
 */
export enum KarpenterCapacityType {
  /** EC2 Spot: spare capacity at a discount, reclaimed by EC2 with a two-minute notice. */
  SPOT = 'spot',
  /** EC2 On-Demand: billed per second, never reclaimed. */
  ON_DEMAND = 'on-demand',
}

/**
 * A Kubernetes node taint that a Karpenter NodePool puts on every node it launches.
 */
export interface NodeTaint {
  /**
   * Taint key, a qualified name such as `trino.io/role`. Keys in the `kubernetes.io`, `k8s.io`, `karpenter.sh` and
   * `karpenter.k8s.aws` domains are refused: Kubernetes and Karpenter set taints there themselves.
   */
  readonly key: string;

  /**
   * Taint value.
   *
   * @default - no value (pods tolerate it with the `Exists` operator)
   */
  readonly value?: string;

  /**
   * What the taint does to pods that do not tolerate it.
   *
   * @default eks.TaintEffect.NO_SCHEDULE
   */
  readonly effect?: eks.TaintEffect;
}

/**
 * A recurring window, in UTC, in which Karpenter may start replacing a pool's drifted nodes (a new AMI, a changed
 * NodePool or EC2NodeClass). Karpenter's disruption budgets can only hold disruption back while they are active, so
 * the pool renders the time *outside* the window as budgets that allow no `Drifted` disruption (`nodes: "0"`); the
 * window must therefore repeat every day or every week.
 *
 * @example
 * // every Sunday, 02:00 to 06:00 UTC
 * const sundayNight: trino.MaintenanceWindow = { schedule: '0 2 * * sun', duration: Duration.hours(4) };
 * // Monday to Friday, 22:30 UTC to 01:30 UTC the next day
 * const weekNights: trino.MaintenanceWindow = { schedule: '30 22 * * mon-fri', duration: Duration.hours(3) };
 */
export interface MaintenanceWindow {
  /**
   * When the window opens: a cron schedule of 5 fields in UTC (Karpenter's budgets take no time zone),
   * `minute hour * * day-of-week`. The minute and the hour are single numbers; the day of week is `*` (every day), a
   * day (`0`-`7` or `sun`-`sat`) or a list or range of days (`sat,sun`, `mon-fri`). `@daily` and `@weekly` are
   * accepted too.
   */
  readonly schedule: string;

  /**
   * How long the window stays open, in whole minutes, shorter than the time between two openings. Karpenter starts
   * a replacement only while the window is open; what it started finishes within `terminationGracePeriod`.
   */
  readonly duration: Duration;
}

/**
 * A Karpenter NodePool that provides the nodes of one Trino role. `TrinoCluster` (`workerPool`, `coordinatorPool`)
 * derives the pods' node selector and tolerations from it and checks that the pool's instance types fit the pods.
 *
 * Implemented by `SpotWorkerPool` and `CoordinatorPool`. The pool itself is what the Trino chart depends on.
 */
export interface ITrinoNodePool extends IConstruct {
  /** The Trino role whose pods run on the pool's nodes. */
  readonly role: TrinoRole;

  /** Name of the Karpenter NodePool (cluster-scoped). */
  readonly nodePoolName: string;

  /**
   * Node labels the role's pods select (`nodeSelector`): the pool's own labels, `karpenter.sh/nodepool` and, when the
   * pool allows a single capacity type, `karpenter.sh/capacity-type`.
   */
  readonly nodeSelector: { [key: string]: string };

  /** Tolerations the role's pods need to run on the pool's tainted nodes. */
  readonly tolerations: PodToleration[];

  /** Capacity types the pool may launch. */
  readonly capacityTypes: KarpenterCapacityType[];

  /** The one availability zone the pool launches nodes in (`topology.kubernetes.io/zone`). */
  readonly zone: string;

  /** Instance types the pool may launch, all in the TrinoSizing table. */
  readonly instanceTypes: ec2.InstanceType[];

  /**
   * The most nodes of the largest allowed instance type the pool's `limits` admit (a cost ceiling: Karpenter stops
   * launching when the pool's total CPU or memory would exceed it).
   */
  readonly maxNodes: number;

  /**
   * The EC2NodeClass the pool launches its nodes with. TrinoCluster reads its `instanceStorePolicy` to know whether
   * the nodes' ephemeral storage is their local NVMe (`fileSystemCache`).
   *
   * @default - unknown: the nodes' ephemeral storage is taken to be their root volume
   */
  readonly nodeClass?: ITrinoNodeClass;
}

/**
 * Options shared by the Trino node pools (`SpotWorkerPool`, `CoordinatorPool`).
 */
export interface TrinoNodePoolOptions {
  /**
   * The EKS cluster. Karpenter (v1 API, `karpenter.sh/v1` and `karpenter.k8s.aws/v1`) must run on it.
   */
  readonly cluster: eks.ICluster;

  /**
   * The EC2NodeClass the pool's nodes are launched with: a `TrinoNodeClass`, or an existing one from
   * `TrinoNodeClass.fromNodeClassName`.
   */
  readonly nodeClass: ITrinoNodeClass;

  /**
   * Name of the NodePool: a DNS label of at most 63 characters (it also becomes the `karpenter.sh/nodepool` label of
   * the nodes).
   *
   * @default - a unique name derived from the construct path
   */
  readonly nodePoolName?: string;

  /**
   * The availability zone of every node (for example `us-west-2a`). Trino's coordinator and workers exchange data on
   * every query, so they share one zone: no inter-AZ data transfer charges and no cross-zone latency.
   *
   * @default - the zone of `subnet`, else the zone of the first private subnet of the cluster's VPC
   */
  readonly zone?: string;

  /**
   * A subnet whose availability zone the pool uses, instead of naming the zone.
   *
   * @default - `zone`, or the zone of the first private subnet of the cluster's VPC
   */
  readonly subnet?: ec2.ISubnet;

  /**
   * Instance types the pool may launch. Each must be in the TrinoSizing table (`TrinoSizing.supportedInstanceTypes()`)
   * so that `TrinoCluster` can check it fits the Trino pods. More types in the list give Karpenter more capacity pools
   * to choose from.
   *
   * @default - SpotWorkerPool: `SpotWorkerPool.DEFAULT_INSTANCE_TYPES`; CoordinatorPool:
   * `CoordinatorPool.DEFAULT_INSTANCE_TYPES`
   */
  readonly instanceTypes?: ec2.InstanceType[];

  /**
   * The most nodes of the largest allowed instance type the pool may run: the NodePool `limits` are this many times
   * the CPU and memory of the largest instance type. For the workers it must be at least `TrinoCluster`'s
   * `maxWorkers`.
   *
   * @default - SpotWorkerPool: `SpotWorkerPool.DEFAULT_MAX_NODES`; CoordinatorPool: `CoordinatorPool.DEFAULT_MAX_NODES`
   */
  readonly maxNodes?: number;

  /**
   * Labels the pool puts on its nodes; the Trino pods select them. Keys in the `kubernetes.io`, `k8s.io`,
   * `karpenter.sh` and `karpenter.k8s.aws` domains are refused.
   *
   * @default - SpotWorkerPool: `{ 'trino.io/role': 'worker' }`; CoordinatorPool: `{ 'trino.io/role': 'coordinator' }`
   */
  readonly nodeLabels?: { [key: string]: string };

  /**
   * The taint that keeps every other pod off the pool's nodes; the Trino pods of the role tolerate it.
   *
   * @default - SpotWorkerPool: `trino.io/role=worker:NoSchedule`; CoordinatorPool:
   * `trino.io/role=coordinator:NoSchedule`
   */
  readonly taint?: NodeTaint;

  /**
   * How long a node stays empty (no Trino pod) before Karpenter removes it. Consolidation is `WhenEmpty`: Karpenter
   * never moves a running Trino pod to pack nodes.
   *
   * @default Duration.minutes(5)
   */
  readonly consolidateAfter?: Duration;

  /**
   * Node lifetime: Karpenter starts replacing a node this long after it was launched. Expiration is a forceful
   * disruption: it ignores the disruption budgets and `maintenanceWindow`, and no replacement node is launched ahead.
   * The drain still waits for PodDisruptionBudgets and `karpenter.sh/do-not-disrupt` pods until
   * `terminationGracePeriod` runs out, so a node lives at most `expireAfter` + `terminationGracePeriod`.
   *
   * @default - SpotWorkerPool: `Duration.hours(720)`; CoordinatorPool: never (`Never`): the coordinator's node is
   * replaced on drift, inside `maintenanceWindow`
   */
  readonly expireAfter?: Duration;

  /**
   * The longest a node may take to drain once Karpenter starts removing it (drift, expiry). When it runs out,
   * Karpenter deletes the pods still on the node, even pods with `karpenter.sh/do-not-disrupt` or a
   * PodDisruptionBudget that blocks eviction (each early enough to get its own `terminationGracePeriodSeconds`), and
   * terminates the instance. It also lets drift pick a node whose pods block eviction, such as the coordinator's:
   * without it, that node is never replaced. Keep it at least the pods' `terminationGracePeriodSeconds` (workers with
   * TrinoKedaScaler: 2 × `shutdownGracePeriod` + `taskDrainTimeout`, 14 minutes by default), or Karpenter cuts their
   * shutdown short.
   *
   * @default Duration.hours(1)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * When Karpenter may start replacing drifted nodes of the pool (a new AMI, a changed NodePool or EC2NodeClass).
   * Outside the window the pool's `Drifted` disruption budget is 0. Expiration and Spot interruptions are forceful and
   * do not wait for it; empty nodes are removed at any time.
   *
   * @default - SpotWorkerPool: any time, one node at a time; CoordinatorPool:
   * `CoordinatorPool.DEFAULT_MAINTENANCE_WINDOW` (every Sunday 02:00-06:00 UTC)
   */
  readonly maintenanceWindow?: MaintenanceWindow;

  /**
   * What installs Karpenter and its CRDs (for example the Karpenter Helm chart, or the construct of an eks-blueprints
   * `KarpenterV1AddOn`). The NodePool and the EC2NodeClass are applied after it, and deleted before it.
   *
   * @default - no dependency: Karpenter's CRDs must already be installed on the cluster
   */
  readonly karpenterDependency?: IDependable;
}
