// A negative incentive amount takes money from someone: it is a per-person error unless the incentive declares
// `deductions: true` (this project's extension, docs/INCENTIVE.md "Deductions"); pools never give negatives.
import { document, staffMember } from '../../../test/factories/document';
import { ScorecardResult, scoreDocument, validateDocument } from '.';

/** A person's incentive (undefined when their scoring failed altogether). */
const incentiveOf = (result: ScorecardResult, id: string) => {
  const s = result.staff.find((x) => x.id === id)!;
  return 'incentive' in s ? s.incentive : undefined;
};
const problems = (raw: unknown) => validateDocument(raw).problems.map((p) => `${p.path}: ${p.message}`);

describe('deductions', () => {
  it('a negative amount is a per-person error without `deductions: true`', () => {
    const result = scoreDocument(
      document({
        staff: [staffMember('A', { x: 50 }), staffMember('B', { x: 90 })],
        incentive: { amount: 'x * 100 - 8000' },
      }),
    );
    expect(result.errors).toEqual([
      {
        staff: 'A',
        message:
          'incentive: the amount formula gives -3000.00, below 0: declare `deductions: true` in the incentive to book deductions',
      },
    ]);
    expect(incentiveOf(result, 'A')).toBeNull();
    expect(incentiveOf(result, 'B')).toBe('1000.00');
  });

  it('`0 - 5000` is refused too, and zero (even −0) is not a negative', () => {
    const refused = scoreDocument(document({ incentive: { amount: '0 - 5000' } }));
    expect(refused.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('gives -5000.00, below 0'),
    ]);
    const zero = scoreDocument(document({ incentive: { amount: '0 * -1' } }));
    expect(zero.errors).toEqual([]);
    expect(incentiveOf(zero, 'A')).toBe('0.00');
  });

  it('with `deductions: true` the negative amount is kept, prorated and still rounded to the cent', () => {
    const result = scoreDocument(
      document({
        staff: [staffMember('A', { x: 50 })],
        incentive: {
          amount: '0 - 5000.005',
          deductions: true,
          maxPerPerson: '100.00',
          minPerPerson: '10.00',
        },
      }),
    );
    expect(result.errors).toEqual([]);
    // The floor raises only positive amounts; a negative one is below any cap.
    expect(incentiveOf(result, 'A')).toBe('-5000.01');
  });

  it('validation: `deductions` is a boolean, and only for amount formulas', () => {
    expect(problems(document({ incentive: { amount: 'x', deductions: true } }))).toEqual([]);
    expect(problems(document({ incentive: { amount: 'x', deductions: 'yes' } as never }))).toEqual([
      'incentive.deductions: must be true or false, got "yes"',
    ]);
    expect(
      problems(
        document({
          incentive: { pools: [{ department: 'DEP', amount: '10.00' }], weight: 'x', deductions: true },
        }),
      ),
    ).toEqual(['incentive.deductions: only used with "amount": pools never give negative amounts']);
    expect(validateDocument(document({ incentive: { amount: 'x', deductions: false } })).warnings).toEqual(
      [],
    );
  });
});
