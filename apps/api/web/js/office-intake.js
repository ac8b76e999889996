// The month cockpit's intake (HR, while the month takes data): a CSV or the month's .xlsx dropped on the page or
// chosen with the file button. The .xlsx goes to POST …/workbook, a CSV to POST /measurements/csv, both as one
// intake batch; a refusal lists every bad cell (sheet and cell or line, column, value, why) in a table, and
// nothing is stored. Also the month's workbook template, and the batches with their withdrawal.
import { api, problemText } from './api.js';
import { t } from './i18n.js';
import { download, upload } from './office-api.js';
import { actionButton, card, tf } from './office-common.js';
import { el, num, table, when } from './ui.js';

/** The value a refusal quotes (`"six" is not a number`), when it quotes one. */
function quoted(message) {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(message ?? '');
  return m ? m[1] : '';
}

const isXlsx = (file) => /\.xlsx$/i.test(file.name) || file.type.includes('spreadsheetml');
const isCsv = (file) => /\.csv$/i.test(file.name) || file.type === 'text/csv';

async function send(ctx, file) {
  const { state } = ctx;
  state.intake = { problems: null, file: file.name };
  if (!isXlsx(file) && !isCsv(file)) {
    ctx.notify(tf('cockpit.intake.wrongType', { file: file.name }), 'error');
    return ctx.render();
  }
  ctx.notify(tf('cockpit.intake.sending', { file: file.name }), 'info');
  ctx.render();
  const path = isXlsx(file) ? `/api/v1/periods/${state.period}/workbook` : '/api/v1/measurements/csv';
  const r = await upload(path, file);
  if (!r.ok) {
    state.intake.problems = Array.isArray(r.data?.rows) ? r.data.rows : null;
    ctx.notify(
      state.intake.problems
        ? tf('cockpit.intake.refused', { file: file.name, n: state.intake.problems.length })
        : r.error,
      'error',
    );
    return ctx.render();
  }
  const b = r.data.batch ?? {};
  ctx.notify(
    r.data.duplicate
      ? tf('cockpit.intake.duplicate', { file: file.name, id: b.id })
      : tf('cockpit.intake.stored', { file: file.name, n: r.data.stored ?? b.rowCount, id: b.id }),
    'ok',
  );
  await ctx.reload();
}

/**
 * A file dropped anywhere on the page while the drop zone is shown is taken as dropped on it (rather than the
 * browser opening the file in place of the page). Registered once; `dropping` is the page's current context.
 */
let dropping = null;
window.addEventListener('dragover', (e) => {
  if (dropping && document.getElementById('dropzone')) e.preventDefault();
});
window.addEventListener('drop', (e) => {
  const zone = document.getElementById('dropzone');
  if (!dropping || !zone) return;
  e.preventDefault();
  zone.classList.remove('over');
  const file = e.dataTransfer?.files?.[0];
  if (file) void send(dropping, file);
});

function dropZone(ctx) {
  dropping = ctx;
  const input = el('input', {
    type: 'file',
    id: 'intake-file',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    onchange: (e) => {
      const file = e.target.files?.[0];
      if (file) void send(ctx, file);
    },
  });
  const zone = el(
    'div',
    {
      class: 'dropzone',
      id: 'dropzone',
      tabindex: 0,
      role: 'button',
      'aria-label': t('cockpit.intake.drop'),
      ondragover: (e) => {
        e.preventDefault();
        zone.classList.add('over');
      },
      ondragleave: () => zone.classList.remove('over'),
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ' ') input.click();
      },
    },
    el('strong', {}, t('cockpit.intake.drop')),
    el('span', { class: 'hint' }, t('cockpit.intake.formats')),
    el('label', { class: 'file-button' }, t('cockpit.intake.choose'), input),
  );
  return zone;
}

