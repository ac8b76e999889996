// Charts as inline SVG, drawn here (no library): a line chart for trends and a horizontal bar chart.
// Colours come from classes in app.css (series-0 … series-5), so nothing inline is needed.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** series: [{label, values: (number|null)[]}], labels: x-axis labels. Values on a 0…max scale (max ≥ 100). */
export function lineChart(series, labels, { title = '' } = {}) {
  const W = 640;
  const H = 280;
  const pad = { l: 40, r: 16, t: 16, b: 40 };
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const max = Math.max(100, ...all);
  const min = Math.min(0, ...all);
  const x = (i) =>
    pad.l + (labels.length <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (labels.length - 1));
  const y = (v) => pad.t + ((max - v) * (H - pad.t - pad.b)) / (max - min || 1);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart line-chart',
    role: 'img',
    'aria-label': title,
  });
  if (title) root.append(svg('title', {}, title));
  for (let v = Math.ceil(min / 20) * 20; v <= max; v += 20) {
    root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  labels.forEach((l, i) =>
    root.append(svg('text', { x: x(i), y: H - pad.b + 18, class: 'axis', 'text-anchor': 'middle' }, l)),
  );
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
    root.append(g);
  });
  return root;
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
export function barChart(rows, { title = '', highlight } = {}) {
  const W = 640;
  const bar = 22;
  const gap = 8;
  const labelW = 150;
  const H = rows.length * (bar + gap) + gap;
  const max = Math.max(100, ...rows.map((r) => r.value ?? 0));
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart bar-chart',
    role: 'img',
    'aria-label': title,
  });
  if (title) root.append(svg('title', {}, title));
  rows.forEach((r, i) => {
    const top = gap + i * (bar + gap);
    const w = ((r.value ?? 0) * (W - labelW - 60)) / max;
    root.append(
      svg('text', { x: labelW - 8, y: top + bar * 0.7, class: 'axis', 'text-anchor': 'end' }, r.label),
    );
    root.append(
      svg('rect', {
        x: labelW,
        y: top,
        width: Math.max(w, 0),
        height: bar,
        rx: 3,
        class: `bar${highlight?.(r) ? ' highlight' : ''}`,
      }),
    );
    root.append(
      svg(
        'text',
        { x: labelW + Math.max(w, 0) + 6, y: top + bar * 0.7, class: 'value' },
        r.value === null || r.value === undefined ? '—' : String(r.value),
      ),
    );
  });
  return root;
}
