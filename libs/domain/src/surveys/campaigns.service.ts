// HR's side of a satisfaction survey campaign (满意度测评): define it and edit it while it is a draft, add its
// respondents (答卷人: clinical departments, or anonymous patient slips) each with a secret token, open it, list
// who has not answered to remind them, read its statistics, and close it. Closing is one transaction: the state
// turns closed, the statistics become observations of the content's output inputs — one intake batch of the
// campaign's month (source `survey`), through the measurements intake like every other feed, so it is
// duplicate-safe, withdrawable while the month is open, refused once it is approved and counted in completeness —
// and the statistics table (CSV) is attached as evidence to every observation of that batch. Every write is
// audited (`survey.*`). Tokens are 128 random bits (crypto.randomBytes), base64url: a link cannot be guessed, and
// the page reads it from the link's fragment, which browsers never send to a server or in a Referer.
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Department,
  Evidence,
  LocalNames,
  Observation,
  Period,
  Staff,
  SurveyCampaign,
  SurveyContent,
  SurveyRespondent,
  SurveyResponse,
} from '@app/persistence';
import { LocalName, nameLangs, nameText, PERIOD_RE, storedName } from '@app/scoring';
import { auditedWrite } from '../audit';
import { CODE_RE, ConflictError, InvalidError, NotFoundError, quoteValue } from '../model';
import { assertInIntakeWindow, lockMonthsForChange, periodBounds } from '../periods';
import { BatchView, MeasurementRow, MeasurementsService, sha256Of, sha256OfJson } from '../documents';
import { checkSurveyContent, surveyDictionary, surveyProblem, SurveyInvalidError } from './survey-content';
import { statisticsCsv, SurveyStatistics, surveyStatistics } from './statistics';

/** At most this many respondents per campaign, and patient slips per request. */
export const RESPONDENT_LIMITS = { perCampaign: 5000, patientsPerRequest: 500 } as const;

/** Where the answer page is, under the pages' address: the token follows in the fragment. */
export const SURVEY_PAGE = 'app/survey.html';

/** A respondent's link: `<base>app/survey.html#<token>` (`base` is the public address, ending in "/"). */
export function surveyLink(base: string, token: string): string {
  return `${new URL(SURVEY_PAGE, base.endsWith('/') ? base : `${base}/`).href}#${token}`;
}

/** 128 random bits, base64url (22 characters). */
export function newSurveyToken(): string {
  return randomBytes(16).toString('base64url');
}

export class SurveyNotFoundError extends NotFoundError {
  constructor(id: number | string) {
    super(`测评 ${id} 不存在 / survey campaign ${id} does not exist`);
  }
}

/** A change the campaign's state does not allow (409 SURVEY_STATE). */
export class SurveyStateError extends ConflictError {
  static override readonly defaultCode = 'SURVEY_STATE';
}

/** What HR sends to define a campaign. */
export interface CampaignInput {
  code: string;
  /** One text or {zh, en}; `names` (when given) says it per language. */
  name: LocalName;
  names?: LocalNames | null;
  period: string;
  content: unknown;
}

export interface CampaignView {
  id: number;
  code: string;
  name: string;
  names: LocalNames | null;
  period: string;
  state: SurveyCampaign['state'];
  content: SurveyContent;
  openedAt: string | null;
  closedAt: string | null;
  batchId: number | null;
  createdBy: string;
  createdAt: string;
}

export interface CampaignListItem {
  id: number;
  code: string;
  name: string;
  names: LocalNames | null;
  period: string;
  state: SurveyCampaign['state'];
  respondents: number;
  responded: number;
  /** responded / respondents × 100, one decimal; null without respondents. */
  responseRate: number | null;
}

export interface RespondentView {
  id: number;
  kind: SurveyRespondent['kind'];
  departmentCode: string | null;
  label: string;
  /** The link's secret and the link: for HR only (whoever holds them can answer as this respondent). */
  token?: string;
  link?: string;
  responded: boolean;
  respondedAt: string | null;
  updatedAt: string | null;
  edits: number;
  reminders: number;
  remindedAt: string | null;
}

