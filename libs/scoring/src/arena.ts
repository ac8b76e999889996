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

  private blockBuf = new Float64Array(0);
  /**
   * Distance between the columns of a block: a little more than the capacity, so that columns read side
   * by side do not start at addresses a power of two apart (they would compete for the same cache sets).
   */
  readonly lead: number;

  constructor(readonly capacity: number) {
    this.lead = capacity + 8;
  }

  /** Makes every buffer available again; what was taken before must no longer be used. */
  reset(): void {
    this.nd = this.nb = this.ni = 0;
  }

  f64(n: number): Float64Array {
    if (this.nd === this.doubles.length) {
      // Chunk-sized columns are cut from slabs, `lead` apart like the columns of a block; separate
      // allocations of 32 KB each tend to sit a power of two apart.
      const perSlab = this.capacity <= 8192 ? 16 : 1;
      const slab = new Float64Array(perSlab * this.lead);
      for (let j = 0; j < perSlab; j++)
        this.doubles.push(slab.subarray(j * this.lead, j * this.lead + this.capacity));
    }
    return view(this.doubles[this.nd++], n, this.capacity);
  }

  u8(n: number): Uint8Array {
    if (this.nb === this.bytes.length) this.bytes.push(new Uint8Array(this.capacity));
    return view(this.bytes[this.nb++], n, this.capacity);
  }

  /**
   * One buffer of `columns` columns of `lead` doubles (column j at [j·lead, j·lead + capacity)), reused by
   * the next block: only one block may be in use between resets.
   */
  block(columns: number): Float64Array {
    const size = columns * this.lead;
    if (this.blockBuf.length < size) this.blockBuf = new Float64Array(size);
    return this.blockBuf.length === size ? this.blockBuf : this.blockBuf.subarray(0, size);
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
