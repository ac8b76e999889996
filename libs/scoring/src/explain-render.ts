// The explanation texts of a staff result, rendered from its numbers, a few facts the numbers do not hold
// (ExplanationFacts), the indicator set it was scored with and the reader's language. A run stores the numbers
// and the facts; the texts are rendered when a result is read, in the reader's language. The English texts
// are the ones the engine has always written (test/fixtures/explanations holds them); the Chinese ones say
// the same in the words of a hospital performance office. Pure: no I/O.
import type { Calibration, GradeDef, MissingPolicy, Scoring, StaffScore, VetoDef } from './document';
import type { Lang } from './lang';
import { round2, round4 } from './rounding';

/** What rendering reads of an indicator set: an IndicatorSetDef and a CompiledSet both fit. */
export interface ExplainSet {
  code: string;
  dimensions: readonly { code: string; weight: number }[];
  indicators: readonly {
    code: string;
    formula: string;
    scoring: Scoring;
    missing?: MissingPolicy;
    veto?: VetoDef;
  }[];
  grades?: readonly GradeDef[];
}

/** A workload term: [count, task code, the task's relative value at the person's site]. */
export type TaskTerm = [count: number, task: string, rvu: string];

/**
 * What the explanations need beyond the result's own numbers. Per indicator, in the set's order: `x`, the
 * formula's value at full precision (null when missing; the result's `value` is it rounded to 4 places);
 * `absent`, for a missing indicator the inputs that had no value (empty: the formula gave no finite number);
 * `notes`, text a run adds after the sentence (corrections, evidence), starting with "; ".
 */
export interface ExplanationFacts {
  x: (number | null)[];
  absent: (string[] | null)[];
  notes?: (string | null)[];
  /** The total before the veto caps, rounded to 2 places (only when a veto applied). */
  rawTotal: number | null;
  tasks: TaskTerm[];
  /** The site's factors adjusted the relative values. */
  siteAdjusted: boolean;
}

/**
 * The numbers of a scored result that rendering reads (a StaffScore without its texts is enough); without a
 * `calibration` the grade is the one the total gives.
 */
export type ExplainedNumbers = Pick<
  StaffScore,
  'site' | 'total' | 'grade' | 'vetoReasons' | 'dimensions' | 'indicators' | 'points'
> &
  Partial<Pick<StaffScore, 'calibration' | 'coefficient'>>;

export interface RenderedExplanation {
  indicators: string[];
  total: string;
  grade: string;
  points: string;
}

const fmt = (x: number): string => String(round4(x));

/** Renders every text of a result but the incentive's (renderIncentive). */
export function renderExplanation(
  r: ExplainedNumbers,
  facts: ExplanationFacts,
  set: ExplainSet | undefined,
  lang: Lang,
): RenderedExplanation {
  const defs = set ? indicatorsByCode(set) : undefined;
  return {
    indicators: r.indicators.map((ind, k) => {
      const note = facts.notes?.[k] ?? '';
      const x = facts.x[k];
      if (ind.missing || x === null)
        return renderMissing(ind.score !== null, facts.absent[k] ?? [], lang) + localNote(note, lang);
      const def = defs?.get(ind.code);
      const contribution = String(ind.contribution ?? 0);
      const score = ind.score ?? 0;
      const sentence = def
        ? lang === 'zh'
          ? `${def.formula} = ${fmt(x)}；${renderScore(def.scoring, x, score, lang)}；` +
            `权重 ${ind.weight}（${ind.dimension} 维度）→ 贡献分 ${contribution}`
          : `${def.formula} = ${fmt(x)}; ${renderScore(def.scoring, x, score, lang)}; ` +
            `weight ${ind.weight} in ${ind.dimension} → contributes ${contribution}`
        : // The set in force no longer has the indicator: the numbers alone.
          lang === 'zh'
          ? `数值 ${fmt(x)}；得分 ${score}；权重 ${ind.weight}（${ind.dimension} 维度）→ 贡献分 ${contribution}`
          : `value ${fmt(x)}; score ${score}; weight ${ind.weight} in ${ind.dimension} → contributes ${contribution}`;
      return sentence + localNote(note, lang);
    }),
    total: renderTotal(r, facts, set, lang),
    grade: renderGrade(r, set, lang),
    points: renderPoints(r, facts, lang),
  };
}

const byCode = new WeakMap<ExplainSet, Map<string, ExplainSet['indicators'][number]>>();
function indicatorsByCode(set: ExplainSet): Map<string, ExplainSet['indicators'][number]> {
  let m = byCode.get(set);
  if (!m) byCode.set(set, (m = new Map(set.indicators.map((i) => [i.code, i]))));
  return m;
}

