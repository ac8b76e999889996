// Feedback on a staff member's month: HR and the person's department manager write it, auditors read it too
// (who may call is the route's business; which months they may see is decided here, by `staffMonth`).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Feedback } from '@app/persistence';
import { auditedWrite } from '../audit';
import { feedbackView, FeedbackView } from './appraisal-views';
import { author, Caller, checkIndicator, staffMonth, Viewer } from './staff-month';

export interface FeedbackRequest {
  text: string;
  /** An indicator code of the person's result of the month, when the feedback is about one. */
  indicator?: string;
}

@Injectable()
export class FeedbackService {
  constructor(private readonly ds: DataSource) {}

  /** Feedback on `code`'s month, optionally about one of their indicators; audited `feedback.create`. */
  add(caller: Caller, period: string, code: string, request: FeedbackRequest): Promise<FeedbackView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'feedback.create', entity: 'feedback' }, async (tx) => {
        const month = await staffMonth(tx, caller.user, period, { code });
        if (request.indicator !== undefined) checkIndicator(month, request.indicator);
        const repo = tx.getRepository(Feedback);
        const saved = await repo.save(
          repo.create({
            staffId: month.staff.id,
            period,
            indicator: request.indicator ?? null,
            text: request.text,
            author: author(caller.user),
            createdAt: new Date().toISOString(),
          }),
        );
        const view = feedbackView(saved, code);
        return { result: view, entityKey: String(saved.id), after: view };
      }),
    );
  }

  /** The feedback on `code`'s month, oldest first. */
  async list(user: Viewer | undefined, period: string, code: string): Promise<FeedbackView[]> {
    const month = await staffMonth(this.ds.manager, user, period, { code });
    const rows = await this.ds
      .getRepository(Feedback)
      .find({ where: { staffId: month.staff.id, period }, order: { id: 'ASC' } });
    return rows.map((f) => feedbackView(f, code));
  }
}
