// Engine benchmark: scores a generated month (100,000 staff by default, 30 indicators of every method,
// some inputs missing) three ways and checks that they agree:
//   engine  – the scoring library: compile once, then column closures over the per-staff input arrays,
//   native  – a hand-written TypeScript function with the same formulas and rules over the same arrays
//             (the reference limit),
//   mathjs  – mathjs compile().evaluate() per staff member and indicator, on the staff members' input
//             objects as scope (what a straightforward implementation does).
// engineDocumentMs is the engine again, reading the parsed document's input objects instead of arrays.
// Prints one JSON line: {staff, indicators, engineMs, nativeMs, mathjsMs, ratioToNative, speedupVsMathjs, ...}.
//
//   npm run bench:engine [-- --staff 100000 --runs 9 --mathjs-runs 3]
import * as math from 'mathjs';
import { CHUNK_ROWS, CompiledScorecard, validateDocument } from '@app/scoring';
import { DIMS, generate, INDICATORS, INPUT_CODES, Inputs } from './bench-month';
import { arg } from './bench-args';

const STAFF = arg('staff', 100_000);
const RUNS = arg('runs', 9);
const MATHJS_RUNS = arg('mathjs-runs', 3);
const SKIP_MATHJS = process.argv.includes('--no-mathjs');

// ------------------------------------------------------------------ scalar scoring helpers (native & mathjs)
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const linear = (x: number, worst: number, target: number) =>
  clamp((100 * (x - worst)) / (target - worst), 0, 100);
const ratioHi = (x: number, t: number, cap = 100) => clamp((100 * x) / t, 0, cap);
const ratioLo = (x: number, t: number, cap = 100) => clamp(100 * (2 - x / t), 0, cap);
const band = (x: number, lo: number, hi: number, tol: number) => {
  const d = x < lo ? lo - x : x > hi ? x - hi : 0;
  return d === 0 ? 100 : 100 * Math.max(0, 1 - d / tol);
};
const efficacy = (x: number, sat: number, un: number) => clamp(60 + (40 * (x - un)) / (sat - un), 0, 100);
const deduction = (x: number, per: number, base = 100) => Math.max(0, base - per * x);
const direct = (x: number, cap = 100) => clamp(x, 0, cap);
const roundHalfAway = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x));
const steps1 = (x: number) => (x >= 98 ? 100 : x >= 95 ? 90 : x >= 90 ? 75 : x >= 80 ? 50 : 0);

// ------------------------------------------------------------------ native: the same 30 indicators, by hand
const has = (x: number) => x === x; // NaN = no value
const fin = (x: number) => Number.isFinite(x);

/**
 * Reads the staff member's inputs from row `o` of the input matrix (NaN = no value), writes the 30 indicator
 * scores (NaN when missing) into `s` and returns the total after vetoes.
 */