export interface CampaignDetail extends CampaignView {
  respondents: RespondentView[];
  responded: number;
  responseRate: number | null;
}

export interface ClosedCampaign {
  campaign: CampaignView;
  /** The intake batch closing made; null when no one answered (nothing to write). */
  batch: BatchView | null;
  statistics: SurveyStatistics;
}

export function campaignView(c: SurveyCampaign): CampaignView {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    names: c.names,
    period: c.period,
    state: c.state,
    content: c.content,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    batchId: c.batchId,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
  };
}

const rate = (part: number, whole: number): number | null =>
  whole ? Math.round((part / whole) * 1000) / 10 : null;

@Injectable()
export class SurveyCampaignsService {
  constructor(
    private readonly ds: DataSource,
    private readonly intake: MeasurementsService,
  ) {}

  /**
   * Defines a campaign (a draft). Audited `survey.create`.
   * @throws SurveyInvalidError naming every bad field (400); MonthOutsideWindowError (400); SurveyStateError when
   *   the code is taken (409)
   */
  create(actor: string, body: CampaignInput): Promise<CampaignView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.create', entity: 'survey' }, async (tx) => {
        const fields = await this.fields(tx, body);
        if (await tx.findOne(SurveyCampaign, { where: { code: fields.code } }))
          throw new SurveyStateError(
            `code: 测评代码 "${fields.code}" 已存在 / survey "${fields.code}" already exists`,
          );
        const repo = tx.getRepository(SurveyCampaign);
        const row = await repo.save(
          repo.create({
            ...fields,
            state: 'draft',
            openedAt: null,
            closedAt: null,
            batchId: null,
            createdBy: actor,
            createdAt: new Date().toISOString(),
          }),
        );
        const view = campaignView(row);
        return { result: view, entityKey: row.code, before: null, after: view };
      }),
    );
  }

  /**
   * Replaces a draft's definition (the same body as create). Audited `survey.update`.
   * @throws SurveyNotFoundError; SurveyStateError once opened (409); as create
   */
  update(actor: string, id: number, body: CampaignInput): Promise<CampaignView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.update', entity: 'survey' }, async (tx) => {
        const row = await this.find(tx, id);
        if (row.state !== 'draft')
          throw new SurveyStateError(
            `测评已${row.state === 'open' ? '开始' : '结束'}，不能再修改 / survey ${row.code} is ${row.state}: only a draft can be edited`,
          );
        const fields = await this.fields(tx, body);
        if (fields.code !== row.code && (await tx.findOne(SurveyCampaign, { where: { code: fields.code } })))
          throw new SurveyStateError(
            `code: 测评代码 "${fields.code}" 已存在 / survey "${fields.code}" already exists`,
          );
        const before = campaignView(row);
        const saved = await tx.getRepository(SurveyCampaign).save(Object.assign(row, fields));
        const after = campaignView(saved);
        return { result: after, entityKey: saved.code, before, after };
      }),
    );
  }

  /** The campaigns (of a month when given), newest first, with their response rates. */
  async list(period?: string): Promise<CampaignListItem[]> {
    if (period !== undefined && !PERIOD_RE.test(period))
      throw new InvalidError(
        `period: 须为月份 "YYYY-MM" / must be a month "YYYY-MM", got ${quoteValue(period)}`,
      );
    const em = this.ds.manager;
    const rows = await em.find(SurveyCampaign, {
      where: period ? { period } : {},
      order: { period: 'DESC', id: 'DESC' },
    });
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const count = async (entity: typeof SurveyRespondent | typeof SurveyResponse) =>
      new Map(
        (
          await em
            .getRepository(entity)
            .createQueryBuilder('x')
            .select('x.campaign_id', 'campaign')
            .addSelect('COUNT(*)', 'n')
            .where('x.campaign_id IN (:...ids)', { ids })
            .groupBy('x.campaign_id')
            .getRawMany<{ campaign: number | string; n: number | string }>()
        ).map((r) => [Number(r.campaign), Number(r.n)]),
      );
    const respondents = await count(SurveyRespondent);
    const responded = await count(SurveyResponse);
    return rows.map((r) => {
      const total = respondents.get(r.id) ?? 0;
      const done = responded.get(r.id) ?? 0;
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        names: r.names,
        period: r.period,
        state: r.state,
        respondents: total,
        responded: done,
        responseRate: rate(done, total),
      };
    });
  }

  /**
   * A campaign with its respondents, their links and whether they answered.
   * @param base the public address the links start with (ending in "/")
   * @throws SurveyNotFoundError
   */
  async get(id: number, base: string, withLinks = true): Promise<CampaignDetail> {
    const em = this.ds.manager;
    const row = await this.find(em, id);
    const respondents = await em.find(SurveyRespondent, { where: { campaignId: id }, order: { id: 'ASC' } });
    const responses = new Map(
      (await em.find(SurveyResponse, { where: { campaignId: id } })).map((r) => [r.respondentId, r]),
    );
    const views = respondents.map((r) => respondentView(r, responses.get(r.id), withLinks ? base : null));
    const responded = views.filter((v) => v.responded).length;
    return {
      ...campaignView(row),
      respondents: views,
      responded,
      responseRate: rate(responded, views.length),
    };
  }

  /**
   * Adds respondents: departments (by code; one already a respondent is not added twice) and/or `count` patient
   * slips labelled "<label> · <n>". Allowed in draft and open. Audited `survey.respondents` (without the tokens).
   * @returns the added respondents, with their tokens and links
   * @throws SurveyNotFoundError; SurveyInvalidError naming a bad field (400); SurveyStateError once closed (409)
   */
  addRespondents(
    actor: string,
    id: number,
    body: { departments?: string[]; patients?: { count: number; label?: string } },
    base: string,
  ): Promise<RespondentView[]> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.respondents', entity: 'survey' }, async (tx) => {
        const row = await this.find(tx, id);
        if (row.state === 'closed')
          throw new SurveyStateError(
            `测评已结束 / survey ${row.code} is closed: no respondents can be added`,
          );
        const problems: string[] = [];
        const codes = body.departments ?? [];
        codes.forEach((c, i) => {
          if (typeof c !== 'string' || !CODE_RE.test(c))
            problems.push(
              surveyProblem(
                `departments[${i}]`,
                '须为科室代码',
                `must be a department code, got ${quoteValue(c)}`,
              ),
            );
        });
        const wanted = [...new Set(codes.filter((c) => typeof c === 'string' && CODE_RE.test(c)))];
        const depts = new Map(
          (wanted.length ? await tx.find(Department, { where: { code: In(wanted) } }) : []).map((d) => [
            d.code,
            d,
          ]),
        );
        codes.forEach((c, i) => {
          if (typeof c === 'string' && CODE_RE.test(c) && !depts.has(c))
            problems.push(
              surveyProblem(`departments[${i}]`, `科室 "${c}" 不存在`, `department "${c}" does not exist`),
            );
        });
        const patients = body.patients;
        const count = patients?.count ?? 0;
        if (
          patients !== undefined &&
          (!Number.isInteger(count) || count < 1 || count > RESPONDENT_LIMITS.patientsPerRequest)
        )
          problems.push(
            surveyProblem(
              'patients.count',
              `须为 1 到 ${RESPONDENT_LIMITS.patientsPerRequest} 的整数`,
              `must be a whole number from 1 to ${RESPONDENT_LIMITS.patientsPerRequest}, got ${quoteValue(count)}`,
            ),
          );
        const label = (patients?.label ?? '').trim() || '患者 Patient';
        if ([...label].length > 150)
          problems.push(surveyProblem('patients.label', '不超过 150 字', 'at most 150 characters'));
        if (!codes.length && patients === undefined)
          problems.push(surveyProblem('departments', '请给出科室或患者数', 'give departments or patients'));
        if (problems.length) throw new SurveyInvalidError(problems);

        const existing = await tx.find(SurveyRespondent, { where: { campaignId: id } });
        const already = new Set(existing.map((r) => r.departmentCode).filter((c) => c !== null));
        const adding: Partial<SurveyRespondent>[] = wanted
          .filter((c) => !already.has(c))
          .map((c) => {
            const d = depts.get(c)!;
            return { kind: 'department', departmentCode: c, label: d.name.slice(0, 200) };
          });
        const firstPatient = existing.filter((r) => r.kind === 'patient').length + 1;
        for (let i = 0; i < count; i++)
          adding.push({ kind: 'patient', departmentCode: null, label: `${label} · ${firstPatient + i}` });
        if (existing.length + adding.length > RESPONDENT_LIMITS.perCampaign)
          throw new SurveyInvalidError([
            surveyProblem(
              'patients.count',
              `每次测评最多 ${RESPONDENT_LIMITS.perCampaign} 个答卷人`,
              `a campaign has at most ${RESPONDENT_LIMITS.perCampaign} respondents (${existing.length} already)`,
            ),
          ]);
        const repo = tx.getRepository(SurveyRespondent);
        const saved: SurveyRespondent[] = [];
        for (const r of adding)
          saved.push(
            await repo.save(
              repo.create({ ...r, campaignId: id, token: newSurveyToken(), remindedAt: null, reminders: 0 }),
            ),
          );
        const views = saved.map((r) => respondentView(r, undefined, base));
        return {
          result: views,
          entityKey: row.code,
          after: { added: saved.map((r) => ({ id: r.id, kind: r.kind, label: r.label })) },
        };
      }),
    );
  }

  /**
   * Opens a draft: its links start taking answers. Audited `survey.open`.
   * @throws SurveyNotFoundError; SurveyStateError unless a draft, or when its month is approved or closed (409)
   */
  open(actor: string, id: number): Promise<CampaignView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.open', entity: 'survey' }, async (tx) => {
        const row = await this.find(tx, id);
        if (row.state !== 'draft')
          throw new SurveyStateError(
            `测评已${row.state === 'open' ? '开始' : '结束'} / survey ${row.code} is ${row.state}: only a draft opens`,
          );
        const month = await tx.findOne(Period, { where: { period: row.period } });
        if (month && (month.status === 'approved' || month.status === 'closed'))
          throw new SurveyStateError(
            `${row.period} 已${month.status === 'approved' ? '审核' : '结账'}，测评结果无法计入 / month ${row.period} is ${month.status}: the survey's answers could not count in it`,
            'PERIOD_CLOSED',
          );
        const before = campaignView(row);
        row.state = 'open';
        row.openedAt = new Date().toISOString();
        const saved = await tx.getRepository(SurveyCampaign).save(row);
        const after = campaignView(saved);
        return { result: after, entityKey: row.code, before, after };
      }),
    );
  }

  /**
   * The respondents (of `respondentIds`, else all) who have not answered yet, each reminded once more: the list
   * HR sends (there is no mail server). Audited `survey.remind`.
   * @throws SurveyNotFoundError; SurveyStateError unless open (409); SurveyInvalidError for an id not of the campaign
   */
  remind(
    actor: string,
    id: number,
    respondentIds: number[] | undefined,
    base: string,
  ): Promise<{ id: number; label: string; link: string }[]> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.remind', entity: 'survey' }, async (tx) => {
        const row = await this.find(tx, id);
        if (row.state !== 'open')
          throw new SurveyStateError(
            `${row.state === 'draft' ? '测评未开始' : '测评已结束'} / survey ${row.code} is ${row.state}: only an open survey sends reminders`,
          );
        const all = await tx.find(SurveyRespondent, { where: { campaignId: id }, order: { id: 'ASC' } });
        let chosen = all;
        if (respondentIds !== undefined) {
          const mine = new Set(all.map((r) => r.id));
          const bad = respondentIds
            .map((rid, i) => [rid, i] as const)
            .filter(([rid]) => !mine.has(rid))
            .map(([rid, i]) =>
              surveyProblem(
                `respondentIds[${i}]`,
                `答卷人 ${rid} 不属于本测评`,
                `respondent ${rid} is not one of this survey's`,
              ),
            );
          if (bad.length) throw new SurveyInvalidError(bad);
          const wanted = new Set(respondentIds);
          chosen = all.filter((r) => wanted.has(r.id));
        }
        const answered = new Set(
          (await tx.find(SurveyResponse, { select: { respondentId: true }, where: { campaignId: id } })).map(
            (r) => r.respondentId,
          ),
        );
        const due = chosen.filter((r) => !answered.has(r.id));
        const now = new Date().toISOString();
        if (due.length)
          for (let i = 0; i < due.length; i += 500)
            await tx
              .getRepository(SurveyRespondent)
              .createQueryBuilder()
              .update()
              .set({ reminders: () => 'reminders + 1', remindedAt: now })
              .where('id IN (:...ids)', { ids: due.slice(i, i + 500).map((r) => r.id) })
              .execute();
        const result = due.map((r) => ({ id: r.id, label: r.label, link: surveyLink(base, r.token) }));
        return { result, entityKey: row.code, after: { reminded: due.map((r) => r.id) } };
      }),
    );
  }

  /** A respondent's link (for its QR code). @throws SurveyNotFoundError for a respondent not of the campaign */
  async respondentLink(id: number, respondentId: number, base: string): Promise<string> {
    const r = await this.ds.manager.findOne(SurveyRespondent, {
      where: { id: respondentId, campaignId: id },
    });
    if (!r) throw new SurveyNotFoundError(`${id} / respondent ${respondentId}`);
    return surveyLink(base, r.token);
  }

  /** The campaign's statistics now (see statistics.ts). @throws SurveyNotFoundError */
  async statistics(
    id: number,
  ): Promise<{ campaign: CampaignView; statistics: SurveyStatistics; csv: string }> {
    const em = this.ds.manager;
    const row = await this.find(em, id);
    const content = await withLabels(em, row.content);
    const responses = await em.find(SurveyResponse, { where: { campaignId: id }, order: { id: 'ASC' } });
    const statistics = surveyStatistics(content, responses);
    return { campaign: campaignView(row), statistics, csv: statisticsCsv(content, statistics) };
  }

  /**
   * Closes an open campaign, in one transaction: state closed; the statistics as observations of the content's
   * outputs per target that was rated, dated the month's last day, as one intake batch (source `survey`); the
   * statistics CSV as evidence of each of its observations; the batch on the campaign. A campaign nobody
   * answered closes with no batch. Audited `survey.close` (and `measurements.record` for the batch).
   * @throws SurveyNotFoundError; SurveyStateError unless open (409); MonthDataLockedError when the month is
   *   approved or closed or a run of it is queued or running (409); MeasurementsInvalidError when the month has
   *   left the intake window (400)
   */
  close(actor: string, id: number): Promise<ClosedCampaign> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'survey.close', entity: 'survey' }, async (tx) => {
        const row = await this.find(tx, id);
        if (row.state !== 'open')
          throw new SurveyStateError(
            `${row.state === 'draft' ? '测评未开始' : '测评已结束'} / survey ${row.code} is ${row.state}: only an open survey closes`,
          );
        // The state turns first, conditionally: of two closings at once one changes it, the other finds it closed;
        // an answer being saved holds the row (answers.service.ts) until it is in, and one after this waits and
        // finds the survey closed.
        const turned = await tx
          .getRepository(SurveyCampaign)
          .createQueryBuilder()
          .update()
          .set({ state: 'closed' })
          .where('id = :id AND state = :open', { id, open: 'open' })
          .execute();
        if (!turned.affected)
          throw new SurveyStateError(`测评已结束 / survey ${row.code} was closed meanwhile`);
        const before = campaignView(row);
        const content = await withLabels(tx, row.content);
        const responses = await tx.find(SurveyResponse, { where: { campaignId: id }, order: { id: 'ASC' } });
        const statistics = surveyStatistics(content, responses);
        const rows = observationRows(row, statistics);
        let view: BatchView | null = null;
        if (rows.length) {
          // The month refuses first with its own words (approved, closed, a run): 409, as any intake of it.
          const month = await tx.findOne(Period, { where: { period: row.period } });
          if (month) await lockMonthsForChange(tx, [month.id]);
          const fileName = `survey-${row.code}-statistics.csv`;
          const recorded = await this.intake.recordIn(tx, actor, rows, {
            source: 'survey',
            // The campaign is part of what is hashed: another campaign with the same counts is not a resend.
            sha256: sha256OfJson({ survey: row.code, rows }),
            fileName,
          });
          if (recorded.duplicate)
            throw new SurveyStateError(
              `测评 ${row.code} 的数据已入库（批次 ${recorded.batch.id}）/ survey ${row.code} was recorded already (batch ${recorded.batch.id})`,
            );
          view = recorded.batch;
          await attachStatistics(tx, actor, view.id, row.code, content, statistics);
        }
        row.state = 'closed';
        row.closedAt = new Date().toISOString();
        row.batchId = view?.id ?? null;
        const saved = await tx.getRepository(SurveyCampaign).save(row);
        const after = {
          ...campaignView(saved),
          responses: statistics.responses,
          observations: rows.length,
        };
        return {
          result: { campaign: campaignView(saved), batch: view, statistics },
          entityKey: row.code,
          before,
          after,
        };
      }),
    );
  }

  private async find(em: EntityManager, id: number): Promise<SurveyCampaign> {
    const row = await em.findOne(SurveyCampaign, { where: { id } });
    if (!row) throw new SurveyNotFoundError(id);
    return row;
  }

  /** A body's fields as stored, every problem named at once. */
  private async fields(
    em: EntityManager,
    body: CampaignInput,
  ): Promise<Pick<SurveyCampaign, 'code' | 'name' | 'names' | 'period' | 'content'>> {
    const problems: string[] = [];
    if (typeof body.code !== 'string' || !CODE_RE.test(body.code))
      problems.push(surveyProblem('code', '须为代码', `must be a code, got ${quoteValue(body.code)}`));
    if (typeof body.period !== 'string' || !PERIOD_RE.test(body.period))
      problems.push(
        surveyProblem(
          'period',
          '须为月份 "YYYY-MM"',
          `must be a month "YYYY-MM", got ${quoteValue(body.period)}`,
        ),
      );
    let content: SurveyContent | null = null;
    try {
      content = checkSurveyContent(body.content, await surveyDictionary(em, body.content));
    } catch (e) {
      if (!(e instanceof SurveyInvalidError)) throw e;
      problems.push(...e.problems);
    }
    if (problems.length) throw new SurveyInvalidError(problems);
    assertInIntakeWindow(body.period, 'period');
    const stored = storedName(body.name);
    const names = body.names ? nameLangs(body.names) : stored.names;
    return {
      code: body.code,
      name: body.names ? nameText(body.names) || stored.name : stored.name,
      names,
      period: body.period,
      content: content!,
    };
  }
}

