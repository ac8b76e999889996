// `scorecard run PERIOD`: scores a stored month through the service's own run machinery, on DATABASE_URL.
// With REDIS_URL the run is queued for the worker processes and followed (or not, with --no-wait); without,
// it runs in this process. Progress shows as a bar on a terminal, as lines otherwise.
import { Logger } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import { ConfigError, loadConfig } from '@app/config';
import { openDatabase, redact } from '@app/persistence';
import { PeriodClosedError, PeriodNotFoundError } from '@app/domain/periods';
import { followRun, ProgressOutput, RunFailedError } from '@app/console';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { redisConnection, RunsService } from '@app/domain/runs';
import { PERIOD_RE } from '@app/scoring';
import { InputError } from '../cli-error';
import { Output } from '../output';

export async function runCommand(period: string | undefined, wait: boolean, out: Output): Promise<void> {
  if (!period || !PERIOD_RE.test(period))
    throw new InputError([`run needs a month "YYYY-MM", got "${period ?? ''}"`]);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError([e.message]);
    throw e;
  }
  const queued = config.redisUrl !== null;
  if (!queued && !wait)
    throw new InputError(['--no-wait needs REDIS_URL: without it the run happens in this process']);
  // stdout carries only the run's JSON; what happens on the way is on stderr (the progress) or in the run.
  Logger.overrideLogger(false);
  const ds = await openDatabase(config.database);
  const flow = queued ? new FlowProducer({ connection: redisConnection(config.redisUrl!) }) : undefined;
  try {
    const runs = new RunsService(
      ds,
      { ...config.runs, processJobs: !queued, scheduleCron: null },
      [new AdjustmentRunHooks(), new FollowUpHooks(config.loop.planThreshold, config.loop.planMaxItems)],
      flow,
    );
    const { run, created } = await runs.start(period, 'manual', 'cli');
    out.err(
      `${created ? 'started' : 'already running:'} run ${run.id} of ${period}, ${run.progress.total} staff, ` +
        (queued ? `queued on ${redact(config.redisUrl!)}` : 'in this process'),
    );
    if (!wait) return out.out(JSON.stringify(run));
    const began = Date.now();
    const progress =
      out.progress ?? ({ write: (s: string) => (out.err(s), true) } as unknown as ProgressOutput);
    const done = await followRun(runs, run, progress);
    out.err(`completed in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    out.out(JSON.stringify(done));
  } catch (e) {
    if (e instanceof RunFailedError || e instanceof PeriodNotFoundError || e instanceof PeriodClosedError)
      throw new InputError([e.message]);
    throw e;
  } finally {
    await flow?.close();
    await ds.destroy();
  }
}
