// SPDX-License-Identifier: Apache-2.0
/**
 * Trino on an EKS cluster you create or already have: an `eks.Cluster` and a `TrinoCluster` with the seed's four
 * catalogs (tpch, tpcds, hive and iceberg on AWS Glue + S3).
 *
 * The stack is environment-agnostic, so it synthesizes without AWS credentials:
 *   bash scripts/synth.sh                                   # all examples, into cdk.out/<example>
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/existing-cluster.ts"
 * To deploy, give the stack an `env` (account and region) and run `cdk deploy` with your credentials.
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { HiveCatalog, IcebergCatalog, TpcdsCatalog, TpchCatalog, TrinoCluster } from '../src';

export class ExistingClusterStack extends Stack {
  public readonly trino: TrinoCluster;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new eks.Cluster(this, 'Cluster', {
      vpc,
      version: eks.KubernetesVersion.V1_35,
      kubectlLayer: new KubectlV35Layer(this, 'Kubectl'),
      defaultCapacity: 2,
      defaultCapacityInstance: new ec2.InstanceType('m7g.large'),
      endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
    });

    this.trino = new TrinoCluster(this, 'Trino', {
      cluster,
      catalogs: [new TpchCatalog(), new TpcdsCatalog(), new HiveCatalog(), new IcebergCatalog()],
    });
  }
}

/** Adds the example's stacks to an app. */
export function buildApp(app: App): App {
  new ExistingClusterStack(app, 'TrinoExistingCluster');
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
