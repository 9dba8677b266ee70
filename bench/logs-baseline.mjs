// DuckDB's own read_json + GROUP BY over the same files: the floor the CLI's log reading is measured
// against (bench/logs.bench.ts). Argument: a file holding the list of .json.gz paths, one a line.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const instance = await DuckDBInstance.create(':memory:', { memory_limit: '600MB' });
const connection = await instance.connect();
const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
const result = await connection.runAndReadAll(`
  SELECT date_trunc('hour', timestamp) AS hour, modelId, identity.arn AS caller, count(*) AS requests,
         sum(input.inputTokenCount) AS input_tokens, sum(output.outputTokenCount) AS output_tokens
  FROM read_json([${list}], format = 'newline_delimited')
  GROUP BY ALL`);
process.stdout.write(`${result.getRowObjectsJS().length} groups\n`);
connection.closeSync();
instance.closeSync();
