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
    if (!Token.isUnresolved(value) && /[\r\n]/.test(value)) {
      throw new Error(`\`${prop}\` property '${name}' must be a single line, got: ${JSON.stringify(value)}.`);
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
