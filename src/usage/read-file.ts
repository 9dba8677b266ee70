import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { UsageInputError, describeFileError } from '../errors.js';
import { UsageCsvReader, type UsageReadOptions } from './csv.js';
import { isGetMetricDataOutput, parseGetMetricDataOutput } from './get-metric-data.js';
import type { SnapshotLineReader } from './snapshot.js';
import { WideUsageCsvReader, isWideCsvHeader } from './wide-csv.js';
import type { UsageSnapshot } from './usage.js';

/** Chunk size for streaming reads: big enough to amortise the calls, small against the memory budget. */
const CHUNK_BYTES = 1 << 22;

/**
 * The file's bytes a chunk at a time. Reads are synchronous: the CLI has nothing else to do while it
 * reads, and an asynchronous stream left the parser idle between chunks (a fifth of the run time).
 */
function* chunksOf(file: string): Generator<Buffer> {
  const fd = openSync(file, 'r');
  // One buffer for the whole file: each chunk is consumed (anything kept is copied) before the next
  // read, and reusing it spares the page faults of 160 fresh 4 MB buffers for a 640 MB file.
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) return;
      yield n < CHUNK_BYTES ? buffer.subarray(0, n) : buffer;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a usage file, CSV (canonical or the console's wide download, told apart by the header) or
 * snapshot (told apart by the first character: `{` is a snapshot), as a
 * stream of chunks: the whole file is never one string, so its size is bounded by the disk, not by
 * V8's string limit.
 */
export async function readUsageFile(file: string, options: UsageReadOptions): Promise<UsageSnapshot> {
  const decoder = new StringDecoder('utf8');
  let csv: UsageCsvReader | WideUsageCsvReader | undefined;
  let snapshot: SnapshotLineReader | undefined;
  let carry = '';
  let legacy = false;
  try {
    for (const bytes of chunksOf(file)) {
      if (!csv && !snapshot) {
        // The first byte that is not a byte-order mark or white space tells the format.
        let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
        if (i === bytes.length) {
          csv = new UsageCsvReader(file, options);
        } else if (bytes[i] === 123) {
          snapshot = new (await snapshotReader()).SnapshotLineReader(file, options);
        } else {
          // The header tells the canonical CSV from the console's wide download (one column per series).
          const nl = bytes.indexOf(10, i);
          const header = bytes.subarray(i, nl < 0 ? bytes.length : nl).toString('utf8');
          if (isWideCsvHeader(header)) csv = new WideUsageCsvReader(file, options);
          else (csv = new UsageCsvReader(file, options)).expectBytes(statSync(file).size);
        }
      }
      if (csv) {
        // CSV is parsed from bytes: decoding 680 MB to strings would cost more than the parse.
        csv.push(bytes);
        continue;
      }
      const text = carry + decoder.write(bytes);
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
    throw new UsageInputError(`cannot read ${file}: ${describeFileError(error)}`);
  }
  if (legacy) return parseJsonDocument(await readFile(file, 'utf8'), file, options);
  if (snapshot) {
    if (carry && !snapshot.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry)) return parseJsonDocument(await readFile(file, 'utf8'), file, options);
    return snapshot.finish();
  }
  if (csv) return csv.finish();
  throw new UsageInputError(`${file}: empty file; expected a CSV with header "timestamp,region,modelId,metric,value" or a usage snapshot`);
}

/**
 * The snapshot reader, loaded when the file is JSON: it builds its zod schemas (and loads classic zod)
 * as it loads, which a CSV read never uses.
 */
const snapshotReader = () => import('./snapshot.js');

/** A whole JSON document: `aws cloudwatch get-metric-data` output, or a version 1 usage snapshot. */
async function parseJsonDocument(text: string, file: string, options: UsageReadOptions): Promise<UsageSnapshot> {
  const { parseSnapshot } = await snapshotReader();
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return parseSnapshot(text, file, options); // names the JSON error as it always has
  }
  return isGetMetricDataOutput(document) ? parseGetMetricDataOutput(document, file, options) : parseSnapshot(text, file, options);
}
