import type { CommandArgsSpec, ParsedArgs } from './parseCommandArgs.js';

/** Where the CLI writes; `process` fits, and tests pass string collectors. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Standard input, read by `tenure import -`. Default: none. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
  /**
   * Where SIGINT (Ctrl-C) and SIGTERM are heard (`process`), for a command that stops cleanly on
   * them (`tenure import`). Default: none (the signals end the process as usual).
   */
  readonly signals?: CliSignals;
}

/** The signals a command can stop on; `process` fits. */
export interface CliSignals {
  on(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * One `tenure` subcommand. Its flags are declared, not parsed by the command: `runCli` parses
 * them with `parseCommandArgs` (`--help`, unknown flags and extra positionals included)
 * and calls `run` with the result.
 */
export interface CliCommand extends CommandArgsSpec {
  /** One line for `tenure --help`. */
  readonly summary: string;
  /**
   * Runs the command on its parsed arguments; resolves to the exit status. Throws `CliError` for
   * reported failures.
   */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
