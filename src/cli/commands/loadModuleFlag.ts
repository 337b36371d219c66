import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError, EXIT_BAD_INPUT } from '../CliError.js';

/**
 * The JavaScript module (ES or CommonJS) a flag names, imported: `--<flag> <value>`, a path
 * from the working directory. A module that cannot be loaded (no such file, a syntax error, an
 * import that fails) is exit 1 naming the flag, as a file that cannot be used.
 */
export async function loadModuleFlag(
  command: string,
  flag: string,
  value: string,
): Promise<Readonly<Record<string, unknown>>> {
  const path = resolve(value);
  if (!existsSync(path)) {
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure ${command}: --${flag} ${value} could not be loaded: there is no such file (${path}).`,
    );
  }
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure ${command}: --${flag} ${value} could not be loaded: ${(error as Error).message}`,
    );
  }
}

/**
 * The module's export `name`, or its default export (a CommonJS module's exports are the default
 * export of its import, so its `name` is looked up there too).
 */
export function exportOf(loaded: Readonly<Record<string, unknown>>, name: string): unknown {
  const fallback = loaded.default as Readonly<Record<string, unknown>> | undefined;
  return loaded[name] ?? fallback?.[name] ?? fallback;
}
