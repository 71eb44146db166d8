// SPDX-License-Identifier: Apache-2.0
/**
 * The seed's Trino-on-EKS stack as an eks-blueprints blueprint: a VPC, an EKS cluster with a small On-Demand system
 * node group, Karpenter, KEDA, the EKS Pod Identity agent, kube-prometheus-stack, and TrinoAddOn with the hive,
 * iceberg, tpch and tpcds catalogs, fault-tolerant execution on S3, and Spot workers scaling from 0 to 10 in one
 * availability zone. TrinoMonitoring scrapes Trino and ships its Grafana dashboard and alerts (docs/monitoring.md);
 * Karpenter and KEDA expose their own metrics to the same Prometheus.
 * `cdk deploy` ends with TrinoSmokeTest: queries through all of it, failing (and rolling back) the deployment if one fails.
 *
 * Secure access (docs/security.md): an internal HTTPS endpoint (an ALB from AwsLoadBalancerControllerAddOn, TLS with an
 * ACM certificate), password authentication with groups from AWS Secrets Manager (read by the pods through the Secrets
 * Store CSI driver), typed access rules, and NetworkPolicies enforced by the VPC CNI (VpcCniAddOn enableNetworkPolicy).
 * CDK context (`-c key=value`), with placeholders so that it synthesizes offline: `trino:domainName` and
 * `trino:certificateArn` (set both to deploy); `trino:passwordSecretName` (default `trino/password-file`) and
 * `trino:groupSecretName` (default `trino/group-file`): Secrets Manager secrets you create before the first deploy
 * (`htpasswd -B -C 10 -n alice` lines; `admins:alice` lines); `trino:smokeTestSecretName` (default
 * `trino/smoke-test`): a Secrets Manager secret with the JSON `{"username": ..., "password": ...}` of an admin of the
 * password file, the smoke test's user.
 *
 * Environment-agnostic, so it synthesizes without AWS credentials:
 *   bash scripts/synth.sh trino-on-eks
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/trino-on-eks.ts"
 * To deploy, set CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION (or .account()/.region()) and run `cdk deploy`.
 */
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct, IConstruct } from 'constructs';
import {
  FaultTolerantExchange,
  HiveCatalog,
  IcebergCatalog,
  RetryPolicy,
  TpcdsCatalog,
  TpchCatalog,
  TrinoAddOn,
  TrinoAddOnProps,
  TrinoAuthentication,
  TrinoChecks,
  TrinoCluster,
  TrinoSmokeTest,
} from '../src';
import { KUBE_PROMETHEUS_STACK, KubePrometheusStackAddOn, PROMETHEUS_SELECTOR_LABELS, TrinoMonitoringAddOn } from './support/monitoring';
import {
  ALB_CONTROLLER_REASON,
  ALB_CONTROLLER_RESOURCES,
  contextValue,
  sampleAccessRules,
  SecretsStoreCsiDriverAddOn,
  SHARED_SECRET_ROTATION_REASON,
} from './support/secure-access';

export const BLUEPRINT_ID = 'trino-on-eks';

/**
 * TrinoAddOn with the sample's secure access. The ACM certificate and the Secrets Manager secrets are imported by name
 * from CDK context, which needs the blueprint's stack as scope: so they are created when the add-on deploys.
 */
class SecureTrinoAddOn extends TrinoAddOn {
  public deploy(clusterInfo: { cluster: eks.ICluster }): Promise<Construct> {
    const stack = Stack.of(clusterInfo.cluster);
    const props: TrinoAddOnProps = {
      ...this.props,
      // clients reach https://<domainName> through an internal ALB (the VPC and networks connected to it)
      endpoint: {
        domainName: contextValue(stack, 'trino:domainName'),
        certificate: acm.Certificate.fromCertificateArn(stack, 'TrinoCertificate', contextValue(stack, 'trino:certificateArn')),
      },
      // users and bcrypt hashes, and groups, from Secrets Manager secrets the operator fills (docs/security.md)
      authentication: TrinoAuthentication.password({
        passwordFile: secretsmanager.Secret.fromSecretNameV2(stack, 'TrinoPasswordFile', contextValue(stack, 'trino:passwordSecretName')),
        groupFile: secretsmanager.Secret.fromSecretNameV2(stack, 'TrinoGroupFile', contextValue(stack, 'trino:groupSecretName')),
      }),
      accessControl: sampleAccessRules(),
      // KEDA (namespace keda) reads /metrics, Prometheus scrapes the JMX exporter, the ALB reaches the coordinator from
      // the VPC; nothing else gets in, and nothing outside the release reaches a worker
      networkPolicy: { enabled: true, prometheusNamespace: KUBE_PROMETHEUS_STACK.namespace },
    };
    return new TrinoAddOn(props).deploy(clusterInfo);
  }
}

