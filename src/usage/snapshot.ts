import * as z from 'zod';
import { UsageInputError } from '../errors.js';
import { ACCOUNT_ID } from '../model-id.js';
import { asReported, isScopeProblem, type ScopeProblem } from '../domain/notes.js';
import {
  CLOUDWATCH_PERIODS,
  EARLIEST_USAGE_SECONDS,
  FUTURE_TOLERANCE_SECONDS,
  USAGE_METRICS,
  checkedSum,
  segmentEnd,
  type CountArray,
  type ModelUsage,
  type WindowBasis,
  type SnapshotAccount,
  type UsageMetric,
  type UsageSegment,
  type UsageSnapshot,
} from './usage.js';

/**
 * The tool's own usage snapshot: what `--save-usage` writes after reading an account, replayable
 * offline with `--input`.
 *
 * Version 2 is JSON Lines: a header line (window, inventory, errors), then one line per segment, so a
 * snapshot of any size is written and read a line at a time. Version 1 (one JSON document) is still
 * read.
 *
 * A snapshot of several accounts is the same version 2 with an `accounts` list in the header and an
 * `accountId` on every segment line, inventory item and error. No new version: a file of one account
 * is unchanged, and a reader that predates accounts refuses a file of several (its schema is strict:
 * "unknown field accountId") rather than replaying the accounts merged.
 */
export const SNAPSHOT_FORMAT = 'bedrock-cost-advisor/usage-snapshot@2';
export const SNAPSHOT_FORMAT_V1 = 'bedrock-cost-advisor/usage-snapshot@1';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time');
const count = z.number().int().nonnegative();
const accountId = z.string().regex(ACCOUNT_ID, 'expected a 12-digit AWS account ID');
/** Whose an item is, in a snapshot of several accounts. */
const owner = { accountId: accountId.optional() };
/**
 * How the window was set: a code with its figures (written since the words moved to the report), or
 * the words a snapshot written before then holds, kept as they were.
 */
const windowBasisSchema = z.union([
  z.string().min(1).transform((text): WindowBasis => ({ how: 'recorded', text })),
  z.object({ how: z.literal('given') }).strict(),
  z.object({ how: z.literal('csv-extent'), file: z.string().min(1) }).strict(),
  z.object({ how: z.literal('invocation-logs') }).strict(),
  z.object({
    how: z.literal('days-before-run'), days: z.number().positive(), hourly: z.boolean(),
    trim: z.object({ minutes: count, retentionDays: z.number().positive(), periodMinutes: z.number().positive() }).strict().optional(),
  }).strict(),
  z.object({ how: z.literal('recorded'), text: z.string().min(1) }).strict(),
]);
const windowSchema = z.object({ start: isoDate, end: isoDate, basis: windowBasisSchema.optional() }).strict();
const collectionSchema = z
  .object({ listMetricsCalls: count, getMetricDataCalls: count, metricsRequested: count, datapoints: count, estimatedCostUsd: z.string() })
  .strict();
// A scope error's reason: a scope problem as data, or words (a snapshot written before it was data), read as reported.
const scopeError = { scope: z.string(), message: z.union([z.string().transform(asReported), z.custom<ScopeProblem>(isScopeProblem)]), code: z.string().optional() };

const inventory = {
  window: windowSchema,
  provisionedThroughputs: z
    .array(
      z.object({
        provisionedModelArn: z.string(), ...owner, provisionedModelName: z.string(), region: z.string(), modelArn: z.string(),
        foundationModelArn: z.string().optional(), modelUnits: z.number().int().nonnegative(), status: z.string(),
        commitmentDuration: z.enum(['OneMonth', 'SixMonths']).optional(), commitmentExpirationTime: isoDate.optional(), creationTime: isoDate.optional(),
      }).strict(),
    )
    .default([]),
  customModels: z
    .array(z.object({ modelArn: z.string(), ...owner, modelName: z.string(), region: z.string(), baseModelArn: z.string().optional(), customizationType: z.string().optional(), creationTime: isoDate.optional() }).strict())
    .default([]),
  inferenceProfiles: z
    .array(z.object({ inferenceProfileArn: z.string(), ...owner, inferenceProfileId: z.string(), inferenceProfileName: z.string().optional(), region: z.string(), type: z.enum(['SYSTEM_DEFINED', 'APPLICATION']), modelArns: z.array(z.string()) }).strict())
    .default([]),
  foundationModels: z.array(z.object({ modelId: z.string(), ...owner, region: z.string(), modelName: z.string().optional(), providerName: z.string().optional(), lifecycleStatus: z.string().optional() }).strict()).optional(),
  errors: z.array(z.object({ ...scopeError, ...owner }).strict()).default([]),
  collection: collectionSchema.optional(),
  /**
   * What reading the input said about it (both spellings of a cache metric at one time; a metric read
   * through a finer dimension set), each the note the report words: kept, so a replay with `--input`
   * says it as the run that collected it did. Without it here, a saved snapshot with a warning could not
   * be read back at all (the header is strict).
   */
  warnings: z
    .array(
      z.discriminatedUnion('says', [
        z.object({ says: z.literal('metric-two-names'), series: z.string().min(1), given: z.string().min(1), countedAs: z.string().min(1), times: count, first: isoDate, scope: z.string().optional() }).strict(),
        z.object({
          says: z.literal('metric-finer-dimensions'), series: z.string().min(1), metric: z.string().min(1), dimensions: z.array(z.string().min(1)).min(1),
          seriesRead: count, notRead: z.array(z.array(z.string().min(1))).optional(), scope: z.string().optional(),
        }).strict(),
      ]),
    )
    .optional(),
};

