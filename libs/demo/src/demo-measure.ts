// Building blocks for plausible monthly figures. Every figure is driven by a performance level q
// (0 = poor, 1 = excellent) plus noise, so a department whose q trends up really scores better, and
// pairs stay consistent (on-time ≤ total, satisfied ≤ answers, effective ≤ standard hours).
import { Rng } from './prng';

export interface MeasureContext {
  rng: Rng;
  /** Performance level this month, 0..1. */
  q: number;
  /** Share of the month worked: below 1 in a joiner's first or a leaver's last month. */
  presence: number;
  /** Full-month standard hours of a post (weekdays × 8). */
  standardHours: number;
  /** Calendar month 1..12, for seasonal figures. */
  month: number;
  /** Days in the month. */
  days: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
export const round1 = (x: number) => Math.round(x * 10) / 10;

export class Measure {
  constructor(readonly c: MeasureContext) {}

  get rng(): Rng {
    return this.c.rng;
  }

  /** A value between `poor` and `good` (either order) placed by q, with noise of `spread` (in q units). */
  level(poor: number, good: number, spread = 0.12): number {
    const t = clamp01(this.c.q + spread * this.rng.normalish());
    return poor + (good - poor) * t;
  }

  /** A monthly volume: uniform in [lo, hi], scaled down in a partial month. */
  volume(lo: number, hi: number): number {
    return Math.round(this.rng.int(lo, hi) * this.c.presence);
  }

  /** The part of `total` done well (on time, passed...): between the poor and good rates, never above total. */
  share(total: number, poorRate: number, goodRate: number, spread = 0.12): number {
    return Math.min(total, Math.max(0, Math.round(total * this.level(poorRate, goodRate, spread))));
  }

  /** Rare events (incidents, errors): more likely at low q; now and then two in a month. */
  incidents(pBase: number, pPoor: number): number {
    const p = pBase + pPoor * (1 - this.c.q) * (1 - this.c.q);
    if (!this.rng.chance(p)) return 0;
    return this.rng.chance(0.15) ? 2 : 1;
  }

  /** Valid complaints: mostly 0, sometimes 1–3, more at low q. */
  complaints(): number {
    const p = 0.02 + 0.2 * (1 - this.c.q) * (1 - this.c.q);
    let n = 0;
    for (let i = 0; i < 4; i++) if (this.rng.chance(p)) n++;
    return n;
  }

  // ---- blocks of staff inputs shared by several post types

  hours(): { standard_hours: number; effective_hours: number } {
    const std = Math.round(this.c.standardHours * this.c.presence);
    return { standard_hours: std, effective_hours: this.share(std, 0.72, 0.99) };
  }

  survey(lo: number, hi: number): { survey_answers: number; survey_satisfied: number } {
    const answers = Math.max(1, this.volume(lo, hi));
    return { survey_answers: answers, survey_satisfied: this.share(answers, 0.8, 1, 0.1) };
  }

  complaintsWithReplies(): { complaints: number; complaints_replied_1d: number } {
    const complaints = this.complaints();
    let replied = 0;
    for (let i = 0; i < complaints; i++) if (this.rng.chance(0.6 + 0.4 * this.c.q)) replied++;
    return { complaints, complaints_replied_1d: replied };
  }

  /** Training hours are booked in 2-hour sessions. */
  training(): number {
    return 2 * Math.round(this.level(0, 6, 0.25));
  }

  quiz(): number {
    return Math.round(this.level(58, 100, 0.18));
  }

  targets(): { targets_set: number; targets_met: number } {
    const set = this.rng.int(3, 6);
    return { targets_set: set, targets_met: this.share(set, 0.5, 1, 0.2) };
  }

  findings(lo: number, hi: number): { findings: number; findings_fixed: number } {
    const n = this.volume(lo, hi);
    return { findings: n, findings_fixed: this.share(n, 0.55, 1, 0.2) };
  }

  hazards(lo: number, hi: number): { hazards_found: number; hazards_fixed: number } {
    const n = this.volume(lo, hi);
    return { hazards_found: n, hazards_fixed: this.share(n, 0.6, 1, 0.2) };
  }

  /** A cost against its plan: a good month comes in under plan, a poor one over (ratio 1.12 .. 0.9). */
  costAgainstPlan(plan: number, roundTo: number): number {
    return Math.round((plan * this.level(1.12, 0.9, 0.1)) / roundTo) * roundTo;
  }

  /** A signed deviation whose size shrinks as q rises (temperature off setpoint, stock variance). */
  signedDeviation(poor: number, good: number): number {
    const size = this.level(poor, good, 0.15);
    return round1(this.rng.chance(0.5) ? size : -size);
  }
}
