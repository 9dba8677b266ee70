import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '../../src/aws/idempotency-store.js';
import { usd } from '../../src/money.js';
import { alertOncePerIncident } from '../../src/runaway/alert-once.js';
import { detectRunaway, median, type HourlySpend } from '../../src/runaway/detect.js';
import { incidentSnsMessage } from '../../src/report/runaway-message.js';
import { watchRunaway } from '../../src/runaway/watch.js';
import { chatbotNotificationSchema } from '../../src/report/chatbot.js';
import { UsageBuilder, type UsageSnapshot } from '../../src/usage/usage.js';
import { IDEMPOTENCY_TABLE, startLocalDynamoDb, type LocalDynamoDb } from '../e2e/dynamodb-local.js';
import { OPUS, REGION, catalog } from '../fixtures/model-catalog.js';

const DAY0 = Date.parse('2026-10-01T00:00:00Z') / 1000;

/** Four baseline days then the day judged; `spend(day, hour)` in USD. */
function series(spend: (day: number, hour: number) => string | null): HourlySpend {
  const usdPerHour = [];
  for (let d = 0; d < 5; d++) for (let h = 0; h < 24; h++) {
    const v = spend(d, h);
    usdPerHour.push(v === null ? null : usd(v));
  }
  return { key: 'model:x', label: 'X', hourStart: DAY0, usd: usdPerHour };
}

describe('runaway spend: detection against a robust baseline', () => {
  it('median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 4, 2, 3])).toBe(2.5);
  });

  it('three hours at $50 against a $10 baseline are one incident, with the cost so far and the excess', () => {
    // Baseline days 10, 11, 9, 10 at every hour: median 10, deviations 0, 1, 1, 0, MAD 0.5 (x 1.4826 = 0.7413).
    const base = ['10', '11', '9', '10'];
    const s = series((d, h) => (d < 4 ? base[d]! : h >= 14 && h <= 16 ? '50' : h === 9 ? '12' : '10'));
    const incidents = detectRunaway(s);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident!.startedAt).toBe('2026-10-05T14:00:00.000Z');
    expect(incident!.endsAt).toBe('2026-10-05T17:00:00.000Z');
    expect(incident!.hours.map((h) => h.hour.slice(11, 13))).toEqual(['14', '15', '16']);
    expect(incident!.costSoFar.toFixed()).toBe('150'); // 3 x 50
    expect(incident!.excessCost.toFixed()).toBe('120'); // 3 x (50 - 10)
    expect(incident!.hours[0]!.robustZ).toBeCloseTo(40 / 0.7413, 2);
    expect(incident!.ongoing).toBe(false);
    // $12 at 09:00 is (12 - 10) / 0.7413 = 2.7 scaled MADs: under the threshold of 4.
  });

  it('the threshold, the margin and the floor are configurable', () => {
    const s = series((d, h) => (d < 4 ? ['10', '11', '9', '10'][d]! : h === 9 ? '12' : '10'));
    expect(detectRunaway(s)).toEqual([]);
    // z 2.7 passes a threshold of 2, but 12 is not 50% over 10; with a 10% margin it is an incident.
    expect(detectRunaway(s, { threshold: 2 })).toEqual([]);
    expect(detectRunaway(s, { threshold: 2, margin: 0.1 })).toHaveLength(1);
    expect(detectRunaway(s, { threshold: 2, margin: 0.1, minimumHourlyUsd: '20' })).toEqual([]);
  });

  it('an idle model is not alarmed on cents; unpriced hours are never anomalous; too little history judges nothing', () => {
    expect(detectRunaway(series((d, h) => (d === 4 && h === 3 ? '0.5' : '0')))).toEqual([]);
    expect(detectRunaway(series((d) => (d === 4 ? null : '10')))).toEqual([]);
    const short: HourlySpend = { key: 'k', label: 'k', hourStart: DAY0, usd: Array.from({ length: 48 }, (_, i) => usd(i < 24 ? 1 : 100)) };
    expect(detectRunaway(short)).toEqual([]);
  });

  it('a weekly baseline compares the same hour of the week; judged hours reach back past the last day', () => {
    // Three weeks then the judged day: Saturdays (day 5 of each week) run at 40, other days at 10.
    const weeks: HourlySpend = { key: 'w', label: 'w', hourStart: DAY0, usd: [] };
    for (let d = 0; d < 22; d++) for (let h = 0; h < 24; h++) weeks.usd.push(usd(d % 7 === 5 && d < 21 ? '40' : d === 21 && h === 10 ? '60' : '10'));
    // Day 21 is a Sunday-like day 0 of week 4: against the same weekday (10), 60 at 10:00 is an incident.
    expect(detectRunaway(weeks, { seasonality: 'week' }).map((i) => i.startedAt)).toEqual([new Date((DAY0 + (21 * 24 + 10) * 3600) * 1000).toISOString()]);
    // Against every previous day's 10:00 (median 10), too; but only 2 weeks of history: a weekly baseline judges nothing.
    expect(detectRunaway({ ...weeks, usd: weeks.usd.slice(7 * 24) }, { seasonality: 'week' })).toEqual([]);
    // Judging the last 48 hours finds an incident of the day before as well.
    const twoDays = series((d, h) => (d < 3 ? ['10', '11', '9'][d]! : d === 3 && h === 20 ? '50' : h === 2 ? '50' : '10'));
    expect(detectRunaway(twoDays, { judgedHours: 48, minimumBaselineSamples: 2 }).map((i) => i.startedAt.slice(8, 13))).toEqual(['04T02', '04T20', '05T02']);
  });

  it('an incident still running at the last hour says so', () => {
    const s = series((d, h) => (d < 4 ? ['10', '11', '9', '10'][d]! : h === 23 ? '80' : '10'));
    expect(detectRunaway(s)[0]).toMatchObject({ ongoing: true, startedAt: '2026-10-05T23:00:00.000Z' });
  });
});

