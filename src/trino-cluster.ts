// SPDX-License-Identifier: Apache-2.0
import { Annotations, CfnResource, Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { CoordinatorPool } from './capacity/coordinator-pool';
import { bindPools, roleSizing } from './capacity/private/placement';
import { SpotWorkerPool } from './capacity/spot-worker-pool';
import { ITrinoNodePool } from './capacity/trino-node-pool';
import { Catalog } from './catalogs/catalog';
import { HiveCatalog } from './catalogs/hive-catalog';
import { IcebergCatalog } from './catalogs/iceberg-catalog';
import { TpcdsCatalog } from './catalogs/tpcds-catalog';
import { TpchCatalog } from './catalogs/tpch-catalog';
import { chartNames, renderChartValues, retryPolicyWithoutExchange, TRINO_CHART } from './config/chart';
import { FileSystemCacheOptions } from './config/file-system-cache';
import { catalogShare, resolveFileSystemCache } from './config/private/file-system-cache';
import { ResourceGroups } from './config/resource-groups';
import { TrinoSizing, TrinoSizingOptions } from './config/sizing';
import { TrinoConfig, TrinoRole } from './config/trino-config';
import { validateTrinoProperties } from './config/trino-properties';
import { FaultTolerantExchange } from './exchange/fault-tolerant-exchange';
import { deepMerge } from './private/deep-merge';
import { AccessControlRules } from './security/access-control';
import { TrinoNetworkPolicyOptions } from './security/network-policy';
import { bindSecurity, SecurityResult } from './security/private/bind-security';
import { isSecretPropertyName, isSecretReference } from './security/private/secrets';
import { TrinoAuthentication } from './security/trino-authentication';
import { TrinoEndpointOptions } from './security/trino-endpoint';

/**
 * Options for a Trino cluster, everything except the EKS cluster it runs on.
 */
export interface TrinoClusterOptions {
  /**
   * Kubernetes namespace for Trino. Created by the construct unless `createNamespace` is false.
   *
   * @default 'trino'
   */
  readonly namespace?: string;

  /**
   * Whether the construct creates the namespace.
   *
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Helm release name. It decides the names of what the chart renders: release `trino` gives the Service `trino` and
   * the worker Deployment `trino-worker`; release `analytics` gives `analytics-trino` and `analytics-trino-worker`.
   * At most 50 characters (the worker Service `<release>-trino-worker` must fit in 63), and unique among the
   * TrinoClusters in one namespace of one EKS cluster, as are the names it renders (`tri` and `trino` both render
   * `trino`).
   *
   * @default 'trino'
   */
  readonly releaseName?: string;

  /**
   * Version of the trinodb/charts `trino` chart. The library is tested against the default; its chart keys are
   * validated against that version.
   *
   * @default TrinoCluster.DEFAULT_CHART_VERSION (1.42.2)
   */
  readonly chartVersion?: string;

  /**
   * Helm repository of the chart, for a mirror.
   *
   * @default 'https://trinodb.github.io/charts'
   */
  readonly chartRepository?: string;

  /**
   * Trino container image repository.
   *
   * @default 'trinodb/trino'
   */
  readonly imageRepository?: string;

  /**
   * Trino release (the image tag). Extra properties are checked against the Trino 480 property names.
   *
   * @default TrinoCluster.DEFAULT_TRINO_VERSION (480)
   */
  readonly trinoVersion?: string;

  /**
   * Instance type of the worker nodes. Worker memory, heap and CPU are derived from it (one worker per node).
   *
   * @default r8g.4xlarge (16 vCPU, 128 GiB, Graviton4)
   */
  readonly workerInstanceType?: ec2.InstanceType;

  /**
   * Instance type of the coordinator node.
   *
   * @default m7g.2xlarge (8 vCPU, 32 GiB, Graviton3): the seed's 4–8 vCPU, 16–32 GB for fewer than 50 workers
   */
  readonly coordinatorInstanceType?: ec2.InstanceType;

  /**
   * Worker sizing, to tune the fractions or describe an instance type outside the table.
   *
   * @default TrinoSizing.forInstanceType(workerInstanceType), or, when only `workerPool` is given, the sizing of
   * the pool's smallest instance type
   */
  readonly workerSizing?: TrinoSizing;

  /**
   * Options of the worker sizing the cluster derives (from `workerInstanceType`, the smallest instance type of
   * `workerPool`, or the default instance type): the DaemonSet allowance (`daemonSetMemory`, `daemonSetCpuMillis`:
   * what the worker leaves on its node for the DaemonSets that run there), the heap and query memory fractions.
   * Give either this or `workerSizing`.
   *
   * @default - the TrinoSizingOptions defaults (a DaemonSet allowance of 1 GiB and 500m)
   */
  readonly workerSizingOptions?: TrinoSizingOptions;

  /**
   * Coordinator sizing.
   *
   * @default TrinoSizing.forInstanceType(coordinatorInstanceType), or, when only `coordinatorPool` is given, the
   * sizing of the pool's smallest instance type
   */
  readonly coordinatorSizing?: TrinoSizing;

  /**
   * Options of the coordinator sizing the cluster derives (from `coordinatorInstanceType`, the smallest instance type
   * of `coordinatorPool`, or the default instance type), as `workerSizingOptions`. Give either this or
   * `coordinatorSizing`.
   *
   * @default - the TrinoSizingOptions defaults (a DaemonSet allowance of 1 GiB and 500m)
   */
  readonly coordinatorSizingOptions?: TrinoSizingOptions;

  /**
   * Fewest workers. Without an autoscaler this is the fixed worker count; a TrinoKedaScaler sets its own bounds
   * within `maxWorkers`.
   *
   * @default 1
   */
  readonly minWorkers?: number;

  /**
   * Most workers the cluster may run. Sizes `query.max-memory` (per-node query memory × maxWorkers), Karpenter
   * pool limits and the autoscaler's upper bound.
   *
   * @default 10
   */
  readonly maxWorkers?: number;

  /**
   * Catalogs. Add more later with `addCatalog`.
   *
   * @default - the seed's four: `tpch`, `tpcds`, `hive` (Glue + S3) and `iceberg` (Glue + S3), on the data bucket
   */
  readonly catalogs?: Catalog[];

  /**
   * S3 bucket for the tables of Hive and Iceberg catalogs that have no bucket of their own.
   *
   * @default - a bucket is created when such a catalog is configured: SSE-S3 encrypted, TLS only, public access
   * blocked, versioned, retained on stack deletion (`dataBucketRemovalPolicy`)
   */
  readonly dataBucket?: s3.IBucket;

  /**
   * Removal policy of the data bucket the construct creates.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly dataBucketRemovalPolicy?: RemovalPolicy;

  /**
   * Bucket for S3 server access logs of the data bucket the construct creates.
   *
   * @default - no access logs
   */
  readonly dataBucketAccessLogsBucket?: s3.IBucket;

  /**
   * How the Trino service account gets AWS credentials. With `POD_IDENTITY` the service account carries no
   * `eks.amazonaws.com/role-arn` annotation, so the pods get only the Pod Identity agent's credentials; the cluster
   * needs the EKS Pod Identity agent add-on.
   *
   * @default eks.IdentityType.IRSA
   */
  readonly identityType?: eks.IdentityType;

  /**
   * Extra `config.properties` entries for the coordinator and the workers, checked against the Trino 480 names.
   * Properties the library manages (memory, discovery, retry policy, graceful shutdown) are set through typed props
   * and cannot be set here.
   *
   * @default - none
   */
  readonly additionalConfigProperties?: { [name: string]: string };

  /**
   * `node.environment`: the name of the Trino environment (lowercase letters, digits and underscores).
   *
   * @default 'production'
   */
  readonly environment?: string;

  /**
   * Resource groups: admission control and queueing of queries.
   *
   * @default ResourceGroups.concurrencyLimit(50): one global group running at most 50 queries and queueing up to
   * 1000 more (the seed: limit concurrent queries on the coordinator, 40–60 typical)
   */
  readonly resourceGroups?: ResourceGroups;

  /**
   * How long CloudFormation waits for the Helm release to become ready.
   *
   * @default Duration.minutes(10)
   */
  readonly helmTimeout?: Duration;

  /**
   * Free-form values for the Trino chart, deep-merged last over the values the library renders (objects merge,
   * arrays and scalars replace). The escape hatch for chart settings without a typed prop; keys are not validated
   * and can break what the library sets (placement, sizing, autoscaling).
   *
   * @default - none
   */
  readonly helmValues?: { [key: string]: any };

  /**
   * The Karpenter pool the workers run on (a `SpotWorkerPool`). The workers select its nodes and tolerate its taint;
   * every instance type it allows must fit the worker sizing, and its `maxNodes` must be at least `maxWorkers`.
   * Without `workerInstanceType` and `workerSizing`, the workers are sized for its smallest instance type.
   *
   * @default - no placement: the workers run on whatever nodes the cluster has
   */
  readonly workerPool?: ITrinoNodePool;

  /**
   * The Karpenter pool the coordinator runs on (a `CoordinatorPool`): On-Demand only, in the zone of `workerPool`.
   * The coordinator selects its nodes and On-Demand capacity and tolerates its taint; every instance type it allows
   * must fit the coordinator sizing.
   *
   * @default - no placement: the coordinator runs on whatever nodes the cluster has
   */
  readonly coordinatorPool?: ITrinoNodePool;

  /**
   * Fault-tolerant execution: the S3 exchange Trino spools intermediate data to, with its retry policy and settings.
   * Queries then survive losing workers (Spot interruptions, node consolidation).
   *
   * @default - no fault-tolerant execution: `retry-policy` NONE, a query fails when one of its workers is lost
   */
  readonly exchange?: FaultTolerantExchange;

  /**
   * Trino's file system cache on the nodes' local NVMe: repeated reads of the same S3 files (dashboards, Iceberg
   * metadata, dimension tables) come from local disk. Needs a `workerPool` of instance-store types
   * (`SpotWorkerPool.NVME_INSTANCE_TYPES`) on a `TrinoNodeClass` with `instanceStorePolicy: InstanceStorePolicy.RAID0`;
   * every Hive and Iceberg catalog caches unless it sets `fileSystemCache: false`. See docs/performance.md.
   *
   * @default - no file system cache: every read goes to S3
   */
  readonly fileSystemCache?: FileSystemCacheOptions;

  /**
   * An HTTPS endpoint for clients outside the cluster: an internal (or, with source CIDRs, internet-facing)
   * Application Load Balancer with an ACM certificate, created by the AWS Load Balancer Controller from the chart's
   * Ingress. Needs the controller on the cluster.
   *
   * @default - no endpoint: Trino is reachable only inside the cluster (its Service is ClusterIP)
   */
  readonly endpoint?: TrinoEndpointOptions;

  /**
   * How clients authenticate to the coordinator: a password file or OAuth 2.0 / OpenID Connect, with secrets from
   * AWS Secrets Manager. Turns on the shared secret of internal communication (generated into Secrets Manager) and the
   * access control (`accessControl`, or its default). Needs the Secrets Store CSI driver and its AWS provider on the
   * cluster (`SecretsStoreCsiDriver`).
   *
   * @default - no authentication: any client that reaches port 8080 chooses its own user name
   */
  readonly authentication?: TrinoAuthentication;

  /**
   * File-based access control rules (catalogs, schemas, tables, system information). Needs `authentication`.
   *
   * @default - with authentication: every user may use every catalog, nobody may read or write system information
   * except the TrinoKedaScaler's user (read only, no catalog); without authentication: none
   */
  readonly accessControl?: AccessControlRules;

  /**
   * NetworkPolicies that let only Trino's own pods, the load balancer, KEDA, Prometheus and the namespaces you list
   * reach Trino. Enforced when the cluster enforces network policies (VPC CNI `enableNetworkPolicy`).
   *
   * @default - on when `endpoint` or `authentication` is set, with the options' defaults; off otherwise
   */
  readonly networkPolicy?: TrinoNetworkPolicyOptions;

  /**
   * What installs the Secrets Store CSI driver and its AWS provider on the cluster (a `SecretsStoreCsiDriver`, or the
   * chart of an add-on that does): the SecretProviderClass, which needs the driver's CRD, waits for it.
   *
   * @default - no dependency: install the driver before this stack, or add the dependency yourself
   */
  readonly secretsStore?: IConstruct;
}

/**
 * Properties of a TrinoCluster.
 */
export interface TrinoClusterProps extends TrinoClusterOptions {
  /**
   * The EKS cluster to deploy Trino on.
   */
  readonly cluster: eks.ICluster;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Properties the library renders itself; users set them through typed props. */
const MANAGED_PROPERTIES: { [name: string]: string } = {
  'coordinator': 'the chart (role)',
  'node-scheduler.include-coordinator': 'the library (the coordinator never runs tasks)',
  'http-server.http.port': 'the chart',
  'discovery.uri': 'the chart',
  'query.max-memory': 'workerSizing and maxWorkers',
  'query.max-memory-per-node': 'workerSizing / coordinatorSizing',
  'memory.heap-headroom-per-node': 'workerSizing / coordinatorSizing',
  'shutdown.grace-period': 'TrinoKedaScaler (graceful shutdown)',
  'retry-policy': 'FaultTolerantExchange',
  'http-server.authentication.type': 'authentication',
  'internal-communication.shared-secret': 'authentication (generated into Secrets Manager)',
  'management.user': 'authentication and TrinoKedaScaler (the scaler\'s user)',
  'http-server.process-forwarded': 'endpoint',
  'web-ui.authentication.type': 'authentication',
};

/**
 * Trino on an Amazon EKS cluster, from the official trinodb/charts Helm chart.
 *
 * One coordinator and `minWorkers`–`maxWorkers` workers, each pod alone on its node (requests = limits sized from the
 * instance type, worker anti-affinity on the labels the chart puts on worker pods), the coordinator never running
 * tasks and protected from Karpenter disruption. Catalogs get scoped IAM through the service account (IRSA or EKS
 * Pod Identity).
 *
 * @example
 * declare const cluster: eks.Cluster;
 * new TrinoCluster(this, 'Trino', { cluster });
 */
export class TrinoCluster extends Construct implements iam.IGrantable {
  /** The chart version the library is built and tested against. */
  public static readonly DEFAULT_CHART_VERSION = TRINO_CHART.version;
  /** The Trino release of the default chart (its appVersion). */
  public static readonly DEFAULT_TRINO_VERSION = TRINO_CHART.appVersion;
  /** The default worker instance type. */
  public static readonly DEFAULT_WORKER_INSTANCE_TYPE = 'r8g.4xlarge';
  /** The default coordinator instance type. */
  public static readonly DEFAULT_COORDINATOR_INSTANCE_TYPE = 'm7g.2xlarge';

  /** The EKS cluster Trino runs on. */
  public readonly cluster: eks.ICluster;
  /** Kubernetes namespace. */
  public readonly namespace: string;
  /** Helm release name. */
  public readonly releaseName: string;
  /** Chart version deployed. */
  public readonly chartVersion: string;
  /** Trino release deployed (image tag). */
  public readonly trinoVersion: string;
  /** The Helm release. */
  public readonly chart: eks.HelmChart;
  /** The Kubernetes service account of the Trino pods, bound to an IAM role. */
  public readonly serviceAccount: eks.ServiceAccount;
  /** The IAM principal of the Trino pods. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The data bucket for Hive and Iceberg tables, if the cluster has one. */
  public readonly dataBucket?: s3.IBucket;
  /** Name of the coordinator Service (port 8080): `kubectl port-forward -n <namespace> svc/<serviceName> 8080`. */
  public readonly serviceName: string;
  /** Name of the coordinator Deployment. */
  public readonly coordinatorDeploymentName: string;
  /** Name of the worker Deployment (what an autoscaler scales). */
  public readonly workerDeploymentName: string;
  /** Worker memory and CPU settings. */
  public readonly workerSizing: TrinoSizing;
  /** Coordinator memory and CPU settings. */
  public readonly coordinatorSizing: TrinoSizing;
  /** Most workers the cluster may run. */
  public readonly maxWorkers: number;

  /** @internal the one configuration model; sibling constructs contribute through its methods */
  public readonly _config: TrinoConfig;
  /** @internal the namespace manifest, when created */
  public readonly _namespaceManifest?: eks.KubernetesManifest;

  /**
   * The generated `internal-communication.shared-secret` in Secrets Manager, when authentication is on. Rotate it by
   * putting a new value and restarting both Deployments (docs/security.md).
   */
  public readonly sharedSecret?: secretsmanager.ISecret;
  /** `https://<domainName>`, when the cluster has an endpoint. */
  public readonly endpointUrl?: string;
  /**
   * @internal the labels the library's coordinator NetworkPolicy admits as the release's own pods, when it creates
   * NetworkPolicies (TrinoSmokeTest's pod wears them)
   */
  public readonly _networkPolicyLabels?: { [key: string]: string };

  private readonly props: TrinoClusterProps;
  private readonly security: SecurityResult;
  private readonly secretsStoreDependencies: IConstruct[] = [];
  /** the Namespace manifests Trino's own manifests wait for (this cluster's, or the sibling's that creates it) */
  private readonly namespaceManifests: eks.KubernetesManifest[] = [];

  constructor(scope: Construct, id: string, props: TrinoClusterProps) {
    super(scope, id);
    this.props = props;
    this.cluster = props.cluster;
    this.namespace = props.namespace ?? 'trino';
    this.releaseName = props.releaseName ?? 'trino';
    this.chartVersion = props.chartVersion ?? TRINO_CHART.version;
    this.trinoVersion = props.trinoVersion ?? TRINO_CHART.appVersion;
    validateDnsLabel('namespace', this.namespace, 63);
    validateDnsLabel('releaseName', this.releaseName, 53);
    validateReleaseNames(this.releaseName);
    validateImage(props.imageRepository, this.trinoVersion);
    validateChartRepository(props.chartRepository);
    const identityType = props.identityType ?? eks.IdentityType.IRSA;
    if (!Object.values(eks.IdentityType).includes(identityType)) {
      throw new Error(
        `Invalid \`identityType\` ${JSON.stringify(identityType)}: use one of ${Object.values(eks.IdentityType).join(', ')} (eks.IdentityType).`,
      );
    }
    const environment = props.environment ?? 'production';
    if (!Token.isUnresolved(environment) && !/^[a-z0-9][a-z0-9_]*$/.test(environment)) {
      throw new Error(
        `Invalid \`environment\` '${environment}': use a lowercase letter or digit, then lowercase letters, digits or underscores.`,
      );
    }

    this.workerSizing = roleSizing({
      role: TrinoRole.WORKER,
      sizing: props.workerSizing,
      options: props.workerSizingOptions,
      instanceType: props.workerInstanceType,
      pool: props.workerPool,
      defaultInstanceType: TrinoCluster.DEFAULT_WORKER_INSTANCE_TYPE,
    });
    this.coordinatorSizing = roleSizing({
      role: TrinoRole.COORDINATOR,
      sizing: props.coordinatorSizing,
      options: props.coordinatorSizingOptions,
      instanceType: props.coordinatorInstanceType,
      pool: props.coordinatorPool,
      defaultInstanceType: TrinoCluster.DEFAULT_COORDINATOR_INSTANCE_TYPE,
    });
    const minWorkers = props.minWorkers ?? 1;
    this.maxWorkers = props.maxWorkers ?? 10;
    validateCount('maxWorkers', this.maxWorkers, 1, 1000);
    validateCount('minWorkers', minWorkers, 0, 1000);
    if (minWorkers > this.maxWorkers) {
      throw new Error(
        `\`minWorkers\` (${minWorkers}) must not be above \`maxWorkers\` (${this.maxWorkers}); allowed: 0 ≤ minWorkers ≤ maxWorkers.`,
      );
    }

    const names = chartNames(this.releaseName);
    this.serviceName = names.fullname;
    this.coordinatorDeploymentName = names.coordinator;
    this.workerDeploymentName = names.worker;

    this._config = new TrinoConfig({
      coordinatorSizing: this.coordinatorSizing,
      workerSizing: this.workerSizing,
      minWorkers,
      maxWorkers: this.maxWorkers,
    });
    if (props.fileSystemCache) {
      // before the catalogs: each decides whether it caches when it is added
      this._config.fileSystemCache = resolveFileSystemCache({
        options: props.fileSystemCache,
        workerPool: props.workerPool,
        coordinatorPool: props.coordinatorPool,
        coordinatorSizing: this.coordinatorSizing,
        trinoVersion: this.trinoVersion,
      });
    }
    // The coordinator only plans and schedules; Karpenter must never consolidate it away mid-query.
    this._config.addPodAnnotation(TrinoRole.COORDINATOR, 'karpenter.sh/do-not-disrupt', 'true');

    if (props.additionalConfigProperties) {
      validateTrinoProperties('additionalConfigProperties', 'config', props.additionalConfigProperties);
      for (const [name, value] of Object.entries(props.additionalConfigProperties)) {
        const managedBy = MANAGED_PROPERTIES[name];
        if (managedBy) {
          throw new Error(
            `\`additionalConfigProperties\` cannot set '${name}': it is managed by ${managedBy}. Use the typed prop instead.`,
          );
        }
        if (isSecretPropertyName(name) && !Token.isUnresolved(value) && !isSecretReference(value)) {
          throw new Error(
            `\`additionalConfigProperties\` '${name}' holds a literal secret: it would be written into the CloudFormation ` +
              'template, the Helm values and a ConfigMap. Reference it as ${ENV:NAME} from a Secrets Manager secret instead.',
          );
        }
        this._config.setConfigProperty(name, value, 'both', 'additionalConfigProperties', true);
      }
    }

    // Another TrinoCluster on the same EKS cluster and namespace: refuse what would collide, reuse its namespace.
    const namespaceOwner = checkSiblings(this, props.createNamespace ?? true);
    if (props.secretsStore) this.secretsStoreDependencies.push(props.secretsStore);

    // Namespace, then service account (IAM role bound through IRSA or Pod Identity), then the chart.
    if (props.createNamespace ?? true) {
      this._namespaceManifest = new eks.KubernetesManifest(this, 'Namespace', {
        cluster: this.cluster,
        manifest: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: this.namespace, labels: { 'app.kubernetes.io/part-of': 'trino' } },
          },
        ],
      });
    }
    this.serviceAccount = new eks.ServiceAccount(this, 'ServiceAccount', {
      cluster: this.cluster,
      name: names.fullname,
      namespace: this.namespace,
      identityType,
    });
    if (identityType === eks.IdentityType.POD_IDENTITY) withoutIrsaAnnotation(this.serviceAccount, this.cluster);
    if (this._namespaceManifest) this.serviceAccount.node.addDependency(this._namespaceManifest);
    if (namespaceOwner?._namespaceManifest) this.serviceAccount.node.addDependency(namespaceOwner._namespaceManifest);
    this.grantPrincipal = this.serviceAccount.grantPrincipal;

    // Endpoint, authentication, access control, secrets and NetworkPolicies.
    this.security = bindSecurity({
      scope: this,
      cluster: this.cluster,
      namespace: this.namespace,
      releaseName: this.releaseName,
      names,
      config: this._config,
      grantee: this.serviceAccount,
      podIdentity: identityType === eks.IdentityType.POD_IDENTITY,
      endpoint: props.endpoint,
      authentication: props.authentication,
      accessControl: props.accessControl,
      networkPolicy: props.networkPolicy,
      catalogNames: () => this.catalogNames,
      secretsStoreDependencies: this.secretsStoreDependencies,
    });
    this.sharedSecret = this.security.sharedSecret;
    this.endpointUrl = this.security.endpointUrl;
    this._networkPolicyLabels = this.security.networkPolicyLabels;
    for (const ns of [this._namespaceManifest, namespaceOwner?._namespaceManifest]) if (ns) this.namespaceManifests.push(ns);
    for (const m of this.security.manifests) for (const ns of this.namespaceManifests) m.node.addDependency(ns);

    const catalogs = props.catalogs ?? [new TpchCatalog(), new TpcdsCatalog(), new HiveCatalog(), new IcebergCatalog()];
    if (props.dataBucket) {
      this.dataBucket = props.dataBucket;
    } else if (catalogs.some((c) => c.usesDataBucket)) {
      this.dataBucket = new s3.Bucket(this, 'DataBucket', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        versioned: true,
        removalPolicy: props.dataBucketRemovalPolicy ?? RemovalPolicy.RETAIN,
        serverAccessLogsBucket: props.dataBucketAccessLogsBucket,
        serverAccessLogsPrefix: props.dataBucketAccessLogsBucket ? 'trino-data/' : undefined,
      });
    }
    for (const catalog of catalogs) this.addCatalog(catalog);

    const resourceGroups = props.resourceGroups ?? ResourceGroups.concurrencyLimit(50);

    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster: this.cluster,
      chart: TRINO_CHART.chart,
      repository: props.chartRepository ?? TRINO_CHART.repository,
      version: this.chartVersion,
      release: this.releaseName,
      namespace: this.namespace,
      createNamespace: false,
      wait: true,
      timeout: props.helmTimeout ?? Duration.minutes(10),
      values: Lazy.any({ produce: () => this.renderValues(resourceGroups) }) as any,
    });
    this.chart.node.addDependency(this.serviceAccount);
    // the security manifests, and the SecretProviderClass a catalog of `catalogs` may have created without authentication
    for (const m of [...this.security.manifests, this.security.existingSecretProviderClass()]) if (m) this.chart.node.addDependency(m);
    this.security.loadBalancerHostname?.node.addDependency(this.chart);
    const controller = props.endpoint?.loadBalancerController ?? (this.cluster instanceof eks.Cluster ? this.cluster.albController : undefined);
    if (controller) this.chart.node.addDependency(controller);

    // Placement, sizing checks and chart dependencies from the Karpenter pools.
    bindPools(this, {
      config: this._config,
      chart: this.chart,
      maxWorkers: this.maxWorkers,
      workerPool: props.workerPool,
      coordinatorPool: props.coordinatorPool,
    });

    // Fault-tolerant execution: exchange manager, retry policy and the exchange bucket grants.
    props.exchange?._bind(this);
    this.node.addValidation({
      // after the helmValues merge: a retry policy other than NONE needs an exchange manager
      validate: () => {
        const problem = retryPolicyWithoutExchange(this._renderValues());
        return problem ? [problem] : [];
      },
    });

    this.node.addValidation({
      // after the helmValues merge and the scaler's graceful shutdown: each pod's grace fits its nodes' drain
      validate: () => poolGraceProblems(this._renderValues(), props.workerPool, props.coordinatorPool),
    });

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const cache = this._config.fileSystemCache;
        const caching = this._config.cachingCatalogs();
        if (cache && caching.length === 0) {
          Annotations.of(this).addWarningV2(
            'cdk-trino-eks:TrinoCluster.fileSystemCacheUnused',
            '`fileSystemCache` is set but no catalog caches (only Hive, Iceberg and Delta Lake catalogs can, and each ' +
              'can opt out with `fileSystemCache: false`): the cache volume is not mounted.',
          );
        }
        if (cache && catalogShare(cache, caching.length) < 1) {
          errors.push(
            `\`fileSystemCache.maxDiskUsagePercentage\` ${cache.maxDiskUsagePercentage} cannot be split among the ` +
              `${caching.length} caching catalogs (${caching.join(', ')}): Trino 480 needs a whole percent of the disk ` +
              'per catalog. Raise it, or set `fileSystemCache: false` on some catalogs.',
          );
        }
        if (this._config.minWorkers === 0 && !this._config.keda) {
          Annotations.of(this).addWarningV2(
            'cdk-trino-eks:TrinoCluster.noWorkers',
            '`minWorkers` is 0 and no TrinoKedaScaler is attached: the cluster has no workers until you scale it.',
          );
        }
        return errors;
      },
    });

    if (!Token.isUnresolved(this.chartVersion) && this.chartVersion !== TRINO_CHART.version) {
      Annotations.of(this).addWarningV2(
        'cdk-trino-eks:TrinoCluster.chartVersion',
        `Chart ${this.chartVersion} is not the version the library is tested with (${TRINO_CHART.version}); chart keys may differ.`,
      );
    }
  }

  /**
   * Adds a catalog: binds it (it grants the service account what it needs) and adds its properties file.
   *
   * @throws if a catalog of that name exists, or its properties are not Trino 480 names
   */
  public addCatalog(catalog: Catalog): void {
    const config = catalog.bind(this, { grantee: this.serviceAccount, dataBucket: this.dataBucket });
    const properties = { ...config.properties };
    for (const [name, ref] of Object.entries(config.secretProperties ?? {})) {
      if (name in properties) {
        throw new Error(`catalog '${catalog.name}' sets '${name}' both as a property and as a secret property: keep one.`);
      }
      const variable = `CATALOG_${catalog.name}_${name}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
      properties[name] = this._config.secrets.addEnv(variable, { secret: ref.secret, field: ref.field }, `catalog '${catalog.name}'`);
      this.readsSecret(ref.secret);
    }
    this._config.addCatalog(
      catalog.name,
      catalog.connectorName,
      properties,
      `catalog '${catalog.name}'`,
      config.fileSystemCache,
    );
  }

  /** Names of the catalogs, in the order they were added. */
  public get catalogNames(): string[] {
    return this._config.catalogNames();
  }

  /**
   * Adds the Trino chart as a dependency of a construct (for example a manifest that needs Trino running).
   */
  public grantDependency(construct: Construct): void {
    construct.node.addDependency(this.chart);
  }

  /**
   * @internal Makes the SecretProviderClass (now or when it is created) wait for what installs the Secrets Store CSI
   * driver (TrinoAddOn, with the driver's add-on).
   */
  public _addSecretsStoreDependency(construct: IConstruct): void {
    this.secretsStoreDependencies.push(construct);
    this.security.existingSecretProviderClass()?.node.addDependency(construct);
  }

  /**
   * @internal Has the Secrets Store CSI driver sync a secret (a JSON field of it) into the release's Kubernetes Secret
   * under `TRINO_SECRET_<name>`, without making it an environment variable of Trino, for another pod of the release to
   * read (TrinoSmokeTest's credentials). Trino's pods mount it (that is what makes the driver sync), and the service
   * account may read it. Returns the Kubernetes Secret's name and the key.
   */
  public _syncSecret(name: string, secret: secretsmanager.ISecret, field: string | undefined, source: string): { secretName: string; key: string } {
    const key = this._config.secrets.addSynced(name, { secret, field }, source);
    this.readsSecret(secret);
    return { secretName: this._config.security!.kubernetesSecretName, key };
  }

  /**
   * The pods read `secret` at start: the service account may read it, and the SecretProviderClass that mounts it
   * exists (created on first use) after the namespace and before the chart.
   */
  private readsSecret(secret: secretsmanager.ISecret): void {
    secret.grantRead(this.serviceAccount);
    const spc = this.security.secretProviderClass();
    for (const ns of this.namespaceManifests) spc.node.addDependency(ns);
    // the constructor's catalogs come before the chart, which then depends on the SecretProviderClass itself
    if (this.chart) this.chart.node.addDependency(spc);
  }

  /**
   * The chart values the library renders (before nothing is deferred). For tests and inspection.
   * @internal
   */
  public _renderValues(): { [key: string]: any } {
    return this.renderValues(this.props.resourceGroups ?? ResourceGroups.concurrencyLimit(50));
  }

  private renderValues(resourceGroups: ResourceGroups): { [key: string]: any } {
    const rendered = renderChartValues({
      releaseName: this.releaseName,
      imageRepository: this.props.imageRepository ?? 'trinodb/trino',
      imageTag: this.trinoVersion,
      serviceAccountName: this.serviceAccount.serviceAccountName,
      environment: this.props.environment ?? 'production',
      config: this._config,
      resourceGroupsJson: resourceGroups._toJson(),
      onePodPerNode: true,
    });
    return this.props.helmValues ? deepMerge(rendered, this.props.helmValues) : rendered;
  }
}

function validateDnsLabel(prop: string, value: string, maxLength: number) {
  if (Token.isUnresolved(value)) return;
  if (value.length > maxLength || !DNS_LABEL.test(value)) {
    throw new Error(
      `Invalid \`${prop}\` '${value}': use at most ${maxLength} lowercase letters, digits or '-', starting and ending with a letter or digit (RFC 1123 label).`,
    );
  }
}

