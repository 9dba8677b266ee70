import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { readUsageFile } from '../../src/cli/main.js';
import { InputError } from '../../src/errors.js';
import { CSV_HEADER, FIELDS, RATES, SNAPSHOT, badValueOf, oneFault, validRows, withValue, type Json, type Path } from './generators.js';
import { TEST_NOW, TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Bad input at volume: fast-check makes one known fault at a time in an otherwise valid analyze event,
 * usage CSV, usage snapshot and rates file, and each must be rejected with an InputError whose message
 * names the field (and the file and line, for files), with no stack trace in it. The files go through
 * the CLI's own entry points (readUsageFile, the catalog's rates overlay), in-process for volume; the
 * binary gets a sample in bad-input.cli.test.ts.
 */

const dir = mkdtempSync(join(tmpdir(), 'bca-fuzz-'));
const counts = { event: 0, csv: 0, metricData: 0, wideCsv: 0, snapshot: 0, rates: 0 };
const RUNS = { event: 3_000, csv: 3_000, metricData: 1_000, wideCsv: 1_000, snapshot: 2_500, rates: 2_000 }; // + 1,000 structural and semantic cases
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
// Thousands of runs per property: generous per-test time on a shared 2-core machine (the whole file takes about 8 s alone).
vi.setConfig({ testTimeout: 60_000 });

/** Rejected the way a user should see it: an InputError, a message naming `mentions`, no stack frames. */
function expectNamedRejection(error: unknown, mentions: string[]): void {
  expect(error).toBeInstanceOf(InputError);
  const message = (error as Error).message;
  for (const m of mentions) expect(message, `message should name ${m}`).toContain(m);
  expect(message).not.toMatch(/\n\s+at /);
}

async function rejection(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  return new Error('accepted a bad input');
}

// ---------------------------------------------------------------------------------------------------
// Analyze event
// ---------------------------------------------------------------------------------------------------

const notInteger = fc.oneof(fc.double({ noInteger: true }), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.nat(), { maxLength: 2 }));
const badDays = fc.oneof(notInteger, fc.integer({ max: 0 }), fc.integer({ min: 456 }));
const badRegionName = fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(s)), fc.constantFrom('US-EAST-1', 'us-east', 'useast1', 'mars-1'));
const badRegions = fc.oneof(
  fc.constant([]),
  fc.string(),
  fc.integer(),
  fc.array(badRegionName, { minLength: 1, maxLength: 3 }).map((bad) => ['us-east-1', ...bad]),
);
const badModels = fc.oneof(fc.constant([]), fc.constant(['']), fc.string(), fc.array(fc.oneof(fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 2 }));
const badPublish = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('true'));
const unknownKey = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !['days', 'regions', 'models', 'publish', '__proto__', 'constructor'].includes(k));

const badEvent = fc.oneof(
  fc.record({ field: fc.constant('days'), value: badDays }),
  fc.record({ field: fc.constant('regions'), value: badRegions }),
  fc.record({ field: fc.constant('models'), value: badModels }),
  fc.record({ field: fc.constant('publish'), value: badPublish }),
  unknownKey.map((key) => ({ field: key, value: 1 as unknown })),
);

