import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { accountOfArn } from '../../src/model-id.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, toPublishedJson } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import { buildSnsMessage } from '../../src/report/sns-message.js';
import { usd } from '../../src/money.js';
import type { AdvisorReport } from '../../src/domain/report.js';
import { accountOfContext } from '../../functions/middleware.js';
import { reportFixture } from '../fixtures/advisor-report.js';
import { sampleAnalysis } from './sample-report.js';
import { published } from '../fixtures/published-text.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

const WARNING = 'rates file mine.json: key "acme.misspelt-v1:0" (us-east-1) matches no model in the usage; check its spelling';
const BASIS = 'from the first timestamp in usage.csv to the last plus its period';
/** The window's basis as data: the report words it as BASIS. */
const CSV_BASIS = { how: 'csv-extent', file: 'usage.csv' } as const;

/** A report cut off in one Region by the deadline, failed in another, and with a rates-file warning. */
function contextReport(over: Partial<AdvisorReport> = {}): AdvisorReport {
  return reportFixture([], {
    window: { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T00:00:00.000Z', hours: 720, basis: CSV_BASIS },
    warnings: [published(WARNING)],
    errors: [
      { scope: 'region us-west-2', message: published('incomplete: deadline reached before this Region was read; its usage is not in this report, so the report is partial'), code: 'deadline-reached' },
      { scope: 'region eu-west-1', message: published('CloudWatch usage collection failed: AccessDeniedException') },
    ],
    ...over,
  });
}

describe('warnings and the window basis reach every format', () => {
  const report = contextReport();

  it('text and markdown list the warning and say how the window was chosen', () => {
    for (const out of [renderText(publishedReport(report)), renderMarkdown(publishedReport(report))]) {
      expect(out).toContain('Warnings');
      expect(out).toContain('acme.misspelt-v1:0');
      expect(out).toContain(`Window: 1–30 May 2026 (30 days), ${BASIS}.`);
    }
  });

  it('the email digest names the warning and the basis, within 80 columns', () => {
    const text = renderEmailDigest(publishedReport(report));
    expect(text.replace(/\n\s*/g, ' ')).toContain(`Warning: ${WARNING}`);
    expect(text.replace(/\n\s*/g, ' ')).toContain(BASIS);
    expect(text.split('\n').every((l) => [...l].length <= 80)).toBe(true);
  });

  it('the HTML report shows them', async () => {
    const html = await renderHtml(publishedReport(report));
    expect(html).toContain('<p class="warning">Warning: rates file mine.json: key &quot;acme.misspelt-v1:0&quot;');
    expect(html).toContain(`Window: 1–30 May 2026 (30 days), ${BASIS}.`);
    expect(html).toContain('region us-west-2: incomplete: deadline reached');
  });

  it('the JSON schema accepts them, and the account, and rejects a malformed account', () => {
    const sample = sampleAnalysis();
    const full = { ...sample, account: '123456789012', warnings: [published(WARNING)], window: { ...sample.window, basis: CSV_BASIS } };
    const json = JSON.parse(JSON.stringify(toPublishedJson(publishedReport(full)))) as Record<string, unknown>;
    expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
    expect((json.window as { basis: string }).basis).toBe(BASIS);
    expect(json.warnings).toEqual([WARNING]);
    expect(validate({ ...json, account: 'acct-1' })).toBe(false);
  });
});

describe('the Slack card on a partial run', () => {
  it('a Region cut off by the deadline reads "incomplete", a failed one "collection failed"', () => {
    const { description } = buildChatbotNotification(publishedReport(contextReport())).content;
    expect(description).toContain('Incomplete (deadline reached): region us-west-2.');
    expect(description).toContain('Not analysed (collection failed): region eu-west-1.');
    expect(description).not.toMatch(/Not analysed[^\n]*us-west-2/);
  });

  it('counts unpriced models from the summary and never shows a $0 spend', () => {
    const unpriced = contextReport({
      summary: { currentMonthlyCost: usd(0), pricedMonthlyCost: usd(0), potentialMonthlySavings: usd(0), recommendations: 0, modelsAnalysed: 3, unpricedModels: 2, unpricedProvisionedThroughputs: 1 },
    });
    const { description } = buildChatbotNotification(publishedReport(unpriced)).content;
    expect(description).toContain('Bedrock spend: unknown, nothing is priced (2 unpriced models and 1 unpriced provisioned throughput); where a price is missing, run "bedrock-cost-advisor prices refresh');
    expect(description).not.toContain('$0.00');
  });
});

describe('the digest names the account from the report itself', () => {
  it('SNS subject, Slack thread and email read report.account; an explicit option still overrides', () => {
    const report = contextReport({ account: '444455556666' });
    const built = buildSnsMessage(publishedReport(report));
    expect(built.subject).toContain('account 444455556666');
    const slack = buildChatbotNotification(publishedReport(report));
    expect(slack.metadata?.threadId).toMatch(/^bedrock-cost-advisor-444455556666-2026-W22$/);
    expect(renderEmailDigest(publishedReport(report)).split('\n')[0]).toContain('account 444455556666');
    expect(buildSnsMessage(publishedReport(report), { account: '777788889999' }).subject).toContain('account 777788889999');
  });

  it('the Lambda takes it from its own ARN; a context without one leaves it unset', () => {
    expect(accountOfContext({ invokedFunctionArn: 'arn:aws:lambda:eu-west-1:210987654321:function:bca-digest' })).toEqual({ account: '210987654321' });
    expect(accountOfContext({})).toEqual({});
    expect(accountOfArn('arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:provisioned-model/x')).toBe('123456789012');
    expect(accountOfArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
