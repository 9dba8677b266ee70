import type { Decimal } from 'decimal.js';
import type { CatalogModel, ModelPrices, PriceCatalog, Priced } from '../catalog/catalog.js';
import { perMonth, sumMoney } from '../money.js';
import type { InferenceScope } from '../model-id.js';
import type { Bill } from '../replay/bill.js';
import { PriceBook, combined, tokens } from '../modes/price-book.js';
import type { ModelResolver } from '../usage/resolve.js';
import type { BatchExclusion, Note, Worded } from '../domain/notes.js';
import { requestClassParts } from '../modes/on-demand.js';
import { batchEvidence, EvidenceTally, isOffHours } from './batch-evidence.js';
import { hourColumns, hourRows, hourStarts, type HourColumns, type InvocationLogHour, type InvocationLogRead } from './invocation-log.js';
import type { CallerReport, InvocationLogSummary, LogCoverage, ModelRequests, RequestClass, RequestTokens } from '../domain/report.js';

/**
 * Prices every request from the logs' hourly aggregates at its own class: the long-context rates when
 * its whole input was above the model's threshold, its cache writes at the TTL its body names, its
 * service tier's rates. Token counts are summed as integers per class and each sum is priced once, so
 * a model's cost is the exact sum of its classes and a caller's the exact sum of its parts.
 */

const HOUR_MS = 3_600_000;

export interface PricedRequests {
  /** Keyed by `modelKey`. */
  models: Map<string, ModelRequests>;
  callers: CallerReport[];
  summary: InvocationLogSummary;
}

/** How a model line of the report is found: account (when several), base model, Region, scope. */
export function modelKey(accountId: string | undefined, baseModelId: string, region: string, scope: InferenceScope): string {
  return `${accountId ?? ''}|${baseModelId}|${region}|${scope}`;
}

export interface PriceRequestsOptions {
  catalog: PriceCatalog;
  resolver: ModelResolver;
  /** The report's window, epoch milliseconds, end exclusive. */
  window: { start: number; end: number };
  /** Whether the report is over several accounts (model lines then carry their account). */
  perAccount: boolean;
}

const emptyTokens = (): RequestTokens => ({ input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheWriteUnsplit: 0, output: 0 });

function addTokens(into: RequestTokens, h: InvocationLogHour): void {
  addTokenCounts(into, h.inputTokens, h.cacheReadTokens, h.cacheWrite5mTokens, h.cacheWrite1hTokens, h.cacheWriteUnsplitTokens, h.outputTokens);
}

