import { isTenureError } from '../errors/TenureError.js';

/** Exit status of the `tenure` command: 0 success, 1 bad input (files, rows, logs), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the CLI reports as one message (no stack trace) and an exit status: `EXIT_USAGE`
 * for a wrong command line, `EXIT_BAD_INPUT` for files and logs that cannot be used.
 *
 * @example
 * ```ts
 * throw new CliError(EXIT_BAD_INPUT, 'tenure import: cannot read orders.csv (no such file); check the path.');
 * ```
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A wrong command line: exit status 2, with a pointer to the command's help. */
export function usageError(command: string, problem: string): CliError {
  return new CliError(
    EXIT_USAGE,
    `tenure ${command}: ${problem}\nRun \`tenure ${command} --help\` for the options and an example.`,
  );
}

/**
 * A library error's message without the API it names (`importEvents: line 3 ...` becomes
 * `line 3 ...`): the command line speaks of its flags, not of the functions behind them.
 */
export function stripApi(message: string): string {
  return message.replace(/^[\w.]+: /, '');
}

/**
 * A library error as the command's own: a usage error (exit 2) for the code `usageCode` (the
 * options cannot work), exit 1 for any other tenure error, both without the API's name; any
 * other error as it is (an unexpected failure).
 */
export function commandErrorOf(command: string, error: unknown, usageCode: string): unknown {
  if (isTenureError(error, usageCode)) return usageError(command, stripApi(error.message));
  if (isTenureError(error)) {
    return new CliError(EXIT_BAD_INPUT, `tenure ${command}: ${stripApi(error.message)}`);
  }
  return error;
}
