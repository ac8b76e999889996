// The small picture of an indicator's scoring curve: score (0–100, or up to the cap) against the indicator's
// value, drawn from the method's parameters by the rules of docs/FORMAT.md ("Scoring methods"), as inline SVG.
// Nothing here decides a score that is stored: the engine does; this is only a picture of the same rule.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/**
 * The score of `x` under `s` ({method, ...parameters} with numbers), or null when the parameters are not
 * complete or would divide by zero (the check names the problem).
 */
export function scoreOf(s, x) {
  const floor = isNum(s.floor) ? s.floor : 0;
  const cap = isNum(s.cap) ? s.cap : 100;
  switch (s.method) {
    case 'linear':
      if (!isNum(s.worst) || !isNum(s.target) || s.worst === s.target) return null;
      return clamp((100 * (x - s.worst)) / (s.target - s.worst), floor, cap);
    case 'ratio':
      if (!isNum(s.target) || s.target === 0) return null;
      return clamp(s.direction === 'lower' ? 100 * (2 - x / s.target) : (100 * x) / s.target, floor, cap);
    case 'band': {
      if (!isNum(s.low) || !isNum(s.high) || !isNum(s.tolerance) || s.tolerance <= 0) return null;
      const d = x < s.low ? s.low - x : x > s.high ? x - s.high : 0;
      return 100 * Math.max(0, 1 - d / s.tolerance);
    }
    case 'thresholds': {
      if (!Array.isArray(s.steps) || !s.steps.length) return null;
      for (const st of s.steps) {
        const okLow = !isNum(st.atLeast) || x >= st.atLeast;
        const okHigh = !isNum(st.atMost) || x <= st.atMost;
        if (okLow && okHigh) return isNum(st.score) ? st.score : null;
      }
      return 0;
    }
    case 'efficacy':
      if (!isNum(s.satisfactory) || !isNum(s.unacceptable) || s.satisfactory === s.unacceptable) return null;
      return clamp(60 + (40 * (x - s.unacceptable)) / (s.satisfactory - s.unacceptable), floor, cap);
    case 'deduction': {
      if (!isNum(s.perUnit)) return null;
      const base = isNum(s.base) ? s.base : 100;
      return Math.max(floor, base - s.perUnit * x);
    }
    case 'direct':
      return clamp(x, floor, cap);
    default:
      return null;
  }
}

/** The values worth drawing for `s`: a span around its parameters. */
function domain(s) {
  const around = (a, b) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const pad = (hi - lo) * 0.3 || Math.abs(hi) * 0.3 || 1;
    return [lo - pad, hi + pad];
  };
  switch (s.method) {
    case 'linear':
      return around(s.worst, s.target);
    case 'ratio':
      return s.target > 0 ? [0, s.target * 2.2] : around(s.target * 2.2, 0);
    case 'band':
      return [s.low - 1.5 * s.tolerance, s.high + 1.5 * s.tolerance];
    case 'thresholds': {
      const bounds = s.steps.flatMap((st) => [st.atLeast, st.atMost]).filter(isNum);
      return bounds.length ? around(Math.min(...bounds), Math.max(...bounds)) : [0, 100];
    }
    case 'efficacy':
      return around(s.unacceptable, s.satisfactory);
    case 'deduction': {
      const base = isNum(s.base) ? s.base : 100;
      const floor = isNum(s.floor) ? s.floor : 0;
      const units = s.perUnit > 0 ? (base - floor) / s.perUnit : 5;
      return [0, Math.max(1, Math.ceil(units * 1.25))];
    }
    default:
      return [-10, 110];
  }
}

const label = (x) => {
  const r = Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
};

/** The curve as an SVG (null when the parameters cannot be drawn yet). `title` names it for screen readers. */
export function curve(s, title = '') {
  const [lo, hi] = domain(s);
  if (!isNum(lo) || !isNum(hi) || lo >= hi) return null;
  const N = 160;
  const points = [];
  for (let i = 0; i <= N; i++) {
    const x = lo + ((hi - lo) * i) / N;
    const y = scoreOf(s, x);
    if (y === null || !Number.isFinite(y)) return null;
    points.push([x, y]);
  }
  const W = 240;
  const H = 130;
  const pad = { l: 30, r: 8, t: 8, b: 24 };
  const ys = points.map((p) => p[1]);
  const yMax = Math.max(100, ...ys);
  const yMin = Math.min(0, ...ys);
  const px = (x) => pad.l + ((x - lo) * (W - pad.l - pad.r)) / (hi - lo);
  const py = (y) => pad.t + ((yMax - y) * (H - pad.t - pad.b)) / (yMax - yMin || 1);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'curve', role: 'img', 'aria-label': title });
  if (title) root.append(svg('title', {}, title));
  for (const v of [yMin, 60, 100].filter((v, i, a) => v <= yMax && a.indexOf(v) === i)) {
    root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: py(v), y2: py(v), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 4, y: py(v) + 4, class: 'axis', 'text-anchor': 'end' }, label(v)));
  }
  root.append(svg('text', { x: pad.l, y: H - 6, class: 'axis', 'text-anchor': 'start' }, label(lo)));
  root.append(svg('text', { x: W - pad.r, y: H - 6, class: 'axis', 'text-anchor': 'end' }, label(hi)));
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
  root.append(svg('path', { d, class: 'line' }));
  return root;
}

/** Before/after histogram of totals: bins [{from, to, before, after}] as grouped bars, with a legend. */
export function histogram(bins, { before, after, title = '' }) {
  const W = 340;
  const H = 200;
  const pad = { l: 30, r: 6, t: 22, b: 28 };
  const max = Math.max(1, ...bins.flatMap((b) => [b.before, b.after]));
  const slot = (W - pad.l - pad.r) / bins.length;
  const bar = Math.max(2, slot / 2 - 2);
  const py = (v) => pad.t + ((max - v) * (H - pad.t - pad.b)) / max;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'histogram', role: 'img', 'aria-label': title });
  if (title) root.append(svg('title', {}, title));
  for (const v of [0, Math.ceil(max / 2), max].filter((v, i, a) => a.indexOf(v) === i)) {
    root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: py(v), y2: py(v), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 4, y: py(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  bins.forEach((b, i) => {
    const x0 = pad.l + i * slot + 1;
    for (const [k, v] of [
      ['before', b.before],
      ['after', b.after],
    ]) {
      const x = k === 'before' ? x0 : x0 + bar + 1;
      const r = svg('rect', { x, y: py(v), width: bar, height: H - pad.b - py(v), class: `bar ${k}` });
      r.append(svg('title', {}, `${b.from}–${b.to}: ${k === 'before' ? before : after} ${v}`));
      root.append(r);
    }
    if (i % 2 === 0 || bins.length <= 6)
      root.append(
        svg('text', { x: x0 - 1, y: H - pad.b + 14, class: 'axis', 'text-anchor': 'middle' }, String(b.from)),
      );
  });
  root.append(
    svg(
      'text',
      { x: W - pad.r, y: H - pad.b + 14, class: 'axis', 'text-anchor': 'end' },
      String(bins.at(-1)?.to ?? ''),
    ),
  );
  // Legend on top.
  root.append(svg('rect', { x: pad.l, y: 4, width: 10, height: 10, class: 'swatch before' }));
  root.append(svg('text', { x: pad.l + 14, y: 13, class: 'axis' }, before));
  root.append(svg('rect', { x: pad.l + 110, y: 4, width: 10, height: 10, class: 'swatch after' }));
  root.append(svg('text', { x: pad.l + 124, y: 13, class: 'axis' }, after));
  return root;
}