/** A respondent as HR sees it. */
function respondentView(
  r: SurveyRespondent,
  answer: SurveyResponse | undefined,
  base: string | null,
): RespondentView {
  return {
    id: r.id,
    kind: r.kind,
    departmentCode: r.departmentCode,
    label: r.label,
    ...(base === null ? {} : { token: r.token, link: surveyLink(base, r.token) }),
    responded: !!answer,
    respondedAt: answer?.submittedAt ?? null,
    updatedAt: answer?.updatedAt ?? null,
    edits: answer?.edits ?? 0,
    reminders: r.reminders,
    remindedAt: r.remindedAt,
  };
}

/** The content with every target's label: its own, else the department's or person's name (as stored now). */
export async function withLabels(em: EntityManager, content: SurveyContent): Promise<SurveyContent> {
  const need = (kind: string) =>
    content.targets.filter((t) => t.kind === kind && !t.label).map((t) => t.code);
  const depts = need('department');
  const staff = need('staff');
  const names = new Map<string, LocalNames>();
  for (const d of depts.length ? await em.find(Department, { where: { code: In(depts) } }) : [])
    names.set(`department:${d.code}`, d.names ?? { zh: d.name });
  for (const s of staff.length ? await em.find(Staff, { where: { code: In(staff) } }) : [])
    names.set(`staff:${s.code}`, { zh: s.name || s.code });
  return {
    ...content,
    targets: content.targets.map((t) => ({
      ...t,
      label: t.label ?? names.get(`${t.kind}:${t.code}`) ?? { zh: t.code },
    })),
  };
}

