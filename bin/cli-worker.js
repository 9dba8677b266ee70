// The CLI itself, run by bin/bedrock-cost-advisor.js in a worker thread; the exit code goes back as a message.
import { parentPort, workerData } from 'node:worker_threads';
import { main } from '../dist/cli.js';

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: workerData.stdoutIsTTY,
  stderrIsTTY: workerData.stderrIsTTY,
};
parentPort.postMessage(await main(workerData.argv, io));
