import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { testClock } from '../fixtures/clock.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface ForecastJson {
  models: Array<{ modelId: string; forecast?: { historyDays: number; commitments: Array<{ mode: string; capacity: number; utilisation: { p10: number; p50: number; p90: number }; target?: { utilisation: number; capacity: number | null } }> } }>;
}

describe('CLI: commitments against a forecast', () => {
  it('states each commitment against the forecast, and sizes it for --target-utilisation', async () => {
    const { code, stdout } = await run('analyze', '--sample', '--format', 'json', '--target-utilisation', '50');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ForecastJson;
    const withForecast = report.models.filter((m) => m.forecast);
    expect(withForecast.length).toBeGreaterThan(0);
    for (const m of withForecast) {
      expect(m.forecast!.historyDays).toBe(14); // the sample's 14 whole days
      for (const c of m.forecast!.commitments) {
        expect(c.utilisation.p10).toBeLessThanOrEqual(c.utilisation.p50);
        expect(c.utilisation.p50).toBeLessThanOrEqual(c.utilisation.p90);
        // A median used at least 50 %: at least the capacity the plan sized when that one is used more.
        expect(c.target?.utilisation).toBe(0.5);
        if (c.utilisation.p50 >= 0.5) expect(c.target!.capacity).toBeGreaterThanOrEqual(c.capacity);
      }
    }
  });

  it('refuses a target that is no percentage, naming the flag, exit 2', async () => {
    for (const bad of ['0', '120', 'most']) {
      const { code, stderr } = await run('analyze', '--sample', '--target-utilisation', bad);
      expect(code).toBe(2);
      expect(stderr).toContain('--target-utilisation');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('CLI: --history-days, the forecast\'s long hourly read', () => {
  it('refuses a value outside --days to 455, or without --region, naming the flag, exit 2, before any AWS call', async () => {
    for (const [argv, message] of [
      [['--region', 'us-east-1', '--days', '30', '--history-days', '14'], '--history-days: expected an integer between 30 (--days) and 455, got "14"'],
      [['--region', 'us-east-1', '--history-days', '456'], '--history-days: expected an integer between 30 (--days) and 455, got "456"'],
      [['--region', 'us-east-1', '--history-days', 'all'], '--history-days: expected an integer between 30 (--days) and 455, got "all"'],
      [['--sample', '--history-days', '90'], '--history-days only applies with --region'],
    ] as const) {
      const { code, stderr } = await run('analyze', ...argv);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
