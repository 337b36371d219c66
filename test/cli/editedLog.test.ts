import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT } from '../../src/cli/CliError.js';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-edited');
const edited = () => sample.path('edited.jsonl');

// A log edited by hand: a purchase's amount removed. Appends validate events, so only an edit
// puts one there; reading does not check every record's hash, tenure verify does.
beforeAll(async () => {
  const lines = (await readFile(sample.log, 'utf8')).split('\n');
  const at = lines.findIndex((line) => line.includes('"purchase"') && line.includes('"amount":'));
  lines[at] = (lines[at] as string).replace(/"amount":[\d.]+,/, '');
  await writeFile(edited(), lines.join('\n'));
});

describe('a log with an event edited into one tenure cannot use', () => {
  it.each([
    ['project', []],
    ['project', ['--csv', '--passes', '2']],
    ['report', ['--out', 'report.html']],
  ])(
    'tenure %s says which event, and to run tenure verify, instead of an unexpected failure',
    async (command, flags) => {
      const out = flags.map((flag) => (flag === 'report.html' ? sample.path(flag) : flag));
      const result = await tenure(command, '--log', edited(), ...out);
      expect(result.code).toBe(EXIT_BAD_INPUT);
      expect(result.stderr).toMatch(
        new RegExp(
          `^tenure ${command}: purchase event ".+"\\.data\\.amount must be a finite number, received undefined\\..*\\nRun \`tenure verify --log ${edited().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` to see where the log is broken\\.\\n$`,
        ),
      );
    },
  );
});
