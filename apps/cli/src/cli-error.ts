// Errors the CLI reports as "invalid input" (exit code 2): a message for a person, never a stack trace.
export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'InputError';
  }
}
