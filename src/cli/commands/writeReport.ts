import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, EXIT_BAD_INPUT } from '../CliError.js';

/**
 * Writes the HTML report to `path`, given by `--<flag>` of `tenure <command>` (`report --out`,
 * `demo --report`), turning file-system failures into a message that names the command, the
 * flag and the path.
 */
export async function writeReport(
  command: string,
  flag: string,
  path: string,
  html: string,
): Promise<void> {
  try {
    await writeFile(path, html);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new CliError(
      EXIT_BAD_INPUT,
      code === 'EISDIR'
        ? `tenure ${command}: --${flag} ${path} is a directory; give a file path, e.g. --${flag} ${join(path, 'report.html')}.`
        : `tenure ${command}: --${flag} ${path} cannot be written (${code}); check that its directory exists and is writable.`,
    );
  }
}
