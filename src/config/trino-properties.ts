// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';
import { TRINO_PROPERTIES_VERSION, TRINO_PROPERTY_NAMES } from './private/trino-properties.generated';

/**
 * The kinds of Trino properties file the library writes.
 * @internal
 */
export type TrinoPropertiesKind =
  | 'config'
  | 'node'
  | 'exchange-manager'
  | 'catalog-hive'
  | 'catalog-iceberg'
  | 'catalog-tpch'
  | 'catalog-tpcds';

/**
 * Why a property name is not accepted, or undefined when Trino knows it.
 * @internal
 */
export function checkTrinoPropertyName(kind: TrinoPropertiesKind, name: string): string | undefined {
  const names = TRINO_PROPERTY_NAMES[kind];
  if (!names) return undefined;
  if (names.accepted.includes(name)) return undefined;
  if (names.wildcardPrefixes.some((p) => name.startsWith(p))) return undefined;
  const http = /^([a-z0-9-]+)\.http-client\.(.+)$/.exec(name);
  if (http && names.httpClientPrefixes.includes(http[1]) && names.httpClientSuffixes.includes(http[2])) {
    return undefined;
  }
  if (names.defunct.includes(name)) {
    return `'${name}' is defunct in Trino ${TRINO_PROPERTIES_VERSION}: Trino refuses to start when it is set`;
  }
  return `'${name}' is not a Trino ${TRINO_PROPERTIES_VERSION} ${describeKind(kind)} property`;
}

/**
 * Throws when a property name is not a Trino property of that kind. Token names are skipped.
 * @internal
 */
export function validateTrinoProperties(
  prop: string,
  kind: TrinoPropertiesKind,
  properties: { [name: string]: string },
): void {
  for (const [name, value] of Object.entries(properties)) {
    if (Token.isUnresolved(name)) continue;
    const problem = checkTrinoPropertyName(kind, name);
    if (problem) {
      throw new Error(
        `\`${prop}\` has an unknown property: ${problem}. Allowed: the property names of Trino ` +
          `${TRINO_PROPERTIES_VERSION} (https://trino.io/docs/${TRINO_PROPERTIES_VERSION}/admin/properties.html).`,
      );
    }
    if (typeof value !== 'string') {
      throw new Error(`\`${prop}\` property '${name}' must have a string value, got: ${JSON.stringify(value)}.`);
    }
  }
  validatePropertyText(prop, properties, false);
}

/**
 * Throws when a property would not reach Trino as written: a name that is not one `key` (empty, or with whitespace,
 * `=`, `:` or a line break, which would split the line), a value with a line break (it would add properties), or,
 * in a catalog (`templated`: the chart passes catalog files through Helm's `tpl`), `{{` in a name or value, which
 * Helm evaluates as a template and the install fails. Tokens are skipped.
 * @internal
 */
export function validatePropertyText(prop: string, properties: { [name: string]: string }, templated: boolean): void {
  for (const [name, value] of Object.entries(properties)) {
    if (!Token.isUnresolved(name) && !/^[^\s=:#!]+$/.test(name)) {
      throw new Error(
        `\`${prop}\` has an invalid property name ${JSON.stringify(name)}: use a non-empty name without whitespace, '=', ':', '#' or '!'.`,
      );
    }
    if (typeof value !== 'string') {
      throw new Error(`\`${prop}\` property '${name}' must have a string value, got: ${JSON.stringify(value)}.`);
    }
    if (Token.isUnresolved(value)) continue;
    if (/[\r\n]/.test(value)) {
      throw new Error(
        `\`${prop}\` property '${name}' must be a single line, got: ${JSON.stringify(value)}: a line break would add properties.`,
      );
    }
    if (templated && (value.includes('{{') || name.includes('{{'))) {
      throw new Error(
        `\`${prop}\` property '${name}' must not contain '{{', got: ${JSON.stringify(value)}: the chart renders catalog ` +
          'files as Helm templates, so the install would fail. Reference secrets as ${ENV:NAME} instead.',
      );
    }
  }
}

function describeKind(kind: TrinoPropertiesKind): string {
  switch (kind) {
    case 'config':
      return 'config.properties';
    case 'node':
      return 'node.properties';
    case 'exchange-manager':
      return 'exchange-manager.properties';
    default:
      return `${kind.replace('catalog-', '')} catalog`;
  }
}
