// Corrections of a closed month (adjustments): corrected month values laid over what the observations gave,
// before the month is scored again. A correction names a staff member or a department, and an input or (staff
// only) a task; its value replaces the month's value. Later corrections of the same thing win.
import type { Correction } from '@app/persistence';
import type { ScorecardDocument } from '@app/scoring';

export function applyCorrections(doc: ScorecardDocument, corrections: readonly Correction[]): void {
  if (!corrections.length) return;
  const staff = new Map(doc.staff.map((s) => [s.id, s]));
  const used = new Set(doc.staff.map((s) => s.department));
  doc.departments ??= [];
  const departments = new Map(doc.departments.map((d) => [d.code, d]));
  for (const c of corrections) {
    if (c.staff !== undefined) {
      const s = staff.get(c.staff);
      if (!s) continue; // in another chunk of the run
      if (c.input !== undefined) (s.inputs ??= {})[c.input] = c.value;
      else if (c.task !== undefined) (s.tasks ??= {})[c.task] = c.value;
    } else if (c.department !== undefined && c.input !== undefined) {
      if (!used.has(c.department) && !departments.has(c.department)) continue;
      let d = departments.get(c.department);
      if (!d) {
        d = { code: c.department };
        doc.departments.push(d);
        departments.set(d.code, d);
      }
      (d.inputs ??= {})[c.input] = c.value;
    }
  }
}
