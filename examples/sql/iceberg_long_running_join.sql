-- SPDX-License-Identifier: Apache-2.0
-- A long-running query for the "terminate workers mid-query" test (docs/fault-tolerance.md): it joins the
-- inventory fact table with its three dimensions, so every stage exchanges data between workers, then
-- aggregates, ranks and sorts. Run tpcds_to_iceberg.sql first; a larger TPCDS_SCALE makes it run longer.
--
--   trino --server http://localhost:8080 --user admin --file examples/sql/iceberg_long_running_join.sql

WITH monthly_stock AS (
  SELECT
    w.w_warehouse_name,
    w.w_state,
    i.i_category,
    i.i_brand,
    d.d_year,
    d.d_moy,
    sum(inv.inv_quantity_on_hand) AS quantity,
    count(DISTINCT inv.inv_item_sk) AS distinct_items,
    approx_percentile(inv.inv_quantity_on_hand, 0.9) AS p90_quantity
  FROM iceberg.iceberg_schema.inventory inv
  JOIN iceberg.iceberg_schema.item i ON inv.inv_item_sk = i.i_item_sk
  JOIN iceberg.iceberg_schema.warehouse w ON inv.inv_warehouse_sk = w.w_warehouse_sk
  JOIN iceberg.iceberg_schema.date_dim d ON inv.inv_date_sk = d.d_date_sk
  GROUP BY w.w_warehouse_name, w.w_state, i.i_category, i.i_brand, d.d_year, d.d_moy
),
ranked AS (
  SELECT
    *,
    rank() OVER (PARTITION BY w_warehouse_name, d_year, d_moy ORDER BY quantity DESC) AS brand_rank,
    quantity - lag(quantity) OVER (
      PARTITION BY w_warehouse_name, i_category, i_brand ORDER BY d_year, d_moy
    ) AS change_from_previous_month
  FROM monthly_stock
)
SELECT
  w_warehouse_name,
  w_state,
  d_year,
  d_moy,
  i_category,
  i_brand,
  quantity,
  distinct_items,
  p90_quantity,
  change_from_previous_month
FROM ranked
WHERE brand_rank <= 10
ORDER BY w_warehouse_name, d_year, d_moy, brand_rank
LIMIT 1000;
