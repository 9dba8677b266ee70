#!/usr/bin/env node
// The AWS SDK prints a Node-version warning when it loads; it is meant for us, not for a user's
// output. The variable must be set before the worker (and the SDK it imports) starts: the worker gets a
// copy of this environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The CLI runs in a worker thread so every way it can die ends in one clear line: at the heap limit the
// worker is stopped and reports ERR_WORKER_OUT_OF_MEMORY (the main thread prints one line), where a plain
// process would crash with V8's fatal dump. A closed or full standard output (EPIPE, ENOSPC) is caught
// here too, where the worker's output is written.
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';

const OUTPUT_UNUSABLE = 2;
let exitCode;

function stopWith(code, line) {
  if (exitCode !== undefined) return;
  exitCode = code;
  process.exitCode = code;
  process.stderr.write(`${line}\n`);
  void worker.terminate();
}

const worker = new Worker(new URL('./cli-worker.js', import.meta.url), {
  // A worker's own stdout is a pipe to this thread, never a terminal: it is told what the real streams are,
  // so progress and colour still go to a terminal only.
  workerData: { argv: process.argv.slice(2), stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true },
  // The same heap the process itself would have (NODE_OPTIONS=--max-old-space-size raises both).
  resourceLimits: { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024) },
});
worker.on('message', (code) => {
  if (exitCode === undefined) process.exitCode = code;
});
worker.on('error', (error) => {
  if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    stopWith(1, 'error: out of memory (the input is too large for this machine; use a shorter window or raise NODE_OPTIONS=--max-old-space-size)');
  } else {
    stopWith(1, `error: ${error?.message ?? String(error)}`);
  }
});
process.stdout.on('error', (error) => {
  const why = error.code === 'EPIPE' ? 'the reader closed the pipe' : error.code === 'ENOSPC' ? 'no space left on the device' : error.message;
  stopWith(OUTPUT_UNUSABLE, `error: cannot write the report to standard output: ${error.code ?? 'error'} (${why})`);
});
