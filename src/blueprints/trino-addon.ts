// SPDX-License-Identifier: Apache-2.0
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ScalerMetrics } from '../autoscaling/scaler-metrics';
import { TrinoKedaScaler } from '../autoscaling/trino-keda-scaler';
import { CoordinatorPool } from '../capacity/coordinator-pool';
import { SpotWorkerPool } from '../capacity/spot-worker-pool';
import { InstanceStorePolicy, TrinoNodeClass } from '../capacity/trino-node-class';
import { FaultTolerantExchange, RetryPolicy } from '../exchange/fault-tolerant-exchange';
import { TrinoCluster, TrinoClusterOptions } from '../trino-cluster';

/**
 * What TrinoAddOn reads from an eks-blueprints `ClusterInfo`: the cluster. Any `ClusterInfo` satisfies it.
 *
 * The add-on also calls `getScheduledAddOn(name)` when the object has it (every `ClusterInfo` does), to depend on
 * the Karpenter and KEDA add-ons without naming eks-blueprints types.
 */
export interface IBlueprintClusterInfo {
  /**
   * The blueprint's EKS cluster (aws-cdk-lib `aws-eks`).
   */
  readonly cluster: eks.ICluster;
}

/**
 * Properties of the Trino add-on: TrinoCluster options plus what the add-on builds around it.
 */
export interface TrinoAddOnProps extends TrinoClusterOptions {
  /**
   * Add-on id: the name other add-ons depend on (`clusterInfo.getScheduledAddOn('TrinoAddOn')`).
   *
   * @default 'TrinoAddOn'
   */
  readonly id?: string;

  /**
   * Run Trino on Karpenter capacity: Spot workers and an On-Demand coordinator, one pod per node, in one zone.
   * Needs the `KarpenterV1AddOn` earlier in the blueprint.
   *
   * @default true
   */
  readonly spotCapacity?: boolean;

  /**
   * IAM role of the Trino nodes.
   *
   * @default - the node role `KarpenterV1AddOn` creates (`karpenter-node-role` on the cluster)
   */
  readonly nodeRole?: iam.IRole;

  /**
   * The availability zone of every Trino node.
   *
   * @default - the zone of the VPC's first private subnet
   */
  readonly zone?: string;

  /**
   * Instance types of the worker pool. With `fileSystemCache`, each must have local NVMe instance store.
   *
   * @default - SpotWorkerPool.DEFAULT_INSTANCE_TYPES, or SpotWorkerPool.NVME_INSTANCE_TYPES with `fileSystemCache`
   */
  readonly workerPoolInstanceTypes?: ec2.InstanceType[];

  /**
   * Let the worker pool fall back to On-Demand when Spot capacity is short.
   *
   * @default false
   */
  readonly onDemandFallback?: boolean;

  /**
   * Scale workers with KEDA on query demand, from `minWorkers` (0 by default) to `maxWorkers`. Needs the `KedaAddOn`
   * earlier in the blueprint.
   *
   * @default true
   */
  readonly autoscaling?: boolean;

  /**
   * Where KEDA reads the coordinator's load from.
   *
   * @default - the coordinator's own `/metrics` endpoint (see TrinoKedaScaler)
   */
  readonly scalerMetrics?: ScalerMetrics;

  /**
   * KEDA cooldown before scaling down.
   *
   * @default - TrinoKedaScaler's default (300 seconds, the seed)
   */
  readonly cooldownPeriod?: Duration;

  /**
   * Fault-tolerant execution: an S3 exchange and a retry policy, so queries survive losing Spot workers.
   *
   * @default true
   */
  readonly faultTolerance?: boolean;

  /**
   * Retry policy with fault-tolerant execution.
   *
   * @default RetryPolicy.TASK
   */
  readonly retryPolicy?: RetryPolicy;

  /**
   * An existing bucket for the exchange.
   *
   * @default - FaultTolerantExchange creates one
   */
  readonly exchangeBucket?: s3.IBucket;

  /**
   * The longest query you run; spool data must outlive it.
   *
   * @default - not checked
   */
  readonly longestQueryDuration?: Duration;
}

