// A result as a run stores it, written as text straight from the scored columns: the packed result (v3 of
// libs/persistence/src/staff-result-codec.ts: the numbers and the facts the explanations are rendered from) and
// the indicator scores the appraisal loop reads. The same bytes as JSON.stringify of the packed arrays of a
// StaffResult, without the result object, the 30 indicator objects, the packed arrays and the facts a person
// that a chunk of 500 built only to turn into text (about two thirds of the run's own scoring CPU:
// docs/BENCHMARKS.md); a spec holds the two byte for byte over every recorded scorecard.
import type { Calibration, StaffDef } from './document';
import type { CompiledSet } from './compile';
import type { TaskTerm } from './explain-render';

/** Who a stored result is, as its row and the roll-up name them. */
export interface StoredHead {
  id: string;
  department: string;
  site: string | null;
  indicatorSet: string;
}

/** A scored person as a run stores them: what the roll-up, calibration and incentive read, and the texts. */
export interface StoredScore extends StoredHead {
  total: number;
  grade: string | null;
  coefficient: number;
  points: number;
  workloadValue: string | null;
  /** An amount incentive, filled in by the incentive step (a pool share comes with the roll-up). */
  incentive: string | null;
  calibration: Calibration | null;
  /** The packed result (v3) as JSON text. */
  packed: string;
  /** `{"s":{code:score,…},"v":[codes]}`: each indicator's score in the set's order, and the vetoes. */
  scores: string;
}

export interface StoredError extends StoredHead {
  error: string;
  packed: string;
}

export type StoredResult = StoredScore | StoredError;

/**
 * The note a run adds to the explanation of one of a person's indicators (a corrected value it reads, the
 * evidence behind it), starting with "; ", or '' for none.
 */
export type IndicatorNotes = (staff: StaffDef, indicator: string) => string;

/** JSON text of a string; the few codes a run repeats for everyone are quoted once. */
export function quoted(text: string): string {
  let q = QUOTED.get(text);
  if (q === undefined) {
    if (QUOTED.size >= 10_000) QUOTED.clear();
    QUOTED.set(text, (q = JSON.stringify(text)));
  }
  return q;
}
const QUOTED = new Map<string, string>();

/**
 * JSON text of a number, as JSON.stringify writes it (null when not finite). Most numbers of a result have at
 * most two decimals (scores, contributions, weights, most values): their text is remembered, so formatting
 * them (the shortest digits of a double, the costly part of the JSON) happens once a process.
 */
export function jsonNumber(v: number): string {
  const n = Math.round(v * 100);
  if (n >= 0 && n < CENTS.length && n / 100 === v) {
    const text = CENTS[n];
    return text !== '' ? text : (CENTS[n] = String(v));
  }
  return Number.isFinite(v) ? String(v) : 'null';
}
/** The text of n / 100 at n, for 0 to 199.99 ('' until first written): a flat array, looked up by index. */
const CENTS: string[] = new Array<string>(20_000).fill('');

/** Whether `v` is one of the numbers jsonNumber remembers: n / 100 for an integer n from 0 to 19,999. */
function isCents(v: number): boolean {
  const n = Math.round(v * 100);
  return n >= 0 && n < CENTS.length && n / 100 === v;
}

/**
 * An indicator's value as a stored result (v3) keeps it, exactly: a number when it is n / 100 for an integer n
 * from 0 to 19,999 (most counts and percentages), else the 16 lowercase hex digits of its IEEE 754 bits,
 * big-endian. A formula's value (a ratio, a mean) has up to 17 significant digits, and writing its shortest
 * decimal digits was a fifth of a run's own writing of results (docs/BENCHMARKS.md); its bits are copied.
 */
export function storedValue(v: number): number | string | null {
  if (!Number.isFinite(v)) return null;
  if (isCents(v)) return v;
  const bits = Buffer.allocUnsafe(8);
  bits.writeDoubleBE(v);
  return bits.toString('hex');
}

/** The value `storedValue` kept (a number, or its bits in hex). */
export function valueFromStored(stored: number | string | null): number | null {
  if (typeof stored === 'number' || stored === null) return stored;
  if (!/^[0-9a-f]{16}$/.test(stored)) throw new Error(`not a stored value: ${JSON.stringify(stored)}`);
  return Buffer.from(stored, 'hex').readDoubleBE(0);
}

/** One double and its bytes, for TextBytes to write its bits (little-endian on every platform Node runs on). */
const BITS = new Float64Array(1);
const BYTES = new Uint8Array(BITS.buffer);
if (((BITS[0] = 1), BYTES[7]) !== 0x3f) throw new Error('stored values assume a little-endian platform');
/** The character codes of each byte's two hex digits, at 2 × the byte. */
const HEX_CODES = Uint8Array.from(
  Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''),
  (c) => c.charCodeAt(0),
);

