// Form helpers shared by the setup and administration editors: labelled fields with a place for their own
// error, bilingual name fields, the API's problems put next to the fields they name, and a paged list.
import { api, problemText } from './api.js';
import { t, tf } from './i18n.js';
import { clear, el, message } from './ui.js';

/** A labelled field: `input` carries name=`name`; the API's problems with this field appear under it. */
export function field(name, labelKey, input, { hint, wide } = {}) {
  if (!input.name) input.name = name;
  if (!input.id) input.id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  return el(
    'label',
    { class: `field${wide ? ' wide' : ''}`, 'data-field': name, for: input.id },
    el('span', { class: 'field-label' }, t(labelKey)),
    input,
    hint ? el('small', { class: 'hint' }, hint) : null,
    el('small', { class: 'field-error', role: 'alert', hidden: true }),
  );
}

export function text(name, value = '', attrs = {}) {
  return el('input', { type: 'text', name, value: value ?? '', autocomplete: 'off', ...attrs });
}

export function number(name, value = '', attrs = {}) {
  return el('input', { type: 'number', name, value: value ?? '', step: 'any', ...attrs });
}

/** A select of `options` as [value, label] pairs; `empty` adds a first, empty choice with that label. */
export function select(name, options, value, { empty } = {}) {
  const all = empty === undefined ? options : [['', empty], ...options];
  return el(
    'select',
    { name },
    all.map(([v, label]) => el('option', { value: v, selected: String(v) === String(value ?? '') }, label)),
  );
}

export function checkbox(name, checked) {
  return el('input', { type: 'checkbox', name, checked: Boolean(checked) });
}

/** The two name fields, Chinese first (the office reads Chinese first), filled from an API object. */
export function nameFields(obj) {
  const names = obj?.names ?? (typeof obj?.name === 'object' ? obj.name : null);
  const plain = typeof obj?.name === 'string' ? obj.name : '';
  return [
    field('name.zh', 'setup.nameZh', text('name.zh', names ? (names.zh ?? '') : plain, { lang: 'zh' })),
    field('name.en', 'setup.nameEn', text('name.en', names?.en ?? '', { lang: 'en' })),
  ];
}

/** The name to send: `{zh, en}` when both are filled, the one text when one is, undefined when none. */
export function nameValue(form) {
  const zh = form.elements['name.zh']?.value.trim() ?? '';
  const en = form.elements['name.en']?.value.trim() ?? '';
  if (zh && en) return { zh, en };
  return zh || en || undefined;
}

/** The value of a named control: trimmed text, '' → undefined; checkboxes as booleans. */
export function valueOf(form, name) {
  const c = form.elements[name];
  if (!c) return undefined;
  if (c.type === 'checkbox') return c.checked;
  const v = c.value.trim();
  return v === '' ? undefined : v;
}

/** Clears the errors a form shows. */
export function clearErrors(form) {
  for (const e of form.querySelectorAll('.field-error')) {
    e.textContent = '';
    e.hidden = true;
  }
  for (const e of form.querySelectorAll('.invalid')) e.classList.remove('invalid');
}

function fieldNode(form, path) {
  if (!path) return null;
  const parts = String(path)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  // The longest prefix of the path that names a field: "pools.0.amount", "pools.0", then "pools".
  for (let n = parts.length; n > 0; n--) {
    const name = parts.slice(0, n).join('.');
    const node = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (node) return node;
  }
  // A problem of a name (the API says "name"): the Chinese field shows it.
  if (parts[0] === 'name') return form.querySelector('[data-field="name.zh"]');
  return null;
}

function showAt(node, text) {
  const slot = node.querySelector('.field-error');
  slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
  slot.hidden = false;
  node.classList.add('invalid');
}

/**
 * Shows an API refusal: every problem that names a field (a document problem's path, a row's field, or a message
 * that starts with a field name, as class-validator's and the services' do) next to that field; the answer's
 * translated text (`r.error`) in `status`.
 */
export function showErrors(form, r, status) {
  clearErrors(form);
  const data = r.data && typeof r.data === 'object' ? r.data : {};
  const pieces = [];
  for (const p of data.problems ?? []) pieces.push([p.path, problemText(p)]);
  for (const row of data.rows ?? []) pieces.push([row.field, problemText(row)]);
  // A DTO's 400 lists its failures in `problems` too (coded): place them once.
  const restated = Array.isArray(data.message) && (data.problems ?? []).length > 0;
  const messages = restated
    ? []
    : Array.isArray(data.message)
      ? data.message
      : String(data.message ?? '').split('; ');
  for (const m of messages) {
    const lead = /^([A-Za-z][\w.[\]]*)(?::|\s)/.exec(m);
    if (lead) pieces.push([lead[1], m]);
  }
  let placed = 0;
  for (const [path, text] of pieces) {
    const node = fieldNode(form, path);
    if (node && text) {
      showAt(node, text);
      placed++;
    }
  }
  if (status) message(status, r.error ?? t('setup.failed'), 'error');
  return placed;
}