/** The seed's stack as a blueprint builder; `withTrino: false` leaves TrinoAddOn and its monitoring out (the benchmark's baseline). */
export function trinoBlueprint(withTrino = true): blueprints.BlueprintBuilder {
  const addOns: blueprints.ClusterAddOn[] = [
    new blueprints.EksPodIdentityAgentAddOn('v1.3.10-eksbuild.2'),
    // NetworkPolicy enforcement (the VPC CNI's network policy agent), pinned so that synth needs no AWS call
    new blueprints.VpcCniAddOn({ version: 'v1.21.1-eksbuild.1', enableNetworkPolicy: true }),
    // the Prometheus Operator, Prometheus, Grafana and kube-state-metrics; the two charts below render ServiceMonitors
    new KubePrometheusStackAddOn(['KarpenterV1AddOn', 'KedaAddOn']),
    new blueprints.KarpenterV1AddOn({
      interruptionHandling: true,
      podIdentity: true,
      // Karpenter's controller metrics (nodes, disruptions, pod startup) for the dashboard's capacity row
      values: { serviceMonitor: { enabled: true, additionalLabels: PROMETHEUS_SELECTOR_LABELS } },
    }),
    new blueprints.KedaAddOn({
      // the KEDA operator's metrics (trigger values and errors) for the dashboard's autoscaling row
      values: { prometheus: { operator: { enabled: true, serviceMonitor: { enabled: true, additionalLabels: PROMETHEUS_SELECTOR_LABELS } } } },
    }),
  ];
  if (withTrino) {
    addOns.push(
      // the ALB of Trino's HTTPS endpoint, and the secrets mechanism (TrinoAddOn waits for both)
      new blueprints.AwsLoadBalancerControllerAddOn(),
      new SecretsStoreCsiDriverAddOn(),
      new SecureTrinoAddOn({
        catalogs: [new HiveCatalog(), new IcebergCatalog(), new TpchCatalog(), new TpcdsCatalog()],
        minWorkers: 0,
        maxWorkers: 10,
        retryPolicy: RetryPolicy.TASK,
        longestQueryDuration: Duration.hours(6),
      }),
      // TrinoMonitoring on TrinoAddOn's cluster: scraping, the Grafana dashboard and the alerts
      new TrinoMonitoringAddOn(),
    );
  }
  return blueprints.EksBlueprint.builder()
    .version(eks.KubernetesVersion.V1_35)
    .clusterProvider(
      new blueprints.GenericClusterProvider({
        version: eks.KubernetesVersion.V1_35,
        clusterLogging: [
          eks.ClusterLoggingTypes.API,
          eks.ClusterLoggingTypes.AUDIT,
          eks.ClusterLoggingTypes.AUTHENTICATOR,
          eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
          eks.ClusterLoggingTypes.SCHEDULER,
        ],
        managedNodeGroups: [
          {
            // Karpenter, KEDA and CoreDNS run here; Trino gets its own Karpenter nodes.
            id: 'system',
            instanceTypes: [new ec2.InstanceType('m7g.large')],
            amiType: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
            nodeGroupCapacityType: eks.CapacityType.ON_DEMAND,
            minSize: 2,
            maxSize: 3,
            desiredSize: 2,
          },
        ],
      }),
    )
    .addOns(...addOns);
}

/**
 * Fixes what can be fixed on resources eks-blueprints creates (VPC flow logs, KMS key rotation), and acknowledges,
 * with reasons, the AwsSolutions findings that remain on them and on this sample's choices.
 */
