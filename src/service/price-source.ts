import { AdvisorError } from '../errors.js';
import { PriceCatalog, type CatalogOrigin } from '../catalog/catalog.js';
import type { CatalogFile } from '../catalog/schema.js';
import type { PipelineProblem } from '../pricelist/build.js';
import { buildLiveCatalog, type PriceListPages } from '../pricelist/live.js';
import { timeoutSignal, untilAborted } from '../abort.js';
import { timerMs } from '../clock.js';
import type { CatalogNote } from '../domain/notes.js';
import { adviceText } from '../report/advice-text.js';
import type { PriceSourceKind } from './price-source-kind.js';

/**
 * Where a run's prices come from (./price-source-kind.ts). No SDK import here: the reader is the
 * adapter's small interface, handed in by the CLI or the Lambda wiring.
 */
export { PRICE_SOURCES, type PriceSourceKind } from './price-source-kind.js';

export interface PriceListReader {
  /** `signal` cancels the read; it then rejects with the signal's reason. */
  read(regions: string[], signal?: AbortSignal): Promise<PriceListPages>;
}

/**
 * The longest a run waits for the Price List: a read of two service codes in a few Regions takes a
 * few seconds. A hung Pricing endpoint must not cost the run: past this, or past a quarter of the time
 * left before the run's deadline if that is sooner, the bundled catalog prices the run.
 */
export const PRICE_LIST_MAX_WAIT_MS = 60_000;

/** The abort reason when the Price List takes longer than the run can wait. */
export class PriceListTimeoutError extends AdvisorError {
  override readonly name = 'PriceListTimeoutError';
  readonly code = 'price-list-timeout';
}

/** What bounds a Price List read: the run's deadline (epoch ms) and its cancellation signal. */
export interface PriceReadBounds {
  deadline?: number;
  signal?: AbortSignal;
}

/** How long a read may take under `bounds`, at `now` (epoch ms). */
export function priceListWaitMs(bounds: PriceReadBounds, now: number = timerMs()): number {
  const share = bounds.deadline !== undefined ? Math.max(0, Math.floor((bounds.deadline - now) / 4)) : Number.POSITIVE_INFINITY;
  return Math.min(PRICE_LIST_MAX_WAIT_MS, share);
}

export interface LiveCatalog {
  catalog: PriceCatalog;
  document: CatalogFile;
  /** Rows that could not be mapped or classified: reported, never priced. */
  problems: PipelineProblem[];
  calls: string[];
}

/** Reads the Price List for `regions` and builds a catalog whose origin is `live`. */
export async function readLiveCatalog(reader: PriceListReader, regions: string[], now: Date, signal?: AbortSignal): Promise<LiveCatalog> {
  const read = await untilAborted(reader.read(regions, signal), signal);
  const today = now.toISOString().slice(0, 10);
  const { document, problems } = buildLiveCatalog(read, regions, today, 'bedrock-cost-advisor (live Price List read)');
  const name = `AWS Price List read on ${today} (${read.calls.length} GetProducts queries, ${regions.join(', ')})`;
  const catalog = PriceCatalog.fromDocument(document, name, { kind: 'live', name });
  if (problems.length > 0) {
    catalog.globalNotes.push({ says: 'price-list-unmapped', rows: problems.length });
  }
  return { catalog, document, problems, calls: read.calls };
}

/**
 * A run's prices as plain data: what a fanned-out run hands every worker (through its run store), so
 * each item is priced with exactly the run's catalog, read from the Price List once.
 */
export interface SharedCatalog {
  /** The catalog document built from the Price List; absent = the bundled catalog. */
  document?: CatalogFile;
  origin: CatalogOrigin;
  /** Notes that apply to every price (a fallback to the bundled catalog, rows left unpriced). */
  notes: CatalogNote[];
}

/**
 * The prices for one run. With `live`, a Price List that cannot be read (no permission, no network,
 * no answer within `priceListWaitMs`) falls back to the bundled catalog: the run goes on, the fallback
 * is handed to `warn`, kept in the catalog's origin (`fallback`: every format of the report says it)
 * and stated in the report's assumptions.
 */
export async function pricesForRun(
  source: PriceSourceKind,
  reader: () => PriceListReader,
  regions: string[],
  now: Date,
  warn: (message: string, error: unknown) => void,
  bounds: PriceReadBounds = {},
): Promise<SharedCatalog> {
  if (source === 'bundled') return { origin: PriceCatalog.bundled().origin, notes: [] };
  const waitMs = priceListWaitMs(bounds);
  const stop = timeoutSignal(waitMs, () => new PriceListTimeoutError(`no answer within ${(waitMs / 1000).toFixed(1)} s`), bounds.signal);
  try {
    const live = await readLiveCatalog(reader(), regions, now, stop.signal);
    return { document: live.document, origin: live.catalog.origin, notes: [...live.catalog.globalNotes] };
  } catch (error) {
    // Cut off (the wait passed, or the run was cancelled): the reason is the signal's, not the SDK's "Request aborted".
    const cause = stop.signal.aborted ? stop.signal.reason : error;
    const why = (cause as Error)?.message ?? String(cause);
    const bundled = PriceCatalog.bundled({ why });
    const note: CatalogNote = { says: 'price-list-fallback', why, asOf: bundled.asOf };
    warn(adviceText(note), error);
    return { origin: bundled.origin, notes: [note] };
  } finally {
    stop.dispose();
  }
}

/** The catalog a `SharedCatalog` stands for (the document is validated again: it may come from a store). */
export function catalogFromShared(shared: SharedCatalog): PriceCatalog {
  const catalog = shared.document ? PriceCatalog.fromDocument(shared.document, shared.origin.name, shared.origin) : PriceCatalog.bundled(shared.origin.fallback);
  catalog.globalNotes.push(...shared.notes);
  return catalog;
}

/** The catalog for one run (see `pricesForRun`). */
export async function catalogForRun(...args: Parameters<typeof pricesForRun>): Promise<PriceCatalog> {
  return catalogFromShared(await pricesForRun(...args));
}