const accountsSchema = z.array(
  z
    .object({ accountId, name: z.string().optional(), window: windowSchema.optional(), collection: collectionSchema.optional(), error: z.object(scopeError).strict().optional() })
    .strict()
    .refine((a) => !(a.error && (a.window || a.collection)), 'an account with an error was not read, so it has no window or collection'),
);

/** The accounts read (not failed) of a snapshot of several; undefined for a snapshot of one account. */
function accountsRead(accounts: SnapshotAccount[] | undefined): Set<string> | undefined {
  return accounts ? new Set(accounts.filter((a) => !a.error).map((a) => a.accountId)) : undefined;
}

/** What is wrong with an item's `accountId`, given the accounts read (undefined: a snapshot of one account). */
function ownerProblem(id: string | undefined, read: Set<string> | undefined): string | undefined {
  if (!read) return id === undefined ? undefined : `${id}: this snapshot has no "accounts" list, so nothing in it belongs to an account`;
  if (id === undefined) return 'missing: this snapshot lists several accounts, so everything in it names its account';
  return read.has(id) ? undefined : `${id} is not an account read (one in "accounts" without an error)`;
}

const OWNED_FIELDS = ['provisionedThroughputs', 'customModels', 'inferenceProfiles', 'foundationModels', 'errors'] as const;

/** Accounts listed once each, and every inventory item and error owned by an account read (or, with one account, by none). */
function checkOwners(data: Pick<UsageSnapshot, (typeof OWNED_FIELDS)[number] | 'accounts'>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  data.accounts?.forEach((a, i) => {
    if (seen.has(a.accountId)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'accountId'], message: `${a.accountId} is listed twice` });
    seen.add(a.accountId);
  });
  const read = accountsRead(data.accounts);
  // A run in which no account could be read fails and saves nothing: such a list is not the tool's.
  if (read?.size === 0) ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'no account in it was read (each has an error): nothing to analyse' });
  for (const field of OWNED_FIELDS) {
    (data[field] ?? []).forEach((item, i) => {
      const problem = ownerProblem(item.accountId, read);
      if (problem) ctx.addIssue({ code: 'custom', path: [field, i, 'accountId'], message: problem });
    });
  }
}

const headerSchema = z.object({ format: z.literal(SNAPSHOT_FORMAT), ...inventory, accounts: accountsSchema.optional() }).strict().superRefine(checkOwners);

const v1SegmentSchema = z
  .object({
    periodSeconds: z.number().int().positive(),
    start: z.number().int().nonnegative(),
    length: z.number().int().nonnegative(),
    metrics: z.partialRecord(z.enum(USAGE_METRICS), z.array(z.unknown())),
  })
  .strict();

const v1Schema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT_V1),
    ...inventory,
    models: z.array(z.object({ modelId: z.string().min(1), region: z.string().min(1), namespace: z.string().optional(), segments: z.array(v1SegmentSchema) }).strict()),
  })
  .strict()
  .superRefine(checkOwners);

type Header = Omit<UsageSnapshot, 'models'>;

function zodProblems(fileName: string, error: z.ZodError, at = ''): string {
  return error.issues.slice(0, 20).map((i) => `${fileName}${at}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`).join('\n');
}

