// SPDX-License-Identifier: Apache-2.0
/**
 * Trino on an EKS cluster you create or already have: an `eks.Cluster` with a small system node group, Karpenter and
 * KEDA from their Helm charts, and on it:
 * - `TrinoCluster` with the seed's four catalogs (tpch, tpcds, hive and iceberg on AWS Glue + S3),
 * - `SpotWorkerPool` / `CoordinatorPool`: Spot workers and an On-Demand coordinator, one pod per node, one zone,
 * - `TrinoKedaScaler`: workers from 0 to 10 on query demand,
 * - `FaultTolerantExchange`: TASK retries with an S3 exchange, so queries survive losing Spot workers,
 * - secure access (docs/security.md): an internal HTTPS endpoint (an ALB from the AWS Load Balancer Controller, TLS
 *   with an ACM certificate), password authentication from a password file and a group file in AWS Secrets Manager
 *   (read by the pods through the Secrets Store CSI driver), typed access rules, and NetworkPolicies enforced by the
 *   VPC CNI,
 * - `TrinoSmokeTest`: `cdk deploy` runs queries through every part above, as a user of the password file, and fails
 *   (and rolls back) when one fails.
 * The app runs AwsSolutionsChecks and TrinoChecks; every remaining finding is acknowledged below with its reason.
 *
 * CDK context (`-c key=value` or cdk.json), with placeholders so that it synthesizes offline:
 * - `trino:domainName` (default `trino.example.com`) and `trino:certificateArn` (default a placeholder ARN of account
 *   123456789012): the name clients use and its ACM certificate, in the stack's region. Set both to deploy.
 * - `trino:passwordSecretName` (default `trino/password-file`) and `trino:groupSecretName` (default
 *   `trino/group-file`): existing Secrets Manager secrets holding the password file (`htpasswd -B -C 10 -n alice`
 *   lines) and the group file (`admins:alice` lines). Create them before the first deploy; the template holds only
 *   their names, never a password.
 * - `trino:smokeTestSecretName` (default `trino/smoke-test`): an existing Secrets Manager secret with the JSON
 *   `{"username": ..., "password": ...}` of a user of the password file in the `admins` group: the smoke test's user.
 *
 * The stack is environment-agnostic, so it synthesizes without AWS credentials:
 *   bash scripts/synth.sh existing-cluster
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/existing-cluster.ts"
 * To deploy, give the stack an `env` (account and region) and run `cdk deploy` with your credentials. Karpenter comes
 * with its controller role, interruption queue and EventBridge rules (examples/support/karpenter-controller.ts);
 * the cluster has a fixed name (`clusterName`, default `trino-analytics`) because the controller's IAM conditions
 * name it.
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  CoordinatorPool,
  FaultTolerantExchange,
  HiveCatalog,
  IcebergCatalog,
  RetryPolicy,
  SecretsStoreCsiDriver,
  SpotWorkerPool,
  TpcdsCatalog,
  TpchCatalog,
  TrinoAuthentication,
  TrinoChecks,
  TrinoCluster,
  TrinoKedaScaler,
  TrinoNodeClass,
  TrinoSmokeTest,
} from '../src';
import { KarpenterController } from './support/karpenter-controller';
import {
  ALB_CONTROLLER_REASON,
  ALB_CONTROLLER_RESOURCES,
  contextValue,
  SHARED_SECRET_ROTATION_REASON,
  sampleAccessRules,
} from './support/secure-access';

/** Properties of {@link ExistingClusterStack}. */
export interface ExistingClusterStackProps extends StackProps {
  /**
   * Name of the EKS cluster (Karpenter's IAM conditions need it as a plain string).
   * @default 'trino-analytics'
   */
  readonly clusterName?: string;
}

export class ExistingClusterStack extends Stack {
  public readonly trino: TrinoCluster;

