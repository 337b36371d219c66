/** Where the CLI writes; `process` fits, and tests pass string collectors. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Standard input, read by `tenure import -`. Default: none. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** One `tenure` subcommand. */
export interface CliCommand {
  readonly name: string;
  /** One line for `tenure --help`. */
  readonly summary: string;
  /** The full `--help` text, with an example. */
  readonly help: string;
  /** Runs the command; resolves to the exit status. Throws `CliError` for reported failures. */
  run(args: readonly string[], io: CliIO): Promise<number>;
}
