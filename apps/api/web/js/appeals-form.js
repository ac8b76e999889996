// The appeals page's detail and decision form. detailView: the appeal's text, its evidence (downloadable), each
// appealed indicator with its current value and score and the inputs of its formula (aggregate, current value and
// where it comes from); after a decision, the re-run or the adjustment. decisionForm: a corrected value per input
// (empty: unchanged; anything else must be a finite number), evidence to attach to an input, the reason, and
// accept or reject. On an open or scored month the corrected values go as `measurements` (they become value
// corrections, then the month runs again); on a closed month as `corrections` of an adjustment.
import { api, errorText, session } from './api.js';
import { t } from './i18n.js';
import { el, num, table, when } from './ui.js';
import { downloadEvidence, indicatorLabel, statusText } from './people-ui.js';

/** The subject of an input's row: the person, or their department for a department-level input. */
const subject = (d, input) =>
  input.level === 'department' ? { department: d.department } : { staff: d.staffId };

export function detailView(d, { onError }) {
  return el(
    'div',
    {},
    el('h3', {}, t('appeals.text')),
    el('p', { class: 'appeal-text' }, d.reason),
    el(
      'p',
      { class: 'sub' },
      `${t('appeals.submitted')} ${when(d.createdAt)} · ${t('deadline')} ${when(d.deadline)}`,
    ),
    evidenceList(d, onError),
    d.details.map((i) => indicatorCard(d, i)),
    d.status !== 'open' ? outcome(d) : null,
  );
}

function evidenceList(d, onError) {
  const items = d.evidenceItems ?? [];
  return el(
    'div',
    { class: 'evidence', id: 'appeal-evidence' },
    el('h3', {}, t('appeals.evidence')),
    items.length
      ? el(
          'ul',
          { class: 'list' },
          items.map((e) =>
            el(
              'li',
              { 'data-evidence': e.id },
              e.cited ? el('strong', {}, `${t('appeals.cited')} `) : null,
              e.input ? el('code', {}, e.input) : null,
              ' ',
              e.note ?? '',
              ' ',
              e.fileName
                ? el(
                    'button',
                    {
                      class: 'link',
                      type: 'button',
                      onclick: () =>
                        downloadEvidence(e.id, e.fileName).catch((x) => onError(String(x.message))),
                    },
                    `${t('appeals.download')} ${e.fileName}`,
                  )
                : null,
              el('small', {}, ` — ${e.createdBy} ${when(e.createdAt)}`),
            ),
          ),
        )
      : el('p', { class: 'empty' }, t('appeals.noEvidence')),
  );
}

function indicatorCard(d, i) {
  return el(
    'div',
    { class: 'appealed-indicator', 'data-indicator': i.code },
    el('h3', {}, indicatorLabel(i.code, i.name, i.names)),
    el(
      'div',
      { class: 'facts' },
      fact(t('value'), i.value === null ? t('missing') : num(i.value, 4), i.unit ?? ''),
      fact(t('score'), num(i.score), ''),
      i.formula ? fact(t('appeals.formula'), el('code', {}, i.formula), '') : null,
    ),
    i.explanation ? el('p', { class: 'why' }, i.explanation) : null,
    i.inputs.length
      ? table(
          [
            { label: t('appeals.input'), get: (x) => indicatorLabel(x.code, x.name, x.names) },
            { label: t('appeals.aggregate'), get: (x) => statusText('aggregate', x.aggregate) },
            {
              label: t('appeals.current'),
              get: (x) => `${x.value === null ? '—' : num(x.value, 4)} ${x.unit ?? ''}`.trim(),
              class: 'n',
            },
            {
              label: t('appeals.source'),
              get: (x) =>
                `${statusText('source', x.source)}${x.observations ? ` (${x.observations})` : ''}${x.level === 'department' ? ` · ${t('appeals.deptLevel')}` : ''}`,
            },
          ],
          i.inputs,
          { rowAttrs: (x) => ({ 'data-input': x.code }) },
        )
      : el('p', { class: 'empty' }, t('appeals.noInputs')),
  );
}