/** Counts as the file gave them, checked one by one (a schema per element is too slow for millions). */
function countArray(values: unknown, length: number, where: () => string): CountArray {
  if (!Array.isArray(values)) throw new UsageInputError(`${where()}: expected an array of counts`);
  if (values.length !== length) throw new UsageInputError(`${where()}: has ${values.length} values but the segment length is ${length}`);
  let fitsUint32 = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as unknown;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new UsageInputError(`${where()}.${i}: ${JSON.stringify(v)} is not a non-negative whole number`);
    if (v > 0xffffffff) fitsUint32 = false;
  }
  return fitsUint32 ? Uint32Array.from(values as number[]) : Float64Array.from(values as number[]);
}

/**
 * One segment from its JSON form, with every field checked. `field(name)` names a field of it in errors:
 * a dotted path in an @1 document (`models.0.segments.2.periodSeconds`), the line and series in @2.
 */
function segmentFrom(raw: Record<string, unknown>, field: (name: string) => string): UsageSegment {
  const { periodSeconds, start, length, metrics } = raw;
  if (!(CLOUDWATCH_PERIODS as readonly unknown[]).includes(periodSeconds)) throw new UsageInputError(`${field('periodSeconds')}: ${JSON.stringify(periodSeconds)}; CloudWatch keeps Bedrock metrics at 60, 300 or 3600 s`);
  if (typeof start !== 'number' || !Number.isSafeInteger(start) || start % 60 !== 0) throw new UsageInputError(`${field('start')}: ${JSON.stringify(start)} is not epoch seconds on a whole minute`);
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1) throw new UsageInputError(`${field('length')}: ${JSON.stringify(length)} is not a positive whole number`);
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw new UsageInputError(`${field('metrics')}: must be an object of count arrays`);
  const out: Partial<Record<UsageMetric, CountArray>> = {};
  for (const [name, values] of Object.entries(metrics)) {
    if (!(USAGE_METRICS as readonly string[]).includes(name)) throw new UsageInputError(`${field(`metrics.${name}`)}: unknown metric (expected one of ${USAGE_METRICS.join(', ')})`);
    out[name as UsageMetric] = countArray(values, length, () => field(`metrics.${name}`));
  }
  return { periodSeconds: periodSeconds as number, start, length, metrics: out };
}

/** A window lies between 2023 and tomorrow, start before end; `where` names it (`file: window`). */
function checkWindow(where: string, window: Header['window'], now: Date): void {
  const start = Date.parse(window.start) / 1000;
  const end = Date.parse(window.end) / 1000;
  if (!(start < end)) throw new UsageInputError(`${where} ${window.start} to ${window.end} is empty or reversed`);
  if (start < EARLIEST_USAGE_SECONDS) throw new UsageInputError(`${where} starts ${window.start}, before 2023, before Amazon Bedrock existed`);
  if (end > now.getTime() / 1000 + FUTURE_TOLERANCE_SECONDS) throw new UsageInputError(`${where} ends ${window.end}, more than a day in the future`);
}

/**
 * Every snapshot, whatever its version, passes the same checks: segments of a series do not overlap,
 * lie inside the window (its account's own, in a snapshot of several), and each window lies between
 * 2023 and tomorrow. `nameOf` names a segment.
 */
function checkSeries(fileName: string, header: Header, models: ModelUsage[], nameOf: (model: number, segment: number) => string, now: Date): void {
  checkWindow(`${fileName}: window`, header.window, now);
  const accountWindows = new Map<string, Header['window']>();
  for (const a of header.accounts ?? []) {
    if (!a.window) continue;
    checkWindow(`${fileName}: account ${a.accountId}: window`, a.window, now);
    accountWindows.set(a.accountId, a.window);
  }
  models.forEach((model, m) => {
    const window = (model.accountId !== undefined ? accountWindows.get(model.accountId) : undefined) ?? header.window;
    const windowName = window === header.window ? 'the snapshot window' : `account ${model.accountId}'s window`;
    const start = Date.parse(window.start) / 1000;
    const end = Date.parse(window.end) / 1000;
    const order = model.segments.map((_, i) => i).sort((a, b) => model.segments[a]!.start - model.segments[b]!.start);
    let previous = -1;
    const totals = new Map<UsageMetric, number>();
    for (const i of order) {
      const segment = model.segments[i]!;
      if (segment.start < start || segmentEnd(segment) > end) {
        throw new UsageInputError(`${nameOf(m, i)} covers ${new Date(segment.start * 1000).toISOString()} to ${new Date(segmentEnd(segment) * 1000).toISOString()}, outside ${windowName} ${window.start} to ${window.end}`);
      }
      if (previous >= 0 && segment.start < segmentEnd(model.segments[previous]!)) {
        throw new UsageInputError(`${nameOf(m, i)} overlaps ${nameOf(m, previous)}: the same minutes would be counted twice`);
      }
      for (const [metric, values] of Object.entries(segment.metrics) as Array<[UsageMetric, CountArray]>) {
        let sum = totals.get(metric) ?? 0;
        for (let k = 0; k < values.length; k++) sum += values[k] as number;
        totals.set(metric, checkedSum(sum, () => nameOf(m, i)));
      }
      previous = i;
    }
    model.segments = order.map((i) => model.segments[i]!);
  });
}

