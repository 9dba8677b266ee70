import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from '../e2e/aws-stub.js';
import { loopbackTimeouts } from '../e2e/stub-timeouts.js';
import { testClock } from '../fixtures/clock.js';

loopbackTimeouts();

/**
 * CLI manners: no SDK warning in a user's output, progress on standard error only on a terminal,
 * --quiet, and colour only on a terminal with NO_COLOR honoured.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

async function cli(argv: string[], io: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string | undefined> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), ...io });
  return { code, stdout, stderr };
}

let stub: AwsStub;
beforeAll(async () => {
  stub = await startAwsStub({ failRegions: ['eu-west-1'] });
  pointSdkAtStub(stub);
  // The user's command runs the bundle: build it as `npm install` does.
  await run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
}, 60_000);
afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.reset();
});

describe('CLI manners', () => {
  it('prints no AWS SDK Node-version warning on the AWS path (the real bin, a real process)', async () => {
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED; // as on a user's machine
    const { stdout, stderr } = await run(process.execPath, ['bin/bedrock-cost-advisor.js', 'analyze', '--region', 'us-east-1', '--days', '7', '--format', 'json'], { cwd: ROOT, env });
    expect(JSON.parse(stdout).schemaVersion).toBe(1);
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|node >=22/);
  }, 60_000);

  it('shows progress on standard error only when it is a terminal, and --quiet silences progress and warnings', async () => {
    const args = ['analyze', '--region', 'us-east-1', '--region', 'eu-west-1', '--days', '7', '--format', 'json'];
    const terminal = await cli(args, { stderrIsTTY: true });
    expect(terminal.stderr).toMatch(/^Reading 7 days of CloudWatch usage and the Bedrock inventory in us-east-1, eu-west-1\.\.\.$/m);
    expect(terminal.stderr).toMatch(/warning: region eu-west-1 was not analysed/);
    const piped = await cli(args, { stderrIsTTY: false });
    expect(piped.stderr).not.toMatch(/Reading/);
    const quiet = await cli([...args, '--quiet'], { stderrIsTTY: true });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).errors).toHaveLength(1); // the report still says it
  }, 60_000);

  it('colours the table on a terminal only, and never with NO_COLOR', async () => {
    const esc = '\u001b[';
    expect((await cli(['analyze', '--sample'], { stdoutIsTTY: true, env: {} })).stdout).toContain(`${esc}32mSavings available: at least $109,036.25/month`);
    expect((await cli(['analyze', '--sample'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['analyze', '--sample'], { stdoutIsTTY: false, env: {} })).stdout).not.toContain(esc);
    expect((await cli(['analyze', '--sample', '--format', 'json'], { stdoutIsTTY: true, env: {} })).stdout).not.toContain(esc);
  }, 60_000);
});
