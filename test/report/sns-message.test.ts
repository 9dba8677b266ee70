import { describe, expect, it } from 'vitest';
import { usd } from '../../src/money.js';
import type { AdvisorReport, ModelReport, Recommendation, Scenario } from '../../src/domain/report.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { formatUsd } from '../../src/money.js';
import { combineAccountReports } from '../../src/service/combine-reports.js';
import { SAMPLE_END, sampleSnapshot } from '../../src/sample/sample.js';
import { chatbotNotificationSchema } from '../../src/report/chatbot.js';
import { SnsMessageTooLargeError, buildSnsMessage, buildSubject } from '../../src/report/sns-message.js';
import { reportFixture } from '../fixtures/advisor-report.js';
import { published } from '../fixtures/published-text.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

function recommendation(i: number): Recommendation {
  return {
    advice: { reasons: [], step: published(`step ${i}`) },
    modelId: HAIKU,
    region: 'us-east-1',
    action: 'move-to-batch',
    fromMode: 'on-demand',
    toMode: 'batch',
    // Non-ASCII on purpose: the limit is in UTF-8 bytes, not characters.
    title: published(`Rec ${String(i).padStart(3, '0')} — move Claude 3 Haiku traffic to batch → save 50 %`),
    currentMonthlyCost: usd('200.00'),
    newMonthlyCost: usd('100.00'),
    monthlySavings: usd(1000 - i),
    savingsPercent: usd('50'),
    confidence: 'medium',
    assumptions: [published('All traffic tolerates 24-hour latency; '.repeat(8))],
    nextSteps: [{ kind: 'instruction', text: published('aws bedrock create-model-invocation-job --job-name advisor-batch ...') }],
  };
}

function scenario(mode: Scenario['mode'], i: number): Scenario {
  return {
    mode,
    variant: `v${i}`,
    label: published(`${mode} what-if ${i}`),
    cost: usd('123.456789'),
    monthlyCost: usd('125.1'),
    feasible: true,
    assumptions: [published('Prices from the bundled catalog read on 2026-05-01; '.repeat(6))],
  };
}

function modelReport(i: number): ModelReport {
  return {
    modelId: HAIKU,
    region: `region-${i}`,
    scope: 'in-region',
    invokedAs: [HAIKU],
    usage: { inputTokens: 1_000_000, outputTokens: 200_000, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, invocations: 5000, images: 0, throttles: 0 },
    peak: { inputTokensPerMinute: 4000, outputTokensPerMinute: 900, resolutionSeconds: 60 },
    priced: true,
    currentMonthlyCost: usd('250.00'),
    bestMode: 'batch',
    scenarios: Array.from({ length: 12 }, (_, j) => scenario(j % 2 === 0 ? 'batch' : 'flex', j)),
    prices: [{ dimension: 'input', unit: '1K tokens', usd: usd('0.00025'), source: { cites: 'source', title: 'https://aws.amazon.com/bedrock/pricing/' }, readOn: '2026-05-01' }],
  };
}

function fixture(recommendations = 3, models = 2): AdvisorReport {
  const base = reportFixture(Array.from({ length: recommendations }, (_, i) => recommendation(i + 1)));
  return {
    ...base,
    summary: { ...base.summary, modelsAnalysed: models },
    models: Array.from({ length: models }, (_, i) => modelReport(i)),
    assumptions: [published('Monthly figures scale the window to 730 hours.')],
  };
}

/** A stand-in digest so these tests do not depend on the real text layout. */
const simpleText = (r: AdvisorReport): string =>
  [`Digest: ${r.recommendations.length} recommendations`, ...r.recommendations.map((rec) => rec.title)].join('\n');

interface Parts { default: string; email: string; https: string; sqs: string; lambda: string }

function parts(message: string): Parts {
  return JSON.parse(message) as Parts;
}