function addTokenCounts(into: RequestTokens, input: number, cacheRead: number, cacheWrite5m: number, cacheWrite1h: number, cacheWriteUnsplit: number, output: number): void {
  into.input += input;
  into.cacheRead += cacheRead;
  into.cacheWrite5m += cacheWrite5m;
  into.cacheWrite1h += cacheWrite1h;
  into.cacheWriteUnsplit += cacheWriteUnsplit;
  into.output += output;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A class's counts before pricing. */
type ClassSum = Omit<RequestClass, 'cost' | 'lines'>;

/** The priced bill of one class of one model: the on-demand mode's rule for a class (`requestClassParts`), priced by the model's book. */
function classBill(c: ClassSum, model: CatalogModel | undefined, prices: ModelPrices): { bill: Bill; reason?: Note } {
  const { parts, unpricedTier } = requestClassParts(c);
  const bill = new PriceBook(model, prices).bill([...parts.plainInput, ...parts.output, ...parts.cacheRead, ...parts.cacheWrite]);
  if (unpricedTier === 'long-context-tier') return { bill, reason: { says: 'logs-tier-long-context-unpriced', tier: c.tier } };
  if (unpricedTier === 'unknown-tier') return { bill, reason: { says: 'logs-tier-unpriced', tier: c.tier } };
  return { bill };
}

export function priceRequests(read: InvocationLogRead, options: PriceRequestsOptions): PricedRequests {
  const { catalog, resolver, window } = options;
  // The readers share one tags object among the rows that carry the same tags: each written once.
  const tagsTexts = new WeakMap<Record<string, string>, string>();
  const tagsText = (tags: Record<string, string>) => {
    let text = tagsTexts.get(tags);
    if (text === undefined) tagsTexts.set(tags, (text = JSON.stringify(tags)));
    return text;
  };
  const windowHours = (window.end - window.start) / HOUR_MS;
  const unresolved = new Map<string, { modelId: string; region: string; requests: number; reason: Worded }>();
  // Coverage per account and Region: the hours from the first record to the last, inside the window.
  const spans = new Map<string, Span>();
  const classes = new Map<string, ClassEntry>();
  const callers = new Map<string, CallerEntry>();

  // What a row adds to, found once per distinct account, Region, model, caller, tags and class (the
  // rows repeat them hour after hour), each map entry made at the first row that needs it.
  const targets = new Map<string, Target>();
  const targetOf = (h: InvocationLogHour): Target => {
    const tags = tagsText(h.tags);
    const targetKey = `${h.accountId}|${h.region}|${h.modelId}|${h.caller}|${tags}|${h.longContextBand}|${h.tier}|${h.streaming}|${h.errored}`;
    let target = targets.get(targetKey);
    if (target) return target;
    const spanKey = `${h.accountId}|${h.region}`;
    let span = spans.get(spanKey);
    if (!span) spans.set(spanKey, (span = { accountId: h.accountId, region: h.region, first: Infinity, last: -Infinity }));
    const resolution = resolver.resolve(h.modelId);
    if (resolution.kind !== 'model') {
      const reason: Note = resolution.kind === 'unresolved' ? resolution.reason : { says: 'logs-priced-from-replay', kind: resolution.kind };
      const u = unresolved.get(`${h.modelId}|${h.region}`) ?? { modelId: h.modelId, region: h.region, requests: 0, reason };
      unresolved.set(`${h.modelId}|${h.region}`, u);
      target = { span, unresolved: u };
    } else {
      const model = catalog.model(resolution.baseModelId);
      const threshold = model?.longContext?.thresholdInputTokens;
      const longContext = threshold !== undefined && h.longContextBand >= threshold;
      const key = modelKey(options.perAccount ? h.accountId : undefined, resolution.baseModelId, h.region, resolution.scope);
      const classKey = `${key}|${longContext}|${h.tier}|${h.streaming}|${h.errored}`;
      let entry = classes.get(classKey);
      if (!entry) {
        entry = { key, baseModelId: resolution.baseModelId, region: h.region, scope: resolution.scope, accountId: h.accountId,
          sum: { longContext, tier: h.tier, streaming: h.streaming, errored: h.errored, requests: 0, tokens: emptyTokens() }, rerouted: 0 };
        classes.set(classKey, entry);
      }
      const callerKey = `${h.accountId}|${h.caller}|${tags}`;
      let caller = callers.get(callerKey);
      if (!caller) callers.set(callerKey, (caller = { accountId: h.accountId, caller: h.caller, tags: h.tags, parts: new Map(), tally: new EvidenceTally() }));
      let part = caller.parts.get(classKey);
      if (!part) caller.parts.set(classKey, (part = { ...entry.sum, requests: 0, tokens: emptyTokens(), modelKey: key }));
      target = { span, entry, caller, part };
    }
    targets.set(targetKey, target);
    return target;
  };

  const columns = hourColumns(read);
  const { requests, outsideWindow } = columns ? sumColumns(columns, window, targetOf) : sumRows(read.hours, window, targetOf);

  const coverageOf = new Map<string, LogCoverage>();
  for (const s of spans.values()) {
    // The logs alone are the usage: each account and Region is covered over the whole window (an
    // account whose first request came later had none before it), not from its own first record.
    if (read.wholeUsage) [s.first, s.last] = [window.start, window.end - HOUR_MS];
    const end = s.last + HOUR_MS;
    const hours = (end - s.first) / HOUR_MS;
    coverageOf.set(`${s.accountId}|${s.region}`, {
      accountId: s.accountId, region: s.region, start: iso(s.first), end: iso(end), hours, windowHours,
      complete: s.first <= window.start && end >= window.end,
    });
  }

  const pricesFor = (baseModelId: string, region: string, scope: InferenceScope) => ({ model: catalog.model(baseModelId), prices: catalog.prices(baseModelId, region, scope) });
  const models = new Map<string, ModelRequests>();
  for (const entry of [...classes.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const coverage = coverageOf.get(`${entry.accountId}|${entry.region}`)!;
    let m = models.get(entry.key);
    if (!m) {
      m = { coverage, requests: 0, longContextRequests: 0, reroutedRequests: 0, erroredRequests: 0, tokens: emptyTokens(), cost: null, monthlyCost: null, classes: [], assumptions: [] };
      models.set(entry.key, m);
    }
    const { model, prices } = pricesFor(entry.baseModelId, entry.region, entry.scope);
    const c = entry.sum;
    m.requests += c.requests;
    if (c.longContext) m.longContextRequests += c.requests;
    if (c.errored) m.erroredRequests += c.requests;
    m.reroutedRequests += entry.rerouted;
    for (const k of Object.keys(m.tokens) as Array<keyof RequestTokens>) m.tokens[k] += c.tokens[k];
    const priced: RequestClass = { longContext: c.longContext, tier: c.tier, streaming: c.streaming, errored: c.errored, requests: c.requests, tokens: c.tokens, cost: null, lines: [] };
    if (!prices) {
      priced.unpricedReason = { says: 'no-price-here', scope: entry.scope, modelId: entry.baseModelId, region: entry.region };
    } else {
      const { bill, reason } = classBill(c, model, prices);
      priced.cost = bill.result();
      priced.lines = bill.lines;
      const why = reason ?? bill.reason();
      if (why) priced.unpricedReason = why;
      for (const note of bill.notes) if (!m.assumptions.includes(note)) m.assumptions.push(note);
    }
    m.classes.push(priced);
  }
  for (const m of models.values()) {
    m.cost = m.classes.every((c) => c.cost !== null) ? sumMoney(m.classes.map((c) => c.cost!)) : null;
    m.monthlyCost = m.cost === null ? null : perMonth(m.cost, m.coverage.hours);
    m.assumptions.push(...requestAssumptions(m));
  }

  const callerReports: CallerReport[] = [];
  for (const c of callers.values()) {
    const parts = [...c.parts.values()];
    const tokens = emptyTokens();
    for (const part of parts) for (const k of Object.keys(tokens) as Array<keyof RequestTokens>) tokens[k] += part.tokens[k];
    const covered = Math.max(...parts.map((p) => coverageOf.get(`${c.accountId}|${regionOfKey(p.modelKey)}`)?.hours ?? windowHours));
    const costs = parts.map((part) => {
      const [, base, region, scope] = part.modelKey.split('|') as [string, string, string, InferenceScope];
      const { model, prices } = pricesFor(base, region, scope);
      return prices ? classBill(part, model, prices).bill.result() : null;
    });
    const cost = costs.every((x) => x !== null) ? sumMoney(costs as Decimal[]) : null;
    callerReports.push({
      accountId: c.accountId,
      caller: c.caller,
      tags: c.tags,
      models: [...new Set(parts.map((p) => p.modelKey.split('|')[1]!))].sort(),
      requests: parts.reduce((n, p) => n + p.requests, 0),
      tokens,
      cost,
      monthlyCost: cost === null ? null : perMonth(cost, covered),
      batch: batchOf(parts, costs, c.tally, c.caller, covered, pricesFor),
    });
  }
  callerReports.sort(byBatchSaving);

  const summary: InvocationLogSummary = {
    source: read.description,
    coverage: [...coverageOf.values()].sort((a, b) => `${a.accountId}|${a.region}`.localeCompare(`${b.accountId}|${b.region}`)),
    requests,
    duplicates: read.duplicates,
    outsideWindow,
    unresolved: [...unresolved.values()].sort((a, b) => b.requests - a.requests),
    assumptions: [{ says: 'logs-each-request-own-class' }, { says: 'logs-ttl-unknown-5m' }, { says: 'logs-geo-source-rate' }, { says: 'logs-monthly-scale' }],
  };
  return { models, callers: callerReports, summary };
}

type Span = { accountId: string; region: string; first: number; last: number };
type ClassEntry = { key: string; baseModelId: string; region: string; scope: InferenceScope; accountId: string; sum: ClassSum; rerouted: number };
type CallerEntry = { accountId: string; caller: string; tags: Record<string, string>; parts: Map<string, ClassSum & { modelKey: string }>; tally: EvidenceTally };
/** What a row adds to: its account's and Region's span, and its model's class and caller's part (or the unresolved model's count). */
type Target = { span: Span } & ({ unresolved: { requests: number }; entry?: never; caller?: never; part?: never } | { unresolved?: never; entry: ClassEntry; caller: CallerEntry; part: ClassSum });

/**
 * Adds each row inside the window to its target (`targetOf`, which keys it by text), and counts the
 * requests inside and outside. The reader's series and hour numbers (`hourRows`), when it gave them:
 * each series' target found by `targetOf` at its first row, the others by number (each row's fields
 * checked against that first row's, so a row that differs is keyed by its text); each hour's start
 * and off-hours found once. The loop is a function of its own: V8 compiles a hot loop with the whole
 * function around it (priceRequests and its key-building closure, called per row: 130 and 283 ms of
 * compile time in `--trace-opt` of the CLI's run at 100,000 records, a loaded machine's clock, more
 * than the loop ran).
 */
function sumRows(hours: readonly InvocationLogHour[], window: { start: number; end: number }, targetOf: (h: InvocationLogHour) => Target): { requests: number; outsideWindow: number } {
  const hourStart = hourStarts();
  const numbered = hourRows(hours);
  const firstOf: Array<InvocationLogHour | undefined> = numbered ? new Array(numbered.seriesCount) : [];
  const targetOfSeries: Target[] = numbered ? new Array(numbered.seriesCount) : [];
  const startOf = numbered ? numbered.hourTexts.map(hourStart) : [];
  const offOf = numbered ? numbered.hourTexts.map(isOffHours) : [];
  let requests = 0;
  let outsideWindow = 0;
  for (let j = 0; j < hours.length; j++) {
    const h = hours[j]!;
    const hourNumber = numbered && h.hour === numbered.hourTexts[numbered.hour[j]!] ? numbered.hour[j]! : -1;
    const start = hourNumber >= 0 ? startOf[hourNumber]! : hourStart(h.hour);
    if (!(start >= window.start && start < window.end)) {
      outsideWindow += h.requests;
      continue;
    }
    requests += h.requests;
    let target: Target;
    if (numbered) {
      const s = numbered.series[j]!;
      const first = firstOf[s];
      if (first === undefined) target = targetOfSeries[s] = targetOf((firstOf[s] = h));
      else target = sameTarget(first, h) ? targetOfSeries[s]! : targetOf(h);
    } else {
      target = targetOf(h);
    }
    const span = target.span;
    span.first = Math.min(span.first, start);
    span.last = Math.max(span.last, start);
    if (target.unresolved) {
      target.unresolved.requests += h.requests;
      continue;
    }
    const { entry, caller, part } = target;
    entry.sum.requests += h.requests;
    addTokens(entry.sum.tokens, h);
    if (h.inferenceRegion !== h.region) entry.rerouted += h.requests;
    part.requests += h.requests;
    addTokens(part.tokens, h);
    caller.tally.addAt(h, hourNumber >= 0 ? offOf[hourNumber]! : isOffHours(h.hour));
  }
  return { requests, outsideWindow };
}

/**
 * sumRows over the reader's columns (`hourColumns`), row for row in the same order: each series'
 * target found by `targetOf` at its first row inside the window (its fields, `seriesBases`), each
 * hour's start and off hours once, the counts read from the columns. Its own function, as sumRows.
 */
function sumColumns(c: HourColumns, window: { start: number; end: number }, targetOf: (h: InvocationLogHour) => Target): { requests: number; outsideWindow: number } {
  const hourStart = hourStarts();
  const targetOfSeries: Array<Target | undefined> = new Array(c.seriesBases.length);
  const startOf = c.hourTexts.map(hourStart);
  const offOf = c.hourTexts.map(isOffHours);
  let requests = 0;
  let outsideWindow = 0;
  for (let j = 0; j < c.length; j++) {
    const hourNumber = c.hour[j]!;
    const start = startOf[hourNumber]!;
    const n = c.requests[j]!;
    if (!(start >= window.start && start < window.end)) {
      outsideWindow += n;
      continue;
    }
    requests += n;
    const s = c.series[j]!;
    const base = c.seriesBases[s]!;
    const target = targetOfSeries[s] ?? (targetOfSeries[s] = targetOf(base));
    const span = target.span;
    span.first = Math.min(span.first, start);
    span.last = Math.max(span.last, start);
    if (target.unresolved) {
      target.unresolved.requests += n;
      continue;
    }
    const { entry, caller, part } = target;
    const input = c.inputTokens[j]!;
    const cacheRead = c.cacheReadTokens[j]!;
    const cacheWrite5m = c.cacheWrite5mTokens[j]!;
    const cacheWrite1h = c.cacheWrite1hTokens[j]!;
    const cacheWriteUnsplit = c.cacheWriteUnsplitTokens[j]!;
    const output = c.outputTokens[j]!;
    entry.sum.requests += n;
    addTokenCounts(entry.sum.tokens, input, cacheRead, cacheWrite5m, cacheWrite1h, cacheWriteUnsplit, output);
    if (base.inferenceRegion !== base.region) entry.rerouted += n;
    part.requests += n;
    addTokenCounts(part.tokens, input, cacheRead, cacheWrite5m, cacheWrite1h, cacheWriteUnsplit, output);
    caller.tally.addCounts(c.hourTexts[hourNumber]!, offOf[hourNumber]!, base.streaming, n, c.activeMinutes[j]!, input + cacheRead + cacheWrite5m + cacheWrite1h + cacheWriteUnsplit, c.allInputSquared[j]!);
  }
  return { requests, outsideWindow };
}

/** Whether two rows add to the same target (targetOf's key: the same fields, the tags the same object). */
function sameTarget(a: InvocationLogHour, b: InvocationLogHour): boolean {
  return a.accountId === b.accountId && a.region === b.region && a.modelId === b.modelId && a.caller === b.caller && a.tags === b.tags &&
    a.longContextBand === b.longContextBand && a.tier === b.tier && a.streaming === b.streaming && a.errored === b.errored;
}

const regionOfKey = (key: string) => key.split('|')[2]!;

function requestAssumptions(m: ModelRequests): Note[] {
  const out: Note[] = [];
  if (m.tokens.cacheWriteUnsplit > 0) out.push({ says: 'logs-ttl-missing', tokens: m.tokens.cacheWriteUnsplit });
  const c = m.coverage;
  if (!c.complete) out.push({ says: 'logs-partial-coverage', start: c.start, end: c.end, hours: c.hours, windowHours: c.windowHours });
  return out;
}

type PricesFor = (baseModelId: string, region: string, scope: InferenceScope) => { model: CatalogModel | undefined; prices: ModelPrices | undefined };

/** The saving of moving a caller's requests to batch: only what batch can price, and the evidence. */
function batchOf(parts: Array<ClassSum & { modelKey: string }>, costs: Array<Decimal | null>, tally: EvidenceTally, caller: string, hours: number, pricesFor: PricesFor): CallerReport['batch'] {
  const onDemand: Array<Decimal | null> = [];
  const batch: Bill[] = [];
  let requests = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  // Each reason once, in the order met.
  const excluded = new Map<string, BatchExclusion>();
  parts.forEach((part, i) => {
    if (part.errored) return;
    if (part.longContext) {
      excluded.set('long-context', { why: 'long-context' });
      return;
    }
    const [, base, region, scope] = part.modelKey.split('|') as [string, string, string, InferenceScope];
    const { model, prices } = pricesFor(base, region, scope);
    const p = prices?.perThousandTokens;
    if (!p?.batchInput || !p.batchOutput) {
      excluded.set(`${base}|${region}`, { why: 'no-batch-price', modelId: base, region });
      return;
    }
    const t = part.tokens;
    const input = t.input + t.cacheRead + t.cacheWrite5m + t.cacheWrite1h + t.cacheWriteUnsplit;
    // Batch has no prompt caching: every cached token is billed as batch input.
    batch.push(new PriceBook(model, prices).bill([
      tokens('batchInput', input, { per1kTokens: 'batchInput' }), tokens('batchOutput', t.output, { per1kTokens: 'batchOutput' }),
    ]));
    onDemand.push(costs[i] ?? null);
    requests += part.requests;
    inputTokens += input;
    outputTokens += t.output;
  });
  const onDemandCost = requests > 0 && onDemand.every((c) => c !== null) ? sumMoney(onDemand as Decimal[]) : null;
  const batchCost = requests > 0 ? combined(batch).result() : null;
  const monthlySavings = onDemandCost !== null && batchCost !== null ? perMonth(onDemandCost.minus(batchCost), hours) : null;
  const reason: Note | undefined = excluded.size ? { says: 'batch-not-counted', excluded: [...excluded.values()] } : requests === 0 ? { says: 'batch-nothing-priced' } : undefined;
  return { requests, inputTokens, outputTokens, onDemandCost, batchCost, monthlySavings, ...(reason ? { reason } : {}), evidence: batchEvidence(tally, caller) };
}

/** Largest batch saving first; callers batch cannot price after, by cost; then by name, for a stable order. */
function byBatchSaving(a: CallerReport, b: CallerReport): number {
  const sa = a.batch.monthlySavings;
  const sb = b.batch.monthlySavings;
  if (sa && sb && !sa.equals(sb)) return sb.comparedTo(sa);
  if (sa && !sb) return -1;
  if (!sa && sb) return 1;
  const ca = a.cost;
  const cb = b.cost;
  if (ca && cb && !ca.equals(cb)) return cb.comparedTo(ca);
  return `${a.caller}|${JSON.stringify(a.tags)}`.localeCompare(`${b.caller}|${JSON.stringify(b.tags)}`);
}
