# SPDX-License-Identifier: Apache-2.0
"""Trino on an EKS cluster you create or already have, in Python: the same app as examples/existing-cluster.ts.

An ``eks.Cluster`` with a small system node group, Karpenter (karpenter_controller.py) and KEDA from their Helm
charts, and on it TrinoCluster with the seed's four catalogs, Spot workers and an On-Demand coordinator on Karpenter
in one zone, KEDA scaling workers from 0 to 10, and fault-tolerant execution on S3. The app runs AwsSolutionsChecks
and TrinoChecks; every remaining finding is acknowledged below with its reason, and an unacknowledged one fails the
synth (``TrinoChecks.fail_synth_on_findings``): ``python app.py`` then exits non-zero.

CI runs this file through the jsii Python runtime and checks that it synthesizes the same templates as the
TypeScript sample, resource by resource (test/examples/python.test.ts). From the repository root, with no AWS
credentials:

    bash scripts/synth.sh --python
    cdk synth --app "python3 examples/python/app.py"      (with cdk-trino-eks installed from PyPI)

The stack is environment-agnostic; to deploy, give it an ``env`` (account and region) and run ``cdk deploy``.
Secure access (docs/security.md) reads the same CDK context keys as the TypeScript sample, with the same placeholders:
``trino:domainName``, ``trino:certificateArn``, ``trino:passwordSecretName``, ``trino:groupSecretName`` and
``trino:smokeTestSecretName``.
"""
import json

from aws_cdk import App, CfnOutput, Duration, Stack, Validations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.lambda_layer_kubectl_v35 import KubectlV35Layer
from cdk_nag import AwsSolutionsChecks
from constructs import Construct

from cdk_trino_eks import (
    AccessControlRules,
    CatalogAccess,
    CatalogAccessRule,
    CoordinatorPool,
    FaultTolerantExchange,
    HiveCatalog,
    IcebergCatalog,
    RetryPolicy,
    SchemaAccessRule,
    SecretsStoreCsiDriver,
    SpotWorkerPool,
    SystemInformationAccess,
    SystemInformationAccessRule,
    TableAccessRule,
    TablePrivilege,
    TpcdsCatalog,
    TpchCatalog,
    TrinoAuthentication,
    TrinoChecks,
    TrinoCluster,
    TrinoEndpointOptions,
    TrinoKedaScaler,
    TrinoNetworkPolicyOptions,
    TrinoNodeClass,
    TrinoSmokeTest,
    TrinoSmokeTestCredentials,
)
from karpenter_controller import KarpenterController

NODE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
]


# Placeholders of the CDK context keys, so that the sample synthesizes offline; set the keys to deploy.
CONTEXT_DEFAULTS = {
    "trino:domainName": "trino.example.com",
    "trino:certificateArn": "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    "trino:passwordSecretName": "trino/password-file",
    "trino:groupSecretName": "trino/group-file",
    "trino:smokeTestSecretName": "trino/smoke-test",
}

ALB_CONTROLLER_RESOURCES = ["*", "arn:<AWS::Partition>:ec2:*:*:security-group/*"] + [
    f"arn:<AWS::Partition>:elasticloadbalancing:*:*:{r}"
    for r in [
        "targetgroup/*/*",
        "loadbalancer/net/*/*",
        "loadbalancer/app/*/*",
        "listener/net/*/*/*",
        "listener/app/*/*/*",
        "listener-rule/net/*/*/*",
        "listener-rule/app/*/*/*",
    ]
]
ALB_CONTROLLER_REASON = (
    "The AWS Load Balancer Controller's published IAM policy: it creates and manages load balancers, listeners, target "
    "groups and security groups whose names it cannot know in advance (describe actions have no resource-level "
    "permissions); its write actions are limited by the elbv2.k8s.aws/cluster tag conditions."
)
SHARED_SECRET_ROTATION_REASON = (
    "The internal shared secret signs Trino's internal requests; every pod must switch to a new value together, so a "
    "Secrets Manager rotation under running pods would split the cluster. Rotate it by hand: put-secret-value, then "
    "restart both Deployments (docs/security.md)."
)