describe('fuzz: the analyze event', () => {
  it(`rejects ${RUNS.event} events with one bad field, naming it`, () => {
    fc.assert(
      fc.property(badEvent, fc.record({ days: fc.integer({ min: 1, max: 455 }) }), ({ field, value }, valid) => {
        counts.event++;
        const event = { ...valid, [field]: value };
        expectNamedRejection(
          (() => {
            try {
              parseAnalyzeEvent(event);
            } catch (error) {
              return error;
            }
            return new Error(`accepted ${JSON.stringify(event)}`);
          })(),
          [field],
        );
      }),
      { numRuns: RUNS.event, seed: SEED },
    );
  });

  it('rejects events that are not objects, naming the event', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.anything(), { maxLength: 3 })), (event) => {
        counts.event++;
        expect(() => parseAnalyzeEvent(event)).toThrow(/^event: expected a JSON object/);
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Usage CSV
// ---------------------------------------------------------------------------------------------------

describe('fuzz: usage CSV through readUsageFile', () => {
  it(`rejects ${RUNS.csv} CSVs with one bad field, naming the file, the line and the column`, async () => {
    const file = join(dir, 'usage.csv');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...FIELDS))),
        fc.constantFrom(...FIELDS).chain((f) => badValueOf[f].map((v) => ({ f, v }))),
        async ([rows, badRow, _], { f: field, v: value }) => {
          counts.csv++;
          const table = validRows(rows);
          table[badRow]![FIELDS.indexOf(field)] = value;
          writeFileSync(file, [CSV_HEADER, ...table.map((r) => r.join(','))].join('\n'));
          // Line 1 is the header, so data row k (0-based) is on line k + 2.
          expectNamedRejection(await rejection(() => readUsageFile(file, { now: TEST_NOW })), [`${file}:${badRow + 2}`, field]);
        },
      ),
      { numRuns: RUNS.csv, seed: SEED },
    );
  });

  it('rejects broken CSV structure (a missing column, a stray quote, a missing header column), naming the line', async () => {
    const file = join(dir, 'broken.csv');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 7 }), fc.constantFrom('drop-column', 'stray-quote', 'header'), async (rows, at, fault) => {
        counts.csv++;
        const badRow = at % rows;
        const lines = validRows(rows).map((r) => r.join(','));
        let header = CSV_HEADER;
        if (fault === 'drop-column') lines[badRow] = lines[badRow]!.split(',').slice(0, 4).join(',');
        if (fault === 'stray-quote') lines[badRow] = lines[badRow]!.replace('us-east-1', 'us-"east-1');
        if (fault === 'header') header = 'timestamp,region,model,metric,value';
        writeFileSync(file, [header, ...lines].join('\n'));
        const error = await rejection(() => readUsageFile(file, { now: TEST_NOW }));
        expectNamedRejection(error, fault === 'header' ? [`${file}:1`, 'modelId'] : [`${file}:${badRow + 2}`]);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The same usage in the layouts users already have: get-metric-data JSON and the console's wide CSV.
// One series per file, its Region, model and metric in the Label (the documented naming rule); a fault
// in the Label that leaves it without three words is a Label fault, anything else is the field's.
// ---------------------------------------------------------------------------------------------------

const SERIES = { region: 'us-east-1', modelId: 'amazon.nova-micro-v1:0', metric: 'InputTokenCount' };
type LabelField = keyof typeof SERIES;
const labelOf = (fields: Record<LabelField, string>) => `${fields.region} ${fields.modelId} ${fields.metric}`;
/** The naming rule: three words separated by white space. */
const isThreeWords = (label: string) => label.trim().split(/\s+/).length === 3;
/** Bad values as JSON: numbers where the text is a plain negative or fractional number, else the string itself. */
const asJsonValue = (v: string): Json => (/^-?\d+\.\d+$|^-\d+$/.test(v) ? Number(v) : v);
const oneBadPoint = fc
  .integer({ min: 2, max: 12 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })))
  .chain(([rows, badRow]) => fc.constantFrom(...FIELDS).chain((f) => badValueOf[f].map((v) => ({ rows, badRow, field: f, value: v }))));

describe('fuzz: get-metric-data JSON through readUsageFile', () => {
  it(`rejects ${RUNS.metricData} outputs with one bad point or Label field, naming the result and point`, async () => {
    const file = join(dir, 'metric-data.json');
    await fc.assert(
      fc.asyncProperty(oneBadPoint, async ({ rows, badRow, field, value }) => {
        counts.metricData++;
        const table = validRows(rows);
        const series = { ...SERIES };
        const times: Json[] = table.map((r) => r[0]!);
        const values: Json[] = table.map((r) => Number(r[4]));
        if (field === 'timestamp') times[badRow] = value;
        else if (field === 'value') values[badRow] = asJsonValue(value);
        else series[field] = value;
        const label = labelOf(series);
        writeFileSync(file, JSON.stringify({ MetricDataResults: [{ Id: 'm0', Label: label, Timestamps: times, Values: values, StatusCode: 'Complete' }], Messages: [] }));
        const error = await rejection(() => readUsageFile(file, { now: TEST_NOW }));
        if (!isThreeWords(label)) expectNamedRejection(error, [file, 'MetricDataResults[0] (Id "m0").Label']);
        else if (field === 'timestamp' || field === 'value') expectNamedRejection(error, [file, `MetricDataResults[0] (Id "m0") point ${badRow}`, field]);
        else expectNamedRejection(error, [file, 'MetricDataResults[0] (Id "m0") point', field]);
      }),
      { numRuns: RUNS.metricData, seed: SEED },
    );
  });

  it('rejects broken structure (not a list, not an object, partial data, unequal lists, truncated JSON), naming it', async () => {
    const file = join(dir, 'metric-data-broken.json');
    const good = { Id: 'm0', Label: labelOf(SERIES), Timestamps: ['2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z'], Values: [1, 2], StatusCode: 'Complete' };
    const cases: Array<[string, string]> = [
      [JSON.stringify({ MetricDataResults: 'x' }), 'MetricDataResults is not a list'],
      [JSON.stringify({ MetricDataResults: [good, 7] }), 'MetricDataResults[1] is not an object'],
      [JSON.stringify({ MetricDataResults: [{ ...good, StatusCode: 'PartialData' }] }), 'MetricDataResults[0] (Id "m0").StatusCode'],
      [JSON.stringify({ MetricDataResults: [{ ...good, Values: [1] }] }), 'Timestamps and Values'],
      [JSON.stringify({ MetricDataResults: [{ ...good, Label: undefined }] }), '.Label'],
      [JSON.stringify({ MetricDataResults: [good] }).slice(0, -3), 'JSON'],
    ];
    for (const [text, mention] of cases) {
      counts.metricData++;
      writeFileSync(file, text);
      expectNamedRejection(await rejection(() => readUsageFile(file, { now: TEST_NOW })), [file, mention]);
    }
  });
});

