import { generateDemoHospital, DEFAULT_DEMO_SEED } from './demo-hospital';
import {
  demoSurveyCampaigns,
  demoWorkOrderEvents,
  FEED_POST,
  ON_TIME_MINUTES,
  withoutFeedValues,
  WORK_ORDER_TASKS,
} from './demo-feeds';

// What the feeds carry must be what the document said: counted here from the raw events and answers, the plain way.
describe('demo feeds', () => {
  const [doc] = generateDemoHospital({ months: ['2026-09'] });
  const maint = doc.staff.filter((s) => s.postType === FEED_POST);

  it('has maintenance staff to feed', () => expect(maint.length).toBeGreaterThan(20));

  it('work-order events give back each worker’s orders, orders on time, mean response and repairs', () => {
    const events = demoWorkOrderEvents(doc, DEFAULT_DEMO_SEED);
    const unique = new Map(events.map((e) => [e.eventId, e]));
    expect(unique.size).toBeLessThan(events.length); // some resent
    const byOrder = new Map<string, typeof events>();
    for (const e of unique.values()) byOrder.set(e.orderId, [...(byOrder.get(e.orderId) ?? []), e]);
    const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
    const per = new Map<
      string,
      { orders: number; onTime: number; responses: number[]; tasks: Record<string, number> }
    >();
    let orphans = 0;
    for (const list of byOrder.values()) {
      list.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      const created = list.find((e) => e.type === 'created');
      if (!created) {
        orphans++;
        continue;
      }
      const who = list.filter((e) => e.type === 'assigned').at(-1)!.assignee!;
      const done = list.filter((e) => e.type === 'completed').at(-1)!;
      const arrived = list.find((e) => e.type === 'arrived');
      const p = per.get(who) ?? { orders: 0, onTime: 0, responses: [], tasks: {} };
      p.orders++;
      if (minutes(created.occurredAt, done.occurredAt) <= ON_TIME_MINUTES) p.onTime++;
      if (arrived) p.responses.push(minutes(created.occurredAt, arrived.occurredAt));
      const task = WORK_ORDER_TASKS[created.serviceType!];
      p.tasks[task] = (p.tasks[task] ?? 0) + 1;
      per.set(who, p);
    }
    expect(orphans).toBe(3);
    for (const s of maint) {
      const p = per.get(s.id);
      expect(p?.orders ?? 0).toBe(s.inputs!.orders_total);
      expect(p?.onTime ?? 0).toBe(s.inputs!.orders_ontime);
      if (s.inputs!.response_minutes === undefined) expect(p?.responses ?? []).toEqual([]);
      else
        expect(p!.responses.reduce((a, b) => a + b, 0) / p!.responses.length).toBe(
          s.inputs!.response_minutes,
        );
      expect(p?.tasks.REPAIR_MAJOR ?? 0).toBe(s.tasks?.REPAIR_MAJOR ?? 0);
      expect(p?.tasks.REPAIR_MINOR ?? 0).toBe(s.tasks?.REPAIR_MINOR ?? 0);
    }
  });

  it('survey campaigns give back each worker’s answers and satisfied answers', () => {
    const campaigns = demoSurveyCampaigns(doc, DEFAULT_DEMO_SEED);
    expect(campaigns.length).toBe(new Set(maint.map((s) => s.site)).size);
    const answers = new Map<string, number>();
    const satisfied = new Map<string, number>();
    for (const c of campaigns)
      for (const r of c.respondents)
        for (const [target, scores] of Object.entries(r.answers)) {
          const values = Object.values(scores);
          answers.set(target, (answers.get(target) ?? 0) + 1);
          if (values.reduce((a, b) => a + b, 0) / values.length >= 4)
            satisfied.set(target, (satisfied.get(target) ?? 0) + 1);
        }
    for (const s of maint) {
      expect(answers.get(s.id)).toBe(s.inputs!.survey_answers);
      if (s.inputs!.survey_answers !== undefined)
        expect(satisfied.get(s.id) ?? 0).toBe(s.inputs!.survey_satisfied);
    }
  });

  it('hands out a few slips that never come back, labelled as the survey service numbers them', () => {
    for (const c of demoSurveyCampaigns(doc, DEFAULT_DEMO_SEED)) {
      expect(c.respondents.map((r) => r.label)).toEqual(
        c.respondents.map((_, i) => `${c.slipLabel} · ${i + 1}`),
      );
      const unanswered = c.respondents.filter((r) => Object.keys(r.answers).length === 0);
      expect(unanswered.length).toBeGreaterThan(0);
      expect(unanswered.length).toBeLessThan(c.respondents.length / 5);
      // Comments come with slips that are not satisfied with someone (a mean under 4 for a target).
      const commented = c.respondents.filter((r) => r.comment !== undefined);
      expect(commented.length).toBeGreaterThan(0);
      for (const r of commented)
        expect(
          Object.values(r.answers).some((q) => Object.values(q).reduce((a, b) => a + b, 0) < 4 * 3),
        ).toBe(true);
      expect(new Set(c.content.targets.map((t) => t.code)).size).toBe(c.content.targets.length);
    }
  });

  it('the document without feed values keeps everyone else’s figures', () => {
    const bare = withoutFeedValues(doc);
    const other = doc.staff.find((s) => s.postType !== FEED_POST)!;
    expect(bare.staff.find((s) => s.id === other.id)).toEqual(other);
    const m = bare.staff.find((s) => s.id === maint[0].id)!;
    expect(m.inputs!.orders_total).toBeUndefined();
    expect(m.inputs!.survey_answers).toBeUndefined();
    expect(m.tasks?.REPAIR_MINOR).toBeUndefined();
    expect(m.tasks?.PREVENTIVE_MAINT).toBe(maint[0].tasks?.PREVENTIVE_MAINT);
    expect(doc.staff.find((s) => s.id === maint[0].id)!.inputs!.orders_total).toBeDefined();
  });
});
