// SPDX-License-Identifier: Apache-2.0
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CustomCatalog, HiveCatalog, IcebergCatalog, TpcdsCatalog, TpchCatalog, TrinoCluster } from '../../src';
import { importedClusterStack, parseProperties, trinoValues } from '../util';

describe('catalogs', () => {
  test('generator catalogs with overrides', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [new TpchCatalog({ splitsPerNode: 16 }), new TpcdsCatalog({ name: 'ds', splitsPerNode: 2 })],
    });
    const values = trinoValues(Template.fromStack(stack));
    expect(parseProperties(values.catalogs.tpch)['tpch.splits-per-node']).toBe('16');
    expect(parseProperties(values.catalogs.ds)).toEqual({ 'connector.name': 'tpcds', 'tpcds.splits-per-node': '2' });
  });

  test('iceberg file format and extra properties', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [new IcebergCatalog({ fileFormat: 'ORC', additionalProperties: { 'iceberg.compression-codec': 'ZSTD' } })],
    });
    const props = parseProperties(trinoValues(Template.fromStack(stack)).catalogs.iceberg);
    expect(props['iceberg.file-format']).toBe('ORC');
    expect(props['iceberg.compression-codec']).toBe('ZSTD');
  });

  test('a bucket with a customer KMS key is granted encrypt/decrypt', () => {
    const { stack, cluster } = importedClusterStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Lake', { encryptionKey: key, encryption: s3.BucketEncryption.KMS });
    new TrinoCluster(stack, 'Trino', { cluster, catalogs: [new HiveCatalog({ bucket })] });
    const doc = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(doc).toContain('kms:Decrypt');
    expect(doc).toContain('kms:GenerateDataKey*');
  });

  test.each([
    [() => new TpchCatalog({ name: 'TPCH' }), /Invalid catalog `name` 'TPCH'/],
    [() => new TpchCatalog({ name: '1tpch' }), /Invalid catalog `name` '1tpch'/],
    [() => new TpchCatalog({ splitsPerNode: 0 }), /`splitsPerNode` must be an integer between 1 and 1024, got: 0/],
    [() => new HiveCatalog({ warehousePrefix: '/hive' }), /`warehousePrefix` must be a relative S3 key prefix ending in '\/'/],
    [() => new HiveCatalog({ glueDatabases: [] }), /`glueDatabases` must list at least one database/],
    [() => new IcebergCatalog({ glueDatabases: ['Sales-DB'] }), /invalid Glue database name 'Sales-DB'/],
    [() => new IcebergCatalog({ fileFormat: 'CSV' }), /`fileFormat` must be one of PARQUET, ORC, AVRO, got: 'CSV'/],
    [() => new CustomCatalog({ name: 'pg', connectorName: 'Postgres!' }), /Invalid `connectorName` 'Postgres!'/],
    [
      () => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties: { 'connector.name': 'x' } }),
      /must not contain `connector.name`/,
    ],
  ])('bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});
