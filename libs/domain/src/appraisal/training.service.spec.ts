// The rules of a training assignment's fields, without a database: a task needs its text and takes no course or
// hours; a training needs a course (1–200 characters) and planned hours (0 < h ≤ 200, one decimal), its text
// defaulting to the course; and "today" in the hospital's time zone.
import { AppraisalInvalidError } from './appraisal-errors';
import { actionKindFields, dayIn } from './training.service';

describe('training assignments', () => {
  it('a task needs its text and takes no course or hours', () => {
    expect(actionKindFields({ what: 'walk the log' })).toEqual({
      kind: 'task',
      what: 'walk the log',
      course: null,
      plannedHours: null,
    });
    expect(() => actionKindFields({})).toThrow(AppraisalInvalidError);
    expect(() => actionKindFields({ what: 'x', course: 'c' })).toThrow(/belong to a training/);
    expect(() => actionKindFields({ kind: 'task', what: 'x', plannedHours: 2 })).toThrow(
      AppraisalInvalidError,
    );
  });

  it('a training needs a course and planned hours: more than 0, at most 200, one decimal', () => {
    expect(actionKindFields({ kind: 'training', course: ' 电气安全 ', plannedHours: 2.5 })).toEqual({
      kind: 'training',
      what: '电气安全',
      course: '电气安全',
      plannedHours: 2.5,
    });
    expect(actionKindFields({ kind: 'training', what: 'see HR', course: 'c', plannedHours: 200 }).what).toBe(
      'see HR',
    );
    for (const bad of [
      { course: '', plannedHours: 2 },
      { course: 'x'.repeat(201), plannedHours: 2 },
      { course: 'c' },
      { course: 'c', plannedHours: 0 },
      { course: 'c', plannedHours: -1 },
      { course: 'c', plannedHours: 200.1 },
      { course: 'c', plannedHours: 1.25 },
      { course: 'c', plannedHours: Number.NaN },
    ])
      expect(() => actionKindFields({ kind: 'training', ...bad })).toThrow(AppraisalInvalidError);
    // 0.1 + 0.2 is not a tenth in binary, but it has one decimal place as written.
    expect(
      actionKindFields({ kind: 'training', course: 'c', plannedHours: 0.1 + 0.2 }).plannedHours,
    ).toBeCloseTo(0.3);
  });

  it('today is the day in the hospital’s time zone', () => {
    const lateUtc = new Date('2026-11-30T17:30:00Z');
    expect(dayIn(lateUtc, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(dayIn(lateUtc, 'UTC')).toBe('2026-11-30');
    expect(dayIn(lateUtc, 'America/New_York')).toBe('2026-11-30');
  });
});