function validateCount(prop: string, value: number, min: number, max: number) {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`\`${prop}\` must be an integer between ${min} and ${max}, got: ${value}.`);
  }
}

/** Release names whose rendered names exceed what Kubernetes accepts. */
function validateReleaseNames(releaseName: string) {
  if (Token.isUnresolved(releaseName)) return;
  const names = chartNames(releaseName);
  // Service names are RFC 1035 labels of at most 63 characters; the chart truncates the full name but appends
  // `-worker` to it for the worker Service (templates/service-worker.yaml).
  if (names.workerService.length > 63) {
    const max = 63 - '-trino-worker'.length;
    throw new Error(
      `Invalid \`releaseName\` '${releaseName}' (${releaseName.length} characters): the chart names the worker Service ` +
        `'${names.workerService}' (${names.workerService.length} characters), longer than the 63 Kubernetes allows, and the ` +
        `install fails. Use at most ${max} characters.`,
    );
  }
}

/** An image repository (`[host[:port]/]path`, lowercase path components) and tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
function validateImage(repository: string | undefined, tag: string) {
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const reference = new RegExp(`^(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?${component}(?:/${component})*$`);
  if (repository !== undefined && !Token.isUnresolved(repository) && !reference.test(repository)) {
    throw new Error(
      `Invalid \`imageRepository\` ${JSON.stringify(repository)}: use an image repository such as 'trinodb/trino' or ` +
        "'123456789012.dkr.ecr.us-west-2.amazonaws.com/trino' (lowercase path components, no tag or digest).",
    );
  }
  if (!Token.isUnresolved(tag) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw new Error(
      `Invalid \`trinoVersion\` ${JSON.stringify(tag)}: it is the image tag; use letters, digits, '_', '.' or '-' ` +
        "(at most 128, not starting with '.' or '-'), for example '480'.",
    );
  }
}

/** A Helm repository: an `https://`, `http://` or `oci://` URL (what the CDK kubectl provider accepts). */
function validateChartRepository(repository: string | undefined) {
  if (repository === undefined || Token.isUnresolved(repository)) return;
  let url: URL | undefined;
  try {
    url = new URL(repository);
  } catch {
    url = undefined;
  }
  if (!url || !['https:', 'http:', 'oci:'].includes(url.protocol) || !url.hostname || /\s/.test(repository)) {
    throw new Error(
      `Invalid \`chartRepository\` ${JSON.stringify(repository)}: use the URL of a Helm repository ` +
        "('https://trinodb.github.io/charts' or a mirror) or an OCI registry ('oci://…').",
    );
  }
}

