// DuckDB's own read_json + GROUP BY over the same files: the floor the CLI's log reading is measured
// against (bench/logs.bench.ts). Argument: a file holding the list of .json.gz paths, one a line.
// It does less than the reader it is compared with, which the ratio includes: no requestId dedupe, none
// of the per-record checks, three of the record's numbers (not the cache counts, the body's TTL split,
// tier, tags, Region or error), a coarser grouping (hour x model x caller: 20,041 groups at 100,000
// bench records, where the reader's classes make 37,489), and only DuckDB's start-up where the CLI's
// side is a whole `analyze` run (its own start-up, the catalog, pricing and the report). Its schema is
// auto-detected from the files, which the reader's fixed columns skip. One cost of its own favours the
// CLI: it hands its 20,041 groups to JavaScript as row objects (getRowObjectsJS, about a fifth of its
// CPU time: 1.15-1.24 s against 0.89-0.93 s counting them with result.rowCount, 2026-12-06, load ~11),
// where the reader reads its rows' numbers straight from DuckDB's vectors; with rowCount every ratio
// would be about 30% higher. It is kept as it is, so the figures stay comparable run to run.
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
