// The month cockpit's charts as inline SVG (no library, nothing inline the CSP forbids: colours are classes of
// css/office.css): the histogram of the month's totals, the count of each grade, and a small stacked bar of a
// department's grades for its row of the ranking. Each chart is drawn at the width it is shown at, so its 12 px
// text stays 12 px on a 360 px phone instead of being scaled down with the viewBox.
const NS = 'http://www.w3.org/2000/svg';
const MAX_W = 760;
const MIN_W = 280;
const NARROW = 480;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The width a chart in a card is shown at: the viewport less the page's and card's padding (app.css). */
export function cockpitChartWidth() {
  const vw = document.documentElement.clientWidth || window.innerWidth || MAX_W;
  const chrome = vw <= 640 ? 2 * 6 + 2 * 10 + 2 : 2 * 12 + 2 * 16 + 2;
  return Math.max(MIN_W, Math.min(MAX_W, vw - chrome));
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
  node.append(svg('title', {}, title));
  return node;
}

/** A y axis step giving at most `max` ticks for counts up to `top` (1, 2, 5, 10, 20, 50 …). */
function countStep(top, max) {
  for (let unit = 1; ; unit *= 10)
    for (const s of [1, 2, 5]) if (Math.ceil(top / (s * unit)) <= max) return s * unit;
}

/**
 * The histogram of totals: `bins` [{from, to, count}], labels "80–90" under the bars (every other one when
 * narrow), the count over each bar that has one.
 */
export function histogram(bins, { title, countLabel }) {
  const W = cockpitChartWidth();
  const narrow = W < NARROW;
  const H = narrow ? 190 : 220;
  const pad = { l: 34, r: 8, t: 18, b: 34 };
  const node = root(W, H, 'histogram', title);
  const top = Math.max(1, ...bins.map((b) => b.count));
  const step = countStep(top, narrow ? 4 : 5);
  const yMax = Math.ceil(top / step) * step;
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - v / yMax);
  for (let v = 0; v <= yMax; v += step) {
    node.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    node.append(svg('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
  }
  const n = Math.max(1, bins.length);
  const slot = (W - pad.l - pad.r) / n;
  const every = narrow && n > 6 ? 2 : 1;
  bins.forEach((b, i) => {
    const x = pad.l + i * slot;
    const h = y(0) - y(b.count);
    const bar = svg('rect', {
      x: x + 1,
      y: y(b.count),
      width: Math.max(1, slot - 2),
      height: Math.max(0, h),
      class: 'bar',
      'data-from': b.from,
      'data-count': b.count,
    });
    bar.append(svg('title', {}, `${b.from}–${b.to}: ${b.count} ${countLabel}`));
    node.append(bar);
    if (b.count > 0 && slot >= 14)
      node.append(
        svg(
          'text',
          { x: x + slot / 2, y: y(b.count) - 4, 'text-anchor': 'middle', class: 'value' },
          String(b.count),
        ),
      );
    if (i % every === 0)
      node.append(
        svg(
          'text',
          { x: x + slot / 2, y: H - pad.b + 16, 'text-anchor': 'middle', class: 'axis' },
          narrow ? String(b.from) : `${b.from}–${b.to}`,
        ),
      );
  });
  return node;
}

/** Horizontal bars, one per grade (`grades` [{grade, count}]), labelled with the grade, count and share. */
export function gradeBars(grades, { title, noGrade }) {
  const W = cockpitChartWidth();
  const row = 26;
  const H = Math.max(1, grades.length) * row + 8;
  const node = root(W, H, 'grade-bars', title);
  const total = grades.reduce((s, g) => s + g.count, 0) || 1;
  const top = Math.max(1, ...grades.map((g) => g.count));
  const labelW = 56;
  const valueW = 92;
  const span = W - labelW - valueW - 8;
  grades.forEach((g, i) => {
    const y = 4 + i * row;
    const name = g.grade ?? noGrade;
    node.append(svg('text', { x: labelW - 6, y: y + 16, 'text-anchor': 'end', class: 'axis' }, name));
    node.append(
      svg('rect', {
        x: labelW,
        y: y + 3,
        width: Math.max(1, (span * g.count) / top),
        height: row - 8,
        class: `bar grade-${gradeClass(g.grade)}`,
        'data-grade': name,
      }),
    );
    node.append(
      svg(
        'text',
        { x: labelW + (span * g.count) / top + 6, y: y + 16, class: 'value' },
        `${g.count} · ${Math.round((100 * g.count) / total)}%`,
      ),
    );
  });
  return node;
}

/** A grade's colour class: A…E by their first letter, anything else "x". */
export function gradeClass(grade) {
  const c = String(grade ?? '')
    .trim()
    .charAt(0)
    .toUpperCase();
  return 'ABCDE'.includes(c) && c ? c : 'x';
}

/** A department's grades as one stacked bar, 120 × 12 px (the counts are in the text beside it). */
export function gradeStack(grades, title) {
  const W = 120;
  const H = 12;
  const node = root(W, H, 'grade-stack', title);
  const total = grades.reduce((s, g) => s + g.count, 0);
  if (!total) return node;
  let x = 0;
  for (const g of grades) {
    const w = (W * g.count) / total;
    node.append(svg('rect', { x, y: 0, width: w, height: H, class: `bar grade-${gradeClass(g.grade)}` }));
    x += w;
  }
  return node;
}

/** Calls `render` (debounced) when the chart width changes by more than a little (a phone turned, a window resized). */
export function onCockpitResize(render) {
  let drawn = cockpitChartWidth();
  let timer = null;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const w = cockpitChartWidth();
      if (Math.abs(w - drawn) < 40) return;
      drawn = w;
      render();
    }, 150);
  });
}