/** Whether two cluster references name the same EKS cluster. */
function sameEksCluster(a: eks.ICluster, b: eks.ICluster): boolean {
  if (a === b) return true;
  return !Token.isUnresolved(a.clusterName) && !Token.isUnresolved(b.clusterName) && a.clusterName === b.clusterName;
}

/**
 * Refuses a TrinoCluster that would collide with another one in the app on the same EKS cluster and namespace:
 * the same Helm release, the same rendered names (release `tri` and `trino` both render `trino`), or a second
 * Namespace manifest (deleting either stack would delete the namespace of both). Returns the TrinoCluster that
 * creates the namespace, when another one does.
 */
function checkSiblings(self: TrinoCluster, createNamespace: boolean): TrinoCluster | undefined {
  let owner: TrinoCluster | undefined;
  const siblings = CLUSTERS_OF_APP.get(self.node.root) ?? [];
  for (const other of siblings) {
    if (!sameEksCluster(other.cluster, self.cluster) || other.namespace !== self.namespace) continue;
    const where = `in namespace '${self.namespace}' of the same EKS cluster as TrinoCluster '${other.node.path}'`;
    if (other.releaseName === self.releaseName) {
      throw new Error(
        `\`releaseName\` '${self.releaseName}' is already used ${where}: two Helm releases of one name collide. ` +
          'Use another releaseName or namespace.',
      );
    }
    if (other.serviceName === self.serviceName) {
      throw new Error(
        `\`releaseName\` '${self.releaseName}' renders the same names as release '${other.releaseName}' ${where} ` +
          `(Service and ServiceAccount '${self.serviceName}', Deployment '${self.workerDeploymentName}'). ` +
          "Use a release name that is not a prefix of 'trino', or another namespace.",
      );
    }
    if (other._namespaceManifest) {
      if (createNamespace) {
        throw new Error(
          `\`createNamespace\`: namespace '${self.namespace}' is already created by TrinoCluster '${other.node.path}' on the ` +
            'same EKS cluster. Set createNamespace: false here (the namespace then comes from that TrinoCluster), or use another namespace.',
        );
      }
      owner = other;
    }
  }
  CLUSTERS_OF_APP.set(self.node.root, [...siblings, self]);
  return owner;
}

