// SPDX-License-Identifier: Apache-2.0
import { App } from 'aws-cdk-lib';
import { documentedStack } from '../../scripts/doc-stack';
import { SpotWorkerPool } from '../../src';
import { invalidTrinoPropertyValues, parsePropertiesText, unknownTrinoProperties } from '../conformance/trino-properties';
import { trinoFindings } from '../nag/fixtures';
import { readPage } from '../util';

// docs/performance.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const doc = readPage('docs/performance.md');

test('the catalog properties the page shows are Trino 480 names with valid values', () => {
  const block = /```properties\n([\s\S]*?)```/.exec(doc)![1];
  const props = parsePropertiesText(block);
  expect(Object.keys(props).sort()).toEqual([
    'fs.cache.directories', 'fs.cache.enabled', 'fs.cache.max-disk-usage-percentages', 'fs.cache.ttl',
  ]);
  for (const kind of ['catalog-hive', 'catalog-iceberg']) {
    expect(unknownTrinoProperties(kind, props)).toEqual([]);
    expect(invalidTrinoPropertyValues(kind, props)).toEqual([]);
  }
  // names the page discusses: fs.cache.max-sizes and page-size exist in 480; preferred-hosts-count is gone in 481
  expect(unknownTrinoProperties('catalog-hive', { 'fs.cache.max-sizes': '1GB', 'fs.cache.page-size': '1MB' })).toEqual([]);
  expect(doc).toContain('Already in 481, `fs.cache.preferred-hosts-count` is no longer accepted');
});

test('the page states the defaults, Karpenter\'s model of each NVMe size and the requests the library renders', () => {
  expect(doc).toContain('`maxDiskUsagePercentage` 80, `ttl` 7 days (Trino\'s default)');
  expect(doc).toContain('`coordinatorMemoryVolumeSize` 512 MiB');
  expect(doc).toContain('| 4xlarge | 950.0 | 853.9 | 760.0 | 729913Mi | 89 |');
  expect(doc).toContain('| xlarge | 237.0 | 212.2 | 189.6 | 185937Mi | 87 |');
  expect(doc).toContain('resources: { requests: { ephemeral-storage: 729913Mi, ... } }');
  expect(doc).toContain('"emptyDir":{"medium":"Memory","sizeLimit":"512Mi"}');
  expect(doc).toContain('io.trino.filesystem.alluxio:type=AlluxioCacheStats,name=<catalog>,catalog=<catalog>');
  expect(doc).toContain('`cache-manager.config-files`');
  expect(doc).not.toMatch(/undefined|NaN|\[object Object\]/);
});

test('the documented stack passes the file system cache rules of TrinoChecks', () => {
  const { trino } = documentedStack();
  const findings = trinoFindings(trino.node.root as App);
  expect(findings.filter((f) => f.includes('FileSystemCache'))).toEqual([]);
});

test('the code blocks of the page use the NVMe types, the default worker type and the caching catalog the library has', () => {
  const [catalog] = documentedStack().trino._config.cachingCatalogs();
  const [nvme, plain] = [SpotWorkerPool.NVME_INSTANCE_TYPES[0], SpotWorkerPool.DEFAULT_INSTANCE_TYPES[0]];
  expect(doc).toContain(`new ec2.InstanceType(t)), // ${SpotWorkerPool.NVME_INSTANCE_TYPES.join(', ')}\n`);
  expect(doc).toContain(`FROM jmx.current."io.trino.filesystem.alluxio:catalog=${catalog},name=${catalog},type=alluxiocachestats";`);
  expect(doc).toContain(`--instance-types ${plain} ${nvme} --start-time`);
  expect(doc).toContain(`Type=TERM_MATCH,Field=instanceType,Value=${nvme} `);
});

test('the catalog properties and the pod values the page shows are what the documented stack renders', () => {
  const { trino, values } = documentedStack();
  const [catalog] = trino._config.cachingCatalogs();
  const cacheLines = values.catalogs[catalog].split('\n').filter((l: string) => l.startsWith('fs.cache.'));
  expect(doc).toContain(['```properties', ...cacheLines, '```'].join('\n'));
  const volumes = (role: string) => [`  additionalVolumes: ${JSON.stringify(values[role].additionalVolumes)}`,
    `  additionalVolumeMounts: ${JSON.stringify(values[role].additionalVolumeMounts)}`];
  const request = values.worker.resources.requests['ephemeral-storage'];
  const resources = `  resources: { requests: { ephemeral-storage: ${request}, ... } }  # no ephemeral-storage limit`;
  const yaml = ['worker:', ...volumes('worker'), resources, 'coordinator:', ...volumes('coordinator')];
  expect(doc).toContain(['```yaml', ...yaml, '```'].join('\n'));
  expect(values.worker.resources.limits?.['ephemeral-storage']).toBeUndefined();
});
