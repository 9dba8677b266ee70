import { describe, expect, it } from 'vitest';
import { parseRegions } from '../../functions/config.js';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { main } from '../../src/cli/main.js';
import { AdvisorError, ConfigurationError } from '../../src/errors.js';
import { isRegionCode } from '../../src/region.js';
import { parseUsageCsv } from '../../src/usage/csv.js';

/**
 * One test of a Region code (src/region.ts) wherever a Region arrives. The analyze Lambda accepted
 * `us-isob-east-1` and the CLI refused it; now the CLI, the Lambda's environment and event, and a usage
 * file agree on every code.
 */

const ACCEPTED = ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1'];
const REJECTED = ['us-east', 'US-EAST-1', 'useast1', 'us-east-1a'];

async function cliSays(region: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  // `prices refresh` checks its Regions before it reads anything: a bad one is refused at once.
  const code = await main(['prices', 'refresh', '--region', region], { stdout: () => {}, stderr: (t) => (stderr += t) });
  return { code, stderr };
}

function csvSays(region: string): string | undefined {
  // Two rows: one timestamp alone gives no window to read (issue 18).
  const text = `timestamp,region,modelId,metric,value\n2026-11-01T00:00:00Z,${region},amazon.nova-micro-v1:0,InputTokenCount,100\n2026-11-01T00:01:00Z,${region},amazon.nova-micro-v1:0,InputTokenCount,100\n`;
  try {
    parseUsageCsv(text, 'usage.csv', { now: new Date('2026-11-02T00:00:00Z') });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('Region codes', () => {
  it('the Lambda and a usage file accept the same codes, and refuse the same', () => {
    for (const region of ACCEPTED) {
      expect(parseRegions(region)).toEqual([region]);
      expect(parseAnalyzeEvent({ regions: [region] }).regions).toEqual([region]);
      expect(csvSays(region), region).toBeUndefined();
    }
    for (const region of REJECTED) {
      expect(() => parseRegions(region), region).toThrow(ConfigurationError);
      expect(csvSays(region), region).toMatch(/is not an AWS Region code such as us-east-1/);
    }
  });

  it('the CLI refuses a bad code naming the flag, by the same test (an accepted code would go on to read AWS)', async () => {
    for (const region of REJECTED) {
      const { code, stderr } = await cliSays(region);
      expect(code, region).toBe(2);
      expect(stderr).toContain(`--region "${region}" is not an AWS Region code such as us-east-1`);
    }
    for (const region of ACCEPTED) expect(isRegionCode(region), region).toBe(true);
  });

  it('every error is an AdvisorError with a code; those the user can fix exit 2 without being wrapped', () => {
    const error = new ConfigurationError('REGIONS: bad', { cause: new Error('root') });
    expect(error).toBeInstanceOf(AdvisorError);
    expect(error.code).toBe('configuration');
    expect(error.userCanFix).toBe(true);
    expect((error.cause as Error).message).toBe('root');
  });
});
