// Charts as inline SVG, drawn here (no library): a line chart for trends, a horizontal bar chart and a histogram.
// Colours come from classes in app.css (series-0 … series-5), so nothing inline is needed. Each chart is drawn at
// the width it will be shown at (`chartWidth`), so its viewBox is not scaled down on a phone and the text keeps
// its size (12 px: at least 11 px on a 360 px screen); narrow charts get fewer ticks and labels. A page that
// draws charts re-renders when the width class changes (`onWidthChange`).
const NS = 'http://www.w3.org/2000/svg';

/** The widest a chart is drawn (the pages' content column); narrower screens draw it at their width. */
const MAX_W = 760;
const MIN_W = 280;
/** Below this width a chart is "narrow": fewer ticks, every other label, shorter bar labels. */
const NARROW = 480;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The width a chart in a card will be shown at: the viewport less the page's and card's padding (see app.css:
 * main 12 px or 6 px on phones, card 16 px or 10 px, borders), within MIN_W…MAX_W.
 */
export function chartWidth() {
  const vw = document.documentElement.clientWidth || window.innerWidth || MAX_W;
  const chrome = vw <= 640 ? 2 * 6 + 2 * 10 + 2 : 2 * 12 + 2 * 16 + 2;
  return Math.max(MIN_W, Math.min(MAX_W, vw - chrome));
}

/** Calls `render` (debounced) when the window crosses between a narrow and a wide chart, or changes a lot. */
export function onWidthChange(render) {
  let drawn = chartWidth();
  let timer = null;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const w = chartWidth();
      if (Math.abs(w - drawn) < 40) return;
      drawn = w;
      render();
    }, 150);
  });
}

function root(W, H, cls, title) {
  const node = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: `chart ${cls}`,
    role: 'img',
    'aria-label': title,
  });
  if (title) node.append(svg('title', {}, title));
  return node;
}