function nativeStaff(m: Float64Array, o: number, s: Float64Array): number {
  let x: number;
  // efficiency
  let n = 0;
  let d = 0;
  x = has(m[o + 0]) && has(m[o + 1]) ? (m[o + 0] / m[o + 1]) * 100 : NaN;
  s[0] = fin(x) ? ratioLo(x, 100, 110) : NaN;
  if (s[0] === s[0]) {
    n += 15 * s[0];
    d += 15;
  }
  x = has(m[o + 2]) && has(m[o + 3]) ? (m[o + 2] / m[o + 3]) * 100 : NaN;
  s[1] = fin(x) ? linear(x, 70, 95) : NaN;
  if (s[1] === s[1]) {
    n += 15 * s[1];
    d += 15;
  }
  x = has(m[o + 4]) ? m[o + 4] : NaN;
  s[2] = fin(x) ? direct(x) : NaN;
  if (s[2] === s[2]) {
    n += 15 * s[2];
    d += 15;
  }
  x = has(m[o + 5]) && has(m[o + 6]) ? ((m[o + 5] - m[o + 6]) / m[o + 6]) * 100 : NaN;
  s[3] = fin(x) ? band(x, -5, 5, 10) : NaN;
  if (s[3] === s[3]) {
    n += 10 * s[3];
    d += 10;
  }
  x = has(m[o + 7]) && has(m[o + 8]) ? m[o + 7] * 0.5 + m[o + 8] * 0.5 : NaN;
  s[4] = fin(x) ? efficacy(x, 90, 40) : NaN;
  if (s[4] === s[4]) {
    n += 10 * s[4];
    d += 10;
  }
  x = has(m[o + 9]) ? Math.min(m[o + 9], 100) : NaN;
  s[5] = fin(x) ? linear(x, 20, 80) : NaN;
  if (s[5] === s[5]) {
    n += 10 * s[5];
    d += 10;
  }
  x = has(m[o + 10]) ? m[o + 10] / 60 : NaN;
  s[6] = fin(x) ? deduction(x, 5) : 0; // missing: zero
  {
    n += 15 * s[6];
    d += 15;
  }
  x = has(m[o + 11]) ? Math.sqrt(m[o + 11]) * 10 : NaN;
  s[7] = fin(x) ? ratioHi(x, 80, 120) : NaN;
  if (s[7] === s[7]) {
    n += 10 * s[7];
    d += 10;
  }
  const eff = d > 0 ? n / d : NaN;
  // service recipients
  n = 0;
  d = 0;
  x = has(m[o + 12]) && has(m[o + 13]) ? (m[o + 12] / m[o + 13]) * 100 : NaN;
  s[8] = fin(x) ? efficacy(x, 98, 80) : NaN;
  if (s[8] === s[8]) {
    n += 20 * s[8];
    d += 20;
  }
  x = has(m[o + 14]) ? m[o + 14] : NaN;
  s[9] = fin(x) ? linear(x, 60, 15) : NaN;
  if (s[9] === s[9]) {
    n += 15 * s[9];
    d += 15;
  }
  x = has(m[o + 15]) ? m[o + 15] : NaN;
  s[10] = fin(x) ? deduction(x, 20) : NaN;
  if (s[10] === s[10]) {
    n += 15 * s[10];
    d += 15;
  }
  x = has(m[o + 16]) && has(m[o + 17]) ? (m[o + 16] > 50 ? m[o + 16] : m[o + 17] / 2) : NaN;
  s[11] = fin(x) ? (x >= 80 ? 100 : x >= 40 && x <= 79.99 ? 70 : 30) : NaN;
  if (s[11] === s[11]) {
    n += 10 * s[11];
    d += 10;
  }
  x = has(m[o + 18]) ? Math.abs(m[o + 18] - 50) : NaN;
  s[12] = fin(x) ? linear(x, 50, 0) : NaN;
  if (s[12] === s[12]) {
    n += 10 * s[12];
    d += 10;
  }
  x = has(m[o + 19]) && has(m[o + 20]) ? Math.max(m[o + 19], m[o + 20]) : NaN;
  s[13] = fin(x) ? direct(x, 100) : NaN;
  if (s[13] === s[13]) {
    n += 10 * s[13];
    d += 10;
  }
  x = has(m[o + 21]) && has(m[o + 22]) ? (m[o + 21] / (m[o + 21] + m[o + 22])) * 100 : NaN;
  s[14] = fin(x) ? ratioHi(x, 95) : NaN;
  if (s[14] === s[14]) {
    n += 10 * s[14];
    d += 10;
  }
  x = has(m[o + 23]) ? roundHalfAway(m[o + 23] / 3) : NaN;
  s[15] = fin(x) ? (x >= 30 ? 100 : x >= 15 ? 60 : 10) : NaN;
  if (s[15] === s[15]) {
    n += 10 * s[15];
    d += 10;
  }
  const svc = d > 0 ? n / d : NaN;
  // internal management
  n = 0;
  d = 0;
  x = has(m[o + 24]) && has(m[o + 25]) ? (m[o + 24] / m[o + 25]) * 100 : NaN;
  s[16] = fin(x) ? steps1(x) : NaN;
  if (s[16] === s[16]) {
    n += 20 * s[16];
    d += 20;
  }
  x = has(m[o + 26]) && has(m[o + 27]) ? (m[o + 26] / m[o + 27]) * 100 : NaN;
  s[17] = fin(x) ? linear(x, 60, 100) : NaN;
  if (s[17] === s[17]) {
    n += 15 * s[17];
    d += 15;
  }
  const i28 = has(m[o + 28]) ? m[o + 28] : NaN;
  s[18] = fin(i28) ? deduction(i28, 50) : NaN;
  if (s[18] === s[18]) {
    n += 15 * s[18];
    d += 15;
  }
  x = has(m[o + 29]) && has(m[o + 30]) ? m[o + 29] - m[o + 30] : NaN;
  s[19] = fin(x) ? band(x, -1, 1, 2) : NaN;
  if (s[19] === s[19]) {
    n += 10 * s[19];
    d += 10;
  }
  x = has(m[o + 31]) ? m[o + 31] / 10 : NaN;
  s[20] = fin(x) ? efficacy(x, 9, 3) : NaN;
  if (s[20] === s[20]) {
    n += 10 * s[20];
    d += 10;
  }
  x = has(m[o + 32]) ? Math.floor(m[o + 32] / 7) : NaN;
  s[21] = fin(x) ? deduction(x, 10, 100) : NaN;
  if (s[21] === s[21]) {
    n += 10 * s[21];
    d += 10;
  }
  x = has(m[o + 33]) ? Math.pow(m[o + 33], 0.5) * 5 : NaN;
  s[22] = fin(x) ? direct(x) : NaN;
  if (s[22] === s[22]) {
    n += 10 * s[22];
    d += 10;
  }
  x = has(m[o + 34]) ? Math.log(m[o + 34] + 1) * 20 : NaN;
  s[23] = fin(x) ? linear(x, 0, 100) : NaN;
  if (s[23] === s[23]) {
    n += 10 * s[23];
    d += 10;
  }
  const int = d > 0 ? n / d : NaN;
  // learning & growth
  n = 0;
  d = 0;
  x = has(m[o + 35]) ? m[o + 35] : NaN;
  s[24] = fin(x) ? linear(x, 0, 8) : 0; // missing: zero
  {
    n += 30 * s[24];
    d += 30;
  }
  x = has(m[o + 36]) ? (m[o + 36] / 8) * 100 : NaN;
  s[25] = fin(x) ? ratioHi(x, 100) : NaN;
  if (s[25] === s[25]) {
    n += 20 * s[25];
    d += 20;
  }
  x = has(m[o + 37]) ? (m[o + 37] >= 1 ? 100 : 0) : NaN;
  s[26] = fin(x) ? direct(x) : NaN;
  if (s[26] === s[26]) {
    n += 15 * s[26];
    d += 15;
  }
  x = has(m[o + 38]) ? Math.exp(-m[o + 38] / 10) * 100 : NaN;
  s[27] = fin(x) ? direct(x) : NaN;
  if (s[27] === s[27]) {
    n += 15 * s[27];
    d += 15;
  }
  x = has(m[o + 39]) ? Math.ceil(m[o + 39] / 2) : NaN;
  s[28] = fin(x) ? (x >= 40 ? 100 : x >= 20 ? 50 : 0) : NaN;
  if (s[28] === s[28]) {
    n += 10 * s[28];
    d += 10;
  }
  x = has(m[o + 35]) && has(m[o + 36]) ? (m[o + 35] + m[o + 36]) / 2 : NaN;
  s[29] = fin(x) ? efficacy(x, 10, 0) : NaN;
  if (s[29] === s[29]) {
    n += 10 * s[29];
    d += 10;
  }
  const grw = d > 0 ? n / d : NaN;
  // roll-up and veto
  let tn = 0;
  let td = 0;
  if (eff === eff) {
    tn += 30 * eff;
    td += 30;
  }
  if (svc === svc) {
    tn += 30 * svc;
    td += 30;
  }
  if (int === int) {
    tn += 25 * int;
    td += 25;
  }
  if (grw === grw) {
    tn += 15 * grw;
    td += 15;
  }
  let total = td > 0 ? tn / td : NaN;
  if (i28 >= 3 && total > 59) total = 59;
  return total;
}

