-- SPDX-License-Identifier: Apache-2.0
-- Reads the NYC taxi trips through the Hive catalog (AWS Glue metastore, Parquet files on S3).
-- It needs a Glue database `taxi_hive_database` with a table `hive`, as the seed's Hive setup creates it:
-- the trip data copied to s3://<data bucket>/hive/ and a Glue crawler run over that prefix.
--
--   trino --server http://localhost:8080 --user admin --file examples/sql/hive_taxi.sql

SHOW CATALOGS;

SHOW SCHEMAS FROM hive;

SHOW TABLES FROM hive.taxi_hive_database;

SELECT * FROM hive.taxi_hive_database.hive LIMIT 5;

SELECT
  passenger_count,
  count(*) AS trips,
  round(avg(trip_distance), 2) AS avg_distance
FROM hive.taxi_hive_database.hive
GROUP BY passenger_count
ORDER BY trips DESC
LIMIT 10;
