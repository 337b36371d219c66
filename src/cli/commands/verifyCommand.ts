import type { VerifyResult } from '../../log/EventLog.js';
import { verifyWholeFile } from '../../log/file/verifyFileLog.js';
import { isUnfinishedAppend } from '../../log/file/verifyLogFile.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { formatCount } from '../parseCommandArgs.js';
import { requireLogFile } from './openLogForReading.js';

const NAME = 'verify';

const help = `Usage: tenure verify --log <path>

Checks an event log file record by record: every record parses, sits at its position, follows
its customer's previous version, and chains to the previous record's hash; then that no event
id is stored twice. Reports the first record where the chain breaks, or else the second record
of a repeated id. Reads the file without opening it as a log: it can run while
another process writes (an append being written is reported as unfinished, not as a break).

Options:
  --log <path>   the event log file. Required.
  --json         print the result as JSON
  -h, --help     show this help

Exit status: 0 the log is intact; 1 it is broken (or missing); 2 wrong options.

Example:
  tenure verify --log events.jsonl`;

/**
 * `tenure verify`: the log file's hash chain, every record from the first, without opening the
 * file as a log (no lock: it runs beside a writer).
 */
export const verifyCommand: CliCommand = {
  name: NAME,
  summary: "check an event log file's hash chain and say where it breaks",
  help,
  options: {
    log: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const path = await requireLogFile(NAME, values.log);
    const checked = await verifyWholeFile(path);
    const unfinished = !checked.ok && isUnfinishedAppend(checked.reason);
    const result: VerifyResult = unfinished ? { ok: true, records: checked.records } : checked;
    if (values.json === true) {
      const tail = unfinished ? { unfinishedAppend: `${checked.location}: ${checked.reason}` } : {};
      io.stdout.write(`${JSON.stringify({ log: path, ...result, ...tail })}\n`);
    } else if (result.ok) {
      const records = `${formatCount(result.records)} record${result.records === 1 ? '' : 's'}`;
      io.stdout.write(
        unfinished
          ? `${path}: intact, ${records}, hash chain verified; after them, an unfinished append at ${checked.location} (${checked.reason}): one being written, or one a crash cut short, which was never acknowledged and which the next writer to open the log removes.\n`
          : `${path}: intact, ${records}, hash chain verified.\n`,
      );
    } else {
      io.stdout.write(
        `${path}: BROKEN at ${result.location}: ${result.reason}.\n` +
          `The ${formatCount(result.records)} record${result.records === 1 ? '' : 's'} before it ${result.records === 1 ? 'is' : 'are'} intact. Restore the file from a backup, or keep the intact part and import the rest again.\n`,
      );
    }
    return result.ok ? EXIT_OK : EXIT_BAD_INPUT;
  },
};
