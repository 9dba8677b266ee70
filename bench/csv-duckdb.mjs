// The CSV reference of `npm run bench`: DuckDB reading the same usage CSV with read_csv and a GROUP BY
// that gives, per model, the sum of every metric and the per-minute peaks (input + cache reads, and
// output): the figures the tool's own read and profile pass produce. Argument: the CSV file.
// Plain JavaScript (no tsx), so its process start-up is node's and DuckDB's alone.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const result = await connection.runAndReadAll(`
  WITH per_minute AS (
    SELECT region, modelId, timestamp,
           sum(value) FILTER (WHERE metric = 'InputTokenCount') AS input,
           sum(value) FILTER (WHERE metric = 'CacheReadInputTokenCount') AS reads,
           sum(value) FILTER (WHERE metric = 'OutputTokenCount') AS output,
           sum(value) FILTER (WHERE metric = 'Invocations') AS invocations
    FROM read_csv('${file.replace(/'/g, "''")}', header = true)
    GROUP BY region, modelId, timestamp)
  SELECT region, modelId, sum(input) AS input, sum(reads) AS reads, sum(output) AS output, sum(invocations) AS invocations,
         max(coalesce(input, 0) + coalesce(reads, 0)) AS peak_input, max(output) AS peak_output
  FROM per_minute GROUP BY region, modelId`);
process.stdout.write(`${JSON.stringify({ models: result.getRowObjectsJS().length })}\n`);
connection.closeSync();
instance.closeSync();