/** A label cut to `n` characters (with an ellipsis): long names would push the bars off a phone's screen. */
function cut(label, n) {
  const s = String(label ?? '');
  return [...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s;
}

/** series: [{label, values: (number|null)[]}], labels: x-axis labels. Values on a 0…max scale (max ≥ 100). */
export function lineChart(series, labels, { title = '', width } = {}) {
  const W = width ?? chartWidth();
  const narrow = W < NARROW;
  const H = narrow ? 220 : 280;
  const pad = { l: 36, r: 12, t: 14, b: 34 };
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const max = Math.max(100, ...all);
  const min = Math.min(0, ...all);
  const x = (i) =>
    pad.l + (labels.length <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (labels.length - 1));
  const y = (v) => pad.t + ((max - v) * (H - pad.t - pad.b)) / (max - min || 1);
  const node = root(W, H, 'line-chart', title);
  // Gridlines every 20 (every 25 or 50 when narrow: four or so lines fit 220 px).
  const step = narrow ? (max - min > 150 ? 50 : 25) : 20;
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) {
    node.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    node.append(svg('text', { x: pad.l - 5, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  // As many month labels as fit (about 64 px each); the last month always, in place of a neighbour too close.
  const fit = Math.max(1, Math.floor((W - pad.l - pad.r) / 64));
  const every = Math.max(1, Math.ceil(labels.length / fit));
  const shown = labels.map((_, i) => i).filter((i) => i % every === 0);
  const last = labels.length - 1;
  if (last > 0 && shown.at(-1) !== last) {
    if (last - shown.at(-1) < every) shown.pop();
    shown.push(last);
  }
  // The last month sits on the right edge: its label ends there rather than centring on it (half of it was cut off).
  for (const i of shown) {
    const anchor = i === last && last > 0 ? 'end' : 'middle';
    node.append(
      svg('text', { x: x(i), y: H - pad.b + 18, class: 'axis xlabel', 'text-anchor': anchor }, labels[i]),
    );
  }
  series.forEach((s, k) => {
    const g = svg('g', { class: `series series-${k % 6}${k === 0 ? ' main' : ''}` });
    let d = '';
    s.values.forEach((v, i) => {
      if (typeof v !== 'number') return;
      d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (d) g.append(svg('path', { d, class: 'stroke' }));
    s.values.forEach((v, i) => {
      if (typeof v !== 'number') return;
      const c = svg('circle', { cx: x(i), cy: y(v), r: k === 0 ? 4.5 : 3, class: 'dot' });
      c.append(svg('title', {}, `${s.label} ${labels[i]}: ${v}`));
      g.append(c);
    });
    node.append(g);
  });
  return node;
}

/** A legend for the series of lineChart, as HTML. */
export function legend(labels) {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  labels.forEach((l, k) => {
    const li = document.createElement('li');
    const sw = svg('svg', { viewBox: '0 0 12 12', class: `swatch series-${k % 6}` });
    sw.append(svg('rect', { x: 0, y: 0, width: 12, height: 12, class: 'fill' }));
    li.append(sw, document.createTextNode(l));
    ul.append(li);
  });
  return ul;
}

/** Horizontal bars: rows [{label, value}], scaled to max(100, values). */
export function barChart(rows, { title = '', highlight, width } = {}) {
  const W = width ?? chartWidth();
  const narrow = W < NARROW;
  const bar = narrow ? 18 : 22;
  const gap = narrow ? 6 : 8;
  // About 7 px a character at 12 px; a third of the width at most for the labels.
  const labelW = Math.min(narrow ? 110 : 170, Math.round(W / 3));
  const chars = Math.max(6, Math.floor(labelW / 7.5));
  const valueW = 44;
  const H = rows.length * (bar + gap) + gap;
  const max = Math.max(100, ...rows.map((r) => r.value ?? 0));
  const node = root(W, H, 'bar-chart', title);
  rows.forEach((r, i) => {
    const top = gap + i * (bar + gap);
    const w = ((r.value ?? 0) * (W - labelW - valueW)) / max;
    const label = svg(
      'text',
      { x: labelW - 6, y: top + bar * 0.72, class: 'axis', 'text-anchor': 'end' },
      cut(r.label, chars),
    );
    label.append(svg('title', {}, String(r.label ?? '')));
    node.append(label);
    node.append(
      svg('rect', {
        x: labelW,
        y: top,
        width: Math.max(w, 0),
        height: bar,
        rx: 3,
        class: `bar${highlight?.(r) ? ' highlight' : ''}`,
      }),
    );
    node.append(
      svg(
        'text',
        { x: labelW + Math.max(w, 0) + 4, y: top + bar * 0.72, class: 'value' },
        r.value === null || r.value === undefined ? '—' : String(r.value),
      ),
    );
  });
  return node;
}

/**
 * A histogram of values in bins of `size` (e.g. totals in bins of 10): one column per bin with its count, so a
 * department of a thousand people is one chart of ten columns, not a thousand bars.
 */
export function histogram(values, { title = '', size = 10, width, unit = '' } = {}) {
  const W = width ?? chartWidth();
  const narrow = W < NARROW;
  const H = narrow ? 180 : 220;
  const pad = { l: 34, r: 8, t: 18, b: 34 };
  const nums = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  const lo = Math.min(0, Math.floor(Math.min(...nums, 0) / size) * size);
  const hi = Math.max(100, Math.ceil(Math.max(...nums, 0) / size) * size);
  const bins = [];
  for (let b = lo; b < hi; b += size) bins.push({ from: b, to: b + size, n: 0 });
  for (const v of nums) {
    const i = Math.min(bins.length - 1, Math.floor((v - lo) / size));
    bins[i].n += 1;
  }
  const top = Math.max(1, ...bins.map((b) => b.n));
  const node = root(W, H, 'histogram', title);
  const colW = (W - pad.l - pad.r) / bins.length;
  const y = (n) => pad.t + ((top - n) * (H - pad.t - pad.b)) / top;
  node.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(0), y2: y(0), class: 'grid' }));
  const every = Math.max(1, Math.ceil((bins.length * 34) / (W - pad.l - pad.r)));
  bins.forEach((b, i) => {
    const x = pad.l + i * colW;
    const rect = svg('rect', {
      x: x + 1,
      y: y(b.n),
      width: Math.max(colW - 2, 1),
      height: y(0) - y(b.n),
      class: 'bar',
    });
    rect.append(svg('title', {}, `${b.from}–${b.to}${unit}: ${b.n}`));
    node.append(rect);
    if (b.n)
      node.append(
        svg('text', { x: x + colW / 2, y: y(b.n) - 4, class: 'value', 'text-anchor': 'middle' }, String(b.n)),
      );
    if (i % every === 0)
      node.append(
        svg('text', { x, y: H - pad.b + 16, class: 'axis', 'text-anchor': 'middle' }, String(b.from)),
      );
  });
  node.append(
    svg('text', { x: W - pad.r, y: H - pad.b + 16, class: 'axis', 'text-anchor': 'end' }, String(hi)),
  );
  return node;
}
