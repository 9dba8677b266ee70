-- The Bedrock lines of a CUR 2.0 / Data Exports table, summed over the days read: the one query both bill
-- readers run, DuckDB over local Parquet files (src/bill/cur-reader.ts) and Athena over the export in
-- S3 (src/aws/athena-bill.ts). Columns as AWS documents them for CUR 2.0
-- (https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html) and for Bedrock in it
-- (https://docs.aws.amazon.com/bedrock/latest/userguide/cost-mgmt-understanding-cur-data.html).
--
-- {{name}} placeholders are filled by the reader (src/bill/bill-sql.ts), never from user text except
-- {{source}}, which is a quoted file list or table name:
--   {{source}}           read_parquet([...]) in DuckDB, "database"."table" in Athena
--   {{product_name}}     product['product_name'] in DuckDB, element_at(product, 'product_name') in Athena
--   {{product_region}}   likewise for 'region'
--   {{net_cost}}         line_item_net_unblended_cost, or NULL when the export has no such column
--   {{iam_principal}}    line_item_iam_principal (opt-in since April 2026), or NULL
--   {{tags}}             resource_tags as a JSON text, or NULL
--   {{first_day}} {{end_day}}  the days read, ISO dates: [first_day, end_day)
-- Money is summed as DECIMAL(38,10), not as the export's DOUBLE, and returned as text, so no cost
-- passes through a binary float after the sum. Lines are summed over the whole window, not per day:
-- the reconciliation needs the window's totals, and a year of daily lines is millions of rows to
-- hand to JavaScript where the window's sums are thousands (usage_day and last_day say which days).
SELECT
  line_item_usage_account_id AS account_id,
  line_item_product_code AS product_code,
  {{product_name}} AS service,
  {{product_region}} AS region,
  line_item_usage_type AS usage_type,
  line_item_operation AS operation,
  line_item_line_item_type AS line_item_type,
  CAST(CAST(MIN(line_item_usage_start_date) AS DATE) AS VARCHAR) AS usage_day,
  CAST(CAST(MAX(line_item_usage_start_date) AS DATE) AS VARCHAR) AS last_day,
  pricing_unit,
  line_item_resource_id AS resource_id,
  {{iam_principal}} AS iam_principal,
  {{tags}} AS tags,
  CAST(SUM(CAST(line_item_usage_amount AS DECIMAL(38, 10))) AS VARCHAR) AS quantity,
  CAST(SUM(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS unblended_cost,
  CAST(SUM(CAST({{net_cost}} AS DECIMAL(38, 10))) AS VARCHAR) AS net_cost
FROM {{source}}
WHERE (line_item_product_code LIKE 'AmazonBedrock%' OR {{product_name}} LIKE '%(Amazon Bedrock Edition)')
  AND line_item_usage_start_date >= CAST('{{first_day}}' AS TIMESTAMP)
  AND line_item_usage_start_date < CAST('{{end_day}}' AS TIMESTAMP)
GROUP BY
  line_item_usage_account_id, line_item_product_code, {{product_name}}, {{product_region}}, line_item_usage_type,
  line_item_operation, line_item_line_item_type, pricing_unit, line_item_resource_id, {{iam_principal}}, {{tags}}
