// The demo's grade calibration (等级校准) of its latest month, set up before the month is scored, as HR would:
// a new version of every indicator set from that month with grade quotas (A at most 20 % of a department's staff
// of the set; in a department of ten or more, at least one C or lower), and one person's grade set by HR with a
// reason. Earlier months keep their versions: their grades stay the totals' own.
import type { INestApplicationContext } from '@nestjs/common';
import { GradeOverridesService } from '@app/domain/calibration';
import { IndicatorSetsService } from '@app/domain/configuration';
import { isStaffError, QuotasDef, scoreDocument } from '@app/scoring';
import type { DemoDocument } from '../index';

const ACTOR = 'demo';

export interface DemoCalibrationSummary {
  /** The sets given quotas from the month. */
  sets: number;
  /** The person HR gave another grade, with it. */
  override: { staff: string; grade: string } | null;
}

/** The demo's quotas for a set whose grades are `grades` (best first). */
export function demoQuotas(grades: readonly string[]): QuotasDef {
  return {
    scope: 'department',
    rules: [
      { grade: grades[0], maxShare: 20 },
      { grade: grades[2], minCount: 1, minStaff: 10 },
    ],
  };
}

export class DemoCalibration {
  constructor(
    private readonly sets: IndicatorSetsService,
    private readonly overrides: GradeOverridesService,
  ) {}

  static of(app: INestApplicationContext): DemoCalibration {
    return new DemoCalibration(app.get(IndicatorSetsService), app.get(GradeOverridesService));
  }

  /** Quotas from `doc`'s month on, and an override in it (the month imported, not yet scored). */
  async run(doc: DemoDocument): Promise<DemoCalibrationSummary> {
    let sets = 0;
    for (const set of doc.indicatorSets) {
      if (!set.grades || set.grades.length < 3) continue;
      const { dimensions, indicators, grades, plans } = set;
      // The service takes the request's shape (checked by the scoring library): the document's set is one.
      const body: unknown = {
        dimensions,
        indicators,
        grades,
        ...(plans ? { plans } : {}),
        quotas: demoQuotas(grades.map((g) => g.grade)),
        effectiveFrom: doc.period,
      };
      await this.sets.addVersion(ACTOR, set.code, body as Parameters<IndicatorSetsService['addVersion']>[2]);
      sets++;
    }
    // The first member of the maintenance department graded B by their total is raised to A by the department's
    // review: an override the calibration page lists and the person sees with its reason.
    const result = scoreDocument(doc);
    const person = result.staff.find(
      (s) => !isStaffError(s) && s.indicatorSet === 'MAINT' && s.grade === 'B',
    );
    if (!person) return { sets, override: null };
    await this.overrides.put(ACTOR, doc.period, person.id, {
      grade: 'A',
      reason: '科室评议：突发抢修中表现突出，经考核小组复核上调',
    });
    return { sets, override: { staff: person.id, grade: 'A' } };
  }
}
