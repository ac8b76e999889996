// Who may use the appraisal's routes on a staff member's month (HR and the person's department manager write,
// auditors read too; which months each may see is the services' business), and who a request comes from as
// the appraisal services take it: the audit log's actor and the signed-in user.
import type { Caller } from '@app/domain/appraisal';
import type { Role } from '@app/persistence';
import type { AuthedRequest } from '../access/access';
import { actorOf } from '../common/actor';

export const WRITERS: readonly Role[] = ['hr_admin', 'dept_manager'];
export const READERS: readonly Role[] = ['hr_admin', 'dept_manager', 'auditor'];

export function callerOf(req: AuthedRequest): Caller {
  return { actor: actorOf(req), user: req.user };
}
