// The work-order feeds: HR registers each external system (报修 / 运送 work-order systems) as a feed with a shared
// secret, shown once when made or rotated, and can disable it; the system then posts signed events, and HR can
// import the same events from the system's file export. HR's changes are audited; the events are not (a feed posts
// thousands a minute: the events themselves, with when they arrived, are the record). The secret is kept as is,
// not hashed, because verifying an HMAC needs it; it never leaves the service after the answer that shows it.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { DEFAULT_FEEDS_OPTIONS, FeedsOptions } from '@app/config';
import { LocalName, LocalNames, storedName } from '@app/scoring';
import { WorkOrderFeed } from '@app/persistence';
import { auditedWrite } from '../audit';
import { ConflictError, NotFoundError, RefusedError } from '../model';
import { eventsFromCsv, eventsFromXlsx } from './events-file';
import { newFeedSecret, parseFeedTimestamp, signatureMatches, withinReplayWindow } from './feed-signature';
import { CheckedEvent, checkFeedBody, ReceivedEvents, storeEvents } from './work-order-events';

/** The feed options (FEED_REPLAY_WINDOW_SECONDS, FEEDS_TZ); absent: DEFAULT_FEEDS_OPTIONS. */
export const FEEDS_OPTIONS = Symbol('FEEDS_OPTIONS');

/** A feed as HR sees it: never its secret. */
export interface FeedView {
  code: string;
  name: string;
  names?: LocalNames;
  createdBy: string;
  createdAt: string;
  disabledAt: string | null;
  /** Events stored from it so far. */
  events: number;
}

/** Refused: not signed by an enabled feed. One answer for every cause, so a caller learns nothing of which. */
export class FeedUnauthenticatedError extends RefusedError {
  static override readonly defaultCode = 'FEED_UNAUTHENTICATED';
  constructor() {
    super(
      401,
      'the request is not signed by an enabled feed: send X-Feed (the feed code), X-Feed-Timestamp (unix ' +
        'seconds) and X-Feed-Signature (sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret)',
    );
  }
}

/** Refused: correctly signed, but the timestamp is outside the replay window (a replay, or a clock that is off). */
export class FeedStaleError extends RefusedError {
  static override readonly defaultCode = 'FEED_STALE_TIMESTAMP';
  constructor(windowSeconds: number) {
    super(
      401,
      `X-Feed-Timestamp is more than ${windowSeconds} s from the server's clock (FEED_REPLAY_WINDOW_SECONDS): ` +
        'sign each request when it is sent, with the current time',
    );
  }
}

/** What a signed request brings: its headers and its body, raw (what was signed) and parsed. */
export interface SignedFeedRequest {
  feed?: string;
  timestamp?: string;
  signature?: string;
  rawBody: Buffer;
  body: unknown;
}

/** A file export of events: CSV text, or an .xlsx workbook's bytes. */
export type EventsFile = { kind: 'csv'; text: string } | { kind: 'xlsx'; bytes: Buffer };

/** Verified against when no feed has the code, so an unknown feed takes as long to refuse as a bad signature. */
const NO_SECRET = newFeedSecret();

function feedView(f: WorkOrderFeed, events: number): FeedView {
  return {
    code: f.code,
    name: f.name,
    ...(f.names ? { names: f.names } : {}),
    createdBy: f.createdBy,
    createdAt: f.createdAt,
    disabledAt: f.disabledAt,
    events,
  };
}

