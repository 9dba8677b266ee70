/** Small first chunks: a file of many tiny series (hostile or not) costs bytes per series, not kilobytes. */
const FIRST_CHUNK = 16;
/**
 * Large last chunks (256 KiB of values): above the C allocator's mmap threshold (128 KiB by default) a
 * chunk is mapped on its own, so its unfilled slots are pages never touched and, once the series is
 * built, it goes back to the system rather than staying in the process as a hole. Measured on 200
 * models x 15 days of CSV: peak RSS 296 and 282 MiB, against 299 MiB with 8,192-value chunks.
 */
const MAX_CHUNK = 65_536;

/**
 * A chunk keeps its times and source lines as runs while the points come at a steady step, and as
 * arrays from the point where runs would cost more: a run costs five numbers, the arrays 6 bytes a point.
 */
const MIN_AVERAGE_RUN = 8;
/** Numbers per run in `PointChunk.runs`: first index, time, time step, line, line step. */
const RUN = 5;

/**
 * One chunk of a `PointColumns`.
 *
 * Values are 32-bit while every value fits (counts almost always do), 64-bit floats from the first that
 * does not.
 *
 * Times and source lines are runs in the common case: a column of a CSV or a CloudWatch series is one
 * point a period, and its rows are a fixed number of lines apart (a file grouped by minute puts every
 * series' row once a minute; a file grouped by series puts them one after the other). A run is stored
 * once, so a point costs its value alone. Points that break the pattern (gaps, a shuffled file) start
 * new runs; when the runs would average fewer than `MIN_AVERAGE_RUN` points the chunk switches to
 * explicit columns: 32-bit times, and lines as the 16-bit step from the point before (rows of one
 * series are a few thousand lines apart at most in any export), absolute 32-bit lines from the first
 * step that does not fit.
 */
interface PointChunk {
  v: Uint32Array | Float64Array;
  /** Runs, `RUN` numbers each, while the chunk is in run form; undefined once it is explicit. */
  runs: number[] | undefined;
  t: Uint32Array | undefined;
  lineSteps: Uint16Array | undefined;
  lines: Uint32Array | undefined;
  /** The source line of the chunk's last point (the base of the next step). */
  lastLine: number;
  period: Uint16Array | undefined;
}

/**
 * Points a column must take in a row before the one after it makes it shrink its last chunk: a file
 * grouped by series (a per-model export) gives each column all its points at once, so when the next
 * column starts this one is most likely done, and the unfilled end of its last chunk (up to half of
 * it, as chunks double) would be held to the end of the read. A file grouped by minute switches column
 * on every row and never shrinks one.
 */
const DONE_AFTER_STREAK = 1024;

/**
 * Which column of a builder took the last point, shared by its columns: the column that takes over
 * shrinks the one before it when that one had a long streak (`DONE_AFTER_STREAK`).
 */
export class ColumnTurns {
  current: PointColumns | undefined = undefined;
  /** The current column's length when its streak began. */
  streakStart = 0;
  /**
   * The length of the last column that took a long streak from its first point (0: none, or a short
   * streak since): a file grouped by series gives every column about as many points, so the next new
   * column's first chunk is made that size, and holds the whole column in one array of its size.
   */
  expected = 0;
  /**
   * The points a column of `length` points so far will hold at the end of the input, when the reader
   * can tell (a file of known size read in row order: the rows so far against the rows the file's size
   * makes); 0 when it cannot.
   */
  finalLength: (length: number) => number = () => 0;
}

/** Points a column must hold before its final length is estimated and one chunk made to hold it all. */
const ESTIMATE_AFTER = 1000;
/** The margin over the estimate that chunk is given: rows differ a little in length. */
const ESTIMATE_MARGIN = 1.02;

/** The largest first chunk a column is given on another column's length (16 MiB of values). */
const MAX_EXPECTED = 1 << 22;

/**
 * One metric of one series as it arrives, before its periods are known: columns in chunks, so growing
 * never copies (or doubles) what is already stored. A point costs 4 bytes (its value) where times and
 * lines run at a steady step, up to 12 where they do not; the known period column (collector) exists
 * only in chunks that have it.
 */
export class PointColumns {
  readonly chunks: PointChunk[] = [];
  private chunk: PointChunk | undefined;
  private fill = 0;
  /** The first chunk was made to the length expected (`ColumnTurns.expected`), not the usual first size. */
  private sizedByExpectation = false;
  /** The last chunk was made to hold every point of the column, as estimated (`ColumnTurns.finalLength`). */
  private sizedForAll = false;
  length = 0;

  constructor(private readonly turns: ColumnTurns = new ColumnTurns()) {}