/** Sends a form's body; on success `done(data)`, on refusal the problems next to the fields. */
export async function submit(form, status, path, method, body, done) {
  clearErrors(form);
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const r = await api(path, { method, body });
    if (!r.ok) {
      showErrors(form, r, status);
      return r;
    }
    message(status, t('setup.saved'), 'ok');
    await done?.(r.data);
    return r;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A form: fields, then a row of buttons; `onsubmit` gets the form (the browser's own submission is stopped). */
export function form(id, children, buttons, onsubmit) {
  const f = el(
    'form',
    { class: 'form editor', id, novalidate: true },
    el('div', { class: 'fields' }, children),
    el('div', { class: 'buttons' }, buttons),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    void onsubmit(f);
  });
  return f;
}

/** The message area of an editor. */
export function status(id) {
  return el('p', { class: 'message', id, hidden: true, role: 'status' });
}

/** A search box that calls `onSearch(text)` a moment after typing stops (and at once on Enter). */
export function searchBox(id, placeholderKey, value, onSearch) {
  let timer = null;
  // The editor redraws on a search: the new box gets the focus and the caret back.
  const run = (v) =>
    Promise.resolve(onSearch(v)).then(() => {
      const box = document.getElementById(id);
      if (!box) return;
      box.focus();
      box.setSelectionRange?.(box.value.length, box.value.length);
    });
  const input = el('input', {
    type: 'search',
    id,
    value: value ?? '',
    placeholder: t(placeholderKey),
    'aria-label': t(placeholderKey),
    oninput: (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(e.target.value), 300);
    },
    onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(timer);
        void run(e.target.value);
      }
    },
  });
  return input;
}

/**
 * Paging by cursor: `load(cursor)` → {items, nextCursor}. Keeps the cursors of the pages seen, so "previous"
 * goes back without the API paging backwards.
 */
export function cursorPager(load) {
  const state = { stack: [], cursor: undefined, page: null, error: null };
  return {
    state,
    async first() {
      state.stack = [];
      state.cursor = undefined;
      return this.fetch();
    },
    async next() {
      if (!state.page?.nextCursor) return;
      state.stack.push(state.cursor);
      state.cursor = state.page.nextCursor;
      return this.fetch();
    },
    async previous() {
      if (!state.stack.length) return;
      state.cursor = state.stack.pop();
      return this.fetch();
    },
    async fetch() {
      const r = await load(state.cursor);
      state.error = r.ok ? null : r.error;
      state.page = r.ok ? r.data : { items: [], nextCursor: null };
    },
    /** The previous / next buttons with the page number. */
    controls(rerender, idPrefix) {
      return el(
        'div',
        { class: 'pager' },
        el(
          'button',
          {
            type: 'button',
            class: 'chip',
            id: `${idPrefix}-prev`,
            disabled: !state.stack.length,
            onclick: async () => {
              await this.previous();
              rerender();
            },
          },
          t('setup.previous'),
        ),
        el('span', { class: 'sub' }, fmt('setup.pageN', { n: state.stack.length + 1 })),
        el(
          'button',
          {
            type: 'button',
            class: 'chip',
            id: `${idPrefix}-next`,
            disabled: !state.page?.nextCursor,
            onclick: async () => {
              await this.next();
              rerender();
            },
          },
          t('setup.next'),
        ),
      );
    },
  };
}

/** A client-side filter of a short list (inputs, sites, departments): code or either name contains `q`. */
export function matches(obj, q) {
  if (!q) return true;
  const needle = q.trim().toLowerCase();
  const names = obj.names ? Object.values(obj.names) : [];
  return [obj.code, obj.name, ...names]
    .filter((x) => typeof x === 'string')
    .some((x) => x.toLowerCase().includes(needle));
}

/** Client-side paging of a loaded list: the page `page` (from 0) of `size`, and the controls. */
export function pageOf(items, page, size = 50) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(page, 0), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages };
}

export function listPager(paged, idPrefix, go) {
  if (paged.pages <= 1) return null;
  return el(
    'div',
    { class: 'pager' },
    el(
      'button',
      {
        type: 'button',
        class: 'chip',
        id: `${idPrefix}-prev`,
        disabled: paged.page === 0,
        onclick: () => go(paged.page - 1),
      },
      t('setup.previous'),
    ),
    el('span', { class: 'sub' }, `${paged.page + 1} / ${paged.pages}`),
    el(
      'button',
      {
        type: 'button',
        class: 'chip',
        id: `${idPrefix}-next`,
        disabled: paged.page >= paged.pages - 1,
        onclick: () => go(paged.page + 1),
      },
      t('setup.next'),
    ),
  );
}

/** A dialog-like panel (a card with a close button) placed into `slot`. */
export function panel(slot, titleText, ...children) {
  clear(
    slot,
    el(
      'div',
      { class: 'card editor-panel' },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', {}, titleText),
        el('button', { type: 'button', class: 'link', onclick: () => clear(slot) }, t('setup.close')),
      ),
      ...children,
    ),
  );
  slot.scrollIntoView?.({ block: 'nearest' });
}

/** The editor's notice (what the last action did), kept in its state so that a redraw shows it. */
export function notice(state, id) {
  const node = el('p', { class: 'message', id, hidden: true, role: 'status' });
  if (state.notice) message(node, state.notice.text, state.notice.kind);
  return node;
}

export function tell(state, text, kind = 'ok') {
  state.notice = text ? { text, kind } : null;
}

/** A dictionary string with {name} placeholders filled (i18n.js). */
export const fmt = tf;