/** A missing indicator: `zero` kept it with a score of 0, otherwise it was left out (a "fail" gives no result). */
export function renderMissing(
  scoredZero: boolean,
  absent: readonly string[],
  lang: Lang,
  policy?: MissingPolicy,
): string {
  const p = policy ?? (scoredZero ? 'zero' : 'renormalize');
  if (lang === 'zh') {
    const reason = absent.length ? `${absent.join('、')} 无数据` : '公式未得出有效数值（例如除数为零）';
    const consequence =
      p === 'zero'
        ? '按 0 分计，保留全部权重（缺失按零分处理）'
        : p === 'fail'
          ? '不予评定结果（缺失即不出结果）'
          : '不参与计分，其余权重按比例重新分配（缺失不计）';
    return `缺失：${reason}；${consequence}`;
  }
  const reason = absent.length
    ? `no value for ${absent.join(', ')}`
    : 'the formula gives no finite number (for example a division by zero)';
  const consequence =
    p === 'zero'
      ? 'scored 0 with its full weight (policy "zero")'
      : p === 'fail'
        ? 'the result is refused (policy "fail")'
        : 'left out; the other weights are rescaled (policy "renormalize")';
  return `missing: ${reason}; ${consequence}`;
}

/** One sentence saying how value x became score s. */
export function renderScore(s: Scoring, x: number, score: number, lang: Lang): string {
  const zh = lang === 'zh';
  const v = fmt(x);
  const r = String(round2(score));
  const to = zh ? ` → 得分 ${r}` : ` → ${r}`;
  const clampNote = (lo: number, hi: number, raw: number) =>
    raw > hi
      ? zh
        ? `，封顶 ${hi}`
        : `, capped at ${hi}`
      : raw < lo
        ? zh
          ? `，保底 ${lo}`
          : `, floored at ${lo}`
        : '';
  switch (s.method) {
    case 'linear': {
      const raw = (100 * (x - s.worst)) / (s.target - s.worst);
      const calc = `100·(${v} − ${s.worst})/(${s.target} − ${s.worst}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)}${to}`;
      return zh
        ? `线性计分（最差值 ${s.worst}，目标值 ${s.target}）：${calc}`
        : `linear from worst ${s.worst} to target ${s.target}: ${calc}`;
    }
    case 'ratio': {
      if (s.direction === 'lower') {
        const raw = 100 * (2 - x / s.target);
        const calc = `100·(2 − ${v}/${s.target}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)}${to}`;
        return zh
          ? `比率计分（目标值 ${s.target}，越低越好）：${calc}`
          : `ratio to target ${s.target}, lower is better: ${calc}`;
      }
      const raw = (100 * x) / s.target;
      const calc = `100·${v}/${s.target} = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)}${to}`;
      return zh ? `比率计分（目标值 ${s.target}）：${calc}` : `ratio to target ${s.target}: ${calc}`;
    }
    case 'band': {
      if (x >= s.low && x <= s.high)
        return zh
          ? `在区间 [${s.low}, ${s.high}] 之内 → 得分 100`
          : `inside the band [${s.low}, ${s.high}] → 100`;
      const d = fmt(x < s.low ? s.low - x : x - s.high);
      return zh
        ? `偏离区间 [${s.low}, ${s.high}] ${d}，容差 ${s.tolerance}：100·max(0, 1 − ${d}/${s.tolerance})${to}`
        : `${d} outside the band [${s.low}, ${s.high}] with tolerance ${s.tolerance}: 100·max(0, 1 − ${d}/${s.tolerance})${to}`;
    }
    case 'thresholds': {
      const idx = s.steps.findIndex(
        (st) => (st.atLeast === undefined || x >= st.atLeast) && (st.atMost === undefined || x <= st.atMost),
      );
      if (idx < 0) return zh ? `${v} 未落入任何阈值档 → 得分 0` : `no threshold step matches ${v} → 0`;
      const st = s.steps[idx];
      const cond = [
        st.atLeast !== undefined ? `≥ ${st.atLeast}` : '',
        st.atMost !== undefined ? `≤ ${st.atMost}` : '',
      ]
        .filter(Boolean)
        .join(zh ? ' 且 ' : ' and ');
      return zh
        ? `${v} 落入第 ${idx + 1} 档阈值（${cond || '其余情况'}）${to}`
        : `threshold step ${idx + 1} (${cond || 'otherwise'}) matches ${v}${to}`;
    }
    case 'efficacy': {
      const raw = 60 + (40 * (x - s.unacceptable)) / (s.satisfactory - s.unacceptable);
      const calc = `60 + 40·(${v} − ${s.unacceptable})/(${s.satisfactory} − ${s.unacceptable}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)}${to}`;
      return zh ? `功效系数法：${calc}` : `efficacy coefficient: ${calc}`;
    }
    case 'deduction': {
      const base = s.base ?? 100;
      const raw = base - s.perUnit * x;
      const floor = s.floor ?? 0;
      const floored = raw < floor ? (zh ? `，保底 ${floor}` : `, floored at ${floor}`) : '';
      const calc = `${base} − ${s.perUnit}·${v} = ${fmt(raw)}${floored}${to}`;
      return zh ? `扣分制：${calc}` : `deduction: ${calc}`;
    }
    case 'direct': {
      const clamp = clampNote(s.floor ?? 0, s.cap ?? 100, x);
      return zh ? `数值即得分${clamp}${to}` : `the value is the score${clamp}${to}`;
    }
  }
}

