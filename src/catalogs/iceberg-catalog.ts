// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig } from './catalog';
import { GlueCatalogOptions } from './glue-catalog-options';
import { bindGlueS3Catalog, validateGlueDatabases, validateWarehousePrefix } from './private/glue-s3-access';

/**
 * Properties of an Iceberg catalog on AWS Glue and S3.
 */
export interface IcebergCatalogProps extends GlueCatalogOptions {
  /**
   * Catalog name.
   * @default 'iceberg'
   */
  readonly name?: string;

  /**
   * Data file format of new tables (`iceberg.file-format`): `PARQUET`, `ORC` or `AVRO`.
   * @default 'PARQUET'
   */
  readonly fileFormat?: string;
}

const FILE_FORMATS = ['PARQUET', 'ORC', 'AVRO'];

/**
 * An Iceberg catalog (`connector.name=iceberg`) on the AWS Glue catalog (`iceberg.catalog.type=glue`) with S3
 * storage through Trino's native S3 file system.
 *
 * Grants the Trino service account scoped Glue actions and S3 object access below the warehouse prefix.
 *
 * @see https://trino.io/docs/current/connector/iceberg.html
 */
export class IcebergCatalog extends Catalog {
  private readonly props: IcebergCatalogProps;

  constructor(props: IcebergCatalogProps = {}) {
    super(props.name ?? 'iceberg', 'iceberg', props.bucket === undefined);
    this.props = props;
    validateWarehousePrefix(this.warehousePrefix);
    validateGlueDatabases(props.glueDatabases);
    if (props.fileFormat !== undefined && !FILE_FORMATS.includes(props.fileFormat)) {
      throw new Error(`\`fileFormat\` must be one of ${FILE_FORMATS.join(', ')}, got: '${props.fileFormat}'.`);
    }
  }

  private get warehousePrefix(): string {
    return this.props.warehousePrefix ?? `${this.name}/`;
  }

  public bind(scope: Construct, options: CatalogBindOptions): CatalogConfig {
    const glue = bindGlueS3Catalog(scope, this.name, this.props, this.warehousePrefix, options);
    return {
      properties: {
        'iceberg.catalog.type': 'glue',
        ...glue,
        'iceberg.file-format': this.props.fileFormat ?? 'PARQUET',
        'iceberg.unique-table-location': 'true',
        'iceberg.register-table-procedure.enabled': 'true',
        ...this.props.additionalProperties,
      },
      fileSystemCache: this.props.fileSystemCache,
    };
  }
}
