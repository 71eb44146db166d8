// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig } from './catalog';
import { GlueCatalogOptions } from './glue-catalog-options';
import { bindGlueS3Catalog, validateGlueDatabases, validateWarehousePrefix } from './private/glue-s3-access';

/**
 * Properties of a Hive catalog on AWS Glue and S3.
 */
export interface HiveCatalogProps extends GlueCatalogOptions {
  /**
   * Catalog name.
   * @default 'hive'
   */
  readonly name?: string;
}

/**
 * A Hive catalog (`connector.name=hive`) with the AWS Glue Data Catalog as metastore and S3 as storage, through
 * Trino's native S3 file system (`fs.native-s3.enabled`; the legacy `hive.s3.*` properties are gone in Trino 481).
 *
 * Grants the Trino service account scoped Glue actions and S3 object access below the warehouse prefix.
 *
 * @see https://trino.io/docs/current/connector/hive.html
 */
export class HiveCatalog extends Catalog {
  private readonly props: HiveCatalogProps;

  constructor(props: HiveCatalogProps = {}) {
    super(props.name ?? 'hive', 'hive', props.bucket === undefined);
    this.props = props;
    validateWarehousePrefix(this.warehousePrefix);
    validateGlueDatabases(props.glueDatabases);
  }

  private get warehousePrefix(): string {
    return this.props.warehousePrefix ?? `${this.name}/`;
  }

  public bind(scope: Construct, options: CatalogBindOptions): CatalogConfig {
    const glue = bindGlueS3Catalog(scope, this.name, this.props, this.warehousePrefix, options);
    return {
      properties: {
        'hive.metastore': 'glue',
        ...glue,
        ...this.props.additionalProperties,
      },
      fileSystemCache: this.props.fileSystemCache,
    };
  }
}
