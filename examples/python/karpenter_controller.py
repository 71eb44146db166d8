# SPDX-License-Identifier: Apache-2.0
"""Karpenter on a plain ``eks.Cluster``, for examples/python/app.py.

The Python twin of examples/support/karpenter-controller.ts (a TypeScript sample file, not part of the library, so
a Python app cannot import it): the controller's IAM role (IRSA), its interruption queue with the EventBridge rules
that feed it, and the Karpenter Helm chart (which installs the NodePool and EC2NodeClass CRDs). It builds the same
resources with the same construct ids, so the two samples synthesize the same template
(test/examples/python.test.ts compares them resource by resource).

The permissions follow the controller policy of Karpenter's getting-started CloudFormation template: EC2 launch,
tag and terminate actions limited to resources tagged for this cluster and a NodePool; instance-profile actions
limited to profiles tagged for this cluster and an EC2NodeClass; read-only discovery calls pinned to the region.
"""
import json

from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_eks as eks
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from cdk_trino_eks import TrinoChecks

# EC2 resources Karpenter launches from: chosen at run time by the EC2NodeClass selectors.
SHARED_EC2 = ["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"]
# EC2 resources Karpenter creates for each node.
LAUNCHED_EC2 = [
    "fleet/*",
    "instance/*",
    "volume/*",
    "network-interface/*",
    "launch-template/*",
    "spot-instances-request/*",
]

