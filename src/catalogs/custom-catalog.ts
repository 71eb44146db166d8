// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig } from './catalog';
import { validatePropertyText } from '../config/trino-properties';

/**
 * Properties of a catalog for any Trino connector.
 */
export interface CustomCatalogProps {
  /** Catalog name. */
  readonly name: string;

  /** The connector (`connector.name`), for example `postgresql` or `memory`. */
  readonly connectorName: string;

  /**
   * The catalog's properties, without `connector.name`. For the hive, iceberg, tpch and tpcds connectors they are
   * checked against the Trino 480 property names. Do not put secrets here: they end up in the CloudFormation
   * template; reference them as `${ENV:VAR}` or `${file:...}` and mount them with the Helm values escape hatch.
   *
   * @default - none
   */
  readonly properties?: { [name: string]: string };
}

/**
 * A catalog for any Trino connector, from its properties. Grants nothing: give the service account what the
 * connector needs yourself (`trino.grantPrincipal`).
 */
export class CustomCatalog extends Catalog {
  private readonly properties: { [name: string]: string };

  constructor(props: CustomCatalogProps) {
    super(props.name, props.connectorName, false);
    if (!/^[a-z][a-z0-9_-]*$/.test(props.connectorName)) {
      throw new Error(`Invalid \`connectorName\` '${props.connectorName}': use lowercase letters, digits, '-' or '_'.`);
    }
    if (props.properties && 'connector.name' in props.properties) {
      throw new Error('`properties` must not contain `connector.name`: set `connectorName` instead.');
    }
    validatePropertyText('properties', props.properties ?? {}, true);
    this.properties = { ...props.properties };
  }

  public bind(_scope: Construct, _options: CatalogBindOptions): CatalogConfig {
    return { properties: { ...this.properties } };
  }
}
