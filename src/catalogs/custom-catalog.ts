// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig, CatalogSecret } from './catalog';
import { validatePropertyText } from '../config/trino-properties';
import { isSecretPropertyName, isSecretReference } from '../security/private/secrets';

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
   * checked against the Trino 480 property names. A property that holds a secret (a name with password, secret,
   * token, credential or key) must not have a literal value here: it would end up in the CloudFormation template, the
   * Helm values and a ConfigMap. Use `secretProperties`.
   *
   * @default - none
   */
  readonly properties?: { [name: string]: string };

  /**
   * Properties whose values are kept in AWS Secrets Manager, for example
   * `{ 'connection-password': { secret: dbSecret, field: 'password' } }`. The pods read them at start; the service
   * account is granted read access.
   *
   * @default - none
   */
  readonly secretProperties?: { [name: string]: CatalogSecret };
}

/**
 * A catalog for any Trino connector, from its properties. Grants nothing: give the service account what the
 * connector needs yourself (`trino.grantPrincipal`).
 */
export class CustomCatalog extends Catalog {
  private readonly properties: { [name: string]: string };
  private readonly secretProperties: { [name: string]: CatalogSecret };

  constructor(props: CustomCatalogProps) {
    super(props.name, props.connectorName, false);
    if (!/^[a-z][a-z0-9_-]*$/.test(props.connectorName)) {
      throw new Error(`Invalid \`connectorName\` '${props.connectorName}': use lowercase letters, digits, '-' or '_'.`);
    }
    if (props.properties && 'connector.name' in props.properties) {
      throw new Error('`properties` must not contain `connector.name`: set `connectorName` instead.');
    }
    validatePropertyText('properties', props.properties ?? {}, true);
    for (const [name, value] of Object.entries(props.properties ?? {})) {
      if (isSecretPropertyName(name) && !Token.isUnresolved(value) && !isSecretReference(value)) {
        throw new Error(
          `\`properties\` '${name}' of catalog '${props.name}' holds a literal secret: it would be written into the ` +
            'CloudFormation template, the Helm values and a ConfigMap. Move it to `secretProperties` ' +
            `({ '${name}': { secret, field } }) with the value in Secrets Manager.`,
        );
      }
    }
    for (const [name, ref] of Object.entries(props.secretProperties ?? {})) {
      validatePropertyText('secretProperties', { [name]: 'x' }, true);
      if (!ref || !ref.secret) throw new Error(`\`secretProperties\` '${name}' of catalog '${props.name}' needs a \`secret\`.`);
      if (props.properties && name in props.properties) {
        throw new Error(`Catalog '${props.name}' sets '${name}' in both \`properties\` and \`secretProperties\`: keep one.`);
      }
      if (ref.field !== undefined && !Token.isUnresolved(ref.field) && !/^[A-Za-z0-9_-]+$/.test(ref.field)) {
        throw new Error(`Invalid \`secretProperties\` '${name}' field ${JSON.stringify(ref.field)}: use a top-level JSON key (letters, digits, '_' or '-').`);
      }
    }
    this.properties = { ...props.properties };
    this.secretProperties = { ...props.secretProperties };
  }

  public bind(_scope: Construct, _options: CatalogBindOptions): CatalogConfig {
    return { properties: { ...this.properties }, secretProperties: { ...this.secretProperties } };
  }
}
