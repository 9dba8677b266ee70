import type { Priced, PriceSource, UnitCapacity } from '../catalog/catalog.js';
import type { CommitmentTerm } from '../catalog/schema.js';
import { termHours } from '../catalog/terms.js';
import type { PriceCitation, PriceOrigin } from '../domain/lines.js';
import type { Note, Worded } from '../domain/notes.js';
import type { PriceLine, ProvisionedDetails, Scenario } from '../domain/report.js';
import type { Decimal } from 'decimal.js';
import { exactHours, oneWordKey } from '../money.js';
import { citePrice, factsOf, originOf, type PriceFacts } from './bill.js';

/**
 * What the models of ONE analysis share in their reports, made once for the analysis: a price line at
 * the same price from the same source, a provisioned label with the same figures. Each is frozen, since
 * many reports hold it. One per analyze() call (src/engine.ts makes it), never kept for the next call.
 */
export class ReplayShared {
  private readonly origins = new Map<PriceSource, PriceOrigin>();
  /** Lines by source, dimension, then the price's exponent and its one word of digits (`Decimal.e`, `d[0]`). */
  private readonly lines = new Map<PriceSource, Map<string, Map<number, Map<number, PriceLine>>>>();
  /** Sized provisioned labels by term, units for the peak, then units chosen (numbers as keys: no key text made for every scenario). */
  private readonly labels = new Map<CommitmentTerm, Map<number, Map<number, Note>>>();
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
    let byPeak = this.labels.get(term);
    if (byPeak === undefined) this.labels.set(term, (byPeak = new Map()));
    let byUnits = byPeak.get(unitsForPeak);
    if (byUnits === undefined) byPeak.set(unitsForPeak, (byUnits = new Map()));
    let label = byUnits.get(units);
    if (label === undefined) {
      byUnits.set(units, (label = Object.freeze({ says: 'provisioned-label', term, sized: Object.freeze({ units, unitsForPeak }) } as const)));
    }
    return label;
  }

  /** The window's exact hours by its hours (`exactHours`). */
  private readonly windowExactHours = new Map<number, Decimal>();

  /**
   * The exact hours of a window of `windowHours` (`exactHours`): one Decimal for the analysis's models
   * (a Decimal never changes), worked out once rather than once a model.
   */
  exactHours(windowHours: number): Decimal {
    let hours = this.windowExactHours.get(windowHours);
    if (hours === undefined) this.windowExactHours.set(windowHours, (hours = exactHours(windowHours)));
    return hours;
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

  /** Unit capacities' figures by source, input then output tokens per minute (`unitCapacity`). */
  private readonly capacities = new Map<PriceSource, Map<number, Map<number, UnitCapacityFigures>>>();

  /**
   * A model unit's capacity as the sized provisioned scenarios state it: their details' `unitCapacity`
   * and its note alone in a list, one frozen pair for every model of the analysis with that capacity
   * from that source (models of a family share their unit's throughput).
   */
  unitCapacity(capacity: UnitCapacity): UnitCapacityFigures {
    const { source, inputTokensPerMinute, outputTokensPerMinute } = capacity;
    let byInput = this.capacities.get(source);
    if (byInput === undefined) this.capacities.set(source, (byInput = new Map()));
    let byOutput = byInput.get(inputTokensPerMinute);
    if (byOutput === undefined) byInput.set(inputTokensPerMinute, (byOutput = new Map()));
    let figures = byOutput.get(outputTokensPerMinute);
    if (figures === undefined) byOutput.set(outputTokensPerMinute, (figures = unitCapacityFigures(capacity)));
    return figures;
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
    if (!citedAlike(price)) return citePrice(price);
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

  /** Price facts by citation, then the price's value (`oneWordKey`). */
  private readonly facts = new Map<PriceCitation, Map<number, PriceFacts>>();
  /**
   * The same by price object, for every book of the analysis: the one look-up a line's price takes once
   * its facts are found (a model's bills ask for each of its prices on several lines).
   */
  private readonly factsByPrice = new Map<Priced, PriceFacts>();

  /**
   * What a bill needs of `price` (`factsOf`): one frozen object for every price of the same value with
   * the analysis's one citation (`citation`), as every model's row prices its tokens at its provider's
   * rates; a price cited on its own (derived, noted) or of more than one word of digits gets its own.
   */
  priceFacts(price: Priced): PriceFacts {
    let facts = this.factsByPrice.get(price);
    if (facts !== undefined) return facts;
    const citation = this.citation(price);
    const key = citedAlike(price) ? oneWordKey(price.usd) : undefined;
    if (key === undefined) facts = factsOf(price, citation);
    else {
      let byValue = this.facts.get(citation);
      if (byValue === undefined) this.facts.set(citation, (byValue = new Map()));
      facts = byValue.get(key);
      if (facts === undefined) {
        const made = factsOf(price, citation);
        byValue.set(key, (facts = Object.freeze({ citation, derived: made.derived, digits: made.digits && Object.freeze(made.digits) })));
      }
    }
    this.factsByPrice.set(price, facts);
    return facts;
  }

  /** The prompt-cache what-ifs last made for each TTL (`cacheWhatIfs`): the next model with the same figures shares them. */
  private readonly lastWhatIfs: { '5m'?: CacheWhatIfs; '1h'?: CacheWhatIfs } = {};

  /**
   * The prompt-cache what-ifs of `ttl` for these figures, frozen: the last model's when they match (a
   * provider's models share prices; a model that writes no cache has no writes per read), else made,
   * its labels and variants kept when the shares are the same. They depend on the shares, the TTL, the
   * break-even share and the writes per read alone, so models in a row with the same ones share six
   * objects instead of six each in the report.
   */
  cacheWhatIfs(ttl: '5m' | '1h', shares: readonly number[], breakEven: number, writesPerRead: number): CacheWhatIfs {
    const last = this.lastWhatIfs[ttl];
    // The shares by value (a caller may pass a new list with the same shares, or change a list it passed).
    const same = last !== undefined && sameShares(last.shares, shares);
    if (same && Object.is(last.breakEven, breakEven) && Object.is(last.writesPerRead, writesPerRead)) return last;
    const variants = same ? last.variants : Object.freeze(shares.map((share) => `read-${Math.round(share * 100)}%-${ttl}`));
    const labels = same ? last.labels : Object.freeze(shares.map((readShare): Worded => Object.freeze({ says: 'prompt-cache-label', readShare, ttl } as const)));
    const figures = Object.freeze(shares.map((readShare): CacheWhatIfFigures => Object.freeze({ readShare, ttl, breakEvenReadShare: breakEven, writesPerRead })));
    const made: CacheWhatIfs = { shares: same ? last.shares : Object.freeze(shares.slice()), breakEven, writesPerRead, variants, labels, figures };
    this.lastWhatIfs[ttl] = made;
    return made;
  }
}

/** What a unit capacity puts in a sized provisioned scenario: its details' `unitCapacity`, and its note alone in a list. */
export interface UnitCapacityFigures {
  readonly details: NonNullable<ProvisionedDetails['unitCapacity']>;
  readonly notes: readonly Note[];
}

/** A capacity's figures, frozen (many scenarios hold them): the details cite the source by id, the note by title. */
export function unitCapacityFigures(capacity: UnitCapacity): UnitCapacityFigures {
  const { inputTokensPerMinute, outputTokensPerMinute, source } = capacity;
  const note: Note = Object.freeze({ says: 'pt-unit-capacity', inputTokensPerMinute, outputTokensPerMinute, source: source.title } as const);
  return Object.freeze({ details: Object.freeze({ inputTokensPerMinute, outputTokensPerMinute, source: source.id }), notes: Object.freeze([note]) });
}

type CacheWhatIfFigures = NonNullable<Scenario['promptCache']>;

/** One TTL's prompt-cache what-ifs, share by share: their variant, label and figures (`ReplayShared.cacheWhatIfs`). */
export interface CacheWhatIfs {
  readonly shares: readonly number[];
  readonly breakEven: number;
  readonly writesPerRead: number;
  readonly variants: readonly string[];
  readonly labels: readonly Worded[];
  readonly figures: readonly CacheWhatIfFigures[];
}

function sameShares(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Whether a price is cited as every price of its source and usage type is (not derived, no note, no adjustments): `ReplayShared.citation` shares those. */
function citedAlike(price: Priced): boolean {
  return !(price.derivedFrom !== undefined || price.source.reliability === 'derived' || price.note || price.adjustments?.length);
}