/** The snapshot as JSON Lines, a line at a time, so writing never holds the whole file. */
export function* snapshotLines(snapshot: UsageSnapshot): Generator<string> {
  const { models, ...header } = snapshot;
  // An error's own message is written as the words it is, as snapshots always wrote it; it is read back as that note.
  const errors = header.errors.map((e) => (isScopeProblem(e.message) && e.message.says === 'as-reported' ? { ...e, message: e.message.text } : e));
  yield `${JSON.stringify({ format: SNAPSHOT_FORMAT, ...header, errors })}\n`;
  for (const m of models) {
    const id = `${JSON.stringify({ modelId: m.modelId, ...(m.accountId !== undefined ? { accountId: m.accountId } : {}), region: m.region, ...(m.namespace ? { namespace: m.namespace } : {}) }).slice(0, -1)}`;
    for (const s of m.segments) {
      const metrics = Object.entries(s.metrics).map(([k, v]) => `${JSON.stringify(k)}:[${(v as CountArray).join(',')}]`).join(',');
      yield `${id},"periodSeconds":${s.periodSeconds},"start":${s.start},"length":${s.length},"metrics":{${metrics}}}\n`;
    }
  }
}

export function serializeSnapshot(snapshot: UsageSnapshot): string {
  return [...snapshotLines(snapshot)].join('');
}

export interface SnapshotReadOptions {
  /** The run's clock reading, for the "not in the future" check. */
  now: Date;
  /** Analyse exactly this window (`--start`/`--end`, epoch seconds) instead of the snapshot's own. */
  window?: { start: number; end: number };
}

/** The window to analyse: the one given, or the snapshot's own. */
function windowFor(header: Header, options: SnapshotReadOptions): Header {
  const given = options.window;
  if (!given) return header;
  const window = { start: new Date(given.start * 1000).toISOString(), end: new Date(given.end * 1000).toISOString(), basis: { how: 'given' as const } };
  // The window given is every account's: their own windows give way to it.
  const accounts = header.accounts?.map(({ window: _own, ...account }) => account);
  return { ...header, window, ...(accounts ? { accounts } : {}) };
}

/**
 * Reads a version-2 snapshot a line at a time: `line` each line without its end, then `finish`. A
 * first line that is not a version-2 header makes `line` return false, so the caller can read the
 * file as version 1 instead.
 */
export class SnapshotLineReader {
  private header: Header | undefined;
  private readonly models = new Map<string, ModelUsage>();
  private readonly lineOf = new Map<UsageSegment, number>();
  /** The accounts read, once the header says there are several. */
  private read: Set<string> | undefined;
  private n = 0;

  constructor(
    private readonly fileName: string,
    private readonly options: SnapshotReadOptions,
  ) {}

