import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';

/**
 * A user outside the US, through the CLI with the bundled catalog: a Region the catalog prices reads
 * its own Region's rate, and a Region and mode it does not price is named with how to price it,
 * never "$0.00" spend.
 */
const dir = mkdtempSync(join(tmpdir(), 'bca-regions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyzeCsv(name: string, rows: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const path = join(dir, name);
  writeFileSync(path, ['timestamp,region,modelId,metric,value', ...rows].join('\n'));
  let stdout = '';
  let stderr = '';
  const code = await main(['analyze', '--input', path], { clock: testClock, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** Two hours of one model's traffic: 5M input and 500K output tokens an hour. */
function twoHours(region: string, modelId: string): string[] {
  return ['2026-11-02T00:00:00Z', '2026-11-02T01:00:00Z'].flatMap((t) => [
    `${t},${region},${modelId},InputTokenCount,5000000`,
    `${t},${region},${modelId},OutputTokenCount,500000`,
    `${t},${region},${modelId},Invocations,1000`,
  ]);
}

describe('usage outside the US through the CLI', () => {
  it('an EU-only file whose model has no eu-west-1 price (Llama 3.2 11B: Nova Pro and Llama 3.2 3B are priced there now): spend unknown, the Region and mode named with how to price it, never $0.00', async () => {
    const { code, stdout, stderr } = await analyzeCsv('eu-unpriced.csv', twoHours('eu-west-1', 'eu.meta.llama3-2-11b-instruct-v1:0'));
    expect(code, stderr).toBe(0);
    // The headline itself names the Region and what to run: the savings line points at it.
    expect(stdout).toContain('Bedrock spend: unknown, nothing is priced (1 unpriced model); where a price is missing, run "bedrock-cost-advisor prices refresh --region eu-west-1" or give your prices in a rates file (--rates).');
    expect(stdout).not.toMatch(/Bedrock spend: \$0\.00/);
    // Nor "$0.00" savings: a saving nobody could price is unknown.
    expect(stdout).toContain('Savings available: unknown, nothing is priced (see the spend line for what to run).');
    // No alternative is priced either (the what-if lines carry no real $0.00 here): no "$0.00" anywhere.
    expect(stdout).not.toContain('$0.00');
    expect(stdout).toContain('no geo price for meta.llama3-2-11b-instruct-v1:0 in eu-west-1');
    expect(stdout).toContain('run "bedrock-cost-advisor prices refresh --region eu-west-1" to read it from the AWS Price List, or give your price in a rates file (--rates)');
  });

  it('eu-west-1 usage priced at the eu-west-1 rate (LiteLLM "bedrock/eu-west-1/minimax.minimax-m2.1", $0.36 / $1.44 per 1M)', async () => {
    // 10M input x $0.36 + 1M output x $1.44 per 1M = 3.60 + 1.44 = $5.04 in the 2 hours; us-east-1's rate would give $4.20.
    const { code, stdout, stderr } = await analyzeCsv('eu-priced.csv', twoHours('eu-west-1', 'minimax.minimax-m2.1'));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Bedrock spend: $5.04 in 2 hours');
  });

  it('eu. Claude from eu-central-1 is priced at the geo rate ($3.30 / $16.50 per 1M, derived): 10M in + 1M out = $49.50', async () => {
    const { code, stdout, stderr } = await analyzeCsv('eu-claude.csv', twoHours('eu-central-1', 'eu.anthropic.claude-sonnet-4-6'));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Bedrock spend: $49.50 in 2 hours');
  });

  it('global. Claude from me-central-1, a Region only the 2026-08-20 offer-file extract prices (aToy0m0/bedrock-pricing docs/data.json @ 42777bf: "Claude Sonnet 4.5 (クロスリージョン)" 3 / 15 per 1M): 10M in + 1M out = $45.00', async () => {
    const { code, stdout, stderr } = await analyzeCsv('me-claude.csv', twoHours('me-central-1', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Bedrock spend: $45.00 in 2 hours');
  });

  it('global. Claude from ap-southeast-7, a Region priced since its billing code (APS9) is known (docs/data.json @ 42777bf: "Anthropic Claude Sonnet 4.5 (クロスリージョン)" 3 / 15 per 1M): 10M in + 1M out = $45.00', async () => {
    const { code, stdout, stderr } = await analyzeCsv('th-claude.csv', twoHours('ap-southeast-7', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Bedrock spend: $45.00 in 2 hours');
  });

  it('a model the extract prices in ap-southeast-7 only by a row that is not clearly its own (global Nova 2 Lite): spend unknown, the Region named with how to price it, never $0.00', async () => {
    const { code, stdout, stderr } = await analyzeCsv('th-nova.csv', twoHours('ap-southeast-7', 'global.amazon.nova-2-lite-v1:0'));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Bedrock spend: unknown, nothing is priced (1 unpriced model); where a price is missing, run "bedrock-cost-advisor prices refresh --region ap-southeast-7" or give your prices in a rates file (--rates).');
    expect(stdout).not.toContain('$0.00');
    expect(stdout).toContain('in ap-southeast-7');
    expect(stdout).toContain('run "bedrock-cost-advisor prices refresh --region ap-southeast-7" to read it from the AWS Price List, or give your price in a rates file (--rates)');
  });
});