function fact(label, value, unit) {
  return el(
    'div',
    { class: 'fact' },
    el('span', { class: 'label' }, label),
    el('strong', { class: 'value' }, value, unit ? ` ${unit}` : ''),
  );
}

function outcome(d) {
  return el(
    'div',
    { class: 'appeal-outcome', id: 'appeal-outcome' },
    el('h3', {}, t('decision')),
    el(
      'p',
      {},
      `${statusText('appealStatus', d.status)} — ${d.decisionReason ?? ''} `,
      el('small', {}, `${d.decidedBy ?? ''} ${when(d.decidedAt)}`),
    ),
    d.run
      ? el(
          'p',
          { id: 'rerun', 'data-run-status': d.run.status },
          `${t('appeals.rerun')}: `,
          el('span', { class: `badge ${d.run.status}` }, statusText('status', d.run.status)),
          d.run.finishedAt ? ` ${when(d.run.finishedAt)}` : '',
          d.run.error ? el('span', { class: 'message error' }, d.run.error) : null,
        )
      : d.status === 'accepted' && !d.adjustment
        ? el('p', { class: 'message error' }, t('appeals.noRun'))
        : null,
    d.adjustment
      ? el(
          'p',
          { id: 'adjustment', 'data-adjustment-status': d.adjustment.status },
          `${t('appeals.adjustment')} #${d.adjustment.id}: `,
          el('span', { class: 'badge' }, statusText('adjustmentStatus', d.adjustment.status)),
          d.adjustment.targetPeriod ? ` → ${t('appeals.paidIn')} ${d.adjustment.targetPeriod}` : '',
          d.adjustment.error ? el('span', { class: 'message error' }, d.adjustment.error) : null,
        )
      : null,
  );
}

/** The inputs of every appealed indicator, once each (two indicators may read the same input). */
function inputsOf(d) {
  const seen = new Map();
  for (const i of d.details) for (const x of i.inputs) if (!seen.has(x.code)) seen.set(x.code, x);
  return [...seen.values()];
}

/**
 * The decision's body from the form: `measurements` (open or scored month) or `corrections` (closed month) from
 * the corrected values given; problems (a field that is not a number) are returned instead.
 */
export function decisionBody(d, decision, reason, values) {
  const problems = [];
  const rows = [];
  for (const [code, raw] of values) {
    // Full-width digits, point and minus (a Chinese input method's) read as their ASCII forms; a comma is refused
    // rather than guessed (a thousands separator, or a decimal comma?).
    const text = String(raw ?? '')
      .trim()
      .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\uff0e/g, '.')
      .replace(/[\uff0d\u2212]/g, '-');
    if (text === '') continue;
    const value = Number(text);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(value)) {
      problems.push(code);
      continue;
    }
    const input = inputsOf(d).find((x) => x.code === code);
    rows.push({ input: code, value, ...subject(d, input ?? {}) });
  }
  if (problems.length) return { problems };
  const body = { decision, reason };
  if (decision === 'accept' && rows.length) {
    if (d.periodStatus === 'closed') body.corrections = rows;
    else body.measurements = rows;
  }
  return { body };
}

