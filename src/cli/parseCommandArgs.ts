import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './CliError.js';
import type { CliIO } from './CliIO.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags and positionals of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** What {@link parseCommandArgs} needs to know of a command. */
export interface CommandArgsSpec {
  /** The command's name, e.g. `project`. */
  readonly name: string;
  /** The full `--help` text; its first line (`Usage: ...`) is the hint of a usage error. */
  readonly help: string;
  /** The command's flags (`--help` / `-h` is added). */
  readonly options: Options;
  /** Positional arguments the command takes at most. Default: `0`. */
  readonly positionals?: number;
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict), and handles what every
 * command shares: `--help` / `-h` prints the help to `io.stdout` and gives `undefined` (the
 * command then exits with 0), and unknown flags, missing values and more positionals than the
 * command takes are usage errors that quote the usage line and point at the help.
 *
 * @example
 * ```ts
 * // runCli, for the command named on the command line:
 * const parsed = parseCommandArgs(command, args, io);
 * return parsed === undefined ? EXIT_OK : await command.run(parsed, io);
 * ```
 */
export function parseCommandArgs(
  spec: CommandArgsSpec,
  args: readonly string[],
  io: CliIO,
): ParsedArgs | undefined {
  const { name, help, options, positionals: allowed = 0 } = spec;
  const usage = help.split('\n', 1)[0]?.replace(/^Usage:\s*/, '') ?? `tenure ${name}`;
  let parsed: ParsedArgs;
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    parsed = { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw usageError(name, `${message}\nUsage: ${usage}`);
  }
  if (parsed.values.help === true) {
    io.stdout.write(`${help}\n`);
    return undefined;
  }
  const extra = parsed.positionals[allowed];
  if (extra !== undefined)
    throw usageError(name, `unexpected ${JSON.stringify(extra)}.\nUsage: ${usage}`);
  return parsed;
}

/** A flag's value as a positive integer, or a usage error naming the flag. */
export function integerFlag(
  command: string,
  name: string,
  value: string | boolean | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw usageError(
      command,
      `--${name} must be a whole number >= 1, got ${JSON.stringify(value)}.`,
    );
  }
  return number;
}

/** Formats a count with thousands separators, as the summaries print them. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
