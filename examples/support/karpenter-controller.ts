// SPDX-License-Identifier: Apache-2.0
/**
 * Karpenter on a plain `eks.Cluster`, for examples/existing-cluster.ts: the controller's IAM role (IRSA), its
 * interruption queue with the EventBridge rules that feed it, and the Karpenter Helm chart (which installs the
 * NodePool and EC2NodeClass CRDs). Blueprint users get the same from eks-blueprints' `KarpenterV1AddOn`
 * (examples/trino-on-eks.ts).
 *
 * The permissions follow the controller policy of Karpenter's getting-started CloudFormation template: EC2 launch,
 * tag and terminate actions limited to resources tagged for this cluster and a NodePool; instance-profile actions
 * limited to profiles tagged for this cluster and an EC2NodeClass; read-only discovery calls pinned to the region.
 */
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TrinoChecks } from '../../src';

/** Properties of {@link KarpenterController}. */
export interface KarpenterControllerProps {
  /** The cluster Karpenter provisions nodes for. */
  readonly cluster: eks.Cluster;
  /**
   * The cluster's name as a plain string (not a token): IAM condition keys such as
   * `aws:ResourceTag/kubernetes.io/cluster/<name>` contain it, and CloudFormation cannot resolve a key.
   */
  readonly clusterName: string;
  /** Role of the nodes Karpenter launches (the EC2NodeClass `role`); the controller may pass it to EC2. */
  readonly nodeRole: iam.IRole;
  /** Karpenter chart version. */
  readonly version: string;
}

/** EC2 resources Karpenter launches from: chosen at run time by the EC2NodeClass selectors. */
const SHARED_EC2 = ['security-group/*', 'subnet/*', 'capacity-reservation/*', 'placement-group/*'];
/** EC2 resources Karpenter creates for each node. */
const LAUNCHED_EC2 = ['fleet/*', 'instance/*', 'volume/*', 'network-interface/*', 'launch-template/*', 'spot-instances-request/*'];

/** EventBridge events Karpenter handles before EC2 takes a node away. */
const INTERRUPTION_EVENTS: ReadonlyArray<[id: string, source: string, detailType: string]> = [
  ['ScheduledChange', 'aws.health', 'AWS Health Event'],
  ['SpotInterruption', 'aws.ec2', 'EC2 Spot Instance Interruption Warning'],
  ['Rebalance', 'aws.ec2', 'EC2 Instance Rebalance Recommendation'],
  ['InstanceStateChange', 'aws.ec2', 'EC2 Instance State-change Notification'],
  ['CapacityReservationInterruption', 'aws.ec2', 'EC2 Capacity Reservation Instance Interruption Warning'],
];

/** The Karpenter controller on an `eks.Cluster`, with what it needs to launch and retire nodes. */
export class KarpenterController extends Construct {
  /** The Karpenter Helm chart: depend on it before creating NodePools and EC2NodeClasses. */
  public readonly chart: eks.HelmChart;
  /** The queue of interruption events (Spot interruptions, rebalance, scheduled maintenance). */
  public readonly interruptionQueue: sqs.Queue;
  /** The controller's service account (`kube-system/karpenter`) and its IAM role. */
  public readonly serviceAccount: eks.ServiceAccount;

  constructor(scope: Construct, id: string, props: KarpenterControllerProps) {
    super(scope, id);
    const name = props.clusterName;
    if (Stack.of(this).resolve(name) !== name || name.length === 0) {
      throw new Error(`clusterName must be a plain, non-empty string, got: ${JSON.stringify(Stack.of(this).resolve(name))}`);
    }

    this.interruptionQueue = new sqs.Queue(this, 'InterruptionQueue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    for (const [ruleId, source, detailType] of INTERRUPTION_EVENTS) {
      new events.Rule(this, `${ruleId}Rule`, {
        eventPattern: { source: [source], detailType: [detailType] },
        targets: [new targets.SqsQueue(this.interruptionQueue)],
      });
    }

    this.serviceAccount = props.cluster.addServiceAccount('KarpenterServiceAccount', { name: 'karpenter', namespace: 'kube-system' });
    for (const statement of controllerStatements(name, props)) this.serviceAccount.addToPrincipalPolicy(statement);
    this.interruptionQueue.grantConsumeMessages(this.serviceAccount);

    this.chart = props.cluster.addHelmChart('KarpenterChart', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
      version: props.version,
      release: 'karpenter',
      namespace: 'kube-system',
      values: {
        serviceAccount: { create: false, name: this.serviceAccount.serviceAccountName },
        settings: { clusterName: name, interruptionQueue: this.interruptionQueue.queueName },
      },
    });
    this.chart.node.addDependency(this.serviceAccount);
  }

  /**
   * Acknowledges, with reasons, the AwsSolutions findings on the controller's policy and queue: Karpenter creates and
   * retires EC2 resources it cannot name at deploy time, so its policy scopes them with tag conditions instead.
   */
  public acknowledgeAwsSolutionsFindings(): void {
    const policy = this.serviceAccount.role.node.tryFindChild('DefaultPolicy') ?? this.serviceAccount.role;
    const ack = (resource: string, reason: string) => TrinoChecks.acknowledgeRule(policy, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
    for (const r of ['image/*', 'snapshot/*']) {
      ack(`arn:<AWS::Partition>:ec2:<AWS::Region>::${r}`,
        'Karpenter launches nodes from the AMI the EC2NodeClass resolves at run time (and its snapshots).');
    }
    for (const r of SHARED_EC2) {
      ack(`arn:<AWS::Partition>:ec2:<AWS::Region>:*:${r}`,
        'Karpenter launches nodes into the subnets, security groups, reservations and placement groups the EC2NodeClass selects at run time.');
    }
    for (const r of LAUNCHED_EC2) {
      ack(`arn:<AWS::Partition>:ec2:<AWS::Region>:*:${r}`,
        'Karpenter creates these for each node; every action on them requires this cluster\'s kubernetes.io/cluster tag and a karpenter.sh/nodepool tag.');
    }
    ack('arn:<AWS::Partition>:iam::<AWS::AccountId>:instance-profile/*',
      'Karpenter creates the instance profile of each EC2NodeClass; creating, tagging, changing and deleting one requires this cluster\'s tags.');
    ack('*', 'EC2 Describe calls (limited to this region), pricing:GetProducts and iam:ListInstanceProfiles have no resource-level permissions.');
    ack('arn:<AWS::Partition>:ssm:<AWS::Region>::parameter/aws/service/*',
      'Karpenter reads the public AMI parameters under /aws/service to resolve al2023@latest.');
    TrinoChecks.acknowledgeRule(this.interruptionQueue, 'AwsSolutions-SQS3',
      'The interruption queue holds EventBridge notices that are only useful for minutes; a dead-letter queue adds nothing.');
  }
}

