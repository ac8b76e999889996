// floor, ceil and round decide on the 15-significant-digit reading of a double (docs/FORMAT.md "Formulas").
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { ceil15, floor15, round2, round4, roundHalfAwayFromZero, snap15 } from './rounding';
import { scoreDocument } from './engine';
import { isStaffError } from './document';
import { document, indicator, indicatorSet, staffMember } from '../../../test/factories/document';

describe('15-digit snapping', () => {
  it('ceil(7 / 50 * 100) is 14, although the double is 14.000000000000002', () => {
    expect((7 / 50) * 100).toBe(14.000000000000002);
    expect(ceil15((7 / 50) * 100)).toBe(14);
  });

  it('floor of a double just below an integer reads as that integer', () => {
    expect(0.29 * 100).toBe(28.999999999999996);
    expect(floor15(0.29 * 100)).toBe(29);
    expect(Math.floor(0.29 * 100)).toBe(28);
  });

  it('values away from an integer floor and ceil as usual, negatives included', () => {
    for (const x of [1.5, -1.5, 2.0000001, -2.0000001, 1e300, -0.1, 0, 123456.789]) {
      expect(floor15(x)).toBe(Math.floor(x));
      expect(ceil15(x)).toBe(Math.ceil(x));
    }
  });

  it('round(x, n) rounds half away from zero on the 15-digit reading, with negative n to tens and hundreds', () => {
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(76.15499999999999, 2)).toBe(76.16);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(1250, -2)).toBe(1300);
    expect(roundHalfAwayFromZero(-1250, -2)).toBe(-1300);
    expect(roundHalfAwayFromZero(1249.9, -2)).toBe(1200);
    expect(roundHalfAwayFromZero(0.1 * 3 * 1000, -3)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.001, 2), 0)).toBe(true);
  });

  it('round2 and round4 round half away from zero on the 15-digit reading, as decimal arithmetic does', () => {
    // The reference: the number's 15-significant-digit reading rounded in decimal (ROUND_HALF_UP is away from zero).
    const reference = (x: number, places: number) =>
      new Decimal(x.toPrecision(15)).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber() || 0;
    // Any double of a score's size, and the ties and near-ties where the decimal reading decides.
    const values = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc
        .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom(100, 10_000))
        .chain(([n, f]) =>
          fc.constantFrom((n + 0.5) / f, ((n + 0.5) / f) * (1 + 1e-16), (n * 3 + 1.5) / (3 * f)),
        ),
    );
    fc.assert(
      fc.property(values, (x) => {
        expect(round2(x)).toBe(reference(x, 2));
        expect(round4(x)).toBe(reference(x, 4));
        expect(round2(x)).toBe(roundHalfAwayFromZero(x, 2));
      }),
      { numRuns: 5_000 },
    );
    expect(round2(1.005)).toBe(1.01);
    expect(round4(76.15499999999999)).toBe(76.155);
    expect([round2(NaN), round2(Infinity), round4(-Infinity)]).toEqual([NaN, Infinity, -Infinity]);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });

  it('snap15 leaves zero, infinities and NaN alone', () => {
    expect(Object.is(snap15(-0), -0)).toBe(true);
    expect(snap15(Infinity)).toBe(Infinity);
    expect(snap15(NaN)).toBeNaN();
  });
});

describe('floor, ceil and round in formulas', () => {
  const valueOf = (formula: string, inputs: Record<string, number>) => {
    const r = scoreDocument(
      document({
        indicatorSets: [
          indicatorSet([indicator({ code: 'I', formula, scoring: { method: 'direct', cap: 1e9 } })]),
        ],
        staff: [staffMember('A', inputs)],
      }),
    ).staff[0];
    if (isStaffError(r)) throw new Error(r.error);
    return r.indicators[0].value;
  };

  it.each([
    ['ceil(x / y * 100)', { x: 7, y: 50 }, 14],
    ['floor(x * y)', { x: 0.29, y: 100 }, 29],
    ['round(x, -2)', { x: 1250, y: 0 }, 1300],
    ['round(x / y, 1)', { x: 1.45, y: 1 }, 1.5],
  ])('%s of %j is %d', (formula, inputs, expected) => {
    expect(valueOf(formula, inputs)).toBe(expected);
  });
});
