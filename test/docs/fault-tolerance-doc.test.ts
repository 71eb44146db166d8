// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { importedClusterStack } from '../../scripts/doc-stack';
import { FaultTolerantExchange, RetryPolicy, TrinoCluster } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';

// docs/fault-tolerance.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const FAULT_TOLERANCE_DOC = path.join(__dirname, '..', '..', 'docs', 'fault-tolerance.md');
const SQL_DIR = path.join(__dirname, '..', '..', 'examples', 'sql');
const sql = (file: string) => fs.readFileSync(path.join(SQL_DIR, file), 'utf-8');
const TABLES = ['warehouse', 'item', 'inventory', 'date_dim'];

test('every SQL file the doc runs exists in examples/sql', () => {
  const doc = fs.readFileSync(FAULT_TOLERANCE_DOC, 'utf-8');
  const referenced = [...new Set([...doc.matchAll(/examples\/sql\/([\w-]+\.sql)/g)].map((m) => m[1]))];
  expect(referenced.sort()).toEqual(['hive_taxi.sql', 'iceberg_long_running_join.sql', 'tpcds_to_iceberg.sql']);
  for (const file of referenced) expect(fs.existsSync(path.join(SQL_DIR, file))).toBe(true);
});

test('the CTAS loads the four TPC-DS tables into iceberg.iceberg_schema on ${S3_BUCKET}, scale from ${TPCDS_SCALE}', () => {
  const text = sql('tpcds_to_iceberg.sql');
  expect(text).toContain("location = 's3://${S3_BUCKET}/iceberg/iceberg_schema/'");
  for (const t of TABLES) {
    expect(text).toContain(`CREATE TABLE IF NOT EXISTS iceberg.iceberg_schema.${t}`);
    expect(text).toContain(`AS SELECT * FROM tpcds.\${TPCDS_SCALE}.${t};`);
  }
  // only the two documented placeholders, so `envsubst '${S3_BUCKET} ${TPCDS_SCALE}'` fills them all
  expect(new Set(text.match(/\$\{\w+\}/g))).toEqual(new Set(['${S3_BUCKET}', '${TPCDS_SCALE}']));
});

test('the long-running query joins the four Iceberg tables and needs no placeholder', () => {
  const text = sql('iceberg_long_running_join.sql');
  for (const t of TABLES) expect(text).toContain(`iceberg.iceberg_schema.${t}`);
  expect(text).not.toMatch(/\$\{/);
});

test('the Hive example lists schemas and reads the taxi table', () => {
  const text = sql('hive_taxi.sql');
  expect(text).toContain('SHOW SCHEMAS FROM hive;');
  expect(text).toContain('SELECT * FROM hive.taxi_hive_database.hive LIMIT 5;');
});

test('the config.properties table (written on the page) has the properties and values FaultTolerantExchange renders', () => {
  const rendered = (retryPolicy: RetryPolicy) => {
    const { stack, cluster } = importedClusterStack('Stack');
    new TrinoCluster(stack, 'Trino', { cluster, exchange: new FaultTolerantExchange(stack, 'Exchange', { retryPolicy }) });
    const chart = Object.values<any>(Template.fromStack(stack).findResources(eks.HelmChart.RESOURCE_TYPE))[0];
    return (parseCfnJson(chart.Properties.Values).additionalConfigProperties as string[]).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
  };
  const [task, query] = [rendered(RetryPolicy.TASK), rendered(RetryPolicy.QUERY)];
  const doc = fs.readFileSync(FAULT_TOLERANCE_DOC, 'utf-8');
  const table = doc.slice(doc.indexOf('| Property | Value | Prop |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2).map((r) => r.slice(2, -2).split(' | '));
  const queryOnly = query.filter(([k]) => !task.some(([t]) => t === k));
  expect(queryOnly.length).toBeGreaterThan(0);
  expect(rows.map((r) => r.slice(0, 2))).toEqual([...task.map(([k, v]) => [`\`${k}\``, `\`${v}\``]),
    ...queryOnly.map(([k, v]) => [`\`${k}\``, `\`${v}\` (with \`RetryPolicy.QUERY\`, instead of \`task-retry-attempts-per-task\`)`]),
    ['`fault-tolerant-execution-task-memory`', 'not set (Trino\'s 5GB)']]);
  expect(task.map(([k]) => k)).not.toContain('fault-tolerant-execution-task-memory');
});

test('the exchange-manager.properties the page shows are what FaultTolerantExchange renders', () => {
  const { stack, cluster } = importedClusterStack('Stack');
  new TrinoCluster(stack, 'Trino', { cluster, exchange: new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }) });
  const chart = Object.values<any>(Template.fromStack(stack).findResources(eks.HelmChart.RESOURCE_TYPE))[0];
  const values = parseCfnJson(chart.Properties.Values);
  const lines = (values.additionalExchangeManagerProperties as string[])
    .map((l) => (l.startsWith('exchange.s3.region=') ? 'exchange.s3.region=<the stack\'s region>' : l));
  const base = values.server.exchangeManager.baseDir.replace(/<ExchangeBucket[0-9A-F]+>/g, '<exchange-bucket>');
  const doc = fs.readFileSync(FAULT_TOLERANCE_DOC, 'utf-8');
  const name = `exchange-manager.name=${values.server.exchangeManager.name}`;
  expect(doc).toContain(['```properties', name, `exchange.base-directories=${base}`, ...lines, '```'].join('\n'));
});
