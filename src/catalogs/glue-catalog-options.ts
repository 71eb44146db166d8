// SPDX-License-Identifier: Apache-2.0
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Options shared by the catalogs that keep table metadata in the AWS Glue Data Catalog and data in S3.
 */
export interface GlueCatalogOptions {
  /**
   * The S3 bucket that holds the catalog's tables.
   *
   * @default - the TrinoCluster's data bucket
   */
  readonly bucket?: s3.IBucket;

  /**
   * Key prefix of the warehouse in the bucket (`hive.metastore.glue.default-warehouse-dir`). New schemas and tables
   * go below it, and the Trino role may only write objects below it.
   *
   * @default - '<catalog name>/'
   */
  readonly warehousePrefix?: string;

  /**
   * Glue databases the Trino role may use. Glue permissions are always scoped to this account's catalog, database
   * and table ARNs (never `glue:*` or a managed policy); this narrows them to named databases.
   *
   * @default - every database of this account's Glue Data Catalog in the stack's region
   */
  readonly glueDatabases?: string[];

  /**
   * Extra catalog properties, checked against the Trino 480 property names of the connector.
   *
   * @default - none
   */
  readonly additionalProperties?: { [name: string]: string };

  /**
   * Whether the catalog reads through the TrinoCluster's file system cache (`TrinoCluster` `fileSystemCache`): the
   * cluster renders the catalog's `fs.cache.*` properties and a cache directory of its own. Set `false` for a catalog
   * whose files change too often to cache, or `true` to require the cluster to have a cache.
   *
   * @default - true when the cluster has a `fileSystemCache`
   */
  readonly fileSystemCache?: boolean;
}
