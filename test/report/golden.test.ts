import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { analyze } from '../../src/engine.js';
import { buildChatbotNotification, chatbotNotificationSchema } from '../../src/report/chatbot.js';
import { EMAIL_WIDTH, digestSubject, renderEmailDigest } from '../../src/report/email.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { SAMPLE_ACCOUNT, SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, samplePreviousSnapshot, sampleSnapshot } from '../../src/sample/sample.js';
import type { UsageSnapshot } from '../../src/usage/usage.js';
import { APP_ACCOUNT, APP_PROFILE_NOW, appProfilePreviousSnapshot, appProfileSnapshot, goldenCatalog } from './app-profile-fixture.js';
import { TEST_READ_ON } from '../fixtures/clock.js';

/**
 * Golden files of every format (table, markdown, JSON, email, Slack, HTML) for the embedded sample and
 * for the application-profile fixture. A change to a renderer shows up as a reviewable diff.
 * Regenerate after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts
 */

const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validateReport = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case { name: string; report: AdvisorReport; usage: UsageSnapshot; account: string }

function cases(): Case[] {
  const sample = sampleSnapshot();
  const app = appProfileSnapshot();
  return [
    {
      name: 'sample',
      report: analyze(sample, PriceCatalog.bundled().withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, TEST_READ_ON), { now: new Date(SAMPLE_END), previousSnapshot: samplePreviousSnapshot(), forecast: {} }),
      usage: sample,
      account: SAMPLE_ACCOUNT,
    },
    { name: 'app-profile', report: analyze(app, goldenCatalog, { now: APP_PROFILE_NOW, previousSnapshot: appProfilePreviousSnapshot() }), usage: app, account: APP_ACCOUNT },
  ];
}

const FORMAT_FILES = ['table.txt', 'md', 'json', 'email.txt', 'slack.json', 'html'] as const;

async function formats(c: Case): Promise<Record<string, string>> {
  return {
    'table.txt': renderText(publishedReport(c.report)),
    'md': renderMarkdown(publishedReport(c.report)),
    'json': `${JSON.stringify(toPublishedJson(publishedReport(c.report)), null, 2)}\n`,
    'email.txt': `Subject: ${digestSubject(publishedReport(c.report), { account: c.account })}\n\n${renderEmailDigest(publishedReport(c.report), { account: c.account })}`,
    'slack.json': `${JSON.stringify(buildChatbotNotification(publishedReport(c.report), { account: c.account }), null, 2)}\n`,
    'html': await renderHtml(publishedReport(c.report), { usage: c.usage }),
  };
}

