// The line under a person's grade when it is not the one their total gives (docs/CALIBRATION.md): moved by the
// grade quota ("按科室等级配额由 A 调为 B"), or set by HR with their reason — or both. Nothing when calibration is null.
import { getLang, tf } from './i18n.js';
import { el } from './ui.js';

export function calibrationLine(calibration) {
  if (!calibration) return null;
  const parts = [];
  const q = calibration.quota;
  if (q && q.grade !== calibration.from)
    parts.push(
      tf(q.scope === 'hospital' ? 'calibration.me.quotaHospital' : 'calibration.me.quota', {
        from: calibration.from ?? '—',
        to: q.grade ?? '—',
      }),
    );
  const o = calibration.override;
  if (o) parts.push(tf('calibration.me.override', { grade: o.grade, reason: o.reason }));
  if (!parts.length) return null;
  return el(
    'small',
    { class: 'why calibration-line', id: 'calibration-line' },
    parts.join(getLang() === 'zh' ? '；' : '; '),
  );
}
