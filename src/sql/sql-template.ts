import { readFileSync } from 'node:fs';
import { InternalError } from '../errors.js';

/**
 * The queries kept in their own .sql files (src/bill/bedrock-bill.sql, src/logs/invocation-logs.sql):
 * one text each, run by DuckDB in the CLI and by Athena in the deployed workflow. A bundle carries the
 * text as an esbuild define (scripts/bundle-defines.cjs, for the CLI and every Lambda); a run from source
 * reads the file.
 */
declare const __BEDROCK_BILL_SQL__: string | undefined;
declare const __INVOCATION_LOGS_SQL__: string | undefined;

export type QueryFile = 'bill/bedrock-bill.sql' | 'logs/invocation-logs.sql';

/** The bundled text, where a bundle defined it (each define is replaced textually, so each is named). */
function bundledText(file: QueryFile): string | undefined {
  if (file === 'bill/bedrock-bill.sql') return typeof __BEDROCK_BILL_SQL__ === 'string' ? __BEDROCK_BILL_SQL__ : undefined;
  return typeof __INVOCATION_LOGS_SQL__ === 'string' ? __INVOCATION_LOGS_SQL__ : undefined;
}

/** A text literal for SQL (a file path): no engine import, so the Lambda bundles that build query text stay free of DuckDB. */
export const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

const texts = new Map<QueryFile, string>();

/** The query file's text, as written (comments and placeholders included). */
export function sqlTemplate(file: QueryFile): string {
  let text = texts.get(file);
  if (text === undefined) {
    // Resolved only here: in a CommonJS bundle import.meta.url is empty, and the bundled text is used instead.
    text = bundledText(file) ?? readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    texts.set(file, text);
  }
  return text;
}

/**
 * A query with its `{{name}}` placeholders filled per engine. Comment lines (`--` at the start) are
 * dropped, so a placeholder named in a comment is never filled.
 */
export function fillSqlTemplate(template: string, values: Readonly<Record<string, string>>, fileName: string): string {
  return template
    .split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n')
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new InternalError(`${fileName}: unknown placeholder {{${name}}}`);
      return value;
    });
}

/** The query file with its placeholders filled (the engine-specific values come from the caller). */
export function filledQuery(file: QueryFile, values: Readonly<Record<string, string>>): string {
  return fillSqlTemplate(sqlTemplate(file), values, file);
}
