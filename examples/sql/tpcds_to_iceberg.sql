-- SPDX-License-Identifier: Apache-2.0
-- Loads four TPC-DS tables into Iceberg tables on the Trino data bucket (a CTAS per table).
--
-- Placeholders, filled in by envsubst:
--   ${S3_BUCKET}    the data bucket of the TrinoCluster (its `dataBucket`)
--   ${TPCDS_SCALE}  the TPC-DS schema to copy: sf1, sf10, sf100, sf1000, ... (inventory grows from
--                   about 11.7 million rows at sf1 to about 133 million at sf10)
--
--   export S3_BUCKET=<data bucket> TPCDS_SCALE=sf10
--   envsubst '${S3_BUCKET} ${TPCDS_SCALE}' < examples/sql/tpcds_to_iceberg.sql > /tmp/tpcds_to_iceberg.sql
--   trino --server http://localhost:8080 --user admin --file /tmp/tpcds_to_iceberg.sql

CREATE SCHEMA IF NOT EXISTS iceberg.iceberg_schema
WITH (location = 's3://${S3_BUCKET}/iceberg/iceberg_schema/');

CREATE TABLE IF NOT EXISTS iceberg.iceberg_schema.warehouse
WITH (format = 'PARQUET')
AS SELECT * FROM tpcds.${TPCDS_SCALE}.warehouse;

CREATE TABLE IF NOT EXISTS iceberg.iceberg_schema.item
WITH (format = 'PARQUET')
AS SELECT * FROM tpcds.${TPCDS_SCALE}.item;

CREATE TABLE IF NOT EXISTS iceberg.iceberg_schema.date_dim
WITH (format = 'PARQUET')
AS SELECT * FROM tpcds.${TPCDS_SCALE}.date_dim;

-- The big one: inventory is a fact table (one row per item, warehouse and week).
CREATE TABLE IF NOT EXISTS iceberg.iceberg_schema.inventory
WITH (format = 'PARQUET')
AS SELECT * FROM tpcds.${TPCDS_SCALE}.inventory;

SELECT 'warehouse' AS table_name, count(*) AS row_count FROM iceberg.iceberg_schema.warehouse
UNION ALL SELECT 'item', count(*) FROM iceberg.iceberg_schema.item
UNION ALL SELECT 'date_dim', count(*) FROM iceberg.iceberg_schema.date_dim
UNION ALL SELECT 'inventory', count(*) FROM iceberg.iceberg_schema.inventory;
