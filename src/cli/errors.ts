/**
 * A mistake the person at the terminal can fix: printed as one line on stderr,
 * never with a stack trace, and the process exits non-zero.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
