#!/usr/bin/env node
// The `scorecard` command: score, validate and ahp on files, and scoring runs of stored months. Exit codes:
// 0 success, 2 invalid input (problems on stderr, no stack trace), 1 unexpected failure.
import { loadEnv } from '@app/config';
import { ahpCommand } from './commands/ahp';
import { runCommand } from './commands/run';
import { scoreCommand } from './commands/score';
import { validateCommand } from './commands/validate';
import { InputError } from './cli-error';
import { Output, processOutput } from './output';

const USAGE = `usage: scorecard <command> FILE

commands:
  score FILE [--table]   score a scorecard document (JSON or YAML); prints the result JSON, or a table
  validate FILE          check a document; prints "ok" or every problem with its path
  ahp FILE               AHP weights from {"labels"?: [...], "matrix": [[...]]}
  run PERIOD [--no-wait] score a stored month (DATABASE_URL) with a progress bar: in this process, or
                         queued for the workers when REDIS_URL is set (--no-wait: queue and return)

exit codes: 0 success, 2 invalid input, 1 unexpected failure`;

/** Runs the command; `run` (a scoring run) is asynchronous, the file commands are not. */
export function run(argv: string[], out: Output = processOutput): number | Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [command, file, ...extra] = argv.filter((a) => !a.startsWith('--'));
  try {
    if (flags.has('--help')) {
      out.out(USAGE);
      return 0;
    }
    if (!command) throw new InputError([USAGE]);
    const known = command === 'score' ? ['--table'] : command === 'run' ? ['--no-wait'] : [];
    const unknownFlags = [...flags].filter((f) => !known.includes(f));
    if (unknownFlags.length)
      throw new InputError([`unknown option ${unknownFlags.join(', ')} for "${command}"`]);
    if (extra.length) throw new InputError([`unexpected argument(s): ${extra.join(' ')}`]);
    switch (command) {
      case 'score':
        scoreCommand(file, { table: flags.has('--table') }, out);
        return 0;
      case 'validate':
        validateCommand(file, out);
        return 0;
      case 'ahp':
        ahpCommand(file, out);
        return 0;
      case 'run':
        return runCommand(file, !flags.has('--no-wait'), out).then(
          () => 0,
          (e: unknown) => failure(e, out),
        );
      default:
        throw new InputError([`unknown command "${command}"`, USAGE]);
    }
  } catch (e) {
    return failure(e, out);
  }
}

function failure(e: unknown, out: Output): number {
  if (e instanceof InputError) {
    out.err(e.lines.join('\n'));
    return 2;
  }
  out.err(`unexpected failure: ${(e as Error)?.message ?? String(e)}`);
  if (loadEnv(['SCORECARD_DEBUG']).SCORECARD_DEBUG) out.err(String((e as Error)?.stack));
  return 1;
}

if (require.main === module) {
  void Promise.resolve(run(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