function controllerStatements(name: string, props: KarpenterControllerProps): iam.PolicyStatement[] {
  const ec2 = (resource: string, account = '*') => `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${account}:${resource}`;
  const instanceProfiles = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:instance-profile/*`;
  const ownedTag = `kubernetes.io/cluster/${name}`;
  const launched = LAUNCHED_EC2.map((r) => ec2(r));
  const requestTags = { [`aws:RequestTag/${ownedTag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': name };
  const resourceOwned = { [`aws:ResourceTag/${ownedTag}`]: 'owned' };
  const profileRequestTags = { ...requestTags, 'aws:RequestTag/topology.kubernetes.io/region': Aws.REGION };
  const profileOwned = { ...resourceOwned, 'aws:ResourceTag/topology.kubernetes.io/region': Aws.REGION };
  const statement = (sid: string, actions: string[], resources: string[], conditions?: { [op: string]: any }) =>
    new iam.PolicyStatement({ sid, actions, resources, conditions });

  return [
    // launching nodes
    statement('EC2LaunchFromSharedResources', ['ec2:RunInstances', 'ec2:CreateFleet'],
      [ec2('image/*', ''), ec2('snapshot/*', ''), ...SHARED_EC2.map((r) => ec2(r))]),
    statement('EC2LaunchFromOwnLaunchTemplates', ['ec2:RunInstances', 'ec2:CreateFleet'], [ec2('launch-template/*')], {
      StringEquals: resourceOwned,
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    }),
    statement('EC2CreateTaggedForCluster', ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], launched, {
      StringEquals: requestTags,
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    }),
    statement('EC2TagOnCreate', ['ec2:CreateTags'], launched, {
      StringEquals: { ...requestTags, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    }),
    statement('EC2TagOwnInstances', ['ec2:CreateTags'], [ec2('instance/*')], {
      'StringEquals': resourceOwned,
      'StringLike': { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': name },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
    }),
    statement('EC2DeleteOwn', ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], [ec2('instance/*'), ec2('launch-template/*')], {
      StringEquals: resourceOwned,
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    }),
    // instance profiles for the EC2NodeClass role
    statement('PassNodeRole', ['iam:PassRole'], [props.nodeRole.roleArn], {
      StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] },
    }),
    statement('CreateInstanceProfile', ['iam:CreateInstanceProfile'], [instanceProfiles], {
      StringEquals: profileRequestTags,
      StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    statement('TagInstanceProfile', ['iam:TagInstanceProfile'], [instanceProfiles], {
      StringEquals: { ...profileOwned, ...profileRequestTags },
      StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    statement('ManageOwnInstanceProfiles', ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'], [instanceProfiles], {
      StringEquals: profileOwned,
      StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    statement('ReadInstanceProfiles', ['iam:GetInstanceProfile'], [instanceProfiles]),
    // discovery
    statement('DescribeCluster', ['eks:DescribeCluster'], [props.cluster.clusterArn]),
    statement('RegionalEC2Reads', [
      'ec2:DescribeCapacityReservations',
      'ec2:DescribeImages',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceStatus',
      'ec2:DescribeInstanceTypeOfferings',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeLaunchTemplates',
      'ec2:DescribePlacementGroups',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSpotPriceHistory',
      'ec2:DescribeSubnets',
    ], ['*'], { StringEquals: { 'aws:RequestedRegion': Aws.REGION } }),
    statement('PublicAmiParameters', ['ssm:GetParameter'], [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}::parameter/aws/service/*`]),
    statement('Pricing', ['pricing:GetProducts'], ['*']),
    statement('ListInstanceProfiles', ['iam:ListInstanceProfiles'], ['*']),
  ];
}
