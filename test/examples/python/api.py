# SPDX-License-Identifier: Apache-2.0
"""The library's API as a Python user calls it, for test/examples/python.test.ts and docs/languages.md.

Each case runs a call the way the type hints and docs/languages.md show it and records what happened: the value it
returned, or the exception's class, module and message. The test reads the JSON printed on the last line of stdout.
The ``# [docs:...]`` regions are copied into docs/languages.md by scripts/docs/languages.ts.
"""
import json
import sys

import jsii
from aws_cdk import App, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from cdk_trino_eks import (
    IBlueprintClusterInfo,
    InstanceSpec,
    ResourceGroup,
    ResourceGroups,
    ResourceGroupSelector,
    TrinoAddOn,
    TrinoCluster,
    TrinoSizing,
)

results = {}


def case(name, run):
    """Runs one case: {"value": ...} or {"error": {"type", "module", "message", "cause"}}."""
    try:
        results[name] = {"value": run()}
    except Exception as e:  # noqa: BLE001 - every outcome is recorded for the test
        cause = e.__cause__
        results[name] = {
            "error": {
                "type": type(e).__name__,
                "module": type(e).__module__,
                "message": str(e),
                "cause": f"{type(cause).__module__}.{type(cause).__name__}" if cause else None,
                "cause_text": str(cause) if cause else None,
            }
        }


def fresh(name: str):
    """A new app with a stack and an imported cluster (as test/util.ts importCluster builds it, so that the test can
    build the same in TypeScript), so that a failed case leaves nothing behind for the next."""
    stack = Stack(App(), name)
    cluster = eks.Cluster.from_cluster_attributes(
        stack,
        "Cluster",
        cluster_name="analytics",
        kubectl_role_arn="arn:aws:iam::123456789012:role/kubectl",
        kubectl_layer=lambda_.LayerVersion.from_layer_version_arn(
            stack, "ClusterKubectlLayer", "arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1"
        ),
        open_id_connect_provider=iam.OpenIdConnectProvider.from_open_id_connect_provider_arn(
            stack, "ClusterOidc", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ANALYTICS"
        ),
    )
    return stack, cluster


def trino_values(stack: Stack) -> str:
    """The Values property of the stack's trino HelmChart, as synthesized (a JSON string or an Fn::Join)."""
    charts = Template.from_stack(stack).find_resources("Custom::AWSCDK-EKS-HelmChart")
    return [r["Properties"]["Values"] for r in charts.values() if r["Properties"]["Chart"] == "trino"][0]


# --- a struct as a positional argument: TrinoSizing.for_instance(spec, ...)
def sizing_with_class():
    # [docs:instance-spec]
    spec = InstanceSpec(
        instance_type="r8g.4xlarge",
        vcpus=16,
        memory=Size.gibibytes(128),
        architecture=ec2.InstanceArchitecture.ARM_64,
    )
    sizing = TrinoSizing.for_instance(spec, daemon_set_memory=Size.gibibytes(2))
    # [/docs:instance-spec]
    same = TrinoSizing.for_instance_type(ec2.InstanceType("r8g.4xlarge"), daemon_set_memory=Size.gibibytes(2))
    return {"heap_mib": sizing.heap.to_mebibytes(), "for_instance_type_heap_mib": same.heap.to_mebibytes()}


case("sizing with InstanceSpec(...)", sizing_with_class)
case(
    "sizing with a dict",
    lambda: TrinoSizing.for_instance(
        {
            "instance_type": "r8g.4xlarge",
            "vcpus": 16,
            "memory": Size.gibibytes(128),
            "architecture": ec2.InstanceArchitecture.ARM_64,
        }
    ).heap.to_mebibytes(),
)


# --- structs in a list: ResourceGroups.of(root_groups=[...], selectors=[...])
def resource_groups_with_classes():
    stack, cluster = fresh("ResourceGroups")
    # [docs:resource-groups]
    groups = ResourceGroups.of(
        root_groups=[
            ResourceGroup(
                name="global",
                hard_concurrency_limit=20,
                max_queued=200,
                scheduling_policy="weighted",
                sub_groups=[
                    ResourceGroup(name="etl", hard_concurrency_limit=5, max_queued=50, scheduling_weight=1),
                    ResourceGroup(name="adhoc", hard_concurrency_limit=15, max_queued=150, scheduling_weight=3),
                ],
            ),
        ],
        selectors=[
            ResourceGroupSelector(group="global.etl", source="airflow.*"),
            ResourceGroupSelector(group="global.adhoc"),
        ],
    )
    TrinoCluster(stack, "Trino", cluster=cluster, resource_groups=groups)
    # [/docs:resource-groups]
    return trino_values(stack)


case("resource groups with ResourceGroup(...)", resource_groups_with_classes)
case(
    "resource groups with dicts",
    lambda: ResourceGroups.of(
        root_groups=[{"name": "global", "hard_concurrency_limit": 20, "max_queued": 200}],
        selectors=[{"group": "global"}],
    ).props.root_groups[0].name,
)


def resource_groups_from_config():
    config = {"name": "global", "hard_concurrency_limit": 20, "max_queued": 200}
    # [docs:from-dict]
    # keyword arguments from a dict you read from a file (sub_groups must hold ResourceGroup objects too)
    group = ResourceGroup(**config)
    # [/docs:from-dict]
    return ResourceGroups.of(root_groups=[group], selectors=[ResourceGroupSelector(group="global")]).props.root_groups[0].name


case("resource groups with ResourceGroup(**dict)", resource_groups_from_config)


# --- TrinoAddOn without eks-blueprints
# [docs:addon]
@jsii.implements(IBlueprintClusterInfo)
class ClusterInfo:
    """What TrinoAddOn.deploy reads: the cluster (eks-blueprints passes its ClusterInfo)."""

    def __init__(self, cluster: eks.ICluster) -> None:
        self._cluster = cluster

    @property
    def cluster(self) -> eks.ICluster:
        return self._cluster
# [/docs:addon]


def deploy_addon(**props):
    stack, cluster = fresh("AddOn")
    # [docs:addon-deploy]
    chart = TrinoAddOn(**props).deploy(ClusterInfo(cluster))
    # [/docs:addon-deploy]
    return chart.node.path


case("TrinoAddOn()", lambda: TrinoAddOn(max_workers=10).id)
case("TrinoAddOn.deploy with Spot capacity", lambda: deploy_addon(max_workers=10))
case("TrinoAddOn.deploy with autoscaling", lambda: deploy_addon(spot_capacity=False))
case(
    "TrinoAddOn.deploy without Spot capacity and autoscaling",
    lambda: deploy_addon(spot_capacity=False, autoscaling=False),
)


# --- errors
def bad_prop():
    stack, cluster = fresh("Errors")
    # [docs:errors]
    try:
        TrinoCluster(stack, "TooFew", cluster=cluster, max_workers=0)
    except RuntimeError as e:
        message = str(e)  # the library's message; the JavaScript stack is in e.__cause__
    # [/docs:errors]
    return message


case("an invalid prop value: the message", bad_prop)
def trino_cluster(**props):
    stack, cluster = fresh("Trino")
    return TrinoCluster(stack, "Trino", cluster=cluster, **props).node.path


case("a valid prop value", lambda: trino_cluster(max_workers=3))
case("an invalid prop value", lambda: trino_cluster(max_workers=0))
case("a prop of the wrong type", lambda: trino_cluster(max_workers="10"))
case("a camelCase keyword", lambda: trino_cluster(maxWorkers=10))

print(json.dumps(results))
sys.exit(0)
