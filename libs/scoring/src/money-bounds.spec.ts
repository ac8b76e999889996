// Money formulas and amounts are bounded where a user's text becomes work: a literal exponent beyond ±100 and an
// amount of more than 12 digits are refused by validation; a formula whose value overflows (a variable exponent)
// is a per-person error at once, never minutes of decimal arithmetic (docs/FORMAT.md "Incentive").
import { document, staffMember } from '../../../test/factories/document';
import { scoreDocument, validateDocument } from '.';

const problems = (raw: unknown) => validateDocument(raw).problems.map((p) => `${p.path}: ${p.message}`);

describe('money bounds', () => {
  it('refuses a literal exponent beyond ±100 in every money formula, naming it', () => {
    const doc = (incentive: object) => document({ incentive });
    expect(
      problems(doc({ pools: [{ department: 'DEP', amount: '10.00' }], weight: 'points ^ 1000000' })),
    ).toEqual([
      'incentive.weight: weight formula raises to the power 1000000: money formulas take exponents from -100 to 100',
    ]);
    expect(problems(doc({ amount: 'max(0, total ^ -(500))' }))).toEqual([
      'incentive.amount: amount formula raises to the power -500: money formulas take exponents from -100 to 100',
    ]);
    expect(problems(doc({ amount: 'total ^ 2 / 100' }))).toEqual([]);
  });

  it('refuses amounts of more than 12 digits before the point', () => {
    const amount = '9'.repeat(400) + '.00';
    expect(
      problems(document({ incentive: { pools: [{ department: 'DEP', amount }], weight: 'total' } })),
    ).toEqual([
      expect.stringMatching(/^incentive\.pools\[0\]\.amount: must be at most 999999999999\.99, got "9{50}/),
    ]);
    expect(
      problems(
        document({
          incentive: { pools: [{ department: 'DEP', amount: '999999999999.99' }], weight: 'total' },
        }),
      ),
    ).toEqual([]);
  });

  it('a variable exponent that overflows is a per-person error, at once', () => {
    const started = Date.now();
    const result = scoreDocument(
      document({
        staff: [staffMember('A', { x: 50, y: 1000000 }), staffMember('B', { x: 50, y: 2 })],
        incentive: { pools: [{ department: 'DEP', amount: '100.00' }], weight: 'x ^ y' },
      }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.errors).toEqual([
      { staff: 'A', message: expect.stringContaining('the weight formula gives no finite number') },
    ]);
    expect(result.departments[0].unallocated).toBe('100.00');
  });

  it('an amount beyond ±10^15 is a per-person error', () => {
    const result = scoreDocument(
      document({ staff: [staffMember('A', { x: 50, y: 20 })], incentive: { amount: '10 ^ y' } }),
    );
    expect(result.errors).toEqual([
      { staff: 'A', message: 'incentive: the amount formula gives 1e+20, beyond ±10^15' },
    ]);
  });
});
