// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { DEFAULT_SCHEMA, GENERATED_FILE, renderTrinoPropertiesModule } from '../../scripts/gen-trino-properties';
import { checkTrinoPropertyName } from '../../src/config/trino-properties';

describe('Trino 480 property names', () => {
  test('the generated name list matches ../shared/schemas/trino/properties.json (regenerate with scripts/gen-trino-properties.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf-8')).toBe(renderTrinoPropertiesModule(DEFAULT_SCHEMA));
  });

  test.each([
    ['config', 'query.max-memory', undefined],
    ['config', 'exchange.http-client.request-timeout', undefined],
    ['config', 'bogus.http-client.request-timeout', /not a Trino 480 config.properties property/],
    ['config', 'http-server.log.path', undefined],
    ['config', 'query.low-memory-killer.delay', /defunct in Trino 480/],
    ['catalog-hive', 'fs.native-s3.enabled', undefined],
    ['catalog-hive', 'fs.s3.enabled', /not a Trino 480 hive catalog property/],
    ['catalog-iceberg', 'iceberg.catalog.type', undefined],
    ['exchange-manager', 'exchange.s3.region', undefined],
    ['node', 'node.environment', undefined],
  ])('%s %s', (kind, name, expected) => {
    const problem = checkTrinoPropertyName(kind as any, name);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
