// Where the CLI writes: stdout for results only, stderr for everything a person should read.
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Where a progress bar may draw (a terminal); without it, progress is written as lines through `err`. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  progress: process.stderr,
};
