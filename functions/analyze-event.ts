import * as z from 'zod/mini';
import '../src/catalog/zod-locale.js';
import { parseAccountsSpec, type AccountsSpec } from '../src/aws/account-targets.js';
import { ConfigurationError } from '../src/errors.js';
import { LIMIT_MESSAGE, MAX_ACCOUNTS, MAX_ANALYSIS_DAYS, MAX_EVENT_MODELS, MAX_REGIONS } from '../src/limits.js';
import { REGION_CODE } from '../src/region.js';
import { refuseDeepNesting, type AnalyzeEvent } from './config.js';

/**
 * The manual `analyze` event's check (zod). Apart from ./config.ts, which runs at init: the analyze
 * handler loads this on its first invocation, so no function evaluates zod at cold start.
 */

const ANALYZE_EVENT_FIELDS = ['days', 'regions', 'models', 'publish', 'forecast', 'historyDays', 'accounts', 'organization', 'memberRoleName', 'externalId'] as const;

function got(input: unknown): string {
  if (input === undefined) return 'nothing';
  const text = JSON.stringify(input);
  return text === undefined ? String(input) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const daysMessage = (issue: { input?: unknown }) => LIMIT_MESSAGE.days(got(issue.input));
const regionMessage = (issue: { input?: unknown }) => `expected an AWS Region name such as us-east-1, got ${got(issue.input)}`;

/**
 * Built when this module is evaluated, not on first parse (z.lazy): the handler imports the module on
 * its first invocation to parse that invocation's event, so the schema is built then either way, and
 * built here it is counted where bench/cold-init.ts counts the first invocation's imports.
 */
const analyzeEventSchema = z.strictObject({
  days: z.optional(z.int({ error: daysMessage }).check(z.minimum(1, { error: daysMessage }), z.maximum(MAX_ANALYSIS_DAYS, { error: daysMessage }))),
  regions: z.optional(
    z
      .array(z.string({ error: regionMessage }).check(z.regex(REGION_CODE, { error: regionMessage })), { error: (i) => `expected a list of AWS Region names, got ${got(i.input)}` })
      .check(z.minLength(1, { error: 'expected at least one AWS Region' }), z.maxLength(MAX_REGIONS, { error: (i) => LIMIT_MESSAGE.regions((i.input as unknown[]).length) })),
  ),
  models: z.optional(
    z
      .array(z.string({ error: (i) => `expected a model ID string, got ${got(i.input)}` }).check(z.minLength(1, { error: 'expected a non-empty model ID' })), {
        error: (i) => `expected a list of model IDs, got ${got(i.input)}`,
      })
      .check(
        z.minLength(1, { error: 'expected at least one model ID (omit the field to analyse every model)' }),
        z.maxLength(MAX_EVENT_MODELS, { error: (i) => LIMIT_MESSAGE.eventModels((i.input as unknown[]).length) }),
      ),
  ),
  publish: z.optional(z.boolean({ error: (i) => `expected true or false, got ${got(i.input)}` })),
  forecast: z.optional(z.boolean({ error: (i) => `expected true or false, got ${got(i.input)}` })),
  /** The forecast's long read; checked against the days analysed in the handler, which knows them. */
  historyDays: z.optional(z.int({ error: (i) => `expected a whole number of days, got ${got(i.input)}` })),
  accounts: z.optional(
    z
      .array(
        z.strictObject(
          { roleArn: z.string({ error: (i) => `expected a role ARN string, got ${got(i.input)}` }), externalId: z.optional(z.string({ error: (i) => `expected a string, got ${got(i.input)}` })) },
          { error: (i) => `expected { "roleArn": "arn:aws:iam::<account>:role/<name>", "externalId"?: "..." }, got ${got(i.input)}` },
        ),
        { error: (i) => `expected a list of { "roleArn", "externalId"? }, got ${got(i.input)}` },
      )
      .check(z.maxLength(MAX_ACCOUNTS, { error: (i) => LIMIT_MESSAGE.accounts((i.input as unknown[]).length) })),
  ),
  organization: z.optional(z.boolean({ error: (i) => `expected true or false, got ${got(i.input)}` })),
  memberRoleName: z.optional(z.string({ error: (i) => `expected an IAM role name, got ${got(i.input)}` })),
  externalId: z.optional(z.string({ error: (i) => `expected a string, got ${got(i.input)}` })),
});

/**
 * Validates the manual event. Null/undefined (an invocation without payload) means "all defaults".
 * The error names every bad field, e.g. `days: expected an integer between 1 and 455, got 0`.
 */
export function parseAnalyzeEvent(event: unknown): AnalyzeEvent {
  if (event === null || event === undefined) return {};
  refuseDeepNesting(event, 'analyze event');
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new ConfigurationError(`event: expected a JSON object with optional fields ${ANALYZE_EVENT_FIELDS.join(', ')}, got ${got(event)}`);
  }
  const parsed = analyzeEventSchema.safeParse(event);
  if (parsed.success) {
    const { accounts, organization, memberRoleName, externalId, ...rest } = parsed.data;
    let spec: AccountsSpec | undefined;
    try {
      spec = parseAccountsSpec({
        ...(accounts ? { accounts: accounts.map((a) => ({ roleArn: a.roleArn, ...(a.externalId !== undefined ? { externalId: a.externalId } : {}) })) } : {}),
        ...(organization !== undefined ? { organization } : {}),
        ...(memberRoleName !== undefined ? { memberRoleName } : {}),
        ...(externalId !== undefined ? { externalId } : {}),
      });
    } catch (error) {
      if (error instanceof ConfigurationError) throw new ConfigurationError(`invalid analyze event: ${error.message}`, { cause: error });
      throw error;
    }
    return { ...rest, ...(spec ? { accounts: spec } : {}) };
  }
  const lines = parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // Nested objects (an `accounts` entry) have their own fields.
      if (issue.path.length > 0) return issue.keys.map((key) => `${[...issue.path, key].map(String).join('.')}: unknown field (allowed: roleArn, externalId)`);
      return issue.keys.map((key) => `${key}: unknown field (allowed: ${ANALYZE_EVENT_FIELDS.join(', ')})`);
    }
    return [`${issue.path.map(String).join('.') || 'event'}: ${issue.message}`];
  });
  throw new ConfigurationError(`invalid analyze event: ${lines.join('; ')}`);
}