// ------------------------------------------------------------------ mathjs: compile once, evaluate per staff
type Scorer = (x: number) => number;
const SCORERS: Scorer[] = [
  (x) => ratioLo(x, 100, 110),
  (x) => linear(x, 70, 95),
  (x) => direct(x),
  (x) => band(x, -5, 5, 10),
  (x) => efficacy(x, 90, 40),
  (x) => linear(x, 20, 80),
  (x) => deduction(x, 5),
  (x) => ratioHi(x, 80, 120),
  (x) => efficacy(x, 98, 80),
  (x) => linear(x, 60, 15),
  (x) => deduction(x, 20),
  (x) => (x >= 80 ? 100 : x >= 40 && x <= 79.99 ? 70 : 30),
  (x) => linear(x, 50, 0),
  (x) => direct(x, 100),
  (x) => ratioHi(x, 95),
  (x) => (x >= 30 ? 100 : x >= 15 ? 60 : 10),
  (x) => steps1(x),
  (x) => linear(x, 60, 100),
  (x) => deduction(x, 50),
  (x) => band(x, -1, 1, 2),
  (x) => efficacy(x, 9, 3),
  (x) => deduction(x, 10, 100),
  (x) => direct(x),
  (x) => linear(x, 0, 100),
  (x) => linear(x, 0, 8),
  (x) => ratioHi(x, 100),
  (x) => direct(x),
  (x) => direct(x),
  (x) => (x >= 40 ? 100 : x >= 20 ? 50 : 0),
  (x) => efficacy(x, 10, 0),
];

