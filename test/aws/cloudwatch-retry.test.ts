import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchUsageCollector, createCloudWatchClient } from '../../src/aws/cloudwatch-collector.js';
import { totalsOf } from '../../src/usage/usage.js';

/**
 * A real SDK client (no send() stub) against a loopback server that speaks CloudWatch's awsJson1_0
 * protocol, so the client's own retry strategy runs. The first GetMetricData is throttled.
 */

const NOW = new Date('2026-06-01T00:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

let server: Server;
let endpoint: string;
let requests: Array<{ target: string; body: Record<string, unknown> }>;
let throttlesLeft: number;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  requests.push({ target, body });
  if (target === 'ListMetrics') {
    const metrics = body.Namespace === 'AWS/Bedrock'
      ? [{ Namespace: 'AWS/Bedrock', MetricName: 'InputTokenCount', Dimensions: [{ Name: 'ModelId', Value: HAIKU }] }]
      : [];
    reply(res, 200, { Metrics: metrics });
    return;
  }
  if (target === 'GetMetricData') {
    if (throttlesLeft > 0) {
      throttlesLeft--;
      // CloudWatch is awsQuery-compatible: the query error code travels in x-amzn-query-error.
      reply(res, 400, { __type: 'com.amazonaws.cloudwatch#ThrottlingException', message: 'Rate exceeded' }, { 'x-amzn-query-error': 'Throttling;Sender' });
      return;
    }
    const queries = body.MetricDataQueries as Array<{ Id: string }>;
    reply(res, 200, {
      MetricDataResults: queries.map((q) => ({ Id: q.Id, Label: 'InputTokenCount', Timestamps: [NOW_SEC - 3600], Values: [250], StatusCode: 'Complete' })),
    });
    return;
  }
  reply(res, 400, { __type: 'InvalidAction', message: `unexpected ${target}` });
}

beforeEach(async () => {
  requests = [];
  throttlesLeft = 0;
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function realClient() {
  return createCloudWatchClient('us-east-1', { endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
}

describe('CloudWatch throttling', () => {
  it('retries a throttled GetMetricData and still collects the usage', async () => {
    // Prepare
    throttlesLeft = 1;
    const collector = new CloudWatchUsageCollector({ client: realClient(), region: 'us-east-1', now: () => NOW });

    // Act
    const { models, stats } = await collector.collect({ start: new Date((NOW_SEC - 3 * 3600) * 1000), end: NOW });

    // Assess: two GetMetricData requests on the wire (throttled, then retried) for one logical call.
    expect(requests.filter((r) => r.target === 'GetMetricData')).toHaveLength(2);
    expect(totalsOf(models[0]!).InputTokenCount).toBe(250);
    expect(stats.getMetricDataCalls).toBe(1);
  });

  it('gives up once the attempts are spent and surfaces the throttling error', async () => {
    // Prepare: more throttles than attempts.
    throttlesLeft = 100;
    const client = createCloudWatchClient('us-east-1', {
      endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, retry: { maxThrottledAttempts: 2 },
    });
    const collector = new CloudWatchUsageCollector({ client, region: 'us-east-1', now: () => NOW });

    // Act
    const collecting = collector.collect({ start: new Date((NOW_SEC - 3 * 3600) * 1000), end: NOW });

    // Assess
    await expect(collecting).rejects.toThrow(/Rate exceeded/);
    expect(requests.filter((r) => r.target === 'GetMetricData')).toHaveLength(2);
  });
});