describe('runaway spend: from CloudWatch usage, priced as the report prices it', () => {
  function snapshot(): UsageSnapshot {
    const builder = new UsageBuilder();
    for (let d = 0; d < 5; d++) {
      for (let h = 0; h < 24; h++) {
        // 200,000 or 210,000 input tokens an hour at $0.005 per 1K: $1.00 or $1.05; one hour of 2,000,000 on the last day: $10.
        const tokens = d === 4 && h === 15 ? 2_000_000 : 200_000 + 10_000 * (d % 2);
        builder.add({ region: REGION, modelId: OPUS, metric: 'InputTokenCount', timestamp: DAY0 + (d * 24 + h) * 3600, periodSeconds: 3600, value: tokens });
      }
    }
    return { window: { start: new Date(DAY0 * 1000).toISOString(), end: new Date((DAY0 + 5 * 86400) * 1000).toISOString() }, models: builder.build(), provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
  }

  it('finds the hour, prices it at the as-billed input rate, and sends one message in three forms', () => {
    const { incidents, watched, errors } = watchRunaway(snapshot(), catalog, new Date((DAY0 + 5 * 86400) * 1000), 4);
    expect(errors).toEqual([]);
    expect(watched).toBe(1);
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    // Baseline of hour 15 on days 0-3: 1.00, 1.05, 1.00, 1.05: median 1.025. 2,000 x 0.005 = 10.
    expect(incident.costSoFar.toFixed()).toBe('10');
    expect(incident.excessCost.toFixed()).toBe('8.975');
    expect(incident.startedAt).toBe('2026-10-05T15:00:00.000Z');
    const { subject, message } = incidentSnsMessage(incident, '123456789012');
    expect(subject).toContain('$10.00 in 1 h');
    const parts = JSON.parse(message) as Record<string, string>;
    expect(Object.keys(parts).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(parts.email).toContain('Cost so far: $10.00, of which $8.98 above the usual spend');
    // $1.025 shown to the cent, half to even: $1.02.
    expect(parts.email).toContain('15:00 UTC $10.00 (usually $1.02)');
    expect(chatbotNotificationSchema.safeParse(JSON.parse(parts.https!)).success).toBe(true);
    expect(JSON.parse(parts.sqs!)).toMatchObject({ kind: 'runaway-spend', costSoFar: '10', excessCost: '8.975', hours: [{ spend: '10', baselineMedian: '1.025' }] });
  });
});

describe('runaway spend: one message per incident (idempotency table on dynalite)', () => {
  let db: LocalDynamoDb;
  beforeAll(async () => {
    db = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('the same incident seen twice (a retried or next run) is sent once; another series is sent; a second incident of a series waits for its cooldown', async () => {
    const store = () => createIdempotencyStore(IDEMPOTENCY_TABLE, 'us-east-1', { endpoint: db.url, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
    const sent: string[] = [];
    const alert = alertOncePerIncident(store, 86_400, async (incident) => {
      sent.push(incident.key);
      return `msg-${sent.length}`;
    });
    const s = series((d, h) => (d < 4 ? ['10', '11', '9', '10'][d]! : h === 14 ? '50' : '10'));
    const incident = detectRunaway(s)[0]!;
    const first = await alert(incident);
    const again = await alert(incident);
    expect(first).toMatchObject({ sent: true, messageId: 'msg-1' });
    expect(again).toMatchObject({ sent: false, messageId: 'msg-1' });
    expect(sent).toEqual(['model:x']);
    const other = await alert({ ...incident, key: 'profile:y' });
    expect(other.sent).toBe(true);
    expect(sent).toEqual(['model:x', 'profile:y']);
    // Later the same day, another incident of model:x: inside the cooldown, recorded as alerted by the first.
    const later = await alert({ ...incident, startedAt: '2026-10-05T20:00:00.000Z' });
    expect(later).toMatchObject({ sent: false, messageId: 'msg-1', alertedAs: 'model:x@2026-10-05T14:00:00.000Z' });
    expect(sent).toEqual(['model:x', 'profile:y']);
    // One mark per incident and one per series (Powertools stores the keys hashed, under the runaway prefixes).
    const ids = (await db.items()).map((i) => String(i.id).split('#')[0]);
    expect(ids.sort()).toEqual([...Array(3).fill('bedrock-cost-advisor-runaway-incident'), ...Array(2).fill('bedrock-cost-advisor-runaway-series')]);
  });

  it('a send that fails leaves no mark, so the retry sends', async () => {
    const store = () => createIdempotencyStore(IDEMPOTENCY_TABLE, 'us-east-1', { endpoint: db.url, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
    let fail = true;
    const alert = alertOncePerIncident(store, 86_400, async () => {
      if (fail) throw new Error('SNS is down');
      return 'msg-ok';
    });
    const incident = { ...detectRunaway(series((d, h) => (d < 4 ? ['10', '11', '9', '10'][d]! : h === 14 ? '50' : '10')))[0]!, key: 'model:retry' };
    await expect(alert(incident)).rejects.toThrow(/SNS is down/);
    fail = false;
    expect(await alert(incident)).toMatchObject({ sent: true, messageId: 'msg-ok' });
  });
});
