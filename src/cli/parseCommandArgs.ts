import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './CliError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags and positionals of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments with `node:util` `parseArgs` (strict), turning its errors into
 * usage errors that point at the command's help.
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw usageError(command, message);
  }
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