export function hardenAndAcknowledge(stack: Stack): void {
  const find = (suffix: string): IConstruct => {
    const c = stack.node.findAll().find((x) => x.node.path === `${stack.node.path}/${suffix}`);
    if (!c) throw new Error(`no construct at ${stack.node.path}/${suffix}`);
    return c;
  };
  (find(`${BLUEPRINT_ID}-vpc`) as ec2.Vpc).addFlowLog('FlowLogs');
  (find(`${BLUEPRINT_ID}-kms-key/Resource`) as kms.CfnKey).enableKeyRotation = true;

  const ack = (path: string, id: string, reason: string) => TrinoChecks.acknowledgeRule(find(path), id, reason);
  ack(BLUEPRINT_ID, 'AwsSolutions-EKS1',
    'Sample: the public endpoint lets you `kubectl port-forward` to Trino from your machine; restrict it to your ' +
      'CIDR or make the cluster private (GenericClusterProvider endpointAccess) in production.');
  const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];
  for (const [path, policies] of [
    [`${BLUEPRINT_ID}/Nodegroupsystem-ng/NodeGroupRole`, nodePolicies],
    [`${BLUEPRINT_ID}/karpenter-node-role`, [...nodePolicies, 'AmazonSSMManagedInstanceCore']],
  ] as const) {
    for (const policy of policies) {
      ack(path, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        `${policy} is the AWS managed policy EKS nodes need to join the cluster, run the VPC CNI and pull images (SSM: node access without SSH).`);
    }
  }
  // cdk-nag writes a resolved region or account into the finding id (`cdk deploy` sets CDK_DEFAULT_REGION/ACCOUNT),
  // an unresolved one as `<AWS::Region>` / `<AWS::AccountId>` (an offline synth)
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const karpenterNodeLifecycle = [
    `arn:<AWS::Partition>:ec2:${region}::image/*`,
    `arn:<AWS::Partition>:ec2:${region}::snapshot/*`,
    ...['spot-instances-request', 'security-group', 'subnet', 'launch-template', 'fleet', 'instance', 'volume', 'network-interface']
      .map((r) => `arn:<AWS::Partition>:ec2:${region}:*:${r}/*`),
  ];
  for (const resource of karpenterNodeLifecycle) {
    ack(`${BLUEPRINT_ID}/blueprints-addon-karpenter-node-lifecycle-policy`, `AwsSolutions-IAM5[Resource::${resource}]`,
      'Karpenter launches and terminates nodes it cannot name in advance; KarpenterV1AddOn scopes these EC2 actions with tag conditions.');
  }
  for (const policy of ['iam-integration', 'resource-discovery', 'zonal-shift']) {
    ack(`${BLUEPRINT_ID}/blueprints-addon-karpenter-${policy}-policy`, 'AwsSolutions-IAM5[Resource::*]',
      `Karpenter's ${policy} actions (describe/list and instance-profile management) do not support resource-level permissions.`);
  }
  ack(`${BLUEPRINT_ID}/blueprints-addon-karpenter-resource-discovery-policy`,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:${region}::parameter/aws/service/*]`,
    'Karpenter reads the public AMI parameters under /aws/service to resolve al2023@latest.');
  ack('karpenter-queue', 'AwsSolutions-SQS3',
    'Karpenter\'s interruption queue holds EventBridge notices that are only useful for minutes; a dead-letter queue adds nothing.');
  ack('karpenter-queue', 'AwsSolutions-SQS4',
    'Only EventBridge (a service principal) sends to Karpenter\'s interruption queue and only the Karpenter controller reads it, both over TLS.');
  for (const resource of ALB_CONTROLLER_RESOURCES) {
    ack(`${BLUEPRINT_ID}/aws-load-balancer-controller/Role/DefaultPolicy`, `AwsSolutions-IAM5[Resource::${resource}]`, ALB_CONTROLLER_REASON);
  }
  ack('TrinoAddOn/Trino/InternalSharedSecret', 'AwsSolutions-SMG4', SHARED_SECRET_ROTATION_REASON);
  ack('TrinoAddOn/Trino/DataBucket', 'AwsSolutions-S1',
    'Sample: no access-log bucket; set dataBucketAccessLogsBucket on TrinoAddOn in production.');
  ack('TrinoAddOn/Exchange/Bucket', 'AwsSolutions-S1',
    'The exchange bucket only holds Trino spool data that expires after a day; access logs would cost more than the data.');
  const trinoPolicy = 'TrinoAddOn/Trino/ServiceAccount/Role/DefaultPolicy';
  for (const id of ['database/*', 'table/*/*']) {
    ack(trinoPolicy, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:${region}:${account}:${id}]`,
      'The Hive and Iceberg catalogs may create and read any schema of this account\'s Glue Data Catalog in this region; set glueDatabases on a catalog to narrow it.');
  }
  const logicalId = (path: string) => stack.getLogicalId(find(`${path}/Resource`) as s3.CfnBucket);
  for (const prefix of ['hive', 'iceberg']) {
    ack(trinoPolicy, `AwsSolutions-IAM5[Resource::<${logicalId('TrinoAddOn/Trino/DataBucket')}.Arn>/${prefix}/*]`,
      `Trino reads and writes the ${prefix} catalog's tables: objects below its warehouse prefix only.`);
  }
  ack(trinoPolicy, `AwsSolutions-IAM5[Resource::<${logicalId('TrinoAddOn/Exchange/Bucket')}.Arn>/*]`,
    'Trino spools exchange data to any key of its own scratch bucket; the bucket holds nothing else.');
}

/** Stack outputs for what you need after `cdk deploy`: the buckets (example workloads, spool) and the coordinator Service. */
export function addTrinoOutputs(stack: Stack): void {
  const trino = stack.node.findAll().find((c): c is TrinoCluster => c instanceof TrinoCluster);
  const exchange = stack.node.findAll().find((c): c is FaultTolerantExchange => c instanceof FaultTolerantExchange);
  if (!trino?.dataBucket || !exchange?.bucket) throw new Error(`${stack.node.path} has no TrinoAddOn with a data and an exchange bucket`);
  new CfnOutput(stack, 'TrinoDataBucket', { value: trino.dataBucket.bucketName, description: 'Bucket of the hive and iceberg catalogs' });
  new CfnOutput(stack, 'TrinoExchangeBucket', { value: exchange.bucket.bucketName, description: 'Bucket of the fault-tolerant exchange spool' });
  new CfnOutput(stack, 'TrinoNamespace', { value: trino.namespace, description: 'Kubernetes namespace of Trino' });
  new CfnOutput(stack, 'TrinoService', { value: trino.serviceName, description: 'Service of the Trino coordinator, for kubectl port-forward' });
}

/**
 * The deploy-time smoke test of the blueprint's Trino (outputs its result and the cold-start time). With authentication
 * it runs as the user whose name and password are in the Secrets Manager secret of the context key
 * `trino:smokeTestSecretName`.
 */
export function addSmokeTest(stack: Stack): TrinoSmokeTest {
  const trino = stack.node.findAll().find((c): c is TrinoCluster => c instanceof TrinoCluster);
  if (!trino) throw new Error(`${stack.node.path} has no TrinoAddOn`);
  if (!trino.sharedSecret) return new TrinoSmokeTest(stack, 'TrinoSmokeTest', { trino });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'TrinoSmokeTestUser', contextValue(stack, 'trino:smokeTestSecretName'));
  return new TrinoSmokeTest(stack, 'TrinoSmokeTest', { trino, credentials: { secret } });
}

/** Adds the example's stacks to an app (resolves once every add-on is deployed), with both rule packs registered. */
export async function buildApp(app: App): Promise<App> {
  const stack: Stack = await trinoBlueprint().buildAsync(app, BLUEPRINT_ID);
  hardenAndAcknowledge(stack);
  addTrinoOutputs(stack);
  addSmokeTest(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new TrinoChecks(app));
  TrinoChecks.acknowledgeEksPlumbing(app);
  return app;
}

if (require.main === module) {
  void buildApp(new App()).then((app) => app.synth());
}
