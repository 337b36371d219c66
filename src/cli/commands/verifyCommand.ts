import { open } from 'node:fs/promises';
import { isTenureError } from '../../errors/TenureError.js';
import type { VerifyResult } from '../../log/EventLog.js';
import { createFileLog } from '../../log/file/createFileLog.js';
import { verifyLogFile } from '../../log/file/verifyLogFile.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { formatCount } from '../parseCommandArgs.js';
import { requireLogFile } from './openLogForReading.js';

const NAME = 'verify';

const help = `Usage: tenure verify --log <path>

Checks an event log file record by record: every record parses, sits at its position, follows
its customer's previous version, and chains to the previous record's hash. Reports the first
record where the chain breaks. Opens the log read-only: it can run while another process writes.

Options:
  --log <path>   the event log file. Required.
  --json         print the result as JSON
  -h, --help     show this help

Exit status: 0 the log is intact; 1 it is broken (or missing); 2 wrong options.

Example:
  tenure verify --log events.jsonl`;

/** `tenure verify`: the log's hash chain, thin over `log.verify()`. */
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

    let result: VerifyResult;
    try {
      const log = await createFileLog(path, { readOnly: true });
      try {
        result = await log.verify();
      } finally {
        await log.close();
      }
    } catch (error) {
      if (!isTenureError(error, 'TENURE_CORRUPT_LOG')) throw error;
      // The log refuses to open: its quick scan does not check hashes, so it may trip over a
      // later record than the first bad one. Check the whole chain from the start instead.
      result = await verifyFile(path);
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ log: path, ...result })}\n`);
    } else if (result.ok) {
      io.stdout.write(
        `${path}: intact, ${formatCount(result.records)} record${result.records === 1 ? '' : 's'}, hash chain verified.\n`,
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

async function verifyFile(path: string): Promise<VerifyResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await verifyLogFile(handle, size, 0);
  } finally {
    await handle.close();
  }
}
