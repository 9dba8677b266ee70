import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AdvisorReport } from '../../src/domain/report.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { renderText } from '../../src/report/render-text.js';
import type { Published, PublishedReport } from '../../src/report/published.js';
import { ROOT, sourceFiles } from './source-files.js';

/**
 * Issue 16, "one published view": every renderer reads the published report (rounded once, notes in
 * words, branded `PublishedReport`), never the engine's `AdvisorReport`. The one step from the engine's
 * report to published data is `publishedReport`, and it is the only exported function that takes one.
 */
const TAKES_ENGINE_REPORT: ReadonlySet<string> = new Set([
  'src/report/published.ts publishedReport',
]);

/** Fields of a report (`Pick<AdvisorReport, 'window'>` is the engine's report too). */
const REPORT_FIELDS: ReadonlySet<string> = new Set(['summary', 'models', 'window', 'plans', 'recommendations', 'errors']);

/** Every function exported from src/report/ that would accept an engine report as one of its parameters. */
function engineReportReaders(): string[] {
  const files = sourceFiles('src/report').filter((f) => f.endsWith('.ts'));
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([...files.map((f) => join(ROOT, f)), join(ROOT, 'src/domain/report.ts')], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleOf = (file: string) => checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, file))!)!;
  const engineReportSymbol = checker.getExportsOfModule(moduleOf('src/domain/report.ts')).find((s) => s.name === 'AdvisorReport')!;
  const engineReport = checker.getDeclaredTypeOfSymbol(engineReportSymbol);
  const found: string[] = [];
  for (const file of files) {
    for (const exported of checker.getExportsOfModule(moduleOf(file))) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.valueDeclaration;
      if (!declaration) continue;
      for (const signature of checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures()) {
        for (const parameter of signature.getParameters()) {
          const type = checker.getTypeOfSymbolAtLocation(parameter, declaration);
          if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) continue;
          // A report or a part of one (an options bag of optional fields also accepts a report, as it accepts anything).
          const reportish = checker.getPropertiesOfType(checker.getNonNullableType(type)).some((p) => REPORT_FIELDS.has(p.name));
          if (reportish && checker.isTypeAssignableTo(engineReport, type)) found.push(`${file} ${exported.name}`);
        }
      }
    }
  }
  return [...new Set(found)].sort();
}

describe('one published view feeds every renderer', () => {
  it('no function exported from src/report/ takes the engine\'s AdvisorReport, but the publishing step (and the exact FOCUS export)', () => {
    const readers = engineReportReaders();
    expect(readers.filter((r) => !TAKES_ENGINE_REPORT.has(r))).toEqual([]);
    // The exceptions are real: were one to stop taking the engine's report, it would leave this list.
    expect(readers).toEqual([...TAKES_ENGINE_REPORT].sort());
  }, 120_000);

  it('an engine report handed to a renderer fails to compile (tsc runs over test/)', () => {
    const engine = {} as AdvisorReport;
    const render = () => {
      // @ts-expect-error the engine's report is not published: round it once with publishedReport
      renderEmailDigest(engine);
      // @ts-expect-error nor for the table
      renderText(engine);
    };
    expectTypeOf<AdvisorReport>().not.toMatchTypeOf<Parameters<typeof renderEmailDigest>[0]>();
    expectTypeOf<PublishedReport>().toMatchTypeOf<Parameters<typeof renderEmailDigest>[0]>();
    // An object shaped like a published report is not one either: only publishedReport brands it.
    expectTypeOf<Published<AdvisorReport>>().not.toMatchTypeOf<PublishedReport>();
    expectTypeOf(renderEmailDigest).parameter(0).toEqualTypeOf<PublishedReport>();
    expect(typeof render).toBe('function');
  });
});