def context_value(scope: Construct, key: str) -> str:
    """A CDK context value of the sample, or its placeholder."""
    value = scope.node.try_get_context(key)
    return str(value if value is not None else CONTEXT_DEFAULTS[key])


def sample_access_rules() -> AccessControlRules:
    """``admins`` use every catalog and own every schema; ``analysts`` read the hive and iceberg tables and see
    nothing else; everyone else is denied. The user ``admin`` may read system information (these rules match users only)."""
    return AccessControlRules(
        catalogs=[
            CatalogAccessRule(group="admins", allow=CatalogAccess.ALL),
            CatalogAccessRule(group="analysts", catalog="hive|iceberg", allow=CatalogAccess.READ_ONLY),
            CatalogAccessRule(allow=CatalogAccess.NONE),
        ],
        schemas=[SchemaAccessRule(group="admins", owner=True)],
        tables=[
            TableAccessRule(
                group="admins",
                privileges=[
                    TablePrivilege.SELECT,
                    TablePrivilege.INSERT,
                    TablePrivilege.DELETE,
                    TablePrivilege.UPDATE,
                    TablePrivilege.OWNERSHIP,
                ],
            ),
            TableAccessRule(group="analysts", catalog="hive|iceberg", privileges=[TablePrivilege.SELECT]),
        ],
        system_information=[SystemInformationAccessRule(user="admin", allow=[SystemInformationAccess.READ])],
    )


