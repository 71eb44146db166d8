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
   * Version of the `secrets-store-csi-driver` chart.
   *
   * @default SecretsStoreCsiDriver.DEFAULT_DRIVER_CHART_VERSION
   */
  readonly driverChartVersion?: string;

  /**
   * Version of the `secrets-store-csi-driver-provider-aws` chart.
   *
   * @default SecretsStoreCsiDriver.DEFAULT_PROVIDER_CHART_VERSION
   */
  readonly providerChartVersion?: string;
}

/**
 * The Secrets Store CSI driver and its AWS provider (ASCP), the way TrinoCluster reads secrets from AWS Secrets Manager:
 * each Trino pod mounts a CSI volume whose SecretProviderClass names the secrets; the provider fetches them with the
 * pod's own IAM identity (IRSA or EKS Pod Identity) into an in-memory volume, and the driver syncs the values Trino
 * reads as `${ENV:…}` into a Kubernetes Secret. Installed in `kube-system`, with Secret sync and rotation on.
 *
 * On an eks-blueprints cluster use the blueprints' `SecretsStoreAddOn` instead (with `syncSecrets: true`).
 */
export class SecretsStoreCsiDriver extends Construct {
  /** The driver chart version the library is tested with. */
  public static readonly DEFAULT_DRIVER_CHART_VERSION = '1.5.4';
  /** The AWS provider chart version the library is tested with. */
  public static readonly DEFAULT_PROVIDER_CHART_VERSION = '2.1.0';
  /** The driver chart's repository. */
  public static readonly DRIVER_CHART_REPOSITORY = 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts';
  /** The AWS provider chart's repository. */
  public static readonly PROVIDER_CHART_REPOSITORY = 'https://aws.github.io/secrets-store-csi-driver-provider-aws';

  /** The driver's Helm chart. */
  public readonly driver: eks.HelmChart;
  /** The AWS provider's Helm chart (installed after the driver). */
  public readonly provider: eks.HelmChart;

  constructor(scope: Construct, id: string, props: SecretsStoreCsiDriverProps) {
    super(scope, id);
    const poll = props.rotationPollInterval ?? Duration.minutes(2);
    if (!Token.isUnresolved(poll.toSeconds()) && poll.toSeconds() < 10) {
      throw new Error(`\`rotationPollInterval\` must be at least 10 seconds (each poll calls Secrets Manager), got: ${poll.toHumanString()}.`);
    }
    this.driver = new eks.HelmChart(this, 'Driver', {
      cluster: props.cluster,
      chart: 'secrets-store-csi-driver',
      repository: SecretsStoreCsiDriver.DRIVER_CHART_REPOSITORY,
      version: props.driverChartVersion ?? SecretsStoreCsiDriver.DEFAULT_DRIVER_CHART_VERSION,
      release: 'secrets-store-csi-driver',
      namespace: 'kube-system',
      wait: true,
      values: {
        // TrinoCluster reads the shared secret and the catalog passwords as environment variables from the synced Secret
        syncSecret: { enabled: true },
        enableSecretRotation: true,
        rotationPollInterval: `${poll.toSeconds()}s`,
      },
    });
    this.provider = new eks.HelmChart(this, 'Provider', {
      cluster: props.cluster,
      chart: 'secrets-store-csi-driver-provider-aws',
      repository: SecretsStoreCsiDriver.PROVIDER_CHART_REPOSITORY,
      version: props.providerChartVersion ?? SecretsStoreCsiDriver.DEFAULT_PROVIDER_CHART_VERSION,
      release: 'secrets-store-csi-driver-provider-aws',
      namespace: 'kube-system',
      wait: true,
      // the driver comes from its own chart above, with Secret sync and rotation on
      values: { 'secrets-store-csi-driver': { install: false } },
    });
    this.provider.node.addDependency(this.driver);
  }
}