  push(t: number, v: number, line: number, period: number): void {
    const turns = this.turns;
    if (turns.current !== this) this.takeTurn(turns);
    let chunk = this.chunk;
    if (chunk === undefined || this.fill === chunk.v.length) chunk = this.grow();
    const i = this.fill++;
    if (v === v >>> 0 || chunk.v instanceof Float64Array) chunk.v[i] = v;
    else (chunk.v = Float64Array.from(chunk.v))[i] = v;
    if (chunk.runs !== undefined) this.pushRun(chunk, i, t, line);
    else this.pushExplicit(chunk, i, t, line);
    if (period !== 0) (chunk.period ??= new Uint16Array(chunk.v.length))[i] = period;
    this.length++;
  }

  private takeTurn(turns: ColumnTurns): void {
    const before = turns.current;
    if (before !== undefined) {
      const streak = before.length - turns.streakStart;
      const long = streak >= DONE_AFTER_STREAK;
      // A first chunk made to another column's length is cut to this one's at its first turn, long or not.
      if (long || before.sizedByExpectation) before.shrinkLastChunk();
      before.sizedByExpectation = false;
      turns.expected = long && turns.streakStart === 0 ? Math.min(MAX_EXPECTED, streak) : 0;
    }
    turns.current = this;
    turns.streakStart = this.length;
  }

  /**
   * Copies the last chunk's points into a chunk of their exact size, letting the larger one go. More
   * points for this column later are pushed into new chunks as usual.
   */
  private shrinkLastChunk(): void {
    const chunk = this.chunk;
    const n = this.fill;
    if (chunk === undefined || n === chunk.v.length || n === 0) return;
    chunk.v = chunk.v.slice(0, n);
    if (chunk.t) chunk.t = chunk.t.slice(0, n);
    if (chunk.lineSteps) chunk.lineSteps = chunk.lineSteps.slice(0, n);
    if (chunk.lines) chunk.lines = chunk.lines.slice(0, n);
    if (chunk.period) chunk.period = chunk.period.slice(0, n);
  }