/** The TrinoClusters of each app (construct tree root) that passed the sibling checks. */
const CLUSTERS_OF_APP = new WeakMap<IConstruct, TrinoCluster[]>();

/**
 * In Pod Identity mode, the service account without the IRSA annotation.
 *
 * aws-cdk-lib's ServiceAccount annotates `eks.amazonaws.com/role-arn` in both modes. With it, the EKS pod identity
 * webhook also injects `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE`, and the AWS SDK for Java v2 that Trino's S3
 * file system and Glue metastore use tries web identity before the container (Pod Identity) credentials: its default
 * chain is system properties, environment variables, web identity token file, profile, container, instance profile
 * (aws/aws-sdk-java-v2 core/auth/src/main/java/software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider.java).
 * The role trusts only `pods.eks.amazonaws.com`, so every refresh would start with a refused
 * AssumeRoleWithWebIdentity. Without the annotation only the Pod Identity agent's variables are injected and the
 * chain's container provider is the one that answers.
 */
function withoutIrsaAnnotation(serviceAccount: eks.ServiceAccount, cluster: eks.ICluster) {
  const manifest = serviceAccount.node.children.find((c): c is eks.KubernetesManifest => c instanceof eks.KubernetesManifest);
  const resource = manifest?.node.defaultChild as CfnResource | undefined;
  if (!manifest || !resource) throw new Error('aws-cdk-lib ServiceAccount has no manifest to replace: report this to cdk-trino-eks');
  const labels: { [key: string]: string } = { 'app.kubernetes.io/name': serviceAccount.serviceAccountName };
  // KubernetesManifest labels every object it applies for pruning with this label (aws-eks k8s-manifest.ts)
  if (cluster.prune) labels[`aws.cdk.eks/prune-${manifest.node.addr}`] = '';
  resource.addPropertyOverride(
    'Manifest',
    JSON.stringify([
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: serviceAccount.serviceAccountName, namespace: serviceAccount.serviceAccountNamespace, labels },
      },
    ]),
  );
}

