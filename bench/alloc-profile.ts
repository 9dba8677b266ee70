/**
 * Where analyze() allocates: the `replay-pairs` workload (minute data, the bench catalog), one warm-up
 * call, then V8's sampling heap profiler around CALLS more calls, counting garbage too (objects a minor
 * or major collection freed), not only survivors. Prints allocated bytes per call by function and by
 * file (self), and the heap the report of one call keeps per model. Not a timed bench: a diagnosis.
 * Usage: tsx bench/alloc-profile.ts [MODELS] [DAYS] [CALLS] [TOP]
 */
import { Session } from 'node:inspector';
import { getHeapStatistics } from 'node:v8';
import { analyze } from '../src/engine.js';
import type { ModelUsage, UsageSnapshot } from '../src/usage/usage.js';
import { BENCH_END, REGION, benchCatalog, load, modelIdOf } from './fixtures.js';

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  id: number;
  children: SampleNode[];
}
interface Sample {
  size: number;
  nodeId: number;
}

/** The minute data of bench/stages.ts's replay scenarios (its `minuteSnapshot`, same values). */
function minuteSnapshot(models: number, days: number): UsageSnapshot {
  const start = BENCH_END - days * 86_400;
  const n = days * 1440;
  const usage: ModelUsage[] = [];
  for (let i = 0; i < models; i++) {
    const metrics = { InputTokenCount: new Uint32Array(n), OutputTokenCount: new Uint32Array(n), CacheReadInputTokenCount: new Uint32Array(n), Invocations: new Uint32Array(n) };
    for (let k = 0; k < n; k++) {
      const l = load(i, start + k * 60, 60);
      metrics.InputTokenCount[k] = l.input;
      metrics.OutputTokenCount[k] = l.output;
      metrics.CacheReadInputTokenCount[k] = l.reads;
      metrics.Invocations[k] = l.invocations;
    }
    usage.push({ modelId: modelIdOf(i), region: REGION, segments: [{ periodSeconds: 60, start, length: n, metrics }] });
  }
  return { window: { start: new Date(start * 1000).toISOString(), end: new Date(BENCH_END * 1000).toISOString() }, models: usage, provisionedThroughputs: [], customModels: [], inferenceProfiles: [], errors: [] };
}

const [models = 1000, days = 15, calls = 3, top = 40] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

const shortFile = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*?\/(src|bench|node_modules)\//, '$1/') || '(native)';

const snapshot = minuteSnapshot(models, days);
const catalog = benchCatalog(models);
const now = new Date(BENCH_END * 1000);
analyze(snapshot, catalog, { now });

const session = new Session();
session.connect();
await post(session, 'HeapProfiler.enable');
// A small interval samples finely; the bytes are scaled by the profiler, so the totals are estimates.
await post(session, 'HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let c = 0; c < calls; c++) analyze(snapshot, catalog, { now });
const { profile } = await post<{ profile: { head: SampleNode; samples: Sample[] } }>(session, 'HeapProfiler.stopSampling');
await post(session, 'HeapProfiler.disable');
session.disconnect();

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
// decimal.js and native frames (Map, push, slice) charged to the nearest project function above them.
const byCaller = new Map<string, number>();
// The same, by the last three project functions on the stack (callee first): which call site it is.
const byPath = new Map<string, number>();
let total = 0;
const visit = (node: SampleNode, path: string[]) => {
  const file = shortFile(node.callFrame.url);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${file}`;
  const here = file.startsWith('src/') ? [...path, `${node.callFrame.functionName || '(anonymous)'} ${file.replace(/^src\//, '')}`] : path;
  if (node.selfSize > 0) {
    const owner = here.length > 0 ? here[here.length - 1]!.replace(/ (\S+)$/, ' src/$1') : '(outside src)';
    const site = here.slice(-3).reverse().join(' < ');
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
    byCaller.set(owner, (byCaller.get(owner) ?? 0) + node.selfSize);
    byPath.set(site, (byPath.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) visit(child, here);
};
visit(profile.head, []);

const mb = (bytes: number) => (bytes / calls / 1e6).toFixed(2).padStart(8);
const table = (title: string, rows: Map<string, number>) => {
  console.log(`\n${title}  (MB per call, % of allocated)`);
  for (const [name, bytes] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${mb(bytes)}  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`allocated per analyze() call: ${mb(total).trim()} MB (${models} models x ${days} days, ${calls} calls sampled)`);
table('by function (self)', byFunction);
table('by file (self)', byFile);
table('by project function, with the decimal.js and native allocations it calls', byCaller);
table('by project call path (callee < caller < its caller)', byPath);

// What one call's report keeps: the heap after a full collection with the report held, less the heap without it.
if (gc) {
  gc();
  gc();
  const before = getHeapStatistics().used_heap_size;
  const report = analyze(snapshot, catalog, { now });
  gc();
  gc();
  const after = getHeapStatistics().used_heap_size;
  console.log(`\nretained by one report: ${((after - before) / 1e6).toFixed(2)} MB, ${((after - before) / models / 1024).toFixed(1)} KB per model (${report.models.length} model reports)`);
  reachable(report);
} else {
  console.log('\n(run with node --expose-gc, e.g. NODE_OPTIONS=--expose-gc, for the retained heap per model)');
}

/**
 * The objects reachable from a report, each counted once, per model: by kind, and by where the report
 * holds them (keys joined, `[]` for an array's items). Objects the catalog holds (a price's Decimal) are
 * reachable too, so this counts a little more than the report alone made.
 */
function reachable(report: object): void {
  const seen = new Set<object>();
  const byKind = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const isDecimal = (v: object) => 'd' in v && 'e' in v && 's' in v && typeof (v.constructor as { precision?: unknown }).precision === 'number';
  const walk = (v: unknown, place: string): void => {
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || seen.has(v)) return;
    seen.add(v);
    const kind = isDecimal(v) ? 'Decimal' : Array.isArray(v) ? 'array' : Object.isFrozen(v) ? 'frozen object' : 'object';
    bump(byKind, kind);
    bump(byPlace, `${place || '(report)'} ${kind}`);
    if (kind === 'Decimal') return;
    if (Array.isArray(v)) for (const item of v) walk(item, `${place}[]`);
    else for (const [key, value] of Object.entries(v)) walk(value, `${place}.${key}`);
  };
  walk(report, '');
  console.log(`objects reachable from the report, per model: ${(seen.size / models).toFixed(1)}`);
  for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`${(n / models).toFixed(1).padStart(8)}  ${kind}`);
  console.log('by place (per model):');
  for (const [place, n] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(n / models).toFixed(1).padStart(8)}  ${place}`);
}