/**
 * The observations closing writes: per rated target, one row per output of the content, dated the month's last
 * day (mode monthly: the month's figure). A target nobody rated gets none (not rated is not zero).
 */
export function observationRows(
  campaign: Pick<SurveyCampaign, 'period' | 'content'>,
  stats: SurveyStatistics,
) {
  const date = periodBounds(campaign.period).last;
  const { outputs } = campaign.content;
  const rows: MeasurementRow[] = [];
  for (const t of stats.targets) {
    if (!t.responses) continue;
    const subject = t.kind === 'staff' ? { staff: t.code } : { department: t.code };
    const row = (input: string, value: number) =>
      rows.push({ input, ...subject, date, value, mode: 'monthly' });
    if (outputs.answers) row(outputs.answers, t.responses);
    if (outputs.satisfied) row(outputs.satisfied, t.satisfied);
    if (outputs.mean && t.mean !== null) row(outputs.mean, Math.round(t.mean * 10_000) / 10_000);
  }
  return rows;
}

/**
 * The statistics table as evidence of every observation of the batch, in the closing's transaction: each
 * observation gets the table's line of its own target (a person reads their own evidence, a manager their
 * department's: the whole table, with everyone's figures, stays on HR's campaign page). Kept in the database
 * (base64), so a rolled-back closing leaves no file behind; withdrawing the batch takes it back with the
 * observations (evidence.ts, withdrawBatchEvidence).
 */