class ExistingClusterStack(Stack):
    """The sample stack. ``cluster_name`` (default ``trino-analytics``) must be a plain string: Karpenter's IAM
    conditions name it."""

    def __init__(self, scope: Construct, id: str, *, cluster_name: str = "trino-analytics", **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        vpc.add_flow_log("FlowLogs")
        cluster = eks.Cluster(
            self,
            "Cluster",
            cluster_name=cluster_name,
            vpc=vpc,
            version=eks.KubernetesVersion.V1_35,
            kubectl_layer=KubectlV35Layer(self, "Kubectl"),
            default_capacity=2,
            default_capacity_instance=ec2.InstanceType("m7g.large"),
            endpoint_access=eks.EndpointAccess.PUBLIC_AND_PRIVATE,
            # the AWS Load Balancer Controller creates the ALB of Trino's HTTPS endpoint from the chart's Ingress
            alb_controller=eks.AlbControllerOptions(version=eks.AlbControllerVersion.V2_17_1),
            cluster_logging=[
                eks.ClusterLoggingTypes.API,
                eks.ClusterLoggingTypes.AUDIT,
                eks.ClusterLoggingTypes.AUTHENTICATOR,
                eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
                eks.ClusterLoggingTypes.SCHEDULER,
            ],
        )

        # NetworkPolicy enforcement: the VPC CNI as an EKS add-on with its network policy agent on.
        eks.CfnAddon(
            self,
            "VpcCni",
            cluster_name=cluster.cluster_name,
            addon_name="vpc-cni",
            resolve_conflicts="OVERWRITE",
            configuration_values=json.dumps({"enableNetworkPolicy": "true"}, separators=(",", ":")),
        )
        # How Trino's pods read their secrets from Secrets Manager with their own IAM identity.
        secrets_store = SecretsStoreCsiDriver(self, "SecretsStore", cluster=cluster)

        # Trino nodes: the EKS worker-node policies, joined to the cluster through aws-auth.
        node_role = iam.Role(
            self,
            "KarpenterNodeRole",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(name) for name in NODE_POLICIES],
        )
        cluster.aws_auth.add_role_mapping(
            node_role,
            username="system:node:{{EC2PrivateDNSName}}",
            groups=["system:bootstrappers", "system:nodes"],
        )

        # Operators Trino's capacity and autoscaling need: Karpenter (NodePool/EC2NodeClass CRDs) and KEDA.
        karpenter_controller = KarpenterController(
            self, "Karpenter", cluster=cluster, cluster_name=cluster_name, node_role=node_role, version="1.14.1"
        )
        karpenter_controller.acknowledge_aws_solutions_findings()
        karpenter = karpenter_controller.chart
        keda = cluster.add_helm_chart(
            "Keda",
            chart="keda",
            repository="https://kedacore.github.io/charts",
            version="2.20.1",
            release="keda",
            namespace="keda",
            create_namespace=True,
        )

        # [docs:trino]
        # Karpenter capacity: Spot workers and an On-Demand coordinator, one pod per node, in the zone of the VPC's
        # first private subnet.
        node_class = TrinoNodeClass(self, "NodeClass", cluster=cluster, role=node_role, karpenter_dependency=karpenter)
        worker_pool = SpotWorkerPool(self, "Workers", cluster=cluster, node_class=node_class, karpenter_dependency=karpenter)
        coordinator_pool = CoordinatorPool(
            self, "Coordinator", cluster=cluster, node_class=node_class, karpenter_dependency=karpenter
        )

        access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        )
        # Queries survive losing Spot workers: TASK retries spooling to an S3 exchange.
        exchange = FaultTolerantExchange(
            self,
            "Exchange",
            retry_policy=RetryPolicy.TASK,
            longest_query_duration=Duration.hours(6),
            server_access_logs_bucket=access_logs,
        )

        self.trino = TrinoCluster(
            self,
            "Trino",
            cluster=cluster,
            worker_pool=worker_pool,
            coordinator_pool=coordinator_pool,
            exchange=exchange,
            min_workers=0,
            max_workers=10,
            data_bucket_access_logs_bucket=access_logs,
            catalogs=[TpchCatalog(), TpcdsCatalog(), HiveCatalog(), IcebergCatalog()],
            # Clients reach https://<domainName> through an internal ALB (the VPC and networks connected to it).
            endpoint=TrinoEndpointOptions(
                domain_name=context_value(self, "trino:domainName"),
                certificate=acm.Certificate.from_certificate_arn(
                    self, "Certificate", context_value(self, "trino:certificateArn")
                ),
            ),
            # Users and bcrypt hashes, and groups, from Secrets Manager secrets the operator fills (docs/security.md).
            authentication=TrinoAuthentication.password(
                password_file=secretsmanager.Secret.from_secret_name_v2(
                    self, "PasswordFile", context_value(self, "trino:passwordSecretName")
                ),
                group_file=secretsmanager.Secret.from_secret_name_v2(
                    self, "GroupFile", context_value(self, "trino:groupSecretName")
                ),
            ),
            access_control=sample_access_rules(),
            # the SecretProviderClass needs the driver's CRD
            secrets_store=secrets_store,
            # KEDA (namespace keda) reads /metrics; the ALB reaches the coordinator from the VPC; nothing else gets in.
            network_policy=TrinoNetworkPolicyOptions(enabled=True),
        )
        # KEDA: 0 to 10 workers on queued and running queries, graceful scale-down.
        TrinoKedaScaler(self, "Scaler", trino=self.trino, min_workers=0, keda_dependency=keda)
        # [/docs:trino]
        # Proof on deploy: queries from zero workers, every catalog, Glue + S3 writes, the retry policy (stack outputs),
        # as a user of the password file whose name and password are in Secrets Manager.
        TrinoSmokeTest(
            self,
            "SmokeTest",
            trino=self.trino,
            credentials=TrinoSmokeTestCredentials(
                secret=secretsmanager.Secret.from_secret_name_v2(
                    self, "SmokeTestUser", context_value(self, "trino:smokeTestSecretName")
                ),
            ),
        )

        # What you need after `cdk deploy`: the buckets (for the example workloads and the spool) and the
        # coordinator Service.
        CfnOutput(
            self,
            "TrinoDataBucket",
            value=self.trino.data_bucket.bucket_name,
            description="Bucket of the hive and iceberg catalogs",
        )
        CfnOutput(
            self,
            "TrinoExchangeBucket",
            value=exchange.bucket.bucket_name,
            description="Bucket of the fault-tolerant exchange spool",
        )
        CfnOutput(self, "TrinoNamespace", value=self.trino.namespace, description="Kubernetes namespace of Trino")
        CfnOutput(
            self,
            "TrinoService",
            value=self.trino.service_name,
            description="Service of the Trino coordinator, for kubectl port-forward",
        )

        acknowledge_findings(self, cluster, node_role, access_logs, self.trino, exchange)