function mathjsScorer() {
  const compiled = INDICATORS.map((i) => {
    const node = math.parse(i.formula);
    const symbols = [
      ...new Set(
        node
          .filter(
            (n) =>
              (n as math.SymbolNode).isSymbolNode &&
              !(
                n.type === 'SymbolNode' &&
                ['min', 'max', 'abs', 'round', 'floor', 'ceil', 'sqrt', 'log', 'exp'].includes(
                  (n as math.SymbolNode).name,
                )
              ),
          )
          .map((n) => (n as math.SymbolNode).name),
      ),
    ];
    return {
      code: node.compile(),
      symbols,
      dim: DIMS.findIndex((d) => d.code === i.dimension),
      weight: i.weight,
      zero: i.missing === 'zero',
    };
  });
  return (v: Inputs, s: Float64Array): number => {
    const num = [0, 0, 0, 0];
    const den = [0, 0, 0, 0];
    compiled.forEach((c, k) => {
      let x = NaN;
      if (c.symbols.every((sym) => v[sym] !== null)) x = c.code.evaluate(v) as number;
      s[k] = typeof x === 'number' && Number.isFinite(x) ? SCORERS[k](x) : c.zero ? 0 : NaN;
      if (s[k] === s[k]) {
        num[c.dim] += c.weight * s[k];
        den[c.dim] += c.weight;
      }
    });
    let tn = 0;
    let td = 0;
    DIMS.forEach((dim, j) => {
      if (den[j] > 0) {
        tn += dim.weight * (num[j] / den[j]);
        td += dim.weight;
      }
    });
    let total = td > 0 ? tn / td : NaN;
    if (v.i28 !== null && v.i28 >= 3 && total > 59) total = 59;
    return total;
  };
}

// ------------------------------------------------------------------ measurement
function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