/** The weighted mean of the present dimensions, the shared-out weight of missing ones, the veto caps. */
function renderTotal(
  r: ExplainedNumbers,
  facts: ExplanationFacts,
  set: ExplainSet | undefined,
  lang: Lang,
): string {
  const zh = lang === 'zh';
  // Σ W_d over present dimensions, added in the set's order as the engine adds them (the same double).
  let presentWeight = 0;
  const present: string[] = [];
  const missingDims: string[] = [];
  for (const d of r.dimensions) {
    if (d.score === null) missingDims.push(d.code);
    else {
      presentWeight += d.weight;
      present.push(`${d.weight}·${d.score}`);
    }
  }
  const raw = facts.rawTotal ?? r.total;
  let text = `(${present.join(' + ')}) / ${presentWeight} = ${raw}`;
  if (missingDims.length)
    text += zh
      ? `（${missingDims.join('、')} 维度无得分：其权重由其余维度分摊）`
      : ` (no score in ${missingDims.join(', ')}: its weight is shared by the others)`;
  if (r.vetoReasons.length) {
    const vetoes = (set?.indicators ?? []).filter((i) => i.veto && r.vetoReasons.includes(i.code));
    const caps = vetoes.length
      ? vetoes.map((i) => (zh ? `${i.code} 封顶 ${i.veto!.cap}` : `${i.code} caps at ${i.veto!.cap}`))
      : r.vetoReasons;
    text += zh ? `；否决：${caps.join('，')} → ${r.total}` : `; veto: ${caps.join(', ')} → ${r.total}`;
  }
  return text;
}

function renderGrade(r: ExplainedNumbers, set: ExplainSet | undefined, lang: Lang): string {
  if (r.calibration) return renderCalibratedGrade(r, r.calibration, set, lang);
  const zh = lang === 'zh';
  const code = set?.code ?? '';
  if (!set?.grades)
    return zh
      ? `指标体系 ${code} 未设等级：无等级，系数 0`
      : `set ${code} defines no grades: grade none, coefficient 0`;
  const g = set.grades.find((x) => r.total >= x.min);
  if (!g)
    return zh
      ? `指标体系 ${code} 没有适用于 ${r.total} 的等级：系数 0`
      : `no grade of set ${code} applies to ${r.total}: coefficient 0`;
  return zh
    ? `${r.total} ≥ ${g.min} → 等级 ${g.grade}，系数 ${g.coefficient}`
    : `${r.total} ≥ ${g.min} → grade ${g.grade}, coefficient ${g.coefficient}`;
}

/**
 * The grade the total gives, then how the quotas and HR moved it (from the calibration alone), then the grade
 * held and its coefficient.
 */
