// SPDX-License-Identifier: Apache-2.0
import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CatalogBindOptions } from '../catalog';
import type { GlueCatalogOptions } from '../glue-catalog-options';

/** Glue Data Catalog actions the Hive and Iceberg connectors call for reads. */
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetTableVersions',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
  'glue:GetColumnStatisticsForTable',
  'glue:GetColumnStatisticsForPartition',
];

/** Glue Data Catalog actions for CREATE/ALTER/DROP SCHEMA, TABLE and partitions. */
export const GLUE_WRITE_ACTIONS = [
  'glue:CreateDatabase',
  'glue:UpdateDatabase',
  'glue:DeleteDatabase',
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:DeleteTable',
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:BatchUpdatePartition',
  'glue:DeletePartition',
  'glue:BatchDeletePartition',
  'glue:UpdateColumnStatisticsForTable',
  'glue:UpdateColumnStatisticsForPartition',
  'glue:DeleteColumnStatisticsForTable',
  'glue:DeleteColumnStatisticsForPartition',
];

/** S3 actions on the bucket itself. */
export const S3_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'];
/** S3 actions on objects under the catalog's prefix. */
export const S3_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/** Database names as Glue accepts them (lowercased by Trino). */
const GLUE_DATABASE_PATTERN = /^[a-z0-9_]{1,255}$/;

/**
 * Grants a Glue-backed catalog scoped Glue access (catalog, database and table ARNs; never glue:*) and S3 access to
 * its warehouse prefix (explicit actions, no wildcards), plus KMS use when the bucket has a customer key.
 */
export function grantGlueAndS3(
  scope: Construct,
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  warehousePrefix: string,
  glueDatabases: string[] | undefined,
) {
  const stack = Stack.of(scope);
  const glueArn = (resource: string, resourceName?: string) =>
    stack.formatArn({ service: 'glue', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const dbs = glueDatabases ?? ['*'];
  const resources = [
    glueArn('catalog'),
    ...dbs.map((db) => glueArn('database', db)),
    ...dbs.map((db) => glueArn('table', `${db}/*`)),
  ];
  iam.Grant.addToPrincipal({
    grantee,
    actions: [...GLUE_READ_ACTIONS, ...GLUE_WRITE_ACTIONS],
    resourceArns: resources,
  });
  iam.Grant.addToPrincipal({ grantee, actions: S3_BUCKET_ACTIONS, resourceArns: [bucket.bucketArn] });
  iam.Grant.addToPrincipal({
    grantee,
    actions: S3_OBJECT_ACTIONS,
    resourceArns: [bucket.arnForObjects(`${warehousePrefix}*`)],
  });
  bucket.encryptionKey?.grantEncryptDecrypt(grantee);
}

/** Validates a warehouse prefix: relative, no leading slash, ends with `/`. */
export function validateWarehousePrefix(prefix: string) {
  if (Token.isUnresolved(prefix)) return;
  if (prefix.startsWith('/') || !prefix.endsWith('/') || prefix.includes('//') || prefix.length > 512) {
    throw new Error(
      `\`warehousePrefix\` must be a relative S3 key prefix ending in '/', such as 'hive/', got: '${prefix}'.`,
    );
  }
}

/** Validates Glue database names used to scope IAM. */
export function validateGlueDatabases(dbs: string[] | undefined) {
  if (dbs === undefined) return;
  if (dbs.length === 0) {
    throw new Error('`glueDatabases` must list at least one database, or be left out to allow every database.');
  }
  for (const db of dbs) {
    if (Token.isUnresolved(db)) continue;
    if (!GLUE_DATABASE_PATTERN.test(db)) {
      throw new Error(
        `\`glueDatabases\` has an invalid Glue database name '${db}': use 1–255 lowercase letters, digits or underscores.`,
      );
    }
  }
}

/**
 * Binds a Glue + S3 catalog: resolves its bucket (its own, else the cluster's data bucket), grants the Trino role
 * Glue and S3 access, and returns the properties both the Hive and Iceberg connectors take: Glue region, warehouse
 * directory and Trino's native S3 file system.
 */
export function bindGlueS3Catalog(
  scope: Construct,
  catalogName: string,
  props: GlueCatalogOptions,
  warehousePrefix: string,
  options: CatalogBindOptions,
): { [name: string]: string } {
  const bucket = props.bucket ?? options.dataBucket;
  if (!bucket) {
    throw new Error(`Catalog '${catalogName}' needs a \`bucket\`, or a TrinoCluster with a data bucket.`);
  }
  grantGlueAndS3(scope, options.grantee, bucket, warehousePrefix, props.glueDatabases);
  const region = Stack.of(scope).region;
  return {
    'hive.metastore.glue.region': region,
    'hive.metastore.glue.default-warehouse-dir': `s3://${bucket.bucketName}/${warehousePrefix}`,
    'fs.native-s3.enabled': 'true',
    's3.region': region,
  };
}
