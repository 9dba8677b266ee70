/**
 * What one run accepts, checked where input arrives (the analyze event, the environment, the CLI) so a
 * request too big for one Lambda invocation is refused with the field named instead of timing out.
 * The README ("Limits") gives the arithmetic behind each number.
 */

/** CloudWatch keeps hourly data for 455 days (15 months); older windows return no datapoints. */
export const MAX_ANALYSIS_DAYS = 455;

/**
 * Regions per run. Every Region is collected at once and its usage held in memory until the analysis,
 * so the limit bounds memory and calls in flight (4 GetMetricData calls per Region: 120 at 30).
 */
export const MAX_REGIONS = 30;

/**
 * Entries in an analyze event's `models`. The analyze function (1,024 MB, 300 s) is sized by the
 * README's table for 300 models x 30 days of minute data (710 MiB peak). A listed model that
 * CloudWatch's two-week discovery misses is queried under every accepted metric name, so 300 entries
 * over 455 days is at most 300 x 9 series x 3 tiers = 8,100 metrics requested ($0.081).
 */
export const MAX_EVENT_MODELS = 300;

/**
 * At most this many accounts per run. One Lambda reads the accounts `ACCOUNT_CONCURRENCY` at a time
 * within its 15 minutes; 100 is a bound chosen for that budget, not a measured capacity (no run against
 * 100 real accounts has been timed). Larger organisations need the Step Functions fan-out.
 */
export const MAX_ACCOUNTS = 100;

/**
 * Accounts per fanned-out digest (Step Functions: one worker per account and Region, so the workers
 * are not the bound). The aggregator holds every partial report and builds the one message: `npm run
 * bench` (section 4) merges 1,000 accounts x 2 Regions of the sample's size (six models, both periods,
 * 165 KiB a partial) and builds the SNS message in about 7.5 s at about 1,090 MiB, inside its 2,048 MB.
 */
export const MAX_FANOUT_ACCOUNTS = 1_000;