function renderCalibratedGrade(
  r: ExplainedNumbers,
  c: Calibration,
  set: ExplainSet | undefined,
  lang: Lang,
): string {
  const zh = lang === 'zh';
  const code = set?.code ?? '';
  const natural = set?.grades?.find((x) => r.total >= x.min);
  const sentences: string[] = [
    natural
      ? zh
        ? `${r.total} ≥ ${natural.min} → 等级 ${natural.grade}。`
        : `${r.total} ≥ ${natural.min} → grade ${natural.grade}.`
      : zh
        ? `指标体系 ${code} 没有适用于 ${r.total} 的等级。`
        : `no grade of set ${code} applies to ${r.total}.`,
  ];
  const q = c.quota;
  if (q) {
    const group = zh
      ? q.department === null
        ? '在全院'
        : `在科室 ${q.department} `
      : q.department === null
        ? 'hospital-wide'
        : `in department ${q.department}`;
    const from = c.from ?? (zh ? '无等级' : 'no grade');
    const to = q.grade ?? (zh ? '无等级' : 'no grade');
    const rule = q.rule;
    if ('maxShare' in rule)
      sentences.push(
        zh
          ? `按指标体系 ${code} ${group}的等级配额，由 ${from} 调为 ${to}：${rule.grade} 不超过 ${q.staff} 人的 ` +
              `${rule.maxShare}%（${q.allowed} 人），排名第 ${q.rank}。`
          : `Moved from ${from} to ${to} by the grade quota of set ${code} ${group}: ${rule.grade} at most ` +
              `${q.allowed} of ${q.staff} staff (${rule.maxShare} %), ranked ${ordinal(q.rank)}.`,
      );
    else {
      const minStaff = rule.minStaff ?? 1;
      const groups =
        minStaff > 1 ? (zh ? `（${minStaff} 人及以上的组）` : ` (groups of ${minStaff} or more)`) : '';
      sentences.push(
        zh
          ? `按指标体系 ${code} ${group}的等级配额，由 ${from} 调为 ${to}：${q.staff} 人中 ${rule.grade} 及以下` +
              `至少 ${q.allowed} 人${groups}，排名第 ${q.rank}。`
          : `Moved from ${from} to ${to} by the grade quota of set ${code} ${group}: ${rule.grade} or lower ` +
              `at least ${q.allowed} of ${q.staff} staff${groups}, ranked ${ordinal(q.rank)}.`,
      );
    }
  }
  if (c.override)
    sentences.push(
      zh
        ? `人力资源部调整为 ${c.override.grade}：${c.override.reason}。`
        : `Set to ${c.override.grade} by HR: ${c.override.reason}.`,
    );
  const held = c.to === null ? undefined : set?.grades?.find((x) => x.grade === c.to);
  const coefficient = r.coefficient ?? held?.coefficient ?? 0;
  sentences.push(
    c.to === null
      ? zh
        ? `无等级，系数 ${coefficient}`
        : `No grade, coefficient ${coefficient}`
      : zh
        ? `等级 ${c.to}，系数 ${coefficient}`
        : `Grade ${c.to}, coefficient ${coefficient}`,
  );
  return sentences.join(zh ? '' : ' ');
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function renderPoints(r: ExplainedNumbers, facts: ExplanationFacts, lang: Lang): string {
  const zh = lang === 'zh';
  if (!facts.tasks.length) return zh ? '未记录任务：工作量点数 0' : 'no tasks recorded: 0 points';
  const terms = facts.tasks.map(([n, code, rvu]) => `${n} × ${code} ${rvu}`).join(' + ');
  const site = facts.siteAdjusted && r.site !== null ? r.site : null;
  if (zh)
    return `${terms} = 工作量点数 ${pointsText(r.points)}${site ? `（相对值已按院区 ${site} 调整）` : ''}`;
  return `${terms} = ${pointsText(r.points)} points${site ? ` (RVUs adjusted for site ${site})` : ''}`;
}

/** Points as Decimal's toFixed() writes them (no exponent, whatever the size). */
function pointsText(p: number): string {
  const s = String(p);
  return /e/i.test(s) ? p.toFixed(4).replace(/\.?0+$/, '') : s;
}

/**
 * The sentences a run adds after an indicator's (corrections, evidence: libs/domain/src/documents), in the
 * reader's language. They are stored as written (English); the known forms are put into Chinese.
 */
function localNote(note: string, lang: Lang): string {
  if (!note || lang !== 'zh') return note;
  const label = (kind: string) => (kind === 'photo' ? '照片' : kind);
  return note
    .replace(
      /; ([^;:]+): value (\S+) set by correction #(\d+) \(reason: (.*?)\), observations gave (no value|\S+)( \(department (\S+)\))?(?=;|$)/g,
      (_m, input: string, v: string, id: string, reason: string, gave: string, _d, dept?: string) =>
        `；${input}：数值 ${v} 由更正 #${id} 设定（原因：${reason}），原始记录${gave === 'no value' ? '无数据' : `为 ${gave}`}` +
        (dept ? `（科室 ${dept}）` : ''),
    )
    .replace(
      /; evidence: ((?:#\d+(?: \([^;]*?\))?(?:, )?)+)(?=;|$)/g,
      (_m, list: string) =>
        `；佐证：${list
          .replace(
            /#(\d+) \((.*?)(?:, (photo|PDF))?\)(?=, #|$)/g,
            (_c, id: string, text: string, kind?: string) =>
              /^(photo|PDF)$/.test(text) && !kind
                ? `#${id}（${label(text)}）`
                : `#${id}（${text}${kind ? `，${label(kind)}` : ''}）`,
          )
          .replace(/, #/g, '，#')}`,
    );
}

/**
 * The parts of an incentive sentence, as a run stores them (JSON, in the incentive explanation column):
 * - an amount: ['a', amount formula, value, proration formula | null, factor | null, prorated | null,
 *   limit ('floor' | 'cap' | null), limit amount | null, incentive]
 * - a pool share: ['p', weight formula, proration formula | null, factor | null, weight, Σ weights,
 *   department, pool, pool formula | null, its value | null, rule, rule amount | null, incentive] where rule is
 *   'zero' (no weight), 'cap', 'floor', 'exact' or 'exact+cent' (the rule amount is then the exact share).
 */
export type IncentiveParts =
  | [
      kind: 'a',
      formula: string,
      value: string,
      proration: string | null,
      factor: string | null,
      prorated: string | null,
      limit: 'floor' | 'cap' | null,
      limitAmount: string | null,
      incentive: string,
    ]
  | [
      kind: 'p',
      weightFormula: string,
      proration: string | null,
      factor: string | null,
      weight: string,
      sumWeights: string,
      department: string,
      pool: string,
      poolFormula: string | null,
      poolValue: string | null,
      rule: 'zero' | 'cap' | 'floor' | 'exact' | 'exact+cent',
      ruleAmount: string | null,
      incentive: string,
    ];

export function renderIncentive(p: IncentiveParts, lang: Lang): string {
  const zh = lang === 'zh';
  if (p[0] === 'a') {
    const [, formula, value, proration, factor, prorated, limit, limitAmount, incentive] = p;
    const prorate =
      factor === null
        ? ''
        : zh
          ? ` × 折算比例 ${proration} = ${factor} → ${prorated}`
          : ` × proration ${proration} = ${factor} → ${prorated}`;
    const bound =
      limit === 'floor'
        ? zh
          ? `，提高至保底 ${limitAmount}`
          : `, raised to the floor of ${limitAmount}`
        : limit === 'cap'
          ? zh
            ? `，封顶 ${limitAmount}`
            : `, capped at ${limitAmount}`
          : '';
    return zh
      ? `金额 ${formula} = ${value}${prorate}${bound} → ${incentive}`
      : `amount ${formula} = ${value}${prorate}${bound} → ${incentive}`;
  }
  const [
    ,
    weightFormula,
    proration,
    factor,
    weight,
    sumW,
    dept,
    pool,
    poolFormula,
    poolValue,
    rule,
    amount,
    incentive,
  ] = p;
  const weightText = zh
    ? `权重 ${weightFormula}${factor === null ? '' : ` × 折算比例 ${proration}（${factor}）`} = ${weight}`
    : `weight ${weightFormula}${factor === null ? '' : ` × proration ${proration} (${factor})`} = ${weight}`;
  if (rule === 'zero') return `${weightText} → 0.00`;
  const origin =
    poolFormula === null
      ? ''
      : zh
        ? `（奖金池公式 ${poolFormula} = ${poolValue}）`
        : ` (pool formula ${poolFormula} = ${poolValue})`;
  const how = zh
    ? rule === 'cap'
      ? `：份额超过上限，封顶 ${amount}`
      : rule === 'floor'
        ? `：份额低于保底，提高至 ${amount}（由奖金池支付）`
        : `：精确份额 ${amount}，${rule === 'exact+cent' ? '舍至分位后按最大余数法加 1 分' : '舍至分位'}`
    : rule === 'cap'
      ? `: share above the cap, capped at ${amount}`
      : rule === 'floor'
        ? `: share below the floor, raised to ${amount} (funded from the pool)`
        : `: exact share ${amount}${rule === 'exact+cent' ? ', floored to the cent plus one leftover cent (largest remainder)' : ', floored to the cent'}`;
  return zh
    ? `${weightText}，总权重 ${sumW}，${dept} 奖金池 ${pool}${origin}${how} → ${incentive}`
    : `${weightText} of ${sumW} in the ${dept} pool of ${pool}${origin}${how} → ${incentive}`;
}

/** Incentive parts as stored, or null when the text is not parts (an explanation stored as text before). */
export function parseIncentiveParts(stored: string): IncentiveParts | null {
  if (!stored.startsWith('["')) return null;
  try {
    const p = JSON.parse(stored) as unknown;
    return Array.isArray(p) && (p[0] === 'a' || p[0] === 'p') ? (p as IncentiveParts) : null;
  } catch {
    return null;
  }
}
