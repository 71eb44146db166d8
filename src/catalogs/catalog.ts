// SPDX-License-Identifier: Apache-2.0
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * What a catalog gets from the TrinoCluster it is added to.
 */
export interface CatalogBindOptions {
  /**
   * The Trino service account's principal: catalogs grant it what they need.
   */
  readonly grantee: iam.IGrantable;

  /**
   * The cluster's data bucket, for catalogs that keep tables in S3 and were given no bucket of their own.
   *
   * @default - the cluster has no data bucket
   */
  readonly dataBucket?: s3.IBucket;
}

/**
 * What a bound catalog contributes to the Trino configuration.
 */
/**
 * A catalog property whose value is kept in AWS Secrets Manager. Trino's pods read it at start (Secrets Store CSI
 * driver) into an environment variable, and the catalog file references that variable (`${ENV:…}`): the value never
 * appears in the template, the Helm values or a ConfigMap.
 */
export interface CatalogSecret {
  /** The secret. The Trino service account is granted read access to it. */
  readonly secret: secretsmanager.ISecret;

  /**
   * The JSON field of the secret that holds the value, for example `password` in an RDS-generated secret.
   *
   * @default - the whole secret string
   */
  readonly field?: string;
}

export interface CatalogConfig {
  /**
   * The catalog's properties (`etc/catalog/<name>.properties`), without `connector.name`.
   */
  readonly properties: { [name: string]: string };

  /**
   * Properties whose values come from Secrets Manager.
   *
   * @default - none
   */
  readonly secretProperties?: { [name: string]: CatalogSecret };

  /**
   * Whether the catalog reads through the TrinoCluster's file system cache (`fileSystemCache`). `true` requires the
   * cluster to have one; only Hive, Iceberg and Delta Lake catalogs can cache.
   *
   * @default - the catalog caches when the cluster has a file system cache and its connector can cache
   */
  readonly fileSystemCache?: boolean;
}

/**
 * A Trino catalog: a connector and its properties, written to `etc/catalog/<name>.properties`.
 *
 * Use `TpchCatalog`, `TpcdsCatalog`, `HiveCatalog`, `IcebergCatalog`, or `CustomCatalog` for any other connector.
 */
export abstract class Catalog {
  /**
   * Catalog names: a lowercase letter, then lowercase letters, digits or underscores, at most 63 characters.
   */
  public static readonly NAME_PATTERN = '^[a-z][a-z0-9_]{0,62}$';

  /**
   * The catalog name users query (`SELECT * FROM <name>.schema.table`).
   */
  public readonly name: string;

  /**
   * The Trino connector (`connector.name`).
   */
  public readonly connectorName: string;

  /**
   * Whether the catalog stores tables in the cluster's data bucket (so TrinoCluster must provide one).
   */
  public readonly usesDataBucket: boolean;

  protected constructor(name: string, connectorName: string, usesDataBucket: boolean) {
    if (!new RegExp(Catalog.NAME_PATTERN).test(name)) {
      throw new Error(
        `Invalid catalog \`name\` '${name}': use a lowercase letter, then lowercase letters, digits or underscores, at most 63 characters.`,
      );
    }
    this.name = name;
    this.connectorName = connectorName;
    this.usesDataBucket = usesDataBucket;
  }

  /**
   * Called by TrinoCluster when the catalog is added: grants what the catalog needs and returns its properties.
   */
  public abstract bind(scope: Construct, options: CatalogBindOptions): CatalogConfig;
}
