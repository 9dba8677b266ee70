import type { Decimal } from 'decimal.js';
import type { AdvisorReport } from '../domain/report.js';
import type { Note, PublishedText } from '../domain/notes.js';

/**
 * The types of the published view (its making is ./published.ts). Every renderer, the CLI, every Lambda
 * and the fan-out read a `PublishedReport`, never the engine's `AdvisorReport`: the one function that takes
 * an engine report and returns published data is `publishedReport`. These types live apart from
 * ./published.ts so a renderer that ./published.ts imports (./format.ts, ./organization.ts) can name them
 * without an import cycle.
 */

/** A part of the engine's report as published: every note (src/domain/notes.ts) in words. */
export type Published<T> =
  T extends Note ? PublishedText
    : T extends string | number | boolean | null | undefined | Decimal ? T
      : T extends ReadonlyArray<infer U> ? Array<Published<U>>
        : T extends object ? { [K in keyof T]: Published<T[K]> }
          : T;

declare const PUBLISHED: unique symbol;
/**
 * The one view of a report that is published (made by `publishedReport` in ./published.ts): every amount
 * rounded to its scale, every total settled from the rounded parts, every note in words. The brand means
 * an engine report (or an object built to look like a published one) is not one.
 */
export type PublishedReport = Published<AdvisorReport> & { readonly [PUBLISHED]: true };