describe('buildSnsMessage', () => {
  it('builds one JSON object with default, email, https, sqs and lambda strings', () => {
    // Act
    const built = buildSnsMessage(publishedReport(fixture()), { renderText: simpleText });

    // Assess
    const message = parts(built.message);
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(Object.values(message).every((v) => typeof v === 'string')).toBe(true);
    expect(message.default).toBe(simpleText(fixture()));
    expect(message.email).toBe(message.default);
    expect(built.omittedRecommendations).toBe(0);
    expect(built.bytes).toBe(Buffer.byteLength(built.message, 'utf8'));
  });

  it('puts the full JSON report under sqs and lambda', () => {
    const report = fixture();

    const message = parts(buildSnsMessage(publishedReport(report), { renderText: simpleText }).message);

    const expected = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(report)))) as unknown;
    expect(JSON.parse(message.sqs)).toEqual(expected);
    expect(JSON.parse(message.lambda)).toEqual(expected);
  });

  it('puts a Chatbot custom notification under https', () => {
    const message = parts(buildSnsMessage(publishedReport(fixture()), { renderText: simpleText }).message);

    const chatbot = JSON.parse(message.https) as { version: string; source: string; content: { description: string } };
    expect(chatbotNotificationSchema.safeParse(chatbot).success).toBe(true);
    expect(chatbot.content.description).toContain('*Savings available: $1,234.56/month*');
  });

  it('renders the digest with the real text renderer by default', () => {
    const message = parts(buildSnsMessage(publishedReport(fixture())).message);

    expect(message.default).toContain('Amazon Bedrock cost advice for 1–30 May 2026');
    expect(message.default.split('\n').every((line) => line.length <= 80)).toBe(true);
  });

  it('gives a one-line subject under 100 characters stating savings, account and Regions', () => {
    const built = buildSnsMessage(publishedReport(fixture(5)), { renderText: simpleText, account: '123456789012' });

    expect(built.subject).toBe('Bedrock: save $1,234.56/month (account 123456789012, region-0, region-1)');
    expect(built.subject.length).toBeLessThan(100);
    expect(built.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('shortens a subject that would reach 100 characters', () => {
    const report = fixture(1);
    report.summary.potentialMonthlySavings = usd('1234567890123456789012345678901234567890123456789012345678901234567890');

    const subject = buildSubject(publishedReport(report));

    expect(subject.length).toBeLessThan(100);
    expect(subject.endsWith('...')).toBe(true);
    expect(subject).not.toContain('\n');
  });

  it('says no savings were found when there is nothing to recommend', () => {
    const report = fixture(0, 1);
    report.summary.potentialMonthlySavings = usd(0);

    expect(buildSubject(publishedReport(report))).toBe('Bedrock: no savings found (region-0)');
  });

  it('drops per-model scenario detail first when that alone makes the message fit', () => {
    // Prepare: a full message under SNS's limit (18 models of 12 scenarios: about 236 KB), and a limit between the lean and the full size.
    const report = fixture(3, 18);
    const full = buildSnsMessage(publishedReport(report), { renderText: simpleText });
    const maxBytes = full.bytes - 1000;
    const sq = JSON.parse(parts(full.message).sqs) as { models: Array<{ scenarios: unknown[] }>; recommendations: unknown[] };

    // Act
    const built = buildSnsMessage(publishedReport(report), { renderText: simpleText, maxBytes });

    // Assess
    expect(built.bytes).toBeLessThanOrEqual(maxBytes);
    expect(built.omittedRecommendations).toBe(0);
    const json = JSON.parse(parts(built.message).sqs) as { models: Array<{ scenarios: unknown[] }>; recommendations: unknown[]; omittedDetail: string[] };
    expect(full.omittedDetail).toEqual([]);
    expect(json.models).toHaveLength(18);
    expect(json.models.every((m) => m.scenarios.length === 0)).toBe(true);
    expect(json.recommendations).toHaveLength(3);
    expect(json.omittedDetail).toContain('scenarios');
    expect(parts(built.message).default).toContain('scenario and price detail left out');
  });

  it('drops the lowest-ranked recommendations until the message fits, and says how many', () => {
    // Prepare: 80 recommendations, a limit of about half the lean size.
    const report = fixture(80, 1);
    const maxBytes = 40_000;
    expect(buildSnsMessage(publishedReport(report), { renderText: simpleText }).bytes).toBeGreaterThan(maxBytes);

    // Act
    const built = buildSnsMessage(publishedReport(report), { renderText: simpleText, maxBytes });

    // Assess: valid JSON within the limit, the best-ranked kept, the count stated in text and JSON.
    expect(built.bytes).toBeLessThanOrEqual(maxBytes);
    expect(Buffer.byteLength(built.message, 'utf8')).toBe(built.bytes);
    const message = parts(built.message);
    const json = JSON.parse(message.sqs) as { recommendations: Array<{ title: string }>; omittedRecommendations: number; summary: { recommendations: number } };
    const kept = json.recommendations.length;
    expect(built.omittedRecommendations).toBeGreaterThan(0);
    expect(kept + built.omittedRecommendations).toBe(80);
    expect(json.recommendations.map((r) => r.title)).toEqual(report.recommendations.slice(0, kept).map((r) => r.title));
    expect(json.omittedRecommendations).toBe(built.omittedRecommendations);
    expect(json.summary.recommendations).toBe(80);
    expect(message.default).toContain(`${built.omittedRecommendations} recommendations left out to fit SNS's`);
    expect(message.email).toBe(message.default);
    expect(JSON.parse(message.lambda)).toEqual(JSON.parse(message.sqs));
    expect(JSON.parse(message.https)).toMatchObject({ version: '1.0', source: 'custom' });
  });

  it('keeps as many recommendations as fit: a limit one recommendation larger keeps more, one byte smaller keeps fewer', () => {
    // Prepare: what one more recommendation adds to the message, with margin.
    const report = fixture(80, 1);
    const perRecommendation = buildSnsMessage(publishedReport(fixture(2, 1)), { renderText: simpleText }).bytes - buildSnsMessage(publishedReport(fixture(1, 1)), { renderText: simpleText }).bytes;
    const maxBytes = 40_000;
    const kept = (limit: number) => 80 - buildSnsMessage(publishedReport(report), { renderText: simpleText, maxBytes: limit }).omittedRecommendations;

    // Act
    const built = buildSnsMessage(publishedReport(report), { renderText: simpleText, maxBytes });

    // Assess
    const keptAtLimit = 80 - built.omittedRecommendations;
    expect(kept(built.bytes)).toBe(keptAtLimit);
    expect(kept(built.bytes - 1)).toBeLessThan(keptAtLimit);
    expect(kept(maxBytes + Math.ceil(perRecommendation * 1.5))).toBeGreaterThan(keptAtLimit);
  });

  it('names the default limit as 256 KB', () => {
    // Prepare: enough recommendations to pass 256 KB.
    const report = fixture(700, 1);

    const built = buildSnsMessage(publishedReport(report), { renderText: simpleText });

    expect(built.bytes).toBeLessThanOrEqual(262_144);
    expect(built.omittedRecommendations).toBeGreaterThan(0);
    expect(parts(built.message).default).toContain("left out to fit SNS's 256 KB limit");
  });

  it('falls back to the summary alone when even no recommendations and no scenarios do not fit', () => {
    const report = fixture(5, 200);
    const lean = buildSnsMessage(publishedReport({ ...report, models: [], recommendations: [] }), { renderText: simpleText });

    const built = buildSnsMessage(publishedReport(report), { renderText: simpleText, maxBytes: lean.bytes + 2000 });

    const json = JSON.parse(parts(built.message).sqs) as { models: unknown[]; omittedDetail: string[] };
    expect(json.models).toEqual([]);
    expect(json.omittedDetail).toContain('models');
    expect(built.omittedRecommendations).toBe(5);
  });

  it('refuses to build a message when not even the summary fits', () => {
    expect(() => buildSnsMessage(publishedReport(fixture()), { renderText: simpleText, maxBytes: 200 })).toThrow(SnsMessageTooLargeError);
  });
});

describe('buildSnsMessage for an organisation too large for one message', () => {
  // 60 accounts, each the sample account's report under its own ID: 60 x the sample's plans and lines.
  const sample = analyze(sampleSnapshot(), PriceCatalog.bundled(), { now: new Date(SAMPLE_END) });
  const accountIds = Array.from({ length: 60 }, (_, i) => String(100_000_000_000 + i));
  const organisation = combineAccountReports(accountIds.map((accountId) => ({ accountId, report: sample })));
  const oneAccountSavings = publishedReport(sample).summary.potentialMonthlySavings;

  it('keeps every total when it lists fewer plans, lines and accounts, and says how many it left out', () => {
    const built = buildSnsMessage(publishedReport(organisation), { maxBytes: 20_000 });
    const json = JSON.parse(parts(built.message).sqs) as { summary: { potentialMonthlySavings: string; accounts: number; plans: number; unpricedPlans?: number }; accounts: unknown[]; plans: unknown[]; omittedAccounts?: number };
    const email = parts(built.message).email;

    expect(built.bytes).toBeLessThanOrEqual(20_000);
    // The headline is 60 times one account's, rounded per plan and summed: never the kept plans' sum.
    expect(json.summary.potentialMonthlySavings).toBe(oneAccountSavings.times(60).toFixed(2));
    expect(json.plans.length).toBeLessThan(json.summary.plans);
    expect(json.summary.accounts).toBe(60);
    expect(json.accounts.length + (json.omittedAccounts ?? 0)).toBe(60);
    expect(json.omittedAccounts).toBeGreaterThan(0);
    expect(email).toContain('60 accounts');
    // Each account's Nova Canvas plan has an unknown saving: 60 plans left out of the total and counted apart.
    expect(json.summary.unpricedPlans).toBe(60);
    expect(email.replace(/\s+/g, ' ')).toContain(`Savings available: at least ${formatUsd(oneAccountSavings.times(60))}/month from ${json.summary.plans - 60} plans (60 plans' savings are unknown, not in the total).`);
    expect(email).toMatch(new RegExp(`${json.omittedAccounts} of 60 accounts \\(those with least to save\\)`));
  });

  it('never states a smaller headline in a trimmed message than in the full one', () => {
    const full = JSON.parse(parts(buildSnsMessage(publishedReport(organisation), { maxBytes: 10_000_000 }).message).sqs) as { summary: { potentialMonthlySavings: string; currentMonthlyCost: string } };
    for (const maxBytes of [400_000, 150_000, 60_000, 20_000]) {
      const trimmed = JSON.parse(parts(buildSnsMessage(publishedReport(organisation), { maxBytes }).message).sqs) as { summary: { potentialMonthlySavings: string; currentMonthlyCost: string } };
      expect(trimmed.summary).toMatchObject(full.summary);
    }
  });
});
