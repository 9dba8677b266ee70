/**
 * Starts the loopback AWS stub for a manual `invoke local`:
 *
 *   node --import tsx test/e2e/start-stub.ts [port] [--fail=eu-west-1,...] [--hang=us-west-2,...] [--throttle=0.5]
 *   AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:4599 \
 *     npx serverless invoke local -f analyze --stage local --data '{"days":7,"publish":true}'
 *
 * Every Publish is printed as it arrives.
 */
import { startAwsStub } from './aws-stub.js';

const args = process.argv.slice(2);
const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 4599);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const list = (name: string) => (flag(name) ?? '').split(',').filter(Boolean);
const failRegions = list('fail');
const hangRegions = list('hang');
const throttleRate = Number(flag('throttle') ?? 0);
const stub = await startAwsStub({ port, failRegions, hangRegions, throttleRate });
const faults = [
  failRegions.length ? `failing: ${failRegions.join(', ')}` : '',
  hangRegions.length ? `hung: ${hangRegions.join(', ')}` : '',
  throttleRate ? `throttling ${Math.round(throttleRate * 100)}% of CloudWatch calls` : '',
].filter(Boolean);
console.log(`AWS stub listening on ${stub.url}${faults.length ? ` (${faults.join('; ')})` : ''}`);

let seenRequests = 0;
let seenPublishes = 0;
setInterval(() => {
  for (; seenRequests < stub.requests.length; seenRequests++) {
    const r = stub.requests[seenRequests]!;
    console.log(`${r.status} ${r.service} ${r.region} ${r.operation}`);
  }
  for (; seenPublishes < stub.publishes.length; seenPublishes++) {
    const p = stub.publishes[seenPublishes]!;
    console.log(`Publish to ${p.topicArn} (${p.messageStructure ?? 'string'}), subject: ${p.subject ?? '-'}, ${Buffer.byteLength(p.message)} bytes`);
  }
}, 200).unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void stub.close().then(() => process.exit(0)));
}
await new Promise(() => {});
