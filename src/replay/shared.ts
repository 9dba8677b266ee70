import type { Priced, PriceSource } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { termHours } from '../catalog/terms.js';
import type { PriceCitation, PriceOrigin } from '../domain/lines.js';
import type { Note } from '../domain/notes.js';
import type { PriceLine } from '../domain/report.js';
import { citePrice, originOf } from './bill.js';

/**
 * What the models of ONE analysis share in their reports, made once for the analysis: a price line at
 * the same price from the same source, a provisioned label with the same figures. Each is frozen, since
 * many reports hold it. One per analyze() call (src/engine.ts makes it), never kept for the next call.
 */
export class ReplayShared {
  private readonly origins = new Map<PriceSource, PriceOrigin>();
  /** Lines by source, dimension, then the price's exponent and its one word of digits (`Decimal.e`, `d[0]`). */
  private readonly lines = new Map<PriceSource, Map<string, Map<number, Map<number, PriceLine>>>>();
  private readonly labels = new Map<string, Note>();
  /** The report's date (epoch ms) the day and term hours below were worked out for. */
  private dayOf = NaN;
  private day = '';
  private readonly hoursOfTerm = new Map<number, number>();
  /** The committed terms' hours notes by months, for the date above (`termHoursNote`). */
  private readonly hoursNotes = new Map<number, Note>();
  /**
   * Cache break-even read shares (`breakEvenReadShare`) by the input, read and write prices' word keys:
   * worked out once per distinct triple of prices in the analysis.
   */
  readonly breakEvenShares = new Map<number, Map<number, Map<number, number>>>();

  /** A source's origin as a line cites it. */
  origin(source: PriceSource): PriceOrigin {
    let origin = this.origins.get(source);
    if (origin === undefined) this.origins.set(source, (origin = Object.freeze(originOf(source))));
    return origin;
  }

  /**
   * The report's line for a price: one frozen line for every price of the same value from the same
   * source under the same dimension. Prices of more than one word of digits (rare) get their own line.
   */
  priceLine(dimension: string, unit: string, price: Priced): PriceLine {
    const usd = price.usd;
    const digits = usd.d;
    if (digits === null || digits.length !== 1 || usd.s !== 1) return { dimension, unit, usd, source: this.origin(price.source), readOn: price.source.readOn };
    let byDimension = this.lines.get(price.source);
    if (byDimension === undefined) this.lines.set(price.source, (byDimension = new Map()));
    let byExponent = byDimension.get(dimension);
    if (byExponent === undefined) byDimension.set(dimension, (byExponent = new Map()));
    let byDigits = byExponent.get(usd.e);
    if (byDigits === undefined) byExponent.set(usd.e, (byDigits = new Map()));
    let line = byDigits.get(digits[0]!);
    if (line === undefined) {
      line = Object.freeze({ dimension, unit, usd, source: this.origin(price.source), readOn: price.source.readOn });
      byDigits.set(digits[0]!, line);
    }
    return line;
  }

  /** The monthly-scale note by window hours (`windowNote`). */
  private readonly windowNotes = new Map<number, Note>();

  /** The note every scenario of a window states: one frozen object for the analysis's models. */
  windowNote(hours: number): Note {
    let note = this.windowNotes.get(hours);
    if (note === undefined) this.windowNotes.set(hours, (note = Object.freeze({ says: 'monthly-scale-window', hours } as const)));
    return note;
  }

  /** A sized provisioned scenario's label. */
  provisionedLabel(term: CommitmentTerm, units: number, unitsForPeak: number): Note {
    const key = `${term}|${units}|${unitsForPeak}`;
    let label = this.labels.get(key);
    if (label === undefined) {
      this.labels.set(key, (label = Object.freeze({ says: 'provisioned-label', term, sized: Object.freeze({ units, unitsForPeak }) } as const)));
    }
    return label;
  }

  /** The day a commitment bought at `now` is bought on, YYYY-MM-DD: one for the analysis's models. */
  boughtOn(now: Date): string {
    this.at(now);
    return (this.day ||= now.toISOString().slice(0, 10));
  }

  /** Hours in a term of `months` bought at `now` (`termHours`): worked out once a term for the analysis. */
  termHours(now: Date, months: number): number {
    this.at(now);
    let hours = this.hoursOfTerm.get(months);
    if (hours === undefined) this.hoursOfTerm.set(months, (hours = termHours(now, months)));
    return hours;
  }

  /**
   * A committed term's hours note for a commitment of `months` bought at `now`: its day and hours are
   * the same for every model of the analysis, so one frozen note a term (a note is never changed).
   */
  termHoursNote(now: Date, months: number): Note {
    this.at(now);
    let note = this.hoursNotes.get(months);
    if (note === undefined) {
      note = Object.freeze({ says: 'pt-term-hours', months, boughtOn: this.boughtOn(now), termHours: this.termHours(now, months) } as const);
      this.hoursNotes.set(months, note);
    }
    return note;
  }

  private at(now: Date): void {
    const time = now.getTime();
    if (time === this.dayOf) return;
    this.dayOf = time;
    this.day = '';
    this.hoursOfTerm.clear();
    this.hoursNotes.clear();
  }

  /** Citations by source, then usage type ('' for none). */
  private readonly citations = new Map<PriceSource, Map<string, PriceCitation>>();

  /**
   * How a line cites `price` (`citePrice`): one frozen citation for every price from the same source
   * with the same usage type, where that is all it says (most prices, the lines of every model). A
   * derived price, or one with a note or adjustments, gets its own.
   */
  citation(price: Priced): PriceCitation {
    const source = price.source;
    if (price.derivedFrom !== undefined || source.reliability === 'derived' || price.note || price.adjustments?.length) return citePrice(price);
    let byUsageType = this.citations.get(source);
    if (byUsageType === undefined) this.citations.set(source, (byUsageType = new Map()));
    const usageType = price.usagetype || '';
    let cited = byUsageType.get(usageType);
    if (cited === undefined) {
      cited = { cites: 'price', origin: this.origin(source), id: source.id };
      if (usageType) cited.usageType = usageType;
      byUsageType.set(usageType, (cited = Object.freeze(cited)));
    }
    return cited;
  }
}