  line(text: string): boolean {
    const fileName = this.fileName;
    const n = ++this.n;
    if (text.trim() === '') return true;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!this.header) return false;
      throw new UsageInputError(`${fileName}:${n}: not valid JSON: ${(error as Error).message}`);
    }
    if (!this.header) {
      if ((value as { format?: unknown } | null)?.format !== SNAPSHOT_FORMAT) return false;
      if (Array.isArray((value as { models?: unknown }).models)) {
        // A whole @1 document (models inline) labelled @2: the label is what is wrong.
        throw new UsageInputError(`${fileName}:${n}: format: "${SNAPSHOT_FORMAT}" is JSON Lines (a header, then one line per segment), but this document has a "models" list as in ${SNAPSHOT_FORMAT_V1}; set format to "${SNAPSHOT_FORMAT_V1}"`);
      }
      const parsed = headerSchema.safeParse(value);
      if (!parsed.success) throw new UsageInputError(`${fileName} is not a usage snapshot (${SNAPSHOT_FORMAT}):\n${zodProblems(fileName, parsed.error, `:${n}`)}`);
      const { format: _format, ...rest } = parsed.data;
      this.header = rest as Header;
      this.read = accountsRead(this.header.accounts);
      return true;
    }
    const raw = value as Record<string, unknown>;
    const { modelId, region, namespace, accountId } = raw ?? {};
    if (typeof modelId !== 'string' || !modelId || typeof region !== 'string' || !region || (namespace !== undefined && typeof namespace !== 'string')) {
      throw new UsageInputError(`${fileName}:${n}: a segment line needs "modelId" and "region" strings (and optionally "namespace")`);
    }
    const extra = Object.keys(raw).filter((k) => !SEGMENT_LINE_FIELDS.includes(k));
    if (extra.length) throw new UsageInputError(`${fileName}:${n}: unknown field(s) ${extra.join(', ')}`);
    // The accounts read passed the header's schema; any other value is checked here, so the error says which is wrong.
    if (accountId !== undefined && !this.read?.has(accountId as string)) {
      const invalid = notAnAccountId(accountId);
      if (invalid) throw new UsageInputError(`${fileName}:${n}: segment of ${modelId} (${region}): accountId: ${JSON.stringify(accountId)}: ${invalid}`);
    }
    const problem = ownerProblem(accountId as string | undefined, this.read);
    if (problem) throw new UsageInputError(`${fileName}:${n}: segment of ${modelId} (${region}): accountId: ${problem}`);
    const segment = segmentFrom(raw, (name) => `${fileName}:${n}: segment of ${modelId} (${region}): ${name}`);
    const key = `${accountId ?? ''}\u0000${region}\u0000${modelId}\u0000${namespace ?? ''}`;
    let model = this.models.get(key);
    if (!model) {
      const owned = accountId !== undefined ? { accountId: accountId as string } : {};
      this.models.set(key, (model = { modelId, ...owned, region, ...(namespace ? { namespace: namespace as string } : {}), segments: [] }));
    }
    model.segments.push(segment);
    this.lineOf.set(segment, n);
    return true;
  }

  finish(): UsageSnapshot {
    if (!this.header) throw new UsageInputError(`${this.fileName}: empty file; expected a usage snapshot or a CSV`);
    const header = windowFor(this.header, this.options);
    const list = [...this.models.values()];
    checkSeries(this.fileName, header, list, (m, s) => {
      const model = list[m]!;
      return `${this.fileName}:${this.lineOf.get(model.segments[s]!)}: segment of ${model.modelId} (${model.region}${model.accountId !== undefined ? `, account ${model.accountId}` : ''})`;
    }, this.options.now);
    list.sort((a, b) => a.region.localeCompare(b.region) || a.modelId.localeCompare(b.modelId) || (a.accountId ?? '').localeCompare(b.accountId ?? ''));
    return { ...header, models: list };
  }
}

const SEGMENT_LINE_FIELDS = ['modelId', 'accountId', 'region', 'namespace', 'periodSeconds', 'start', 'length', 'metrics'];

/** Why a segment line's `accountId` is not an account ID, by the header's own rule; undefined when it is one. */
function notAnAccountId(value: unknown): string | undefined {
  const parsed = accountId.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** Reads a snapshot held in memory, either version. */
export function parseSnapshot(text: string, fileName: string, options: SnapshotReadOptions): UsageSnapshot {
  const reader = new SnapshotLineReader(fileName, options);
  let from = 0;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(from, end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (!reader.line(line)) return parseSnapshotV1(text, fileName, options);
    if (nl < 0) break;
    from = nl + 1;
  }
  return reader.finish();
}

function parseSnapshotV1(text: string, fileName: string, options: SnapshotReadOptions): UsageSnapshot {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageInputError(`${fileName}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = v1Schema.safeParse(document);
  if (!parsed.success) throw new UsageInputError(`${fileName} is not a usage snapshot (${SNAPSHOT_FORMAT} or ${SNAPSHOT_FORMAT_V1}):\n${zodProblems(fileName, parsed.error)}`);
  const { format: _format, models: rawModels, ...recorded } = parsed.data;
  const header = windowFor(recorded as Header, options);
  const models: ModelUsage[] = rawModels.map((m, i) => ({
    modelId: m.modelId, region: m.region, ...(m.namespace ? { namespace: m.namespace } : {}),
    segments: m.segments.map((s, j) => segmentFrom(s, (name) => `${fileName}: models.${i}.segments.${j}.${name}`)),
  }));
  checkSeries(fileName, header, models, (m, s) => `${fileName}: models.${m}.segments.${s} (${models[m]!.modelId}, ${models[m]!.region})`, options.now);
  return { ...header, models };
}
