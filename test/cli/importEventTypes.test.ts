import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tenureSource, useModuleDirectory } from './moduleDirectory.js';
import { tenure } from './tenureInProcess.js';

/** `tenure import --event-types <module>`: rows of your own event types, from the command line. */

const { path, write } = useModuleDirectory('event-types');

const ticketModule = `
import * as v from 'valibot';
import { defineEventType } from ${JSON.stringify(tenureSource)};
export const eventTypes = [
  defineEventType({ type: 'acme.ticket', schema: v.strictObject({ priority: v.number() }) }),
];
`;

const rows = [
  '{"id":"t1","type":"acme.ticket","customerId":"ada","at":"2024-03-01","data":{"priority":2}}',
  '{"id":"t2","type":"acme.ticket","customerId":"ada","at":"2024-03-02","data":{"priority":"high"}}',
  '{"id":"p1","type":"purchase","customerId":"ada","at":"2024-03-03","data":{"orderId":"o1","amount":5,"currency":"EUR"}}',
];

describe('tenure import --event-types', () => {
  it('imports rows of the types the module exports, checked against their schemas', async () => {
    const types = await write('types.mjs', ticketModule);
    const file = await write('events.jsonl', `${rows.join('\n')}\n`);
    const log = path('log.jsonl');
    const result = await tenure('import', file, '--log', log, '--event-types', types);
    expect(result.stderr).toMatch(/^line 2: .*data\.priority.*expected/m);
    expect(result.stdout).toMatch(/events appended\s+2\n/);
    expect(result.code).toBe(1);
    const stored = (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
    expect(stored.map((line) => /"(t1|p1)"/.exec(line)?.[1])).toEqual(['t1', 'p1']);
  });

  it('without the flag, names the flag for rows of an unknown type', async () => {
    const file = await write('events.jsonl', `${rows[0]}\n`);
    const result = await tenure('import', file, '--log', path('log.jsonl'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 1: type: expected a known event type/);
    expect(result.stdout).toMatch(/of your own need their definitions: --event-types <module>/);
  });

  it('refuses a module that does not export a list of event types (exit 2), or cannot be loaded (exit 1)', async () => {
    const file = await write('events.jsonl', `${rows[0]}\n`);
    const log = path('log.jsonl');
    const single = await write(
      'single.mjs',
      ticketModule.replace('export const eventTypes = [', 'export default ').replace(',\n];', ';'),
    );
    const wrong = await tenure('import', file, '--log', log, '--event-types', single);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--event-types .*single\.mjs must export an array of event types .*it exports one event type \("acme\.ticket"\): export it in a list/,
    );
    const broken = await write('broken.mjs', 'export const eventTypes = [;\n');
    const failed = await tenure('import', file, '--log', log, '--event-types', broken);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/--event-types .*broken\.mjs could not be loaded/);
    const missing = await tenure('import', file, '--log', log, '--event-types', path('none.mjs'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /--event-types .*none\.mjs could not be loaded: there is no such file/,
    );
  });
});
