// Builds small, valid scorecard documents for tests; every part can be overridden.
import type { IndicatorDef, IndicatorSetDef, ScorecardDocument, StaffDef } from '@app/scoring';

export function indicator(overrides: Partial<IndicatorDef> & { code: string }): IndicatorDef {
  return {
    name: overrides.code,
    dimension: 'd1',
    weight: 100,
    formula: 'x',
    scoring: { method: 'direct' },
    ...overrides,
  };
}

/** One set `S` with the given indicators; dimensions default to one `d1` of weight 100. */
export function indicatorSet(
  indicators: IndicatorDef[],
  overrides: Partial<IndicatorSetDef> = {},
): IndicatorSetDef {
  return {
    code: 'S',
    name: 'Set',
    dimensions: [{ code: 'd1', name: 'D1', weight: 100 }],
    indicators,
    ...overrides,
  };
}

export function staffMember(
  id: string,
  inputs: Record<string, number | null>,
  overrides: Partial<StaffDef> = {},
): StaffDef {
  return { id, department: 'DEP', indicatorSet: 'S', inputs, ...overrides };
}

export function document(overrides: Partial<ScorecardDocument> = {}): ScorecardDocument {
  const inputCodes = ['x', 'y', 'z'];
  return {
    formatVersion: 1,
    period: '2026-10',
    inputs: inputCodes.map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const })),
    indicatorSets: [indicatorSet([indicator({ code: 'I1' })])],
    staff: [staffMember('A', { x: 50 })],
    ...overrides,
  };
}
