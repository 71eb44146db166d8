# SPDX-License-Identifier: Apache-2.0
"""A Python app with TrinoChecks findings, for test/examples/python.test.ts.

A default TrinoCluster on an imported cluster has three TrinoChecks findings (the coordinator is neither On-Demand
nor in one zone, nor are the workers: no Karpenter pools). The mode, the first argument, says what the app does with
them:

- ``fail``: ``TrinoChecks.fail_synth_on_findings``: ``app.synth()`` raises and the app exits non-zero;
- ``report``: the plugin only: aws-cdk-lib 2.261 writes a failed validation-report.json and sets the exit code of the
  jsii kernel's Node process, which Python does not see: the app exits 0;
- ``acknowledged``: ``fail``, with the three findings acknowledged: the app exits 0.
"""
import sys

from aws_cdk import App, Stack, Validations
from aws_cdk import aws_eks as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from cdk_trino_eks import TrinoChecks, TrinoCluster

FINDINGS = [
    "Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]",
    "Trino-SingleZone[Value::coordinator.nodeSelector]",
    "Trino-SingleZone[Value::worker.nodeSelector]",
]


def main(mode: str) -> None:
    app = App()
    stack = Stack(app, "Findings")
    cluster = eks.Cluster.from_cluster_attributes(
        stack,
        "Cluster",
        cluster_name="analytics",
        kubectl_role_arn="arn:aws:iam::123456789012:role/kubectl",
        kubectl_layer=lambda_.LayerVersion.from_layer_version_arn(
            stack, "KubectlLayer", "arn:aws:lambda:us-west-2:123456789012:layer:kubectl:1"
        ),
        open_id_connect_provider=iam.OpenIdConnectProvider.from_open_id_connect_provider_arn(
            stack, "Oidc", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ANALYTICS"
        ),
    )
    trino = TrinoCluster(stack, "Trino", cluster=cluster)

    checks = TrinoChecks(app)
    Validations.of(app).add_plugins(checks)
    if mode in ("fail", "acknowledged"):
        TrinoChecks.fail_synth_on_findings(app, [checks])
    if mode == "acknowledged":
        for finding in FINDINGS:
            TrinoChecks.acknowledge_rule(trino, finding, "This test cluster has no Karpenter pools on purpose.")
    app.synth()
    print(f"synthesized to {app.outdir}")


if __name__ == "__main__":
    main(sys.argv[1])