  private grow(): PointChunk {
    const last = this.chunk;
    const expected = this.turns.expected;
    this.sizedByExpectation = !last && expected > FIRST_CHUNK;
    let size = last ? Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, last.v.length * 2)) : this.sizedByExpectation ? expected : FIRST_CHUNK;
    // A column past a thousand points in a file read in row order (a file by minute, whose columns
    // all grow together) gets, once, a chunk to hold all of it: at the end its points are moved into
    // that chunk, which becomes the segment's array, rather than copied into a new one.
    const estimated = !this.sizedForAll && this.length >= ESTIMATE_AFTER && last !== undefined && this.chunks.length > 1 ? Math.ceil(this.turns.finalLength(this.length) * ESTIMATE_MARGIN) + FIRST_CHUNK : 0;
    this.sizedForAll = estimated > this.length && estimated <= MAX_EXPECTED;
    if (this.sizedForAll) size = estimated;
    const chunk: PointChunk = { v: new Uint32Array(size), runs: [], t: undefined, lineSteps: undefined, lines: undefined, lastLine: 0, period: undefined };
    this.chunks.push(chunk);
    this.chunk = chunk;
    this.fill = 0;
    return chunk;
  }

  private pushRun(chunk: PointChunk, i: number, t: number, line: number): void {
    const runs = chunk.runs!;
    const r = runs.length - RUN;
    if (r >= 0) {
      const count = i - (runs[r] as number);
      if (count === 1) {
        // A run's second point sets its steps.
        runs[r + 2] = t - (runs[r + 1] as number);
        runs[r + 4] = line - (runs[r + 3] as number);
        return;
      }
      if (t === (runs[r + 1] as number) + count * (runs[r + 2] as number) && line === (runs[r + 3] as number) + count * (runs[r + 4] as number)) return;
      if (runs.length / RUN >= i / MIN_AVERAGE_RUN + 2) {
        this.makeExplicit(chunk, i);
        this.pushExplicit(chunk, i, t, line);
        return;
      }
    }
    runs.push(i, t, 0, line, 0);
  }

  /** Turns a chunk's runs into explicit columns for its first `n` points. */
  private makeExplicit(chunk: PointChunk, n: number): void {
    const runs = chunk.runs!;
    chunk.runs = undefined;
    chunk.t = new Uint32Array(chunk.v.length);
    for (let r = 0; r < runs.length; r += RUN) {
      const first = runs[r] as number;
      const end = r + RUN < runs.length ? (runs[r + RUN] as number) : n;
      for (let i = first; i < end; i++) {
        const k = i - first;
        chunk.t[i] = (runs[r + 1] as number) + k * (runs[r + 2] as number);
        const line = (runs[r + 3] as number) + k * (runs[r + 4] as number);
        if (line !== 0) this.pushLine(chunk, i, line);
      }
    }
  }

  private pushExplicit(chunk: PointChunk, i: number, t: number, line: number): void {
    chunk.t![i] = t;
    if (line !== 0) this.pushLine(chunk, i, line);
  }

  private pushLine(chunk: PointChunk, i: number, line: number): void {
    if (chunk.lines !== undefined) {
      chunk.lines[i] = line;
      return;
    }
    const step = i === 0 ? 0 : line - chunk.lastLine;
    if (i === 0 || (step >= 0 && step <= 0xffff)) {
      (chunk.lineSteps ??= new Uint16Array(chunk.v.length))[i] = step;
      chunk.lastLine = line;
      return;
    }
    // A step that does not fit: absolute lines from here on in this chunk.
    const lines = new Uint32Array(chunk.v.length);
    let at = chunk.lastLine;
    for (let k = i - 1; k >= 0; k--) {
      lines[k] = at;
      at -= chunk.lineSteps![k] as number;
    }
    lines[i] = line;
    chunk.lines = lines;
    chunk.lineSteps = undefined;
  }

  /** Every point, chunk by chunk, in the order pushed. */
  forEach(visit: (t: number, v: number, line: number, period: number) => void): void {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const n = c === this.chunks.length - 1 ? this.fill : chunk.v.length;
      const { v, runs, period } = chunk;
      if (runs !== undefined) {
        for (let r = 0; r < runs.length; r += RUN) {
          const first = runs[r] as number;
          const end = r + RUN < runs.length ? (runs[r + RUN] as number) : n;
          const t0 = runs[r + 1] as number;
          const tStep = runs[r + 2] as number;
          const line0 = runs[r + 3] as number;
          const lineStep = runs[r + 4] as number;
          for (let i = first; i < end; i++) {
            const k = i - first;
            visit(t0 + k * tStep, v[i] as number, line0 + k * lineStep, period ? (period[i] as number) : 0);
          }
        }
        continue;
      }
      const { t, lineSteps, lines } = chunk;
      // The first point's line is the last one's minus every step after the first.
      let line = 0;
      if (lineSteps !== undefined) {
        line = chunk.lastLine;
        for (let i = 1; i < n; i++) line -= lineSteps[i] as number;
      }
      for (let i = 0; i < n; i++) {
        if (lineSteps !== undefined && i > 0) line += lineSteps[i] as number;
        visit(t![i] as number, v[i] as number, lines !== undefined ? (lines[i] as number) : line, period ? (period[i] as number) : 0);
      }
    }
  }

  /**
   * Every point's time into `times` and period into `periods` (0: not known), in push order: what
   * `forEach` visits, as loops over the chunks' runs and arrays rather than a call a point, for the
   * series builder, which reads every point's time.
   */
  timesInto(times: Float64Array, periods: Uint16Array): void {
    let at = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const n = c === this.chunks.length - 1 ? this.fill : chunk.v.length;
      const { runs, t, period } = chunk;
      if (runs !== undefined) runTimes(runs, n, times, at);
      else for (let i = 0; i < n; i++) times[at + i] = t![i] as number;
      if (period !== undefined) for (let i = 0; i < n; i++) periods[at + i] = period[i] as number;
      else periods.fill(0, at, at + n);
      at += n;
    }
  }

  /**
   * The values when they are one array of exactly the column's length (a column that came in one
   * streak, its chunk made or cut to its size), to be kept as they are; otherwise undefined.
   */
  exactValues(): Uint32Array | Float64Array | undefined {
    const chunk = this.chunk;
    return this.chunks.length === 1 && chunk !== undefined && this.fill === chunk.v.length ? chunk.v : undefined;
  }

  /**
   * Every value in push order in one array of the column's length, when the last chunk was made to hold
   * them all (`sizedForAll`) and every chunk holds 32-bit values: the earlier chunks' values are moved
   * into it, in place. The column's points are then gone: call `release` next. Otherwise undefined, and
   * nothing changed.
   */
  takeAllValues(): Uint32Array | undefined {
    const last = this.chunk;
    if (last === undefined || !this.sizedForAll || last.v.length < this.length || this.chunks.some((c) => !(c.v instanceof Uint32Array))) return undefined;
    const before = this.length - this.fill;
    if (this.chunks.reduce((sum, c) => sum + c.v.length, 0) - last.v.length !== before) return undefined;
    const all = last.v as Uint32Array;
    all.copyWithin(before, 0, this.fill);
    let at = 0;
    for (let c = 0; c < this.chunks.length - 1; c++) {
      const v = this.chunks[c]!.v as Uint32Array;
      all.set(v, at);
      at += v.length;
    }
    this.chunks.length = 0;
    this.chunk = undefined;
    return all.length === this.length ? all : all.subarray(0, this.length);
  }

  /** Lets the chunks go (the series is built). */
  release(): void {
    if (this.turns.current === this) this.turns.current = undefined;
    this.chunks.length = 0;
    this.chunk = undefined;
  }
}

/** The times of a chunk's first `n` points, from its runs, into `times` from `at`. */
function runTimes(runs: number[], n: number, times: Float64Array, at: number): void {
  for (let r = 0; r < runs.length; r += RUN) {
    const first = runs[r] as number;
    const end = r + RUN < runs.length ? (runs[r + RUN] as number) : n;
    const t0 = runs[r + 1] as number;
    const step = runs[r + 2] as number;
    for (let i = first; i < end; i++) times[at + i] = t0 + (i - first) * step;
  }
}
