// SPDX-License-Identifier: Apache-2.0
import { Duration, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';

/**
 * Properties of a SecretsStoreCsiDriver.
 */
export interface SecretsStoreCsiDriverProps {
  /** The EKS cluster. */
  readonly cluster: eks.ICluster;

  /**
   * How often the driver re-reads mounted secrets from Secrets Manager and updates the files and the synced
   * Kubernetes Secrets (`rotationPollInterval`). A changed password file applies within this interval plus Trino's
   * `refreshPeriod`.
   *
   * @default Duration.minutes(2)
   */
  readonly rotationPollInterval?: Duration;

  /**
   * Version of the `secrets-store-csi-driver-provider-aws` chart (it installs the matching driver chart as a
   * dependency).
   *
   * @default SecretsStoreCsiDriver.DEFAULT_CHART_VERSION
   */
  readonly chartVersion?: string;
}

/**
 * The Secrets Store CSI driver and its AWS provider (ASCP), the way TrinoCluster reads secrets from AWS Secrets Manager:
 * each Trino pod mounts a CSI volume whose SecretProviderClass names the secrets; the provider fetches them with the
 * pod's own IAM identity (IRSA or EKS Pod Identity) into an in-memory volume, and the driver syncs the values Trino
 * reads as `${ENV:…}` into a Kubernetes Secret. Installed in `kube-system`, with Secret sync and rotation on.
 *
 * On an eks-blueprints cluster the blueprints' `SecretsStoreAddOn` does the same (Secret sync is on there by default;
 * give it a `rotationPollInterval` for rotation).
 */
export class SecretsStoreCsiDriver extends Construct {
  /**
   * The AWS provider chart version the library is tested with. Its `secrets-store-csi-driver` dependency (`^1`, locked
   * to 1.6.0) is installed with it, with the `tokenRequests` audiences the provider needs for IRSA and Pod Identity
   * (aws/secrets-store-csi-driver-provider-aws charts/secrets-store-csi-driver-provider-aws/Chart.yaml and values.yaml).
   */
  public static readonly DEFAULT_CHART_VERSION = '3.1.1';
  /** The AWS provider chart's repository. */
  public static readonly CHART_REPOSITORY = 'https://aws.github.io/secrets-store-csi-driver-provider-aws';

  /** The Helm chart (the provider and, as its dependency, the driver). */
  public readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: SecretsStoreCsiDriverProps) {
    super(scope, id);
    const poll = props.rotationPollInterval ?? Duration.minutes(2);
    if (!Token.isUnresolved(poll.toSeconds()) && poll.toSeconds() < 10) {
      throw new Error(`\`rotationPollInterval\` must be at least 10 seconds (each poll calls Secrets Manager), got: ${poll.toHumanString()}.`);
    }
    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster: props.cluster,
      chart: 'secrets-store-csi-driver-provider-aws',
      repository: SecretsStoreCsiDriver.CHART_REPOSITORY,
      version: props.chartVersion ?? SecretsStoreCsiDriver.DEFAULT_CHART_VERSION,
      release: 'secrets-store-csi-driver-provider-aws',
      namespace: 'kube-system',
      wait: true,
      values: {
        'secrets-store-csi-driver': {
          install: true,
          // TrinoCluster reads the shared secret and catalog passwords as environment variables from the synced Secret
          syncSecret: { enabled: true },
          enableSecretRotation: true,
          rotationPollInterval: `${poll.toSeconds()}s`,
        },
      },
    });
  }
}
