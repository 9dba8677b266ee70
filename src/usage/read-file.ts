import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UsageInputError } from '../errors.js';
import { UsageCsvReader, type UsageReadOptions } from './csv.js';
import { SnapshotLineReader, parseSnapshot } from './snapshot.js';
import type { UsageSnapshot } from './usage.js';

/** Chunk size for streaming reads: big enough to amortise the calls, small against the memory budget. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a usage file, CSV or snapshot (told apart by the first character: `{` is a snapshot), as a
 * stream of chunks: the whole file is never one string, so its size is bounded by the disk, not by
 * V8's string limit.
 */
export async function readUsageFile(file: string, options: UsageReadOptions = {}): Promise<UsageSnapshot> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  let csv: UsageCsvReader | undefined;
  let snapshot: SnapshotLineReader | undefined;
  let carry = '';
  let legacy = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (!csv && !snapshot) {
        const first = chunk.replace(/^\uFEFF/, '').trimStart();
        if (first === '') continue;
        if (first.startsWith('{')) snapshot = new SnapshotLineReader(file, options);
        else csv = new UsageCsvReader(file, options);
      }
      if (csv) {
        csv.push(chunk);
        continue;
      }
      const text = carry + chunk;
      let from = 0;
      for (;;) {
        const nl = text.indexOf('\n', from);
        if (nl < 0) break;
        if (!snapshot!.line(text.slice(from, nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl))) {
          legacy = true;
          break;
        }
        from = nl + 1;
      }
      if (legacy) break;
      carry = text.slice(from);
    }
  } catch (error) {
    if (error instanceof UsageInputError) throw error;
    throw new UsageInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    stream.destroy();
  }
  if (legacy) return parseSnapshot(await readFile(file, 'utf8'), file, options);
  if (snapshot) {
    if (carry && !snapshot.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry)) return parseSnapshot(await readFile(file, 'utf8'), file, options);
    return snapshot.finish();
  }
  if (csv) return csv.finish();
  throw new UsageInputError(`${file}: empty file; expected a CSV with header "timestamp,region,modelId,metric,value" or a usage snapshot`);
}