/** What `getScheduledAddOn` returns in eks-blueprints: the add-on's promise, or undefined when it is absent. */
type ScheduledLookup = (name: string) => Promise<Construct> | undefined;

/**
 * The seed's Trino stack as one `@aws-quickstart/eks-blueprints` add-on: TrinoCluster with its catalogs, Spot worker
 * and On-Demand coordinator Karpenter pools, a KEDA scaler and fault-tolerant execution on S3.
 *
 * Put it after `KarpenterV1AddOn` and `KedaAddOn` in `.addOns(...)`; with an `endpoint`, after
 * `AwsLoadBalancerControllerAddOn`, and with `authentication` or catalog secrets, after the Secrets Store CSI driver
 * (`SecretsStoreAddOn`, or an add-on with the id `SecretsStoreCsiDriver`): Trino's chart and SecretProviderClass then
 * wait for them. It is a structural `ClusterAddOn` (it has `id`
 * and `deploy(clusterInfo)`), so it needs no eks-blueprints types, and `deploy` returns the Trino Helm chart for other
 * add-ons to depend on.
 *
 * @example
 * // TypeScript, with @aws-quickstart/eks-blueprints:
 * // EksBlueprint.builder().addOns(new KarpenterV1AddOn(), new KedaAddOn(), new TrinoAddOn({ maxWorkers: 10 }))
 * const addOn = new TrinoAddOn({ maxWorkers: 10 });
 */
export class TrinoAddOn {
  /** The add-on id blueprints key it by. */
  public readonly id: string;
  /** The add-on's properties. */
  public readonly props: TrinoAddOnProps;

  constructor(props: TrinoAddOnProps = {}) {
    for (const prop of ['workerPool', 'coordinatorPool', 'exchange'] as const) {
      if (props[prop] !== undefined) {
        throw new Error(
          `TrinoAddOn creates its own \`${prop}\`; configure it with the add-on's props (spotCapacity, zone, ` +
            'workerPoolInstanceTypes, faultTolerance, exchangeBucket) instead.',
        );
      }
    }
    this.props = props;
    this.id = props.id ?? 'TrinoAddOn';
  }