export function decisionForm(d, { onDone, onError, onEvidence }) {
  const inputs = inputsOf(d);
  const fields = new Map(
    inputs.map((x) => [
      x.code,
      el('input', {
        type: 'text',
        inputmode: 'decimal',
        name: `value-${x.code}`,
        'data-correct': x.code,
        placeholder: x.value === null ? '—' : String(x.value),
        'aria-label': `${t('appeals.corrected')} ${x.code}`,
      }),
    ]),
  );
  const reason = el('textarea', { name: 'reason', rows: 3, id: 'decision-reason' });
  const closed = d.periodStatus === 'closed';
  const approved = d.periodStatus === 'approved';
  const submit = async (decision) => {
    if (decision === 'reject' && !reason.value.trim()) return onError(t('appeals.reasonNeeded'));
    const { body, problems } = decisionBody(
      d,
      decision,
      reason.value.trim(),
      [...fields].map(([code, input]) => [code, input.value]),
    );
    for (const [code, input] of fields) input.classList.toggle('invalid', problems?.includes(code) ?? false);
    if (problems) return onError(`${t('appeals.notNumber')}: ${problems.join(', ')}`);
    if (decision === 'accept' && closed && !body.corrections) return onError(t('appeals.closedNeedsValue'));
    const r = await api(`/api/v1/appeals/${d.id}/decision`, { method: 'POST', body });
    if (!r.ok) return onError(r.error);
    const text =
      decision === 'reject'
        ? t('appeals.rejected')
        : r.data.runError
          ? `${t('appeals.acceptedNoRun')} ${r.data.runError}`
          : t('appeals.accepted');
    onDone(text);
  };
  return el(
    'form',
    {
      class: 'form decision',
      id: 'decision-form',
      // Two buttons decide; Enter in a field decides nothing.
      onsubmit: (e) => e.preventDefault(),
    },
    el('h3', {}, t('appeals.decide')),
    approved ? el('p', { class: 'message error' }, t('appeals.approvedMonth')) : null,
    el('p', { class: 'hint' }, closed ? t('appeals.closedHint') : t('appeals.openHint')),
    inputs.length
      ? el(
          'div',
          { class: 'corrections' },
          inputs.map((x) =>
            el(
              'label',
              { class: 'correction' },
              indicatorLabel(x.code, x.name, x.names),
              el(
                'small',
                { class: 'hint' },
                `${t('appeals.current')} ${x.value === null ? '—' : num(x.value, 4)} ${x.unit ?? ''} · ${statusText('aggregate', x.aggregate)}${x.level === 'department' ? ` · ${t('appeals.deptLevel')}` : ''}`,
              ),
              fields.get(x.code),
            ),
          ),
        )
      : null,
    evidenceForm(d, inputs, { onError, onEvidence }),
    el('label', {}, t('reason'), reason),
    el(
      'div',
      { class: 'toolbar wrap' },
      el(
        'button',
        { type: 'button', id: 'accept', onclick: () => void submit('accept') },
        t('appeals.accept'),
      ),
      el(
        'button',
        { type: 'button', id: 'reject', class: 'secondary', onclick: () => void submit('reject') },
        t('appeals.reject'),
      ),
    ),
  );
}

/** Evidence for one input of the person's month (POST /periods/{p}/evidence, multipart): a note and a file. */
function evidenceForm(d, inputs, { onError, onEvidence }) {
  if (d.periodStatus !== 'open' && d.periodStatus !== 'scored') return null;
  const which = el(
    'select',
    { name: 'evidence-input', 'aria-label': t('appeals.input') },
    inputs.map((x) => el('option', { value: x.code }, x.code)),
  );
  const noteField = el('input', { name: 'evidence-note', placeholder: t('appeals.evidenceNote') });
  const file = el('input', { type: 'file', name: 'evidence-file', accept: 'image/*,application/pdf' });
  const upload = async () => {
    if (!noteField.value.trim() && !file.files?.length) return onError(t('appeals.evidenceEmpty'));
    const form = new FormData();
    const input = inputs.find((x) => x.code === which.value);
    if (input?.level === 'department') return onError(t('appeals.evidenceDept'));
    form.append('staff', d.staffId);
    if (which.value) form.append('input', which.value);
    if (noteField.value.trim()) form.append('note', noteField.value.trim());
    if (file.files?.length) form.append('file', file.files[0]);
    const { token } = session();
    const res = await fetch(`/api/v1/periods/${d.period}/evidence`, {
      method: 'POST',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: form,
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) return onError(errorText(data, res.status));
    onEvidence(t('appeals.evidenceAdded'));
  };
  return el(
    'fieldset',
    { class: 'evidence-upload', id: 'evidence-upload' },
    el('legend', {}, t('appeals.attach')),
    inputs.length ? el('label', {}, t('appeals.input'), which) : null,
    el('label', {}, t('appeals.evidenceNote'), noteField),
    el('label', {}, t('appeals.file'), file),
    el(
      'button',
      { type: 'button', class: 'secondary', id: 'attach', onclick: () => void upload() },
      t('appeals.attachButton'),
    ),
  );
}
