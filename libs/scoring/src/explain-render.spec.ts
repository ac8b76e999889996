// The renderer against the texts the engine wrote before results stored parts (test/fixtures/explanations,
// recorded by scripts/explanations-record.ts): the same English byte for byte, for every scenario, variant and
// demo month; and a Chinese rendering of the same parts with no English left but codes and formulas.
import { readFileSync } from 'node:fs';
import {
  documentRollUp,
  explanationSources,
  ExplanationFixture,
  fixturePath,
  RecordedExplanation,
} from '../../../test/fixtures/explanations/sources';
import { compileDocument, CompiledScorecard } from './engine';
import { IncentiveParts, renderExplanation, renderIncentive } from './explain-render';
import type { Lang } from './lang';
import type { ScorecardDocument, StaffScore } from './document';

const sources = explanationSources();

/** Every result of a document rendered from its parts, as a run stores them (texts left empty). */
function renderAll(doc: ScorecardDocument, lang: Lang): Map<string, RecordedExplanation> {
  const c: CompiledScorecard = compileDocument(doc);
  // Calibrated as a run's finish job does: the staff the quotas or HR moved are scored again with their grade.
  const { results, entries, facts, incentiveParts } = c.calibrated(
    doc.staff,
    c.scoreStaff(doc.staff, 'parts'),
    'parts',
  );
  const { pools } = documentRollUp(doc, c.incentive, entries);
  const out = new Map<string, RecordedExplanation>();
  results.forEach((r, i) => {
    if ('error' in r) return;
    expect(r.explanation.total).toBe(''); // parts mode writes no text
    const text = renderExplanation(r, facts[i]!, c.sets.get(r.indicatorSet), lang);
    const parts: IncentiveParts | null = incentiveParts[i] ?? pools.lines.get(r.id)?.parts ?? null;
    out.set(r.id, {
      id: r.id,
      indicators: text.indicators,
      total: text.total,
      grade: text.grade,
      points: text.points,
      incentive: parts ? renderIncentive(parts, lang) : null,
    });
  });
  return out;
}

describe('explanations rendered from parts', () => {
  for (const source of sources) {
    const fixture = JSON.parse(readFileSync(fixturePath(source.name), 'utf8')) as ExplanationFixture;

    it(`${source.name}: the engine's English texts are the recorded ones`, () => {
      const result = compileDocument(source.doc).score();
      const byId = new Map(result.staff.map((r) => [r.id, r]));
      for (const rec of fixture.staff) {
        const r = byId.get(rec.id) as StaffScore;
        expect({
          id: r.id,
          indicators: r.indicators.map((i) => i.explanation),
          total: r.explanation.total,
          grade: r.explanation.grade,
          points: r.explanation.points,
          incentive: r.explanation.incentive,
        }).toEqual(rec);
      }
    });

    it(`${source.name}: English rendered from the stored parts is byte-identical`, () => {
      const rendered = renderAll(source.doc, 'en');
      expect(fixture.staff.length).toBeGreaterThan(0);
      for (const rec of fixture.staff) expect(rendered.get(rec.id)).toEqual(rec);
    });

    it(`${source.name}: Chinese leaves no English words but codes and formulas`, () => {
      const doc = source.doc;
      // What may stay as written: formulas, codes of every kind, grade letters.
      const verbatim = [
        ...doc.indicatorSets.flatMap((s) => s.indicators.map((i) => i.formula)),
        ...[doc.incentive?.amount, doc.incentive?.weight, doc.incentive?.proration],
        ...(doc.incentive?.pools ?? []).map((p) => p.formula),
      ].filter((f): f is string => typeof f === 'string');
      const codes = new Set<string>([
        ...doc.inputs.map((i) => i.code),
        ...doc.indicatorSets.flatMap((s) => [
          s.code,
          ...s.dimensions.map((d) => d.code),
          ...s.indicators.map((i) => i.code),
          ...(s.grades ?? []).map((g) => g.grade),
        ]),
        ...(doc.workload?.tasks ?? []).map((t) => t.code),
        ...(doc.departments ?? []).flatMap((d) => [d.code, d.site ?? '']),
        ...doc.staff.flatMap((s) => [s.department, s.site ?? '']),
        'max', // band: 100·max(0, 1 − d/t), a formula
      ]);
      const rendered = renderAll(doc, 'zh');
      expect(rendered.size).toBeGreaterThan(0);
      for (const r of rendered.values()) {
        for (const text of [...r.indicators, r.total, r.grade, r.points, r.incentive ?? '']) {
          let rest = text;
          for (const f of [...verbatim].sort((a, b) => b.length - a.length)) rest = rest.split(f).join(' ');
          const words = (rest.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).filter((w) => !codes.has(w));
          if (words.length) throw new Error(`English left in "${text}": ${words.join(', ')}`);
          expect(text).toMatch(/[\u4e00-\u9fff]|^[^A-Za-z]*$/); // Chinese words, unless it is all numbers
        }
      }
    });
  }

  it("a run's notes (a correction, evidence) follow the sentence, in Chinese too", () => {
    const doc = sources[1].doc;
    const c = compileDocument(doc);
    const { results, facts } = c.scoreStaff(doc.staff, 'parts');
    const r = results.find((x): x is StaffScore => !('error' in x))!;
    const i = results.indexOf(r);
    const note =
      '; training_hours: value 3 set by correction #12 (reason: recounted), observations gave 8.9 (department ENG-CC)' +
      '; evidence: #4 (spot check 2026-10-14, photo), #7 (PDF), #9';
    const f = { ...facts[i]!, notes: r.indicators.map((_, k) => (k === 0 ? note : null)) };
    const en = renderExplanation(r, f, c.sets.get(r.indicatorSet), 'en').indicators[0];
    expect(en.endsWith(note)).toBe(true);
    const zh = renderExplanation(r, f, c.sets.get(r.indicatorSet), 'zh').indicators[0];
    expect(zh).toMatch(
      /；training_hours：数值 3 由更正 #12 设定（原因：recounted），原始记录为 8\.9（科室 ENG-CC）；佐证：#4（spot check 2026-10-14，照片），#7（PDF），#9$/,
    );
  });

  it('a Chinese indicator sentence uses the office terms', () => {
    const rendered = renderAll(sources[0].doc, 'zh');
    const all = [...rendered.values()].flatMap((r) => [...r.indicators, r.total, r.grade]).join('\n');
    for (const term of ['权重', '贡献分', '得分', '等级', '系数']) expect(all).toContain(term);
  });
});