@Injectable()
export class WorkOrderFeedsService {
  private readonly options: FeedsOptions;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(FEEDS_OPTIONS) options?: FeedsOptions,
  ) {
    this.options = options ?? DEFAULT_FEEDS_OPTIONS;
  }

  /**
   * A new feed and its secret (in this answer only).
   * @throws ConflictError the code is taken (by a feed, disabled or not)
   */
  create(
    input: { code: string; name: LocalName },
    actor: string,
  ): Promise<{ feed: FeedView; secret: string }> {
    const secret = newFeedSecret();
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'work-order-feed.create', entity: 'work-order-feed' }, async (tx) => {
        const repo = tx.getRepository(WorkOrderFeed);
        if (await repo.existsBy({ code: input.code }))
          throw new ConflictError(`a work-order feed with the code ${input.code} exists already`);
        const row = repo.create({
          code: input.code,
          ...storedName(input.name),
          secret,
          createdBy: actor,
          createdAt: new Date().toISOString(),
          disabledAt: null,
        });
        try {
          await repo.insert(row);
        } catch (e) {
          // Two registrations of one code at once: the unique index refuses the second, as a conflict.
          if (e instanceof QueryFailedError)
            throw new ConflictError(`a work-order feed with the code ${input.code} exists already`);
          throw e;
        }
        const feed = feedView(row, 0);
        return { result: { feed, secret }, entityKey: row.code, after: feed };
      }),
    );
  }

  /**
   * A new secret for the feed (in this answer only); the old one stops working at once.
   * @throws NotFoundError no such feed
   * @throws ConflictError the feed is disabled
   */
  rotate(code: string, actor: string): Promise<{ feed: FeedView; secret: string }> {
    const secret = newFeedSecret();
    return this.ds.transaction((em) =>
      auditedWrite(
        em,
        actor,
        { action: 'work-order-feed.rotate-secret', entity: 'work-order-feed' },
        async (tx) => {
          const row = await this.find(tx.getRepository(WorkOrderFeed), code);
          if (row.disabledAt) throw new ConflictError(`the work-order feed ${code} is disabled`);
          await tx.getRepository(WorkOrderFeed).update({ id: row.id }, { secret });
          const feed = feedView(row, await this.countEvents(tx, row.id));
          return { result: { feed, secret }, entityKey: code, after: { ...feed, secret: 'rotated' } };
        },
      ),
    );
  }

  /**
   * Disables the feed: its requests are refused from now on; its events stay. Disabling twice answers the same
   * and writes no second entry.
   * @throws NotFoundError no such feed
   */
  disable(code: string, actor: string): Promise<FeedView> {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em.getRepository(WorkOrderFeed), code);
      if (row.disabledAt) return feedView(row, await this.countEvents(em, row.id));
      return auditedWrite(
        em,
        actor,
        { action: 'work-order-feed.disable', entity: 'work-order-feed' },
        async (tx) => {
          const before = feedView(row, await this.countEvents(tx, row.id));
          row.disabledAt = new Date().toISOString();
          await tx.getRepository(WorkOrderFeed).update({ id: row.id }, { disabledAt: row.disabledAt });
          const after = { ...before, disabledAt: row.disabledAt };
          return { result: after, entityKey: code, before, after };
        },
      );
    });
  }

  /** Every feed, enabled or not, by code, with how many events it has sent. */
  async list(): Promise<FeedView[]> {
    const feeds = await this.ds.getRepository(WorkOrderFeed).find({ order: { code: 'ASC' } });
    const counts = await this.ds.query<{ feedId: number; n: number | string }[]>(
      'SELECT feed_id AS "feedId", count(*) AS n FROM work_order_events GROUP BY feed_id',
    );
    const byFeed = new Map(counts.map((c) => [Number(c.feedId), Number(c.n)]));
    return feeds.map((f) => feedView(f, byFeed.get(f.id) ?? 0));
  }

  /**
   * A signed request's events, stored: the signature first (an unknown feed, a disabled one, a missing or wrong
   * signature all get the same 401), then the timestamp (401 outside the replay window), then the events (400
   * listing every bad one, nothing stored), then each new event id stored once.
   * @throws FeedUnauthenticatedError not signed by an enabled feed
   * @throws FeedStaleError the timestamp is outside FEED_REPLAY_WINDOW_SECONDS
   * @throws WorkOrderEventsInvalidError the body or any event is bad
   */
  async receive(req: SignedFeedRequest, nowMs: number = Date.now()): Promise<ReceivedEvents> {
    const feed = req.feed ? await this.feedByCode(req.feed) : null;
    const timestamp = parseFeedTimestamp(req.timestamp);
    // Always an HMAC and a constant-time comparison, whatever is missing, so the time taken tells nothing.
    const signed = signatureMatches(
      feed?.secret ?? NO_SECRET,
      req.timestamp ?? '',
      req.rawBody,
      req.signature,
    );
    if (!feed || feed.disabledAt || timestamp === null || !signed) throw new FeedUnauthenticatedError();
    if (!withinReplayWindow(timestamp, nowMs, this.options.replayWindowSeconds))
      throw new FeedStaleError(this.options.replayWindowSeconds);
    const events = checkFeedBody(req.body, this.options.timeZone);
    return this.store(feed.id, events);
  }

  /**
   * A file export's events, stored as the feed's (the same checks and duplicate rule as its requests), audited
   * with the file's SHA-256 and what it stored.
   * @throws NotFoundError no such feed
   * @throws ConflictError the feed is disabled
   * @throws WorkOrderEventsInvalidError a bad header or any bad event, by line or cell (nothing stored)
   */
  async importFile(
    code: string,
    file: EventsFile,
    actor: string,
    fileName: string | null = null,
  ): Promise<ReceivedEvents> {
    const feed = await this.find(this.ds.getRepository(WorkOrderFeed), code);
    if (feed.disabledAt) throw new ConflictError(`the work-order feed ${code} is disabled`);
    const tz = this.options.timeZone;
    const events = file.kind === 'csv' ? eventsFromCsv(file.text, tz) : await eventsFromXlsx(file.bytes, tz);
    const sha256 = createHash('sha256')
      .update(file.kind === 'csv' ? file.text : file.bytes)
      .digest('hex');
    return this.ds.transaction((em) =>
      auditedWrite(
        em,
        actor,
        { action: 'work-order-events.import', entity: 'work-order-feed' },
        async (tx) => {
          const received = await storeEvents(tx, feed.id, events);
          return {
            result: received,
            entityKey: code,
            after: { ...received, format: file.kind, fileName, sha256 },
          };
        },
      ),
    );
  }

  /** Stores checked events: one statement on PostgreSQL, a transaction of chunks on SQLite. */
  private async store(feedId: number, events: CheckedEvent[]): Promise<ReceivedEvents> {
    if (this.ds.options.type === 'postgres') return storeEvents(this.ds.manager, feedId, events);
    return this.ds.transaction((em) => storeEvents(em, feedId, events));
  }

  /** The feed a request names. Every feed request reads it: one plain query, no query builder. */
  private async feedByCode(
    code: string,
  ): Promise<Pick<WorkOrderFeed, 'id' | 'secret' | 'disabledAt'> | null> {
    if (code.length > 64) return null;
    const p = this.ds.options.type === 'postgres' ? '$1' : '?';
    const rows = await this.ds.query<Pick<WorkOrderFeed, 'id' | 'secret' | 'disabledAt'>[]>(
      `SELECT id, secret, disabled_at AS "disabledAt" FROM work_order_feeds WHERE code = ${p}`,
      [code],
    );
    return rows[0] ?? null;
  }

  private async find(repo: Repository<WorkOrderFeed>, code: string): Promise<WorkOrderFeed> {
    const row = await repo.findOneBy({ code });
    if (!row) throw new NotFoundError(`no work-order feed with the code ${code}`);
    return row;
  }

  private async countEvents(em: EntityManager, feedId: number): Promise<number> {
    const p = this.ds.options.type === 'postgres' ? '$1' : '?';
    const [{ n }] = await em.query<{ n: number | string }[]>(
      `SELECT count(*) AS n FROM work_order_events WHERE feed_id = ${p}`,
      [feedId],
    );
    return Number(n);
  }
}
