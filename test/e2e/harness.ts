import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { testClock } from '../fixtures/clock.js';

/** What the end-to-end tests share: a Lambda context, captured stdout, the CLI run in-process. */

/** A Lambda context whose remaining time counts down from `remainingMs`, as the real one does. */
export function lambdaContext(functionName: string, remainingMs = 300_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs `fn` while capturing what Powertools writes to stdout (EMF metrics, JSON logs), one entry per line. */
export async function captureStdout<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    return { result: await fn(), lines };
  } finally {
    spy.mockRestore();
  }
}

/**
 * The CLI's `main` in-process, with its output captured. Imported on first use, so a test points the
 * SDK at the stub (pointSdkAtStub) before the CLI's modules load.
 */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
