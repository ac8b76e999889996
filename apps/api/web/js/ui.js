// Small DOM helpers and the page header (title, who is signed in, language switch, sign-out).
import { signOut, session } from './api.js';
import { getLang, setLang, t, LANGS } from './i18n.js';

/** el('div', {class: 'x', onclick: f}, child, 'text', …): attributes, event handlers and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A number for display: up to `digits` decimals, '—' for null. */
export function num(x, digits = 2) {
  if (x === null || x === undefined || x === '') return '—';
  const n = Number(x);
  if (!Number.isFinite(n)) return String(x);
  return n.toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en-GB');
}

/** A table from column definitions [{label, get(row) → node|text, class?}]. */
export function table(columns, rows, { rowAttrs } = {}) {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          columns.map((c) => el('th', { class: c.class }, c.label)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            rowAttrs ? rowAttrs(r) : {},
            columns.map((c) => el('td', { class: c.class, 'data-label': c.label }, c.get(r))),
          ),
        ),
      ),
    ),
  );
}

/** A status message area: message(node, text, 'error' | 'ok' | 'info'). */
export function message(node, text, kind = 'info') {
  clear(node, text ?? '');
  node.className = `message ${kind}`;
  node.hidden = !text;
}

export function section(titleKey, ...children) {
  return el('section', { class: 'card' }, el('h2', {}, t(titleKey)), ...children);
}

/** The page header; `render` is called again after a language switch. */
export function header(titleKey, render) {
  const { username, role } = session();
  const select = el(
    'select',
    {
      id: 'lang',
      'aria-label': t('language'),
      onchange: (e) => {
        setLang(e.target.value);
        render();
      },
    },
    LANGS.map(([code, label]) => el('option', { value: code, selected: code === getLang() }, label)),
  );
  document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(titleKey)} — ${t('app.name')}`;
  return el(
    'header',
    { class: 'topbar' },
    el(
      'div',
      { class: 'brand' },
      el('strong', {}, t('app.name')),
      el('span', { class: 'page-title' }, t(titleKey)),
    ),
    el(
      'div',
      { class: 'who' },
      username ? el('span', { class: 'user' }, `${username} · ${t('role.' + role)}`) : null,
      select,
      username ? el('button', { class: 'link', id: 'sign-out', onclick: signOut }, t('signOut')) : null,
    ),
  );
}

/** Dimension codes have labels in the dictionaries; anything else shows its code. */
export function dimLabel(code) {
  const key = 'dim.' + code;
  const s = t(key);
  return s === key ? code : s;
}

export function statusLabel(status) {
  const key = 'status.' + status;
  const s = t(key);
  return s === key ? status : s;
}

/** The toolbar's month choice: `options` as [value, label], `onChange(value)` when another is picked. */
export function monthPicker(options, selected, onChange) {
  return el(
    'div',
    { class: 'toolbar' },
    el(
      'label',
      {},
      t('month'),
      ' ',
      el(
        'select',
        { id: 'month', onchange: (e) => onChange(e.target.value) },
        options.map(([value, label]) => el('option', { value, selected: value === selected }, label)),
      ),
    ),
  );
}

/** A free month field ("月份" and an `<input type=month>`): `onPick(value)` once a whole month is chosen. */
export function monthInput(id, value, onPick) {
  return el(
    'label',
    {},
    t('month'),
    ' ',
    el('input', {
      type: 'month',
      id,
      value,
      onchange: (e) => {
        if (/^\d{4}-\d{2}$/.test(e.target.value)) return onPick(e.target.value);
      },
    }),
  );
}

/**
 * A bilingual name in the reader's language. The API answers `name` (as written) and, where a name was given in
 * both languages, `names: {zh, en}`; anything without a name shows its code.
 */
export function localName(obj) {
  if (!obj) return '';
  const names = obj.names ?? (typeof obj.name === 'object' && obj.name ? obj.name : null);
  const lang = getLang();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    names?.[lang] ?? names?.[other] ?? (typeof obj.name === 'string' ? obj.name : null) ?? obj.code ?? ''
  );
}

/** The performance office's pages (HR and auditors), as a row of links under the header; `current` is its page. */
export const OFFICE_PAGES = [
  ['office.html', 'nav.office'],
  ['sets.html', 'nav.sets'],
  ['setup.html', 'nav.setup'],
  ['appeals.html', 'nav.appeals'],
  ['surveys.html', 'nav.surveys'],
  ['opinions.html', 'nav.opinions'],
  ['training.html', 'nav.training'],
  ['calibration.html', 'nav.calibration'],
  ['appraisal-periods.html', 'nav.appraisals'],
  ['workorders.html', 'nav.workorders'],
  ['analysis.html', 'nav.analysis'],
  ['department.html', 'nav.department'],
  ['admin.html', 'nav.admin'],
];

export function officeNav(current) {
  const { role } = session();
  if (role !== 'hr_admin' && role !== 'auditor') return null;
  return el(
    'nav',
    { class: 'office-nav', 'aria-label': t('page.office') },
    OFFICE_PAGES.map(([href, key]) =>
      el(
        'a',
        {
          href,
          class: href === current ? 'current' : undefined,
          'aria-current': href === current ? 'page' : undefined,
        },
        t(key),
      ),
    ),
  );
}

/**
 * The top of an office page, drawn again on every render: the header (`render` after a language switch) and, for
 * HR and auditors, the row of the office's links with `page` current.
 */
export function officeTop(titleKey, page, render) {
  document.querySelector('header').replaceWith(header(titleKey, render));
  document.querySelector('nav.office-nav')?.remove();
  const nav = officeNav(page);
  if (nav) document.querySelector('header').after(nav);
}