function main() {
  const doc = generate(STAFF);
  const problems = validateDocument(doc).problems;
  if (problems.length)
    throw new Error(`generated document is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  const staffInputs = doc.staff.map((s) => s.inputs as Inputs);
  const n = STAFF;
  const k = INDICATORS.length;
  // The per-staff input arrays: one row per staff member, one column per input, NaN for no value.
  const width = INPUT_CODES.length;
  const matrix = new Float64Array(n * width);
  staffInputs.forEach((inp, i) => INPUT_CODES.forEach((c, j) => (matrix[i * width + j] = inp[c] ?? NaN)));

  // engine: compile once (timed with the run), then score the rows chunk by chunk
  // Output buffers are allocated once, outside the timed runs, as they are for the native path.
  const engineScores = Array.from({ length: k }, () => new Float64Array(n));
  const engineTotals = new Float64Array(n);
  const engineRun = (fromDocument: boolean) => () => {
    const compiled = new CompiledScorecard(doc);
    const set = compiled.sets.get('BENCH')!;
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      const out = fromDocument
        ? compiled.scoreBlock(set, doc.staff.slice(start, end))
        : compiled.scoreRows(set, matrix, start, end);
      engineTotals.set(out.totals, start);
      out.scores.forEach((col, j) => engineScores[j].set(col, start));
    }
  };
  const nativeTotals = new Float64Array(n);
  const nativeScores = new Float64Array(n * k);
  const nativeRun = () => {
    const s = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      nativeTotals[i] = nativeStaff(matrix, i * width, s);
      nativeScores.set(s, i * k);
    }
  };
  const mathjsTotals = new Float64Array(n);
  const mathjsScores = new Float64Array(n * k);
  const mathjsRun = () => {
    const score = mathjsScorer();
    const s = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      mathjsTotals[i] = score(staffInputs[i], s);
      mathjsScores.set(s, i * k);
    }
  };

  // Warm up the JIT on each path, then alternate the runs so that engine and native meet the same machine
  // conditions. The figures are the fastest of RUNS runs of each (mathjs: of MATHJS_RUNS, it is slow):
  // the work is deterministic and interference from the rest of the machine only ever adds time, so the
  // minimum is the estimate of what the work itself costs. The medians are printed too, to show the noise.
  engineRun(true)();
  engineRun(false)();
  nativeRun();
  const engineDocumentTimes: number[] = [];
  const engineTimes: number[] = [];
  const nativeTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    engineTimes.push(time(engineRun(false)));
    nativeTimes.push(time(nativeRun));
    engineDocumentTimes.push(time(engineRun(true)));
  }
  const engineMs = Math.min(...engineTimes);
  const nativeMs = Math.min(...nativeTimes);
  const engineDocumentMs = Math.min(...engineDocumentTimes);
  const mathjsTimes: number[] = [];
  for (let r = 0; r < (SKIP_MATHJS ? 0 : MATHJS_RUNS); r++) mathjsTimes.push(time(mathjsRun));
  const mathjsMs = SKIP_MATHJS ? NaN : Math.min(...mathjsTimes);

  // agreement: every indicator score and every total, all three ways
  let worstEngine = 0;
  let worstMathjs = 0;
  let missing = 0;
  const diff = (a: number, b: number) =>
    a !== a || b !== b ? (a !== a && b !== b ? 0 : Infinity) : Math.abs(a - b);
  for (let i = 0; i < n; i++) {
    worstEngine = Math.max(worstEngine, diff(engineTotals[i], nativeTotals[i]));
    if (!SKIP_MATHJS) worstMathjs = Math.max(worstMathjs, diff(mathjsTotals[i], nativeTotals[i]));
    for (let j = 0; j < k; j++) {
      const nat = nativeScores[i * k + j];
      if (nat !== nat) missing++;
      worstEngine = Math.max(worstEngine, diff(engineScores[j][i], nat));
      if (!SKIP_MATHJS) worstMathjs = Math.max(worstMathjs, diff(mathjsScores[i * k + j], nat));
    }
  }
  const agree = worstEngine <= 1e-9 && worstMathjs <= 1e-6;
  const line = {
    staff: n,
    indicators: k,
    engineMs: round1(engineMs),
    nativeMs: round1(nativeMs),
    mathjsMs: Math.round(mathjsMs),
    ratioToNative: Math.round((engineMs / nativeMs) * 100) / 100,
    speedupVsMathjs: round1(mathjsMs / engineMs),
    engineDocumentMs: round1(engineDocumentMs),
    medians: {
      engineMs: round1(median(engineTimes)),
      nativeMs: round1(median(nativeTimes)),
      mathjsMs: SKIP_MATHJS ? null : Math.round(median(mathjsTimes)),
      speedupVsMathjs: SKIP_MATHJS ? null : round1(median(mathjsTimes) / median(engineTimes)),
    },
    runs: RUNS,
    mathjsRuns: SKIP_MATHJS ? 0 : MATHJS_RUNS,
    agree,
    maxDiffEngine: worstEngine,
    maxDiffMathjs: worstMathjs,
    missingScores: missing,
  };
  console.log(JSON.stringify(line));
  if (!agree) {
    console.error('the three implementations disagree: see maxDiffEngine / maxDiffMathjs');
    process.exitCode = 1;
  }
}

main();
