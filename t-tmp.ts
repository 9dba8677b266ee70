import { readInvocationLogs } from './src/logs/read-invocation-logs.js';
const t = performance.now();
const r = await readInvocationLogs(process.argv[2]!, { longContextThresholds: [200000, 272000], duckdb: { memoryLimit: '600MB' } });
console.log('read', ((performance.now() - t) / 1000).toFixed(1), 's', r.hours.length, 'hours rows');
