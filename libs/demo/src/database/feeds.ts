// The demo's feeds on its database: the maintenance staff's work orders arrive as a work-order system's signed
// events and their satisfaction answers as survey campaigns, through the same services the API's routes use
// (the feed's `receive` checks the signature, the timestamp and every event as for a posted request; the
// answers go in token by token as the answer page sends them). What the generator (../demo-feeds.ts) makes
// derives exactly the figures it took out of the months' documents, so the demo's scores do not move. The
// campaigns are left closed and the derivations in place, so the pages show them.
import type { INestApplicationContext } from '@nestjs/common';
import { SurveyAnswersService, SurveyCampaignsService, RESPONDENT_LIMITS } from '@app/domain/surveys';
import {
  signFeedRequest,
  WorkOrderDerivationService,
  WorkOrderFeedsService,
  WorkOrderMappingService,
} from '@app/domain/work-orders';
import { DEMO_FEED, DEMO_WORK_ORDER_MAPPING, demoSurveyCampaigns, demoWorkOrderEvents } from '../index';
import type { DemoDocument } from '../index';

/** Events per signed request: the batch docs/WORK-ORDERS.md recommends. */
export const DEMO_FEED_BATCH = 1000;

/** Who the demo's writes are audited as (like its imports). */
const ACTOR = 'demo';

/** The respondents' links are not used (the demo answers with the tokens): any public address will do. */
const LINK_BASE = 'http://localhost/';

/** What a month's feeds brought. */
export interface DemoFeedMonth {
  period: string;
  /** Orders the derivation found in the month, events it read, orphan orders it reported. */
  orders: number;
  events: number;
  orphans: number;
  /** Events sent, and how many of them the feed had already (resent). */
  sent: number;
  duplicates: number;
  /** Measurement rows the derivation stored. */
  derivedRows: number;
  campaigns: number;
  /** Slips handed out and slips answered, over the month's campaigns. */
  respondents: number;
  responses: number;
  /** Observations the campaigns' closings stored. */
  surveyRows: number;
}

export class DemoFeeds {
  private secret: string | null = null;

  constructor(
    private readonly feeds: WorkOrderFeedsService,
    private readonly mapping: WorkOrderMappingService,
    private readonly derivation: WorkOrderDerivationService,
    private readonly campaigns: SurveyCampaignsService,
    private readonly answers: SurveyAnswersService,
    private readonly seed: number,
  ) {}

  /** The feeds' services of a running app (so the feed options, FEEDS_TZ and the replay window, are the app's). */
  static of(app: INestApplicationContext, seed: number): DemoFeeds {
    return new DemoFeeds(
      app.get(WorkOrderFeedsService),
      app.get(WorkOrderMappingService),
      app.get(WorkOrderDerivationService),
      app.get(SurveyCampaignsService),
      app.get(SurveyAnswersService),
      seed,
    );
  }

  /**
   * Registers the demo's work-order system (DEMO_FEED), keeping its secret to sign with, and writes the mapping
   * from its orders to inputs and tasks, effective from `firstPeriod`. Once, after the months are imported (the
   * mapping is checked against their dictionary and workload catalogue).
   * @throws ConflictError when the feed exists already (the demo starts from an empty database)
   */
  async setUp(firstPeriod: string): Promise<void> {
    const { secret } = await this.feeds.create({ code: DEMO_FEED.code, name: DEMO_FEED.names }, ACTOR);
    this.secret = secret;
    await this.mapping.write(ACTOR, { effectiveFrom: firstPeriod, content: DEMO_WORK_ORDER_MAPPING });
  }

  /**
   * A month's feeds: its work-order events sent signed, DEMO_FEED_BATCH a request, then the month derived; then
   * each survey campaign created, its slips added, opened, answered slip by slip with each slip's token, and
   * closed (its answers become the month's survey observations).
   */
  async feedMonth(doc: DemoDocument): Promise<DemoFeedMonth> {
    if (this.secret === null) throw new Error('DemoFeeds.setUp first: the feed has no secret yet');
    const events = demoWorkOrderEvents(doc, this.seed);
    let duplicates = 0;
    for (let i = 0; i < events.length; i += DEMO_FEED_BATCH) {
      // Signed as a system signs: these exact bytes, with the time of sending.
      const raw = JSON.stringify({ events: events.slice(i, i + DEMO_FEED_BATCH) });
      const rawBody = Buffer.from(raw, 'utf8');
      const timestamp = String(Math.floor(Date.now() / 1000));
      const received = await this.feeds.receive({
        feed: DEMO_FEED.code,
        timestamp,
        signature: signFeedRequest(this.secret, timestamp, rawBody),
        rawBody,
        body: JSON.parse(raw) as unknown,
      });
      duplicates += received.duplicates;
    }
    const { summary } = await this.derivation.derive(ACTOR, doc.period);

    let respondents = 0;
    let responses = 0;
    let surveyRows = 0;
    const campaigns = demoSurveyCampaigns(doc, this.seed);
    for (const c of campaigns) {
      const { id } = await this.campaigns.create(ACTOR, {
        code: c.code,
        name: c.name,
        names: c.names,
        period: c.period,
        content: c.content,
      });
      const tokens: string[] = [];
      for (let i = 0; i < c.respondents.length; i += RESPONDENT_LIMITS.patientsPerRequest) {
        const count = Math.min(RESPONDENT_LIMITS.patientsPerRequest, c.respondents.length - i);
        const added = await this.campaigns.addRespondents(
          ACTOR,
          id,
          { patients: { count, label: c.slipLabel } },
          LINK_BASE,
        );
        tokens.push(...added.map((r) => r.token!));
      }
      await this.campaigns.open(ACTOR, id);
      for (const [i, r] of c.respondents.entries()) {
        if (Object.keys(r.answers).length === 0) continue; // a slip never handed back
        await this.answers.answer(tokens[i], {
          answers: r.answers,
          ...(r.comment ? { comment: r.comment } : {}),
        });
        responses++;
      }
      respondents += c.respondents.length;
      const closed = await this.campaigns.close(ACTOR, id);
      surveyRows += closed.batch?.rowCount ?? 0;
    }
    return {
      period: doc.period,
      orders: summary.orders,
      events: summary.events,
      orphans: summary.orphans,
      sent: events.length,
      duplicates,
      derivedRows: summary.rows,
      campaigns: campaigns.length,
      respondents,
      responses,
      surveyRows,
    };
  }
}
