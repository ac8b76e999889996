// Reusable working columns for the scoring hot path. Scoring a chunk needs a few hundred short-lived columns;
// taking them from an arena that is reset per chunk avoids allocating (and first-touching) fresh memory each
// time, which costs more than the arithmetic itself. Buffers are NOT zeroed on reuse: whoever takes one
// writes every element it later reads.

export class Arena {
  private readonly doubles: Float64Array[] = [];
  private readonly bytes: Uint8Array[] = [];
  private readonly ints: Int32Array[] = [];
  private nd = 0;
  private nb = 0;
  private ni = 0;

  constructor(readonly capacity: number) {}

  /** Makes every buffer available again; what was taken before must no longer be used. */
  reset(): void {
    this.nd = this.nb = this.ni = 0;
  }

  f64(n: number): Float64Array {
    if (this.nd === this.doubles.length) this.doubles.push(new Float64Array(this.capacity));
    return view(this.doubles[this.nd++], n, this.capacity);
  }

  u8(n: number): Uint8Array {
    if (this.nb === this.bytes.length) this.bytes.push(new Uint8Array(this.capacity));
    return view(this.bytes[this.nb++], n, this.capacity);
  }

  i32(n: number): Int32Array {
    if (this.ni === this.ints.length) this.ints.push(new Int32Array(this.capacity));
    return view(this.ints[this.ni++], n, this.capacity);
  }
}

function view<T extends Float64Array | Uint8Array | Int32Array>(buf: T, n: number, capacity: number): T {
  if (n > capacity) throw new RangeError(`arena of ${capacity} rows asked for ${n}`);
  return (n === capacity ? buf : buf.subarray(0, n)) as T;
}
