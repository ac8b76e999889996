// The writer of a stored result's texts gives back, as one string, exactly what was added to it, values included.
import fc from 'fast-check';
import { storedValue, TextBytes } from './stored-result';

describe('TextBytes', () => {
  it('gives back what was added, ASCII or not, and starts empty again', () => {
    const w = new TextBytes();
    const texts = [
      ['{"v":2,"s":', '["S001","MAINT",null,"M"', ']}'],
      ['["巡检",', '"note: \\"spot check\\" \\\\ 维修科"', ',1.5]'],
      ['emoji 🧹 after ', 'a surrogate pair 𠀋', ' and ASCII again'],
      ['', 'plain'],
    ];
    for (const pieces of texts) {
      w.start();
      for (const p of pieces) w.add(p);
      expect(w.text()).toBe(pieces.join(''));
    }
  });

  it('grows past its first buffer, keeping what it holds', () => {
    const w = new TextBytes();
    const pieces = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `"科室${i}",` : `${i / 100},`));
    w.start();
    for (const p of pieces) w.add(p);
    const whole = pieces.join('');
    expect(Buffer.byteLength(whole)).toBeGreaterThan(16 * 1024);
    expect(w.text()).toBe(whole);
  });

  it('writes a value as storedValue keeps it (a number, or its bits in hex)', () => {
    const w = new TextBytes();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: 0, max: 19_999 }).map((n) => n / 100),
        ),
        (x) => {
          w.start();
          w.add('[');
          w.addValue(x);
          w.add(']');
          expect(w.text()).toBe(JSON.stringify([storedValue(x)]));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