def acknowledge_findings(
    stack: Stack,
    cluster: eks.Cluster,
    node_role: iam.Role,
    access_logs: s3.Bucket,
    trino: TrinoCluster,
    exchange: FaultTolerantExchange,
) -> None:
    """The AwsSolutions findings this sample accepts, each with its reason."""
    ack = TrinoChecks.acknowledge_rule
    ack(
        cluster,
        "AwsSolutions-EKS1",
        "Sample: the public endpoint lets you `kubectl port-forward` to Trino from your machine; restrict it with "
        "endpointAccess PUBLIC_AND_PRIVATE.onlyFrom(<your CIDR>) or use PRIVATE with a VPN in production.",
    )
    for policy in NODE_POLICIES:
        finding = f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{policy}]"
        reason = (
            f"{policy} is the AWS managed policy EKS nodes need to join the cluster, run the VPC CNI and pull images "
            "(SSM for node access without SSH)."
        )
        ack(cluster, finding, reason)
        ack(node_role, finding, reason)
    ack(
        access_logs,
        "AwsSolutions-S1",
        "This bucket is the destination of the S3 server access logs; logging it into itself would loop.",
    )
    for resource in ALB_CONTROLLER_RESOURCES:
        ack(cluster.alb_controller, f"AwsSolutions-IAM5[Resource::{resource}]", ALB_CONTROLLER_REASON)
    ack(trino.shared_secret, "AwsSolutions-SMG4", SHARED_SECRET_ROTATION_REASON)
    role = trino.service_account.role
    trino_policy = role.node.try_find_child("DefaultPolicy") or role
    for finding in [
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:database/*]",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/*/*]",
    ]:
        ack(
            trino_policy,
            finding,
            "The Hive and Iceberg catalogs may create and read any schema of this account's Glue Data Catalog in this "
            "region; set glueDatabases on a catalog to narrow it to named databases.",
        )
    data_bucket = stack.get_logical_id(trino.data_bucket.node.default_child)
    for prefix in ["hive", "iceberg"]:
        ack(
            trino_policy,
            f"AwsSolutions-IAM5[Resource::<{data_bucket}.Arn>/{prefix}/*]",
            f"Trino reads and writes the {prefix} catalog's tables: objects below its warehouse prefix only.",
        )
    exchange_bucket = stack.get_logical_id(exchange.bucket.node.default_child)
    ack(
        trino_policy,
        f"AwsSolutions-IAM5[Resource::<{exchange_bucket}.Arn>/*]",
        "Trino spools exchange data to any key of its own scratch bucket; the bucket holds nothing else.",
    )


def build_app(app: App) -> App:
    """Adds the example's stack to an app, with AwsSolutionsChecks and TrinoChecks; a finding fails the synth."""
    ExistingClusterStack(app, "TrinoExistingCluster")
    # [docs:checks]
    packs = [AwsSolutionsChecks(app), TrinoChecks(app)]
    Validations.of(app).add_plugins(*packs)
    # Without this, a finding only sets the exit code of the jsii kernel's Node process: `python app.py` exits 0.
    TrinoChecks.fail_synth_on_findings(app, packs)
    # AwsSolutions findings on aws-cdk-lib's own EKS plumbing, acknowledged with reasons.
    TrinoChecks.acknowledge_eks_plumbing(app)
    # [/docs:checks]
    return app


if __name__ == "__main__":
    build_app(App()).synth()
