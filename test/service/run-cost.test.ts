import { describe, expect, it } from 'vitest';
import { Money } from '../../src/money.js';
import { planCallCounts, planCollection } from '../../src/usage/cloudwatch-plan.js';

/**
 * The README's "cost of a run at 10, 100 and 1,000 accounts": what one fanned-out digest costs in AWS
 * charges, printed from the collector's own plan (CloudWatch) and the fan-out's shape (one worker and
 * one Express child per item, one aggregator). Assumptions, each stated in the README beside the table:
 * 2 Regions per account, 10 models with usage per account and Region, 4 metrics a model, the default
 * 30-day window plus the previous 30 days (week over week), a worker taking 10 s at 1,024 MB and the
 * aggregator 60 s at 2,048 MB (CloudWatch latency dominates a worker; not measurable offline).
 *
 * List prices, us-east-1, per unit:
 * - GetMetricData $0.01 per 1,000 metrics requested, ListMetrics $0.01 per 1,000 requests
 *   (https://aws.amazon.com/cloudwatch/pricing/, as the collector's own estimate);
 * - Lambda arm64 $0.0000133334 per GB-second, $0.20 per 1M requests ([3P] cloudchipr.com/blog/aws-lambda-pricing
 *   and a public Lambda cost note quoting https://aws.amazon.com/lambda/pricing/);
 * - Step Functions Express $1.00 per 1M requests and $0.00001667 per GB-second, billed in 64 MB chunks;
 *   Standard $0.025 per 1,000 state transitions ([3P] wring.co AWS Step Functions pricing guide, 2026-03,
 *   quoting https://aws.amazon.com/step-functions/pricing/);
 * - S3 Standard PUT $0.005 and GET $0.0004 per 1,000 requests ([3P] c3x.dev "S3 request fees explained").
 * SNS (one Publish) and DynamoDB (a few requests for the period mark) are under a cent and left out.
 */

const DAY = 86_400;
const NOW = new Date('2026-11-30T08:00:00Z');
const REGIONS_PER_ACCOUNT = 2;
const MODELS_PER_ITEM = 10;
const METRICS_PER_MODEL = 4;
const DAYS = 30;
const WORKER = { seconds: 10, gb: 1 };
const AGGREGATOR = { seconds: 60, gb: 2 };
const LIST_PAGE = 500;

const price = {
  cloudWatchUnit: new Money('0.01').dividedBy(1000),
  lambdaGbSecond: new Money('0.0000133334'),
  lambdaRequest: new Money('0.20').dividedBy(1_000_000),
  expressRequest: new Money('1.00').dividedBy(1_000_000),
  expressGbSecond: new Money('0.00001667'),
  standardTransition: new Money('0.025').dividedBy(1000),
  s3Put: new Money('0.005').dividedBy(1000),
  s3Get: new Money('0.0004').dividedBy(1000),
};

/** CloudWatch units (metrics requested + ListMetrics requests) for one item, this period and the one before. */
function cloudWatchUnitsPerItem(): number {
  const series = MODELS_PER_ITEM * METRICS_PER_MODEL;
  const plan = planCollection(new Date(NOW.getTime() - DAYS * DAY * 1000), NOW, NOW);
  const previous = planCollection(new Date((plan.start - DAYS * DAY) * 1000), new Date(plan.start * 1000), NOW);
  const listCalls = Math.ceil(series / LIST_PAGE) + 1; // AWS/Bedrock pages, plus AWS/BedrockMantle
  return planCallCounts(plan, series).metricsRequested + planCallCounts(previous, series).metricsRequested + 2 * listCalls;
}

function runCost(accounts: number) {
  const items = accounts * REGIONS_PER_ACCOUNT;
  const cloudWatch = price.cloudWatchUnit.times(items * cloudWatchUnitsPerItem());
  const lambda = price.lambdaGbSecond.times(items * WORKER.seconds * WORKER.gb + AGGREGATOR.seconds * AGGREGATOR.gb).plus(price.lambdaRequest.times(items + 2));
  // Express children: one request each, billed for the worker's duration at the 64 MB minimum.
  // The parent (Standard) takes a handful of transitions: start, the Map, the aggregator, the end.
  const stepFunctions = price.expressRequest.times(items).plus(price.expressGbSecond.times(items * WORKER.seconds * 0.0625)).plus(price.standardTransition.times(5));
  // Writes: items + prices by the digest, a partial per item, the Map Run's manifest and results.
  // Reads: the items by the Map, the prices by each worker (once per warm instance; counted per item), a partial per item.
  const s3 = price.s3Put.times(2 + items + 3).plus(price.s3Get.times(1 + items + items + 1));
  const total = cloudWatch.plus(lambda).plus(stepFunctions).plus(s3);
  return { accounts, items, cloudWatch, lambda, stepFunctions, s3, total };
}

describe('the cost of a fanned-out run (README table)', () => {
  it('prints the charges of one digest at 10, 100 and 1,000 accounts', () => {
    const cents = (m: Money) => `$${m.toFixed(2)}`;
    const rows = [10, 100, 1_000].map(runCost);
    console.log(
      rows
        .map((r) => `| ${r.accounts.toLocaleString('en-US')} | ${r.items.toLocaleString('en-US')} | ${cents(r.cloudWatch)} | ${cents(r.lambda)} | ${cents(r.stepFunctions)} | ${cents(r.s3)} | ${cents(r.total)} | ${cents(r.total.times(52).dividedBy(12))} |`)
        .join('\n'),
    );

    // By hand, one item: 40 series; the 30-day window reaches two tiers (15 days of minutes, 15 of
    // 5-minute data): 80 metrics; the previous 30 days are all 5-minute: 40; ListMetrics 2 + 2 pages.
    expect(cloudWatchUnitsPerItem()).toBe(80 + 40 + 4);
    const thousand = rows[2]!;
    // 2,000 items x 124 units x $0.00001 = $2.48.
    expect(thousand.cloudWatch.toFixed(2)).toBe('2.48');
    // Lambda: 2,000 x 10 GB-s + 120 GB-s = 20,120 GB-s x $0.0000133334 = $0.26827; + 2,002 requests x $0.0000002.
    expect(thousand.lambda.toFixed(5)).toBe('0.26867');
    // Express: 2,000 x $0.000001 + 2,000 x 0.625 GB-s x $0.00001667 = $0.002 + $0.0208375; + 5 x $0.000025.
    expect(thousand.stepFunctions.toFixed(5)).toBe('0.02296');
    // CloudWatch is most of it: the fan-out adds about an eighth on top of the reads themselves.
    expect(thousand.cloudWatch.dividedBy(thousand.total).toNumber()).toBeGreaterThan(0.85);
  });
});
