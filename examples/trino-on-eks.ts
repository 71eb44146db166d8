// SPDX-License-Identifier: Apache-2.0
/**
 * The seed's Trino-on-EKS stack as an eks-blueprints blueprint: a VPC, an EKS cluster with a small On-Demand system
 * node group, Karpenter, KEDA, the EKS Pod Identity agent, and TrinoAddOn with the hive, iceberg, tpch and tpcds
 * catalogs, fault-tolerant execution on S3, and Spot workers scaling from 0 to 10 in one availability zone.
 *
 * Environment-agnostic, so it synthesizes without AWS credentials:
 *   bash scripts/synth.sh trino-on-eks
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/trino-on-eks.ts"
 * To deploy, set CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION (or .account()/.region()) and run `cdk deploy`.
 */
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { HiveCatalog, IcebergCatalog, RetryPolicy, TpcdsCatalog, TpchCatalog, TrinoAddOn } from '../src';

export const BLUEPRINT_ID = 'trino-on-eks';

/** The seed's stack as a blueprint builder; `withTrino: false` leaves TrinoAddOn out (the benchmark's baseline). */
export function trinoBlueprint(withTrino = true): blueprints.BlueprintBuilder {
  const addOns: blueprints.ClusterAddOn[] = [
    new blueprints.EksPodIdentityAgentAddOn('v1.3.10-eksbuild.2'),
    new blueprints.KarpenterV1AddOn({ interruptionHandling: true, podIdentity: true }),
    new blueprints.KedaAddOn(),
  ];
  if (withTrino) {
    addOns.push(
      new TrinoAddOn({
        catalogs: [new HiveCatalog(), new IcebergCatalog(), new TpchCatalog(), new TpcdsCatalog()],
        minWorkers: 0,
        maxWorkers: 10,
        retryPolicy: RetryPolicy.TASK,
        longestQueryDuration: Duration.hours(6),
      }),
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

/** Adds the example's stacks to an app (resolves once every add-on is deployed). */
export async function buildApp(app: App): Promise<App> {
  const stack: Stack = await trinoBlueprint().buildAsync(app, BLUEPRINT_ID);
  void stack;
  return app;
}

if (require.main === module) {
  void buildApp(new App()).then((app) => app.synth());
}