  /**
   * Builds the Trino stack on the blueprint's cluster. Called by eks-blueprints.
   *
   * Everything is built synchronously (so a bad prop or a missing add-on fails `build` at once); the dependencies on
   * the Karpenter and KEDA charts are added when their add-ons' promises resolve.
   *
   * @returns the Trino Helm chart
   */
  public deploy(clusterInfo: IBlueprintClusterInfo): Promise<Construct> {
    const props = this.props;
    const cluster = clusterInfo.cluster;
    const spotCapacity = props.spotCapacity ?? true;
    const autoscaling = props.autoscaling ?? true;
    const faultTolerance = props.faultTolerance ?? true;

    const lookup = scheduledLookup(clusterInfo);
    const karpenter = lookup('KarpenterV1AddOn') ?? lookup('KarpenterAddOn');
    const keda = lookup('KedaAddOn');
    if (spotCapacity && !karpenter) {
      throw new Error(
        'TrinoAddOn needs Karpenter for its Spot worker and On-Demand coordinator pools: add `new KarpenterV1AddOn()` ' +
          'before TrinoAddOn in .addOns(...), or set `spotCapacity: false`.',
      );
    }
    if (autoscaling && !keda) {
      throw new Error(
        'TrinoAddOn needs KEDA to scale workers on query demand: add `new KedaAddOn()` before TrinoAddOn in ' +
          '.addOns(...), or set `autoscaling: false`.',
      );
    }

    const scope = new Construct(Stack.of(cluster), this.id);
    let workerPool: SpotWorkerPool | undefined;
    let coordinatorPool: CoordinatorPool | undefined;
    if (spotCapacity) {
      const nodeRole = props.nodeRole ?? (cluster.node.tryFindChild('karpenter-node-role') as iam.IRole | undefined);
      if (!nodeRole) {
        throw new Error(
          'TrinoAddOn found no Karpenter node role (`karpenter-node-role`, created by KarpenterV1AddOn): pass `nodeRole`.',
        );
      }
      // the file system cache lives on the workers' local NVMe: RAID0 makes it their ephemeral storage (types without
      // instance store, such as the coordinator's, are unaffected)
      const nvme = props.fileSystemCache !== undefined;
      const nodeClass = new TrinoNodeClass(scope, 'NodeClass', {
        cluster,
        role: nodeRole,
        subnets: cluster.vpc.privateSubnets,
        securityGroups: [cluster.clusterSecurityGroup],
        instanceStorePolicy: nvme ? InstanceStorePolicy.RAID0 : undefined,
      });
      const zone = props.zone;
      const subnet = zone === undefined ? cluster.vpc.privateSubnets[0] : undefined;
      workerPool = new SpotWorkerPool(scope, 'WorkerPool', {
        cluster,
        nodeClass,
        zone,
        subnet,
        instanceTypes: props.workerPoolInstanceTypes
          ?? (nvme ? SpotWorkerPool.NVME_INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)) : undefined),
        onDemandFallback: props.onDemandFallback,
        maxNodes: props.maxWorkers ?? 10,
      });
      coordinatorPool = new CoordinatorPool(scope, 'CoordinatorPool', {
        cluster,
        nodeClass,
        zone,
        subnet,
      });
    }

    const exchange = faultTolerance
      ? new FaultTolerantExchange(scope, 'Exchange', {
        bucket: props.exchangeBucket,
        retryPolicy: props.retryPolicy,
        longestQueryDuration: props.longestQueryDuration,
      })
      : undefined;

    const minWorkers = props.minWorkers ?? (autoscaling ? 0 : 1);
    const trino = new TrinoCluster(scope, 'Trino', {
      ...props,
      cluster,
      minWorkers,
      workerPool,
      coordinatorPool,
      exchange,
    });

    const scaler = autoscaling
      ? new TrinoKedaScaler(scope, 'Scaler', {
        trino,
        minWorkers,
        maxWorkers: trino.maxWorkers,
        metrics: props.scalerMetrics,
        cooldownPeriod: props.cooldownPeriod,
      })
      : undefined;

    // With an endpoint, the chart's Ingress needs the AWS Load Balancer Controller's webhook; with authentication or
    // catalog secrets, the SecretProviderClass needs the Secrets Store CSI driver's CRD (SecretsStoreAddOn, or an
    // add-on with the id 'SecretsStoreCsiDriver' that deploys the library's SecretsStoreCsiDriver).
    const loadBalancerController = props.endpoint ? lookup('AwsLoadBalancerControllerAddOn') : undefined;
    const secretsStore = lookup('SecretsStoreCsiDriver') ?? lookup('SecretsStoreAddOn');

    return Promise.all([karpenter, keda, loadBalancerController, secretsStore]).then(([karpenterChart, kedaChart, lbc, csi]) => {
      // NodePools and EC2NodeClass need the Karpenter CRDs; the chart (with its ScaledObject) needs KEDA's CRDs.
      if (karpenterChart) {
        for (const c of [workerPool, coordinatorPool, trino.chart]) c?.node.addDependency(karpenterChart);
        nodeClassOf(scope)?.node.addDependency(karpenterChart);
      }
      if (kedaChart) {
        trino.chart.node.addDependency(kedaChart);
        scaler?.node.addDependency(kedaChart);
      }
      if (lbc) trino.chart.node.addDependency(lbc);
      if (csi) trino._addSecretsStoreDependency(csi);
      return trino.chart;
    });
  }
}

function nodeClassOf(scope: Construct): Construct | undefined {
  return scope.node.tryFindChild('NodeClass') as Construct | undefined;
}

function scheduledLookup(clusterInfo: IBlueprintClusterInfo): ScheduledLookup {
  const fn = (clusterInfo as any).getScheduledAddOn;
  if (typeof fn !== 'function') return () => undefined;
  return (name: string) => fn.call(clusterInfo, name);
}
