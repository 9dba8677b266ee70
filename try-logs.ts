import { writeFileSync } from 'node:fs';
import { anthropicBody, converseBody, logRecord, streamedBody, writeLogFolder } from './test/logs/log-fixture.js';
const dir = writeLogFolder([
  logRecord({ requestId: 'a', timestamp: '2026-11-02T10:01:00Z', input: 250000, output: 10, cacheWrite: 300, outputBody: anthropicBody(100, 200, 250000, 10) }),
  logRecord({ requestId: 'a', timestamp: '2026-11-02T10:01:00Z', input: 250000, output: 10, cacheWrite: 300, outputBody: anthropicBody(100, 200, 250000, 10) }),
  logRecord({ requestId: 'b', timestamp: '2026-11-02T10:02:00Z', operation: 'InvokeModelWithResponseStream', input: 5, output: 10, cacheWrite: 30, outputBody: streamedBody(10, 20, 5, 10) }),
  logRecord({ requestId: 'c', timestamp: '2026-11-02T11:02:00Z', operation: 'Converse', input: 5, output: 10, cacheWrite: 7, outputBody: converseBody([{ ttl: '1h', inputTokens: 4 }, { ttl: '5m', inputTokens: 3 }], 5, 10), requestMetadata: { team: 'x' } }),
  logRecord({ requestId: 'd', timestamp: '2026-11-02T11:02:00Z', errorCode: 'ThrottlingException' }),
]);
writeFileSync('/tmp/logdir.txt', dir);
