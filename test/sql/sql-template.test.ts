import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billAthenaQuery } from '../../src/aws/athena-bill.js';
import { logsAthenaQuery } from '../../src/aws/athena-invocation-logs.js';
import { billSql } from '../../src/bill/bill-sql.js';
import { invocationLogsSql } from '../../src/logs/logs-sql.js';

/**
 * One query text per question: the Athena text the deployed workflow runs and the DuckDB text the CLI
 * runs are both the .sql file, comments dropped, with only its {{placeholders}} filled. Checked here
 * against the file read from disk, fragment by fragment, not against the loader's own output.
 */

const repo = join(import.meta.dirname, '..', '..');
const fileText = (file: string) => readFileSync(join(repo, 'src', file), 'utf8');

/** Every literal part of the file between placeholders, in order, with only placeholder values between them. */
function fromFile(file: string, query: string): boolean {
  const body = fileText(file).split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n');
  const fragments = body.split(/\{\{\w+\}\}/);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${fragments.map(escape).join('[\\s\\S]*?')}$`).test(query);
}

describe('the query files', () => {
  it('the bill query on Athena and on DuckDB is bedrock-bill.sql with its placeholders filled', () => {
    const athena = billAthenaQuery({ database: 'cur', table: 'data_export' }, { start: '2026-11-01T00:00:00.000Z', end: '2026-11-08T00:00:00.000Z' });
    expect(fromFile('bill/bedrock-bill.sql', athena)).toBe(true);
    expect(athena).toContain('FROM "cur"."data_export"');
    expect(athena).toContain("element_at(product, 'product_name')");
    expect(athena).toContain("CAST('2026-11-08' AS TIMESTAMP)");
    const duck = billSql({ engine: 'duckdb', source: "read_parquet(['x.parquet'])", present: new Set(), firstDay: '2026-11-01', endDay: '2026-11-08' });
    expect(fromFile('bill/bedrock-bill.sql', duck)).toBe(true);
    // A changed file changes both: a fragment only one engine's text has would fail the check.
    expect(fromFile('bill/bedrock-bill.sql', athena.replace('GROUP BY', 'GROUP  BY'))).toBe(false);
  });

  it('the invocation-log query on Athena and on DuckDB is invocation-logs.sql with its placeholders filled', () => {
    const athena = logsAthenaQuery({ database: 'logs', table: 'bedrock_invocation_logs', longContextThresholds: [200_000, 272_000] });
    expect(fromFile('logs/invocation-logs.sql', athena)).toBe(true);
    expect(athena).toContain('FROM "logs"."bedrock_invocation_logs"');
    expect(athena).toContain('"$path" AS file');
    expect(athena).toContain('WHEN (input_tokens + cache_read_tokens + cache_write_tokens) > 272000 THEN 272000');
    const duck = invocationLogsSql({ engine: 'duckdb', files: ['a.json.gz'], longContextThresholds: [200_000] });
    expect(fromFile('logs/invocation-logs.sql', duck)).toBe(true);
  });

  it('every bundle carries the files as they are (the esbuild defines of scripts/bundle-defines.cjs)', () => {
    const { defines, TEXT_FILES } = createRequire(import.meta.url)('../../scripts/bundle-defines.cjs') as { defines: () => Record<string, string>; TEXT_FILES: Record<string, string> };
    const defined = defines();
    expect(Object.keys(defined).sort()).toEqual(['__BEDROCK_BILL_SQL__', '__BUNDLED_CATALOG_JSON__', '__INVOCATION_LOGS_SQL__']);
    expect(TEXT_FILES.__BUNDLED_CATALOG_JSON__).toBe('src/catalog/data/bedrock-prices.json');
    // The queries as they are; the catalog sliced by Region (test/catalog/bundled-slices.test.ts reads it back).
    const { catalogSlices } = createRequire(import.meta.url)('../../scripts/bundle-defines.cjs') as { catalogSlices: (text: string) => string };
    for (const [name, file] of Object.entries(TEXT_FILES)) {
      const text = readFileSync(join(repo, file), 'utf8');
      expect(JSON.parse(defined[name]!)).toBe(name === '__BUNDLED_CATALOG_JSON__' ? catalogSlices(text) : text);
    }
  });

  it('refuses a table name that is not a plain Glue name, as it is quoted into the SQL', () => {
    expect(() => logsAthenaQuery({ database: 'logs', table: 'x"; DROP TABLE y; --', longContextThresholds: [] })).toThrow(/letters, digits and underscores/);
    expect(() => billAthenaQuery({ database: 'cur-db', table: 't' }, { start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z' })).toThrow(/database "cur-db"/);
  });
});