  constructor(scope: Construct, id: string, props: ExistingClusterStackProps = {}) {
    super(scope, id, props);
    const clusterName = props.clusterName ?? 'trino-analytics';

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    vpc.addFlowLog('FlowLogs');
    const cluster = new eks.Cluster(this, 'Cluster', {
      clusterName,
      vpc,
      version: eks.KubernetesVersion.V1_35,
      kubectlLayer: new KubectlV35Layer(this, 'Kubectl'),
      defaultCapacity: 2,
      defaultCapacityInstance: new ec2.InstanceType('m7g.large'),
      endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE,
      // the AWS Load Balancer Controller creates the ALB of Trino's HTTPS endpoint from the chart's Ingress
      albController: { version: eks.AlbControllerVersion.V2_17_1 },
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
    });

    // NetworkPolicy enforcement: the VPC CNI as an EKS add-on with its network policy agent on.
    new eks.CfnAddon(this, 'VpcCni', {
      clusterName: cluster.clusterName,
      addonName: 'vpc-cni',
      resolveConflicts: 'OVERWRITE',
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
    // How Trino's pods read their secrets from Secrets Manager with their own IAM identity.
    const secretsStore = new SecretsStoreCsiDriver(this, 'SecretsStore', { cluster });

    // Trino nodes: the EKS worker-node policies, joined to the cluster through aws-auth.
    const nodeRole = new iam.Role(this, 'KarpenterNodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryReadOnly',
        'AmazonSSMManagedInstanceCore',
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    cluster.awsAuth.addRoleMapping(nodeRole, {
      username: 'system:node:{{EC2PrivateDNSName}}',
      groups: ['system:bootstrappers', 'system:nodes'],
    });

    // Operators Trino's capacity and autoscaling need: Karpenter (NodePool/EC2NodeClass CRDs) and KEDA.
    const karpenterController = new KarpenterController(this, 'Karpenter', { cluster, clusterName, nodeRole, version: '1.14.1' });
    karpenterController.acknowledgeAwsSolutionsFindings();
    const karpenter = karpenterController.chart;
    const keda = cluster.addHelmChart('Keda', {
      chart: 'keda',
      repository: 'https://kedacore.github.io/charts',
      version: '2.20.1',
      release: 'keda',
      namespace: 'keda',
      createNamespace: true,
    });

    const nodeClass = new TrinoNodeClass(this, 'NodeClass', { cluster, role: nodeRole, karpenterDependency: karpenter });
    // Both pools default to the zone of the VPC's first private subnet.
    const workerPool = new SpotWorkerPool(this, 'Workers', { cluster, nodeClass, karpenterDependency: karpenter });
    const coordinatorPool = new CoordinatorPool(this, 'Coordinator', { cluster, nodeClass, karpenterDependency: karpenter });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const exchange = new FaultTolerantExchange(this, 'Exchange', {
      retryPolicy: RetryPolicy.TASK,
      longestQueryDuration: Duration.hours(6),
      serverAccessLogsBucket: accessLogs,
    });

    this.trino = new TrinoCluster(this, 'Trino', {
      cluster,
      workerPool,
      coordinatorPool,
      exchange,
      minWorkers: 0,
      maxWorkers: 10,
      dataBucketAccessLogsBucket: accessLogs,
      catalogs: [new TpchCatalog(), new TpcdsCatalog(), new HiveCatalog(), new IcebergCatalog()],
      // Clients reach https://<domainName> through an internal ALB (the VPC and networks connected to it).
      endpoint: {
        domainName: contextValue(this, 'trino:domainName'),
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', contextValue(this, 'trino:certificateArn')),
      },
      // Users and bcrypt hashes, and groups, from Secrets Manager secrets the operator fills (docs/security.md).
      authentication: TrinoAuthentication.password({
        passwordFile: secretsmanager.Secret.fromSecretNameV2(this, 'PasswordFile', contextValue(this, 'trino:passwordSecretName')),
        groupFile: secretsmanager.Secret.fromSecretNameV2(this, 'GroupFile', contextValue(this, 'trino:groupSecretName')),
      }),
      accessControl: sampleAccessRules(),
      // the SecretProviderClass needs the driver's CRD
      secretsStore,
      // KEDA (namespace keda) reads /metrics; the ALB reaches the coordinator from the VPC; nothing else gets in.
      networkPolicy: { enabled: true },
    });
    new TrinoKedaScaler(this, 'Scaler', { trino: this.trino, minWorkers: 0, kedaDependency: keda });
    // Proof on deploy: queries from zero workers, every catalog, Glue + S3 writes, the retry policy (stack outputs),
    // as a user of the password file whose name and password are in Secrets Manager.
    new TrinoSmokeTest(this, 'SmokeTest', {
      trino: this.trino,
      credentials: {
        secret: secretsmanager.Secret.fromSecretNameV2(this, 'SmokeTestUser', contextValue(this, 'trino:smokeTestSecretName')),
      },
    });

    // What you need after `cdk deploy`: the buckets (for the example workloads and the spool) and the coordinator Service.
    new CfnOutput(this, 'TrinoDataBucket', { value: this.trino.dataBucket!.bucketName, description: 'Bucket of the hive and iceberg catalogs' });
    new CfnOutput(this, 'TrinoExchangeBucket', { value: exchange.bucket!.bucketName, description: 'Bucket of the fault-tolerant exchange spool' });
    new CfnOutput(this, 'TrinoNamespace', { value: this.trino.namespace, description: 'Kubernetes namespace of Trino' });
    new CfnOutput(this, 'TrinoService', { value: this.trino.serviceName, description: 'Service of the Trino coordinator, for kubectl port-forward' });

    acknowledgeFindings(this, cluster, nodeRole, accessLogs, this.trino, exchange);
  }
}

/** The AwsSolutions findings this sample accepts, each with its reason. */
function acknowledgeFindings(
  stack: Stack,
  cluster: eks.Cluster,
  nodeRole: iam.Role,
  accessLogs: s3.Bucket,
  trino: TrinoCluster,
  exchange: FaultTolerantExchange,
) {
  const ack = (scope: Construct, id: string, reason: string) => TrinoChecks.acknowledgeRule(scope, id, reason);
  ack(cluster, 'AwsSolutions-EKS1',
    'Sample: the public endpoint lets you `kubectl port-forward` to Trino from your machine; restrict it with ' +
      'endpointAccess PUBLIC_AND_PRIVATE.onlyFrom(<your CIDR>) or use PRIVATE with a VPN in production.');
  for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore']) {
    const id = `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`;
    const reason = `${policy} is the AWS managed policy EKS nodes need to join the cluster, run the VPC CNI and pull images (SSM for node access without SSH).`;
    ack(cluster, id, reason);
    ack(nodeRole, id, reason);
  }
  ack(accessLogs, 'AwsSolutions-S1', 'This bucket is the destination of the S3 server access logs; logging it into itself would loop.');
  for (const resource of ALB_CONTROLLER_RESOURCES) {
    ack(cluster.albController!, `AwsSolutions-IAM5[Resource::${resource}]`, ALB_CONTROLLER_REASON);
  }
  ack(trino.sharedSecret!, 'AwsSolutions-SMG4', SHARED_SECRET_ROTATION_REASON);
  const trinoPolicy = trino.serviceAccount.role.node.tryFindChild('DefaultPolicy') ?? trino.serviceAccount.role;
  for (const id of [
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:database/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/*/*]',
  ]) {
    ack(trinoPolicy, id,
      'The Hive and Iceberg catalogs may create and read any schema of this account\'s Glue Data Catalog in this ' +
        'region; set glueDatabases on a catalog to narrow it to named databases.');
  }
  for (const prefix of ['hive', 'iceberg']) {
    ack(trinoPolicy, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(trino.dataBucket!.node.defaultChild as s3.CfnBucket)}.Arn>/${prefix}/*]`,
      `Trino reads and writes the ${prefix} catalog's tables: objects below its warehouse prefix only.`);
  }
  ack(trinoPolicy, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(exchange.bucket!.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
    'Trino spools exchange data to any key of its own scratch bucket; the bucket holds nothing else.');
}

/**
 * Adds the example's stacks to an app, with AwsSolutionsChecks and TrinoChecks registered; an unacknowledged finding
 * of either fails `app.synth()` (examples/python/app.py is the same app in Python).
 */
export function buildApp(app: App): App {
  new ExistingClusterStack(app, 'TrinoExistingCluster');
  const packs = [new AwsSolutionsChecks(app), new TrinoChecks(app)];
  Validations.of(app).addPlugins(...packs);
  TrinoChecks.failSynthOnFindings(app, packs);
  TrinoChecks.acknowledgeEksPlumbing(app);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