describe('fuzz: the console wide CSV through readUsageFile', () => {
  it(`rejects ${RUNS.wideCsv} wide CSVs with one bad cell or header field, naming the file and line`, async () => {
    const file = join(dir, 'wide.csv');
    await fc.assert(
      fc.asyncProperty(oneBadPoint, async ({ rows, badRow, field, value }) => {
        counts.wideCsv++;
        const table = validRows(rows).map((r) => [r[0]!.replace('T', ' ').replace('Z', ' UTC'), r[4]!]);
        const series = { ...SERIES };
        if (field === 'timestamp') table[badRow]![0] = value;
        else if (field === 'value') table[badRow]![1] = value;
        else series[field] = value;
        const label = labelOf(series);
        writeFileSync(file, [`Time,${label}`, ...table.map((r) => r.join(','))].join('\n'));
        const error = await rejection(() => readUsageFile(file, { now: TEST_NOW }));
        // A blank cell is no point at all, so a blank value leaves a valid file unless it was the only
        // point off the first minute; it is not a fault of this layout (it is one of the canonical CSV).
        if (field === 'value' && value.trim() === '') return;
        if (!isThreeWords(label)) expectNamedRejection(error, [`${file}:1`, 'column 2 header']);
        else if (field === 'timestamp') expectNamedRejection(error, [`${file}:${badRow + 2}`, 'time']);
        else if (field === 'value') expectNamedRejection(error, [`${file}:${badRow + 2}: column 2`, 'value']);
        else expectNamedRejection(error, [`${file}:`, 'column 2', field]);
      }),
      { numRuns: RUNS.wideCsv, seed: SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// JSON documents (snapshot, rates): one value of the wrong type, or one unknown key, at any path
// ---------------------------------------------------------------------------------------------------

/** Values of the right type that the snapshot must still refuse, each at a known path, and what the message must name. */
const SNAPSHOT_SEMANTIC_FAULTS: Array<[Path, Json, string]> = [
  [['format'], 'bedrock-cost-advisor/usage-snapshot@2', 'format'],
  [['window', 'start'], 'yesterday', 'window.start'],
  [['models', 0, 'modelId'], '', 'models.0.modelId'],
  [['models', 0, 'segments', 0, 'periodSeconds'], 90, 'models.0.segments.0.periodSeconds'],
  [['models', 0, 'segments', 0, 'periodSeconds'], -60, 'models.0.segments.0.periodSeconds'],
  // A length the value arrays do not have: each array is named as disagreeing with it.
  [['models', 0, 'segments', 0, 'length'], 4, 'models.0.segments.0.metrics.InputTokenCount'],
  [['models', 0, 'segments', 0, 'metrics', 'InputTokenCount', 1], -5, 'models.0.segments.0.metrics.InputTokenCount.1'],
  [['models', 0, 'segments', 0, 'metrics', 'InputTokenCount', 2], 1.5, 'models.0.segments.0.metrics.InputTokenCount.2'],
  [['provisionedThroughputs', 0, 'modelUnits'], -1, 'provisionedThroughputs.0.modelUnits'],
  [['provisionedThroughputs', 0, 'commitmentDuration'], 'TwoYears', 'provisionedThroughputs.0.commitmentDuration'],
  [['inferenceProfiles', 0, 'type'], 'CUSTOM', 'inferenceProfiles.0.type'],
  [['collection', 'datapoints'], 0.5, 'collection.datapoints'],
];

describe('fuzz: usage snapshot through readUsageFile', () => {
  it('accepts the unmutated base document (so every rejection below is the fault, not the base)', async () => {
    const file = join(dir, 'base.json');
    writeFileSync(file, JSON.stringify(SNAPSHOT));
    await expect(readUsageFile(file, { now: TEST_NOW })).resolves.toMatchObject({ models: [{ modelId: 'amazon.nova-micro-v1:0' }] });
  });

  it(`rejects ${RUNS.snapshot} snapshots with one wrong-typed value or unknown key, naming its path`, async () => {
    const file = join(dir, 'snapshot.json');
    await fc.assert(
      fc.asyncProperty(oneFault(SNAPSHOT), async ({ document, mentions }) => {
        counts.snapshot++;
        writeFileSync(file, JSON.stringify(document));
        expectNamedRejection(await rejection(() => readUsageFile(file, { now: TEST_NOW })), [file, ...mentions]);
      }),
      { numRuns: RUNS.snapshot, seed: SEED },
    );
  });

  it.each(SNAPSHOT_SEMANTIC_FAULTS)('rejects %j = %j, naming %s', async (path, value, named) => {
    counts.snapshot++;
    const file = join(dir, 'semantic.json');
    writeFileSync(file, JSON.stringify(withValue(SNAPSHOT, path, value)));
    expectNamedRejection(await rejection(() => readUsageFile(file, { now: TEST_NOW })), [file, named]);
  });

  it('rejects truncated JSON as not valid JSON, naming the file', async () => {
    const file = join(dir, 'truncated.json');
    const text = JSON.stringify(SNAPSHOT);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: text.length - 1 }), async (cut) => {
        counts.snapshot++;
        writeFileSync(file, text.slice(0, cut));
        expectNamedRejection(await rejection(() => readUsageFile(file, { now: TEST_NOW })), [file]);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

const RATES_SEMANTIC_FAULTS: Array<[Path, Json]> = [
  [['discountPercent'], '100'],
  [['discountPercent'], '-5'],
  [['rates', 0, 'onDemand', 'input'], 'free'],
  [['rates', 0, 'onDemand', 'output'], '1e-3'],
  [['rates', 0, 'scope'], 'planet'],
  [['rates', 0, 'model'], ''],
  [['rates', 0, 'provisioned', 'unitTokensPerMinute', 'input'], 0],
  [['rates', 0, 'provisioned', 'unitTokensPerMinute', 'output'], 2.5],
];

describe('fuzz: rates file through the catalog overlay', () => {
  const catalog = PriceCatalog.bundled();
  const file = 'rates.json';

  it('accepts the unmutated base document', () => {
    expect(() => catalog.withRates(RATES, file, TEST_READ_ON)).not.toThrow();
  });

  it(`rejects ${RUNS.rates} rates files with one wrong-typed value or unknown key, naming its path`, () => {
    fc.assert(
      fc.property(oneFault(RATES), ({ document, mentions }) => {
        counts.rates++;
        let error: unknown = new Error('accepted a bad rates file');
        try {
          catalog.withRates(document, file, TEST_READ_ON);
        } catch (e) {
          error = e;
        }
        expectNamedRejection(error, [file, ...mentions]);
      }),
      { numRuns: RUNS.rates, seed: SEED },
    );
  });

  it.each(RATES_SEMANTIC_FAULTS)('rejects %j = %j, naming the path', (path, value) => {
    counts.rates++;
    expect(() => catalog.withRates(withValue(RATES, path, value), file, TEST_READ_ON)).toThrow(InputError);
    try {
      catalog.withRates(withValue(RATES, path, value), file, TEST_READ_ON);
    } catch (error) {
      expectNamedRejection(error, [file, path.map(String).join('.')]);
    }
  });
});

afterAll(() => {
  // The suite's promise: at least 10,000 generated bad inputs, each rejected and named (checked on full runs, not filtered ones).
  if (Object.values(counts).some((c) => c === 0)) return;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`fuzz: ${total} bad inputs rejected (event ${counts.event}, CSV ${counts.csv}, get-metric-data JSON ${counts.metricData}, wide CSV ${counts.wideCsv}, snapshot ${counts.snapshot}, rates ${counts.rates})`);
  expect(total).toBeGreaterThanOrEqual(10_000);
});