/** `terminationGracePeriodSeconds` of the chart's values.yaml, for both roles. */
const CHART_POD_TERMINATION_GRACE_SECONDS = 30;

/**
 * A pod whose termination grace is longer than its pool's NodePool `terminationGracePeriod`: Karpenter deletes a pod
 * it cannot evict that pod's own grace before the node's grace ends, so the pod would not get its full grace
 * (kubernetes-sigs/karpenter pkg/controllers/node/termination/terminator/terminator.go, DeleteExpiringPods).
 */
function poolGraceProblems(values: { [key: string]: any }, workerPool?: ITrinoNodePool, coordinatorPool?: ITrinoNodePool): string[] {
  const problems: string[] = [];
  const check = (role: 'worker' | 'coordinator', pool: ITrinoNodePool | undefined, prop: string) => {
    const nodeGrace = pool instanceof SpotWorkerPool || pool instanceof CoordinatorPool ? pool.terminationGracePeriod : undefined;
    const podGrace = values[role]?.terminationGracePeriodSeconds ?? CHART_POD_TERMINATION_GRACE_SECONDS;
    if (!nodeGrace || Token.isUnresolved(nodeGrace.toSeconds()) || typeof podGrace !== 'number') return;
    if (podGrace > nodeGrace.toSeconds()) {
      problems.push(
        `The ${role} pods' termination grace (${podGrace} s, chart value \`${role}.terminationGracePeriodSeconds\`) is longer ` +
          `than the \`terminationGracePeriod\` of \`${prop}\` '${pool!.node.path}' (${nodeGrace.toSeconds()} s): Karpenter ` +
          'would delete them before their grace ends when it replaces a node. Raise the pool\'s terminationGracePeriod ' +
          'or shorten the pods\' grace (TrinoKedaScaler shutdownGracePeriod / taskDrainTimeout).',
      );
    }
  };
  check('worker', workerPool, 'workerPool');
  check('coordinator', coordinatorPool, 'coordinatorPool');
  return problems;
}
