// A month's observations folded as they are read: per subject (a member of staff by their id, a department by
// minus its id) and input, what the input's aggregate needs — a count and a running sum, minimum, maximum or
// latest value — and per subject its task counts. A run's chunk reads tens of thousands of rows; held as rows
// until its document was built, they were most of what each young-generation collection of the worker copied
// (docs/BENCHMARKS.md). Folded, each row is garbage as soon as it is read. The values are those of
// `aggregate()` over the same rows in the same order (a spec holds the two together).
import type { Aggregate } from '@app/persistence';
import type { PresenceSource } from './completeness';
import type { ObservationRow } from './period-snapshot';

/** One subject's folded values, by the input's place in the dictionary. */
export interface FoldedSubject {
  /** Observations per input (0: no value). */
  readonly count: Uint32Array;
  /** The running sum (sum, mean), minimum, maximum or latest value per input. */
  readonly acc: Float64Array;
  /** For 'last': the day and id of the latest observation so far, per input. */
  lastOn: (string | undefined)[] | null;
  lastId: Float64Array | null;
  /** Task counts, when the subject has any. */
  tasks: Map<string, number> | null;
}

export class ObservationFold implements PresenceSource {
  private readonly slotOf: Map<number, number>;
  private readonly kinds: Aggregate[];
  private readonly subjects = new Map<number, FoldedSubject>();

  constructor(private readonly inputs: readonly { id: number; code: string; aggregate: Aggregate }[]) {
    this.slotOf = new Map(inputs.map((i, k) => [i.id, k]));
    this.kinds = inputs.map((i) => i.aggregate);
  }

  /** The rows of a list folded in their order (what a caller holding rows already does). */
  static of(
    inputs: readonly { id: number; code: string; aggregate: Aggregate }[],
    rows: Iterable<ObservationRow>,
  ): ObservationFold {
    const fold = new ObservationFold(inputs);
    for (const o of rows)
      fold.add(o.id, o.staffId, o.departmentId, o.inputId, o.taskCode, o.observedOn, o.value);
    return fold;
  }

  /** Folds one observation (its fields, not a row object: the streamed read passes a row's array as it is). */
  add(
    id: number,
    staffId: number | null,
    departmentId: number | null,
    inputId: number | null,
    taskCode: string | null,
    observedOn: string,
    value: number,
  ): void {
    const subject = staffId !== null ? Number(staffId) : -Number(departmentId);
    let g = this.subjects.get(subject);
    if (!g) this.subjects.set(subject, (g = this.subject()));
    if (inputId === null) {
      const tasks = (g.tasks ??= new Map());
      tasks.set(taskCode!, (tasks.get(taskCode!) ?? 0) + value);
      return;
    }
    const k = this.slotOf.get(Number(inputId));
    if (k === undefined) throw new Error(`observation ${id}: input ${inputId} is not in the dictionary`);
    const n = g.count[k]++;
    switch (this.kinds[k]) {
      case 'sum':
      case 'mean':
        g.acc[k] += value; // from 0, in the rows' order: reduce's sum exactly
        break;
      case 'min':
        g.acc[k] = n === 0 ? value : Math.min(g.acc[k], value);
        break;
      case 'max':
        g.acc[k] = n === 0 ? value : Math.max(g.acc[k], value);
        break;
      case 'count':
        break;
      case 'last': {
        // The latest day; on the same day, the latest entry.
        const on = (g.lastOn ??= new Array<string | undefined>(this.kinds.length));
        const ids = (g.lastId ??= new Float64Array(this.kinds.length));
        const num = Number(id);
        if (n === 0 || observedOn > on[k]! || (observedOn === on[k] && num > ids[k])) {
          on[k] = observedOn;
          ids[k] = num;
          g.acc[k] = value;
        }
      }
    }
  }

  /** The subject's folded values; undefined when it has no observation. */
  get(subject: number): FoldedSubject | undefined {
    return this.subjects.get(subject);
  }

  /** The month's value of the input at dictionary place `k` for a folded subject, null without observations. */
  valueAt(g: FoldedSubject, k: number): number | null {
    const n = g.count[k];
    if (n === 0) return null;
    switch (this.kinds[k]) {
      case 'mean':
        return g.acc[k] / n;
      case 'count':
        return n;
      default:
        return g.acc[k];
    }
  }

  /** The month's value of an input (by id) for a subject, as its observations give it; null without any. */
  value(subject: number, inputId: number): number | null {
    const g = this.subjects.get(subject);
    const k = this.slotOf.get(inputId);
    return g === undefined || k === undefined ? null : this.valueAt(g, k);
  }

  /** The departments with observations of their own (ids). */
  departmentIds(): number[] {
    return [...this.subjects.keys()].filter((s) => s < 0).map((s) => -s);
  }

  /** Each (subject, input) with a value, told one by one (what completeness counts; task counts are not inputs). */
  eachPresent(f: (staffId: number | null, departmentId: number | null, inputId: number) => void): void {
    for (const [subject, g] of this.subjects)
      for (let k = 0; k < g.count.length; k++)
        if (g.count[k] > 0) f(subject > 0 ? subject : null, subject < 0 ? -subject : null, this.inputs[k].id);
  }

  private subject(): FoldedSubject {
    const n = this.kinds.length;
    return { count: new Uint32Array(n), acc: new Float64Array(n), lastOn: null, lastId: null, tasks: null };
  }
}
