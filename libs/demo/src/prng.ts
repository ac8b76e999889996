// A small seeded PRNG for the demo data. Only integer and + - * / arithmetic is used (no Math.random, no
// Math.log/cos), so the same seed gives byte-identical documents on every platform and Node version.

/** mulberry32: a 32-bit state generator, good enough for demo data and tiny. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed derived from the run's seed and a key (FNV-1a over the text). Separate streams per
 * department / staff member / month keep one person's figures stable when, say, another department's
 * headcount is changed.
 */
export function deriveSeed(seed: number, ...key: (string | number)[]): number {
  const text = `${seed}|${key.join('|')}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  static for(seed: number, ...key: (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...key));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Roughly standard normal (Irwin–Hall of 4 uniforms, rescaled): bounded in ±3.5, no transcendental maths. */
  normalish(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
  }

  /** Picks an index by weight (weights ≥ 0, not all 0). */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}