function checkGolden(file: string, actual: string): void {
  const path = `${DIR}${file}`;
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(cases())('every format of the $name report', (c) => {
  const rendered: Record<string, string> = {};
  beforeAll(async () => {
    Object.assign(rendered, await formats(c));
  });

  it.each(FORMAT_FILES)('%s matches its golden file', (ext) => {
    checkGolden(`${c.name}.${ext}`, rendered[ext]!);
  });

  it('email: no line over 80 columns, subject under 100 characters on one line', () => {
    const lines = renderEmailDigest(publishedReport(c.report), { account: c.account }).split('\n');
    const long = lines.filter((l) => [...l].length > EMAIL_WIDTH);
    expect(long).toEqual([]);
    const subject = digestSubject(publishedReport(c.report), { account: c.account });
    expect(subject.length).toBeLessThan(100);
    expect(subject).not.toMatch(/[\n\r]/);
  });

  it('JSON: validates against schema/report.schema.json (plans, attribution, week over week)', () => {
    const ok = validateReport(JSON.parse(rendered.json!));
    expect(ajv.errorsText(validateReport.errors)).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('Slack: the payload passes the custom-notification schema', () => {
    expect(chatbotNotificationSchema.safeParse(JSON.parse(rendered['slack.json']!)).success).toBe(true);
  });

  it('every format shows the headline savings, which equal the sum of the priced plans', () => {
    const json = JSON.parse(rendered.json!) as { summary: { potentialMonthlySavings: string; unpricedPlans?: number }; plans: Array<{ monthlySavings: string | null }> };
    // A plan whose saving is unknown (null) adds nothing; the headline counts it apart and is a floor.
    const sum = json.plans.reduce((s, p) => (p.monthlySavings === null ? s : s.plus(p.monthlySavings)), new Decimal(0));
    expect(json.summary.potentialMonthlySavings).toBe(sum.toFixed(2));
    expect(json.summary.unpricedPlans).toBe(json.plans.filter((p) => p.monthlySavings === null).length || undefined);
    const shown = `${json.summary.unpricedPlans ? 'at least ' : ''}$${Number(json.summary.potentialMonthlySavings).toLocaleString('en-US', { minimumFractionDigits: 2 })}/month`;
    for (const ext of ['table.txt', 'md', 'email.txt', 'slack.json', 'html']) expect(rendered[ext], ext).toContain(shown);
  });
});

describe('cost by profile (the application-profile fixture, by hand)', () => {
  const c = cases()[1]!;
  const rendered: Record<string, string> = {};
  beforeAll(async () => {
    Object.assign(rendered, await formats(c));
  });

  it('attributes each application profile with its own usage and cost', () => {
    const json = JSON.parse(rendered.json!) as { models: Array<{ modelId: string; currentMonthlyCost: string; attribution: Array<{ profileName?: string; kind: string; monthlyCost: string; usage: { inputTokens: number } }> }> };
    const chat = json.models.find((m) => m.modelId === 'acme.chat-pro-v1:0')!;
    const byName = Object.fromEntries(chat.attribution.map((a) => [a.profileName ?? 'direct', a]));
    // team-search: 1,000,000 in + 100,000 out per hour at $0.0033 / $0.0165 per 1K = $4.95/h;
    // 24 h = $118.80; x 730 / 24 = $3,613.50 a month.
    expect(byName['team-search']!.monthlyCost).toBe('3613.50');
    expect(byName['team-search']!.kind).toBe('application-profile');
    expect(byName['team-search']!.usage.inputTokens).toBe(24_000_000);
    // team-support: half of that: $1,806.75. Direct calls: 200,000 + 20,000 per hour = $0.99/h: $722.70.
    expect(byName['team-support']!.monthlyCost).toBe('1806.75');
    expect(byName.direct!.monthlyCost).toBe('722.70');
    // The parts add up to the model's cost: 3,613.50 + 1,806.75 + 722.70 = 6,142.95.
    expect(chat.currentMonthlyCost).toBe('6142.95');
    const micro = json.models.find((m) => m.modelId === 'acme.micro-v1:0')!;
    // us.acme.micro: 10,000,000 in + 1,000,000 out per hour at $0.00004 / $0.00016 = $0.56/h: $408.80.
    expect(micro.attribution).toEqual([expect.objectContaining({ profileName: 'us.acme.micro-v1:0', kind: 'cross-region-profile', monthlyCost: '408.80' })]);
  });

  it('shows a cost-by-profile section in every format', () => {
    expect(rendered['table.txt']).toContain('Cost by profile');
    expect(rendered.md).toContain('## Cost by profile');
    expect(rendered['email.txt']).toContain('COST BY PROFILE');
    expect(rendered['email.txt']).toContain('team-search: $3,613.50/month');
    expect(rendered.html).toContain('<h2>Cost by profile</h2>');
  });

  it('says how spend changed on the previous period, from CloudWatch alone', () => {
    // The previous day had 80% of the traffic: $6,551.75 x 0.8 = $5,241.40; the change is $1,310.35 (+25.0%).
    expect(rendered['email.txt']).toContain('spend +$1,310.35/month (+25.0%)');
  });
});

describe('the sample report, figures the 2026-09-01 offer file adds (by hand)', () => {
  const sample = cases()[0]!;
  const nova2Lite = sample.report.models.find((m) => m.modelId === 'amazon.nova-2-lite-v1:0')!;

  it('prices Nova 2 Lite on Flex at half its in-Region rate: $60,939.77 / 2 = $30,469.89 a month', () => {
    // Flex $0.000165 / $0.001375 per 1K against Standard $0.00033 / $0.00275: exactly half on both,
    // so the Flex month is half the on-demand month ($60,939.77 in the golden table), to the cent.
    const flex = nova2Lite.scenarios.find((s) => s.mode === 'flex')!;
    expect(flex.monthlyCost?.toFixed(2)).toBe('30469.89');
    expect(flex.lines?.map((l) => [l.dimension.code, l.unitPrice?.toFixed()])).toEqual([['flexInput', '0.000165'], ['flexOutput', '0.001375']]);
  });

  it('prices Nova 2 Lite on batch too, now that its batch output is read: 4,635,968.952 K tokens x $0.001375 = $6,374.46 in the window', () => {
    // The offer-file extract's byModel["amazon.nova-2-lite-v1:0"]["us-east-1"].batch = 0.165 / 1.375 per 1M: exactly half of in-Region,
    // so the batch month equals the Flex month, $30,469.89 (an upper bound: only latency-tolerant traffic can move).
    const batch = nova2Lite.scenarios.find((s) => s.mode === 'batch')!;
    expect(batch.monthlyCost?.toFixed(2)).toBe('30469.89');
    const output = batch.lines?.find((l) => l.dimension.code === 'batchOutput');
    expect(output?.unitPrice?.toFixed()).toBe('0.001375');
    expect(output?.cost?.toFixed(2)).toBe('6374.46');
  });
});

describe('the sample report prices Claude Sonnet 4.5\'s long-context worst case (figures by hand)', () => {
  it('the worst case bills the large minutes at $6.60 / $24.75 / $0.66 / $8.25 per 1M in us-east-1 (geo): $50,204.43 a month', () => {
    const json = toPublishedJson(publishedReport(cases()[0]!.report)) as unknown as { models: Array<{ modelId: string; scenarios: Array<{ mode: string; longContext?: { worstCaseMonthlyCost: string | null } }> }> };
    const sonnet = json.models.find((m) => m.modelId === 'anthropic.claude-sonnet-4-5-20250929-v1:0')!;
    const onDemand = sonnet.scenarios.find((s) => s.mode === 'on-demand')!;
    // The worst-case token split the engine bounds (standard / long-context, per 1K): input 234,791.485 / 1,058,102.015,
    // output 70,484.774 / 317,652.317, cache read 600,705 / 2,698,677, cache write 105,201.515 / 474,096.985; standard rates
    // $0.0033 / $0.0165 / $0.00033 / $0.004125, long-context rates twice them (1.5x for output).
    const at = (q: string, p: string) => new Decimal(q).times(p);
    const worst = at('234791.485', '0.0033').plus(at('1058102.015', '0.0066'))
      .plus(at('70484.774', '0.0165')).plus(at('317652.317', '0.02475'))
      .plus(at('600705', '0.00033')).plus(at('2698677', '0.00066'))
      .plus(at('105201.515', '0.004125')).plus(at('474096.985', '0.00825'));
    // 14-day window scaled to a 730-hour month.
    expect(onDemand.longContext?.worstCaseMonthlyCost).toBe(worst.times(730).dividedBy(14 * 24).toFixed(2));
  });
});
