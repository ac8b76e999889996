// How a month's observations of one input make the month's value (the input's `aggregate`), over a list of them
// (an appeal's detail lists them). Runs and documents fold the same rule row by row (observation-fold.ts); its
// spec holds the two to the same values.
import type { Aggregate } from '@app/persistence';

export interface ObservedValue {
  value: number;
  observedOn: string;
  id: number;
}

export function aggregate(kind: Aggregate, values: readonly ObservedValue[]): number | null {
  if (values.length === 0) return null;
  switch (kind) {
    case 'sum':
      return values.reduce((s, v) => s + v.value, 0);
    case 'mean':
      return values.reduce((s, v) => s + v.value, 0) / values.length;
    case 'min':
      return Math.min(...values.map((v) => v.value));
    case 'max':
      return Math.max(...values.map((v) => v.value));
    case 'count':
      return values.length;
    case 'last':
      // The latest day; on the same day, the latest entry.
      return [...values]
        .sort((a, b) => (a.observedOn === b.observedOn ? a.id - b.id : a.observedOn < b.observedOn ? -1 : 1))
        .at(-1)!.value;
  }
}