function problemsTable(problems) {
  return el(
    'div',
    { id: 'bad-cells' },
    el('h3', {}, tf('cockpit.intake.badCells', { n: problems.length })),
    table(
      [
        {
          label: t('cockpit.intake.where'),
          get: (p) =>
            el(
              'code',
              {},
              p.cell || (p.sheet ? `${p.sheet}!${p.row}` : tf('cockpit.intake.line', { row: p.row })),
            ),
        },
        { label: t('cockpit.intake.row'), get: (p) => p.row ?? '', class: 'n' },
        { label: t('cockpit.intake.column'), get: (p) => el('code', {}, p.field ?? '') },
        { label: t('cockpit.intake.value'), get: (p) => quoted(p.message) },
        { label: t('cockpit.intake.why'), get: (p) => el('span', { class: 'why' }, problemText(p)) },
      ],
      problems,
      { rowAttrs: (p) => ({ 'data-cell': p.cell || p.row }) },
    ),
  );
}

function batchesTable(ctx) {
  const { state } = ctx;
  const batches = state.batches ?? [];
  if (!batches.length) return el('p', { class: 'empty' }, t('cockpit.intake.noBatches'));
  const takes = state.overview?.status === 'open' || state.overview?.status === 'scored';
  return table(
    [
      { label: '#', get: (b) => b.id, class: 'n' },
      { label: t('cockpit.intake.source'), get: (b) => t(`cockpit.source.${b.source}`) },
      { label: t('cockpit.intake.file'), get: (b) => b.fileName ?? '—' },
      { label: t('cockpit.intake.rows'), get: (b) => num(b.rowCount), class: 'n' },
      { label: t('cockpit.intake.inMonth'), get: (b) => num(b.observationsInMonth ?? 0), class: 'n' },
      { label: t('cockpit.intake.by'), get: (b) => b.actor },
      { label: t('cockpit.intake.when'), get: (b) => when(b.createdAt) },
      {
        label: t('status'),
        get: (b) =>
          b.withdrawnAt
            ? el(
                'span',
                { class: 'badge withdrawn' },
                tf('cockpit.intake.withdrawnBy', { by: b.withdrawnBy ?? '' }),
              )
            : state.canWrite && takes
              ? actionButton(
                  { class: 'secondary small', 'data-withdraw': b.id },
                  t('cockpit.intake.withdraw'),
                  async () => {
                    const r = await api(`/api/v1/batches/${b.id}`, { method: 'DELETE' });
                    ctx.notify(
                      r.ok ? tf('cockpit.intake.withdrawn', { id: b.id }) : r.error,
                      r.ok ? 'ok' : 'error',
                    );
                    await ctx.reload();
                  },
                )
              : el('span', { class: 'badge' }, t('cockpit.intake.standing')),
      },
    ],
    [...batches].reverse(),
    { rowAttrs: (b) => ({ 'data-batch': b.id, class: b.withdrawnAt ? 'withdrawn' : '' }) },
  );
}

export function intakeCard(ctx) {
  const { state } = ctx;
  const o = state.overview;
  if (!o) return null;
  const takes = (o.status === 'open' || o.status === 'scored') && !o.activeRun;
  const p = state.period;
  const template = actionButton(
    { id: 'workbook-template', class: 'secondary' },
    t('cockpit.intake.template'),
    async () => {
      const r = await download(`/api/v1/periods/${p}/workbook`, `${p}-workbook.xlsx`);
      ctx.notify(r.ok ? tf('cockpit.download.saved', { file: r.fileName }) : r.error, r.ok ? 'ok' : 'error');
      ctx.render();
    },
  );
  return card(
    'intake',
    'cockpit.intake.title',
    state.canWrite && takes ? dropZone(ctx) : null,
    state.canWrite && !takes
      ? el('p', { class: 'hint' }, t(o.activeRun ? 'cockpit.intake.duringRun' : 'cockpit.intake.closed'))
      : null,
    el(
      'div',
      { class: 'toolbar wrap' },
      template,
      el('span', { class: 'hint' }, t('cockpit.intake.templateHint')),
    ),
    state.intake.problems?.length ? problemsTable(state.intake.problems) : null,
    el('h3', {}, t('cockpit.intake.batches')),
    batchesTable(ctx),
  );
}
