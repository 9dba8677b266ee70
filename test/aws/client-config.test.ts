import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand } from '@aws-sdk/client-sns';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBedrockClient } from '../../src/aws/bedrock-inventory.js';
import { DEFAULT_RETRY_LIMITS, DEFAULT_TIMEOUTS, JitterBackoffRetryStrategy } from '../../src/aws/client-config.js';
import { createCloudWatchClient } from '../../src/aws/cloudwatch-collector.js';
import { createSnsClient } from '../../src/aws/sns-publisher.js';
import { createStsClient } from '../../src/aws/accounts.js';
import { createOrganizationsClient } from '../../src/aws/organization-accounts.js';
import { createPricingClient } from '../../src/aws/price-list.js';
import { createStepFunctionsClient } from '../../src/aws/step-functions.js';
import { createS3Client } from '../../src/aws/run-reader.js';

/** Every AWS client gets bounded time and the shared throttling backoff from one factory. */

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('client factories', () => {
  // STS, Organizations and Pricing once built their own clients with no request timeout: a hung
  // AssumeRole or GetProducts held a run past its --timeout (issue 18).
  it.each([
    ['CloudWatch', () => createCloudWatchClient('eu-west-1'), 'eu-west-1', 30_000],
    ['Bedrock', () => createBedrockClient('eu-west-1'), 'eu-west-1', 30_000],
    ['SNS', () => createSnsClient('eu-west-1'), 'eu-west-1', 30_000],
    ['STS', () => createStsClient('eu-west-1'), 'eu-west-1', 5_000],
    ['Organizations', () => createOrganizationsClient(), 'us-east-1', 30_000],
    ['Pricing', () => createPricingClient(), 'us-east-1', 30_000],
    ['Step Functions', () => createStepFunctionsClient('eu-west-1'), 'eu-west-1', 30_000],
    ['S3', () => createS3Client('eu-west-1'), 'eu-west-1', 30_000],
  ] as const)('%s: request and connection timeouts that throw, and the jitter backoff strategy', async (_name, create, region, requestTimeout) => {
    const client = create();
    const handler = client.config.requestHandler;
    expect(handler).toBeInstanceOf(NodeHttpHandler);
    // The handler keeps its resolved options behind a promise until its first request.
    const resolved = await (handler as unknown as { configProvider: Promise<Record<string, unknown>> }).configProvider;
    expect(resolved).toMatchObject({ connectionTimeout: 3_000, requestTimeout, throwOnRequestTimeout: true });
    expect(await client.config.retryStrategy()).toBeInstanceOf(JitterBackoffRetryStrategy);
    expect(await client.config.region()).toBe(region);
  });
});

describe('JitterBackoffRetryStrategy', () => {
  const throttling = { errorType: 'THROTTLING' as const };

  it('backs off within a doubling ceiling: 100, 200, 400, 800 ms, then 1 s', async () => {
    // random() = 0.999: each delay sits just under its ceiling.
    const strategy = new JitterBackoffRetryStrategy(DEFAULT_RETRY_LIMITS, () => 0.999);
    let token = await strategy.acquireInitialRetryToken('');
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      token = await strategy.refreshRetryTokenForRetry(token, throttling);
      delays.push(token.getRetryDelay());
    }
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999, 999]);
  });

  it('retries throttling up to 20 attempts, transient faults up to 3, client errors never', async () => {
    const strategy = new JitterBackoffRetryStrategy(DEFAULT_RETRY_LIMITS, () => 0);
    const retriesAllowed = async (errorType: 'THROTTLING' | 'TRANSIENT' | 'CLIENT_ERROR') => {
      let token = await strategy.acquireInitialRetryToken('');
      let retries = 0;
      try {
        for (;;) {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType });
          retries++;
        }
      } catch {
        return retries;
      }
    };
    expect(await retriesAllowed('THROTTLING')).toBe(19);
    expect(await retriesAllowed('TRANSIENT')).toBe(2);
    expect(await retriesAllowed('CLIENT_ERROR')).toBe(0);
  });

  it('waits at least as long as the server asked', async () => {
    const strategy = new JitterBackoffRetryStrategy(DEFAULT_RETRY_LIMITS, () => 0);
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(''), {
      errorType: 'THROTTLING',
      retryAfterHint: new Date(Date.now() + 2_000),
    });
    expect(token.getRetryDelay()).toBeGreaterThan(1_900);
  });
});

describe('a hung endpoint', () => {
  let server: Server;
  let endpoint: string;
  let received: number;

  beforeEach(async () => {
    received = 0;
    // Reads each request and never answers.
    server = createServer((req) => {
      received++;
      req.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is cut off after the request timeout, retried as a transient fault, then given up', async () => {
    // Prepare: 300 ms request timeout; 3 transient attempts => about 0.9 s plus two short backoffs.
    const client = createCloudWatchClient('us-east-1', { endpoint, credentials, timeouts: { requestTimeoutMs: 300 } });
    const command = new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(3_600_000) });

    // Act
    const started = Date.now();
    const error = await client.send(command).catch((e: unknown) => e as Error);
    const elapsed = Date.now() - started;

    // Assess
    expect((error as Error).name).toBe('TimeoutError');
    expect(received).toBe(DEFAULT_RETRY_LIMITS.maxTransientAttempts);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 300);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('is abandoned at once when the caller aborts', async () => {
    const client = createCloudWatchClient('us-east-1', { endpoint, credentials });
    const command = new GetMetricDataCommand({ MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(3_600_000) });
    const started = Date.now();

    const sending = client.send(command, { abortSignal: AbortSignal.timeout(200) });

    await expect(sending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(DEFAULT_TIMEOUTS.requestTimeoutMs);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('SNS Publish retries only answers that prove the message was refused', () => {
  let server: Server;
  let endpoint: string;
  let answers: Array<{ status: number; code: string }>;
  let received: number;

  beforeEach(async () => {
    received = 0;
    server = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => {
        const next = answers.shift();
        if (next) {
          res.writeHead(next.status, { 'content-type': 'text/xml' });
          res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${next.code}</Code><Message>stub</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const publish = () =>
    createSnsClient('us-east-1', { endpoint, credentials }).send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'hello' }));

  it('resends a throttled Publish', async () => {
    answers = [{ status: 400, code: 'Throttling' }];
    await expect(publish()).resolves.toMatchObject({ MessageId: 'm-1' });
    expect(received).toBe(2);
  });

  it('does not resend after a 5xx, which may follow an accepted message', async () => {
    answers = [{ status: 500, code: 'InternalError' }];
    await expect(publish()).rejects.toThrow();
    expect(received).toBe(1);
  });
});