/**
 * A text written as bytes into a buffer this process reuses, and read back as one string when it is whole. Built
 * with `+=`, a person's stored text was a tree of its few hundred pieces (each join a string of its own: 15 KB
 * allocated a person for 1.6 KB of text), which then had to be read whole before the chunk's 500 trees were
 * promoted by the collector (docs/BENCHMARKS.md). Written here, each piece is copied where it goes and the text
 * is one string, allocated once. One writer holds one text at a time: `start`, `add`…, `text`.
 */
export class TextBytes {
  private buf = Buffer.allocUnsafe(1 << 14);
  private pos = 0;
  /** Whether a character beyond ASCII was written: the text is then read back as UTF-8. */
  private wide = false;

  start(): void {
    this.pos = 0;
    this.wide = false;
  }

  add(s: string): void {
    const n = s.length;
    // 3 bytes at most for each UTF-16 unit in UTF-8.
    if (this.pos + 3 * n > this.buf.length) this.grow(3 * n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.wide = true;
        this.pos = p + b.write(s.slice(i), p, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** `storedValue(v)` as JSON: the number's text, or its bits' hex digits in quotes. */
  addValue(v: number): void {
    if (isCents(v) || !Number.isFinite(v)) return this.add(jsonNumber(v));
    if (this.pos + 18 > this.buf.length) this.grow(18);
    const b = this.buf;
    let p = this.pos;
    BITS[0] = v;
    b[p++] = 0x22;
    for (let i = 7; i >= 0; i--) {
      const at = 2 * BYTES[i];
      b[p++] = HEX_CODES[at];
      b[p++] = HEX_CODES[at + 1];
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  text(): string {
    // ASCII reads the same as latin1, which copies the bytes as they are.
    return this.buf.toString(this.wide ? 'utf8' : 'latin1', 0, this.pos);
  }

  private grow(more: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + more));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** What a set's indicators and dimensions write the same for everyone, kept with the compiled set. */
interface SetTexts {
  /** `["code","dimension",` */
  indicatorHead: string[];
  /** `,weight,` */
  indicatorWeight: string[];
  /** `"code":` */
  scoreKey: string[];
  /** `["code",` */
  dimensionHead: string[];
  /** `,weight,` */
  dimensionWeight: string[];
}
const SET_TEXTS = new WeakMap<CompiledSet, SetTexts>();

export function setTexts(set: CompiledSet): SetTexts {
  let t = SET_TEXTS.get(set);
  if (!t) {
    t = {
      indicatorHead: set.indicators.map((i) => `[${quoted(i.code)},${quoted(i.dimension)},`),
      indicatorWeight: set.indicators.map((i) => `,${jsonNumber(i.weight)},`),
      scoreKey: set.indicators.map((i) => `${quoted(i.code)}:`),
      dimensionHead: set.dimensions.map((d) => `[${quoted(d.code)},`),
      dimensionWeight: set.dimensions.map((d) => `,${jsonNumber(d.weight)},`),
    };
    SET_TEXTS.set(set, t);
  }
  return t;
}

/** `[id,department,site,indicatorSet` */
export function headText(h: StoredHead): string {
  return `[${JSON.stringify(h.id)},${JSON.stringify(h.department)},${h.site === null ? 'null' : JSON.stringify(h.site)},${quoted(h.indicatorSet)}`;
}

/** The packed form of an error (v3). */
export function packedError(h: StoredHead, error: string): string {
  return `{"v":3,"e":${headText(h)},${JSON.stringify(error)}]}`;
}

/** Writes the part of a packed score after its head, up to its dimensions (v3's `s`). */
export function writeScore(
  w: TextBytes,
  r: StoredScore,
  vetoed: boolean,
  vetoReasons: string,
  rawTotal: number | null,
  tasks: TaskTerm[],
  siteAdjusted: boolean,
): void {
  w.add(',');
  w.add(jsonNumber(r.total));
  w.add(',');
  w.add(r.grade === null ? 'null' : quoted(r.grade));
  w.add(',');
  w.add(jsonNumber(r.coefficient));
  w.add(vetoed ? ',1,[' : ',0,[');
  w.add(vetoReasons);
  w.add('],');
  w.add(jsonNumber(r.points));
  w.add(',');
  w.add(r.workloadValue === null ? 'null' : JSON.stringify(r.workloadValue));
  w.add(',');
  w.add(rawTotal === null ? 'null' : jsonNumber(rawTotal));
  w.add(',');
  w.add(tasks.length ? JSON.stringify(tasks) : '[]');
  w.add(siteAdjusted ? ',1]' : ',0]');
}