# EventBridge events Karpenter handles before EC2 takes a node away: (construct id, source, detail type).
INTERRUPTION_EVENTS = [
    ("ScheduledChange", "aws.health", "AWS Health Event"),
    ("SpotInterruption", "aws.ec2", "EC2 Spot Instance Interruption Warning"),
    ("Rebalance", "aws.ec2", "EC2 Instance Rebalance Recommendation"),
    ("InstanceStateChange", "aws.ec2", "EC2 Instance State-change Notification"),
    ("CapacityReservationInterruption", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
]


class KarpenterController(Construct):
    """The Karpenter controller on an ``eks.Cluster``, with what it needs to launch and retire nodes.

    :param cluster: the cluster Karpenter provisions nodes for
    :param cluster_name: the cluster's name as a plain string (not a token): IAM condition keys such as
        ``aws:ResourceTag/kubernetes.io/cluster/<name>`` contain it, and CloudFormation cannot resolve a key
    :param node_role: role of the nodes Karpenter launches (the EC2NodeClass ``role``); the controller may pass it to EC2
    :param version: Karpenter chart version

    Attributes: ``chart`` (the Karpenter Helm chart: depend on it before creating NodePools and EC2NodeClasses),
    ``interruption_queue`` and ``service_account`` (``kube-system/karpenter`` and its IAM role).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        cluster_name: str,
        node_role: iam.IRole,
        version: str,
    ) -> None:
        super().__init__(scope, id)
        resolved = Stack.of(self).resolve(cluster_name)
        if resolved != cluster_name or len(cluster_name) == 0:
            raise ValueError(f"cluster_name must be a plain, non-empty string, got: {json.dumps(resolved)}")

        self.interruption_queue = sqs.Queue(
            self,
            "InterruptionQueue",
            retention_period=Duration.minutes(5),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
        )
        for rule_id, source, detail_type in INTERRUPTION_EVENTS:
            events.Rule(
                self,
                f"{rule_id}Rule",
                event_pattern=events.EventPattern(source=[source], detail_type=[detail_type]),
                targets=[targets.SqsQueue(self.interruption_queue)],
            )

        self.service_account = cluster.add_service_account(
            "KarpenterServiceAccount", name="karpenter", namespace="kube-system"
        )
        for statement in _controller_statements(cluster_name, cluster, node_role):
            self.service_account.add_to_principal_policy(statement)
        self.interruption_queue.grant_consume_messages(self.service_account)

        self.chart = cluster.add_helm_chart(
            "KarpenterChart",
            chart="karpenter",
            repository="oci://public.ecr.aws/karpenter/karpenter",
            version=version,
            release="karpenter",
            namespace="kube-system",
            values={
                "serviceAccount": {"create": False, "name": self.service_account.service_account_name},
                "settings": {"clusterName": cluster_name, "interruptionQueue": self.interruption_queue.queue_name},
            },
        )
        self.chart.node.add_dependency(self.service_account)

    def acknowledge_aws_solutions_findings(self) -> None:
        """Acknowledges, with reasons, the AwsSolutions findings on the controller's policy and queue.

        Karpenter creates and retires EC2 resources it cannot name at deploy time, so its policy scopes them with tag
        conditions instead.
        """
        role = self.service_account.role
        policy = role.node.try_find_child("DefaultPolicy") or role

        def ack(resource: str, reason: str) -> None:
            TrinoChecks.acknowledge_rule(policy, f"AwsSolutions-IAM5[Resource::{resource}]", reason)

        for r in ["image/*", "snapshot/*"]:
            ack(
                f"arn:<AWS::Partition>:ec2:<AWS::Region>::{r}",
                "Karpenter launches nodes from the AMI the EC2NodeClass resolves at run time (and its snapshots).",
            )
        for r in SHARED_EC2:
            ack(
                f"arn:<AWS::Partition>:ec2:<AWS::Region>:*:{r}",
                "Karpenter launches nodes into the subnets, security groups, reservations and placement groups the "
                "EC2NodeClass selects at run time.",
            )
        for r in LAUNCHED_EC2:
            ack(
                f"arn:<AWS::Partition>:ec2:<AWS::Region>:*:{r}",
                "Karpenter creates these for each node; every action on them requires this cluster's "
                "kubernetes.io/cluster tag and a karpenter.sh/nodepool tag.",
            )
        ack(
            "arn:<AWS::Partition>:iam::<AWS::AccountId>:instance-profile/*",
            "Karpenter creates the instance profile of each EC2NodeClass; creating, tagging, changing and deleting one "
            "requires this cluster's tags.",
        )
        ack(
            "*",
            "EC2 Describe calls (limited to this region), pricing:GetProducts and iam:ListInstanceProfiles have no "
            "resource-level permissions.",
        )
        ack(
            "arn:<AWS::Partition>:ssm:<AWS::Region>::parameter/aws/service/*",
            "Karpenter reads the public AMI parameters under /aws/service to resolve al2023@latest.",
        )
        TrinoChecks.acknowledge_rule(
            self.interruption_queue,
            "AwsSolutions-SQS3",
            "The interruption queue holds EventBridge notices that are only useful for minutes; a dead-letter queue "
            "adds nothing.",
        )


def _controller_statements(name: str, cluster: eks.Cluster, node_role: iam.IRole) -> list:
    def ec2(resource: str, account: str = "*") -> str:
        return f"arn:{Aws.PARTITION}:ec2:{Aws.REGION}:{account}:{resource}"

    instance_profiles = f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:instance-profile/*"
    owned_tag = f"kubernetes.io/cluster/{name}"
    launched = [ec2(r) for r in LAUNCHED_EC2]
    request_tags = {f"aws:RequestTag/{owned_tag}": "owned", "aws:RequestTag/eks:eks-cluster-name": name}
    resource_owned = {f"aws:ResourceTag/{owned_tag}": "owned"}
    profile_request_tags = {**request_tags, "aws:RequestTag/topology.kubernetes.io/region": Aws.REGION}
    profile_owned = {**resource_owned, "aws:ResourceTag/topology.kubernetes.io/region": Aws.REGION}

    def statement(sid: str, actions: list, resources: list, conditions: dict = None) -> iam.PolicyStatement:
        return iam.PolicyStatement(sid=sid, actions=actions, resources=resources, conditions=conditions)

    return [
        # launching nodes
        statement(
            "EC2LaunchFromSharedResources",
            ["ec2:RunInstances", "ec2:CreateFleet"],
            [ec2("image/*", ""), ec2("snapshot/*", ""), *[ec2(r) for r in SHARED_EC2]],
        ),
        statement(
            "EC2LaunchFromOwnLaunchTemplates",
            ["ec2:RunInstances", "ec2:CreateFleet"],
            [ec2("launch-template/*")],
            {"StringEquals": resource_owned, "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"}},
        ),
        statement(
            "EC2CreateTaggedForCluster",
            ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            launched,
            {"StringEquals": request_tags, "StringLike": {"aws:RequestTag/karpenter.sh/nodepool": "*"}},
        ),
        statement(
            "EC2TagOnCreate",
            ["ec2:CreateTags"],
            launched,
            {
                "StringEquals": {
                    **request_tags,
                    "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                },
                "StringLike": {"aws:RequestTag/karpenter.sh/nodepool": "*"},
            },
        ),
        statement(
            "EC2TagOwnInstances",
            ["ec2:CreateTags"],
            [ec2("instance/*")],
            {
                "StringEquals": resource_owned,
                "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"},
                "StringEqualsIfExists": {"aws:RequestTag/eks:eks-cluster-name": name},
                "ForAllValues:StringEquals": {"aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]},
            },
        ),
        statement(
            "EC2DeleteOwn",
            ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            [ec2("instance/*"), ec2("launch-template/*")],
            {"StringEquals": resource_owned, "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"}},
        ),
        # instance profiles for the EC2NodeClass role
        statement(
            "PassNodeRole",
            ["iam:PassRole"],
            [node_role.role_arn],
            {"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]}},
        ),
        statement(
            "CreateInstanceProfile",
            ["iam:CreateInstanceProfile"],
            [instance_profiles],
            {
                "StringEquals": profile_request_tags,
                "StringLike": {"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"},
            },
        ),
        statement(
            "TagInstanceProfile",
            ["iam:TagInstanceProfile"],
            [instance_profiles],
            {
                "StringEquals": {**profile_owned, **profile_request_tags},
                "StringLike": {
                    "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                },
            },
        ),
        statement(
            "ManageOwnInstanceProfiles",
            ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            [instance_profiles],
            {
                "StringEquals": profile_owned,
                "StringLike": {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*"},
            },
        ),
        statement("ReadInstanceProfiles", ["iam:GetInstanceProfile"], [instance_profiles]),
        # discovery
        statement("DescribeCluster", ["eks:DescribeCluster"], [cluster.cluster_arn]),
        statement(
            "RegionalEC2Reads",
            [
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribePlacementGroups",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
            ],
            ["*"],
            {"StringEquals": {"aws:RequestedRegion": Aws.REGION}},
        ),
        statement(
            "PublicAmiParameters",
            ["ssm:GetParameter"],
            [f"arn:{Aws.PARTITION}:ssm:{Aws.REGION}::parameter/aws/service/*"],
        ),
        statement("Pricing", ["pricing:GetProducts"], ["*"]),
        statement("ListInstanceProfiles", ["iam:ListInstanceProfiles"], ["*"]),
    ]