async function attachStatistics(
  em: EntityManager,
  actor: string,
  batchId: number,
  code: string,
  content: SurveyContent,
  statistics: SurveyStatistics,
): Promise<void> {
  const observations = await em.find(Observation, {
    select: { id: true, periodId: true, staffId: true, departmentId: true },
    where: { batchId },
    order: { id: 'ASC' },
  });
  const ids = (key: 'staffId' | 'departmentId') => [
    ...new Set(observations.map((o) => o[key]).filter((id): id is number => id !== null)),
  ];
  const staffCode = new Map(
    (await em.find(Staff, { select: { id: true, code: true }, where: { id: In(ids('staffId')) } })).map(
      (s) => [s.id, s.code],
    ),
  );
  const departmentCode = new Map(
    (
      await em.find(Department, { select: { id: true, code: true }, where: { id: In(ids('departmentId')) } })
    ).map((d) => [d.id, d.code]),
  );
  // One file per target: its header and its line.
  const files = new Map<string, { bytes: Buffer; fileName: string }>();
  const fileOf = (kind: 'staff' | 'department', target: string) => {
    const key = `${kind}:${target}`;
    let file = files.get(key);
    if (!file) {
      const own = statistics.targets.filter((t) => t.kind === kind && t.code === target);
      const bytes = Buffer.from(statisticsCsv(content, { ...statistics, targets: own }), 'utf8');
      files.set(key, (file = { bytes, fileName: `survey-${code}-${target}.csv` }));
    }
    return file;
  };
  const createdAt = new Date().toISOString();
  const rows = observations.map((o) => {
    const file =
      o.staffId !== null
        ? fileOf('staff', staffCode.get(o.staffId)!)
        : fileOf('department', departmentCode.get(o.departmentId!)!);
    return {
      batchId,
      correctionId: null,
      inputId: null,
      note: `满意度测评 ${code} 统计表（本对象一行）/ satisfaction survey ${code}: statistics table (this target's line)`,
      fileName: file.fileName,
      contentType: 'text/csv',
      size: file.bytes.length,
      sha256: sha256Of(file.bytes),
      content: file.bytes.toString('base64'),
      path: null,
      createdBy: actor,
      createdAt,
      periodId: o.periodId,
      observationId: o.id,
      staffId: o.staffId,
      departmentId: o.staffId === null ? o.departmentId : null,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await em.getRepository(Evidence).insert(rows.slice(i, i + 100));
}
