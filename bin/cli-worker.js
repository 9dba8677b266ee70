// The CLI itself, run by bin/bedrock-cost-advisor.js in a worker thread; the exit code goes back as a message.
import { parentPort, workerData } from 'node:worker_threads';
import { main } from '../dist/cli.js';

parentPort.postMessage(await main(workerData.argv));
