// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';

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
