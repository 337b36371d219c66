/**
 * The deploy guide starts projection workers from code and from the command line, and says all
 * workers of one projection must use the same asOf: the times it writes must be one time, or a
 * reader who runs both is refused ('projection "default" is projected with asOf
 * 2024-12-31T23:59:59.000Z (this worker: 2024-12-31T23:59:59.999Z)').
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateFlag } from '../../src/cli/commands/dateFlag.js';
import { normalizeTime } from '../../src/events/normalizeTime.js';
import { repoRoot } from '../examples/runExample.js';

const guide = readFileSync(join(repoRoot, 'docs', 'guides', 'deploy-on-postgres.md'), 'utf8');

describe('the deploy guide', () => {
  it("gives the default projection's workers one asOf, in code and on the command line", () => {
    const times = new Set<number | undefined>();
    for (const line of guide.split('\n')) {
      // The code's workers: asOf written in their options, or in a const they take.
      if (/ProjectionWorkers?\(|^const asOf = /.test(line)) {
        for (const [, asOf] of line.matchAll(/asOf(?::| =) '([^']+)'/g))
          times.add(normalizeTime(asOf));
      }
      // The default projection: the workers started without --projection.
      if (/^tenure project --workers/.test(line) && !/--projection|\\$/.test(line)) {
        const [, asOf] = /--as-of (\S+)/.exec(line) ?? [];
        times.add(dateFlag('project', 'as-of', asOf));
      }
    }
    expect(times.size).toBe(1);
    expect([...times][0]).toBe(Date.parse('2024-12-31T23:59:59.999Z'));
  });
});
