import * as z from 'zod/mini';
import '../src/catalog/zod-locale.js';
import { describeIssues } from '../src/catalog/schema.js';
import { InputError } from '../src/errors.js';
import { LIMIT_MESSAGE, MAX_ANALYSIS_DAYS, isHistoryDays } from '../src/limits.js';
import type { FanOutInput, WorkerInput } from '../src/service/fan-out.js';
import { refuseDeepNesting } from './config.js';
import { REGION_CODE } from '../src/region.js';
import { ACCOUNT_ID, ARN_PATTERNS } from '../src/model-id.js';

/**
 * What the fan-out's state machine hands its Lambdas, checked field by field: the input is ours (the
 * digest wrote it), but a hand-started execution or an edited definition must fail with the field
 * named, not deep inside a run.
 *
 * The schemas are built when this module is evaluated, not on first parse (z.lazy): the worker and the
 * aggregator import it on their first invocation to parse that invocation's input, so they are built
 * then either way, and built here they are counted where bench/cold-init.ts counts the first
 * invocation's imports. (Each function also builds the other's few schemas.)
 */

const daysMessage = (i: { input?: unknown }) => LIMIT_MESSAGE.days(JSON.stringify(i.input));
const runSchema = z.strictObject({
  period: z.string().check(z.regex(/^[0-9A-Za-z-]{4,16}$/, { error: 'expected a schedule period such as 2026-W48' })),
  now: z.iso.datetime({ error: 'expected an ISO 8601 time' }),
  days: z.int({ error: daysMessage }).check(z.minimum(1, { error: daysMessage }), z.maximum(MAX_ANALYSIS_DAYS, { error: daysMessage })),
  historyDays: z.optional(z.int({ error: (i) => `expected a whole number of days, got ${JSON.stringify(i.input)}` })),
  bucket: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name' })),
  prefix: z.string().check(z.regex(/^runs\/[0-9A-Za-z-]+\/$/, { error: 'expected runs/<period>/' })),
  mode: z.enum(['organization', 'own-account']),
  account: z.optional(z.string().check(z.regex(ACCOUNT_ID))),
}).check(
  z.superRefine((run, ctx) => {
    // The forecast's long read, from the run's days to the limit, in the limit's one message (src/limits.ts).
    if (run.historyDays !== undefined && !isHistoryDays(run.historyDays, run.days)) {
      ctx.addIssue({ code: 'custom', path: ['historyDays'], message: LIMIT_MESSAGE.historyDays(JSON.stringify(run.historyDays), run.days, 'days') });
    }
  }),
);

const itemSchema = z.strictObject({
  accountId: z.string().check(z.regex(/^(\d{12}|own-account)$/, { error: 'expected a 12-digit account ID' })),
  name: z.optional(z.string()),
  region: z.string().check(z.regex(REGION_CODE, { error: 'expected an AWS Region name' })),
  roleArn: z.optional(z.string().check(z.regex(ARN_PATTERNS.iamRole, { error: 'expected an IAM role ARN' }))),
  externalId: z.optional(z.string()),
});

const nonEmpty = () => z.string().check(z.minLength(1));
const glueName = z.string().check(z.regex(/^[A-Za-z0-9_]{1,255}$/, { error: 'expected a Glue name' }));
/** The state machine's HandLogsToWorkers (the finished invocation-log query) or NoLogsForWorkers (`{}`). */
const workerLogsSchema = z.union([z.strictObject({ queryExecutionId: nonEmpty(), database: glueName, table: glueName }), z.strictObject({})]);
const workerInputSchema = z.strictObject({ run: runSchema, item: itemSchema, logs: z.optional(workerLogsSchema) });

/** The aggregator's input: the state machine's own input, plus what its states added (`mapRun`, not read; the Athena queries' outcomes). */
const runQuerySchema = z.strictObject({ database: glueName, table: glueName, query: nonEmpty() });
const athenaSchema = z.strictObject({
  workGroup: nonEmpty(),
  outputLocation: z.string().check(z.regex(/^s3:\/\//, { error: 'expected s3://bucket/prefix/' })),
  bill: z.optional(runQuerySchema),
  logs: z.optional(runQuerySchema),
});
/** What the state machine's RunBillQuery / RunLogsQuery add: the finished query, or Step Functions' error. */
const finishedSchema = z.object({ queryExecutionId: nonEmpty() });
const failedSchema = z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) });
const aggregatorInputSchema = z.object({
  run: runSchema, itemsKey: nonEmpty(), resultsPrefix: nonEmpty(),
  athena: z.optional(athenaSchema),
  billQuery: z.optional(finishedSchema), billQueryFailed: z.optional(failedSchema),
  logsQuery: z.optional(finishedSchema), logsQueryFailed: z.optional(failedSchema),
});

export const itemsSchema = z.array(itemSchema);

function parse<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): T {
  refuseDeepNesting(input, what);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(`${what} is not valid:\n${describeIssues(parsed.error, () => 'event')}`);
  return parsed.data;
}

export const parseWorkerInput = (input: unknown): WorkerInput => parse(workerInputSchema, input, 'fan-out worker input');
export const parseAggregatorInput = (input: unknown): FanOutInput => parse(aggregatorInputSchema, input, 'fan-out aggregator input');
