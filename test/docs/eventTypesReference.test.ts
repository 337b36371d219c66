/**
 * docs/reference/event-types.md lists every built-in event type with the fields its data takes:
 * the table between its markers is what `eventTypesTable()` makes of the catalogue, so a type or
 * field added, renamed or made optional fails here. Rewrite the table with
 * `TENURE_WRITE_DOCS=1 npx vitest run test/docs/eventTypesReference.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';
import { repoRoot } from '../examples/runExample.js';

const PAGE = join(repoRoot, 'docs', 'reference', 'event-types.md');
const START =
  '<!-- event-types:start (made from the catalogue: test/docs/eventTypesReference.test.ts) -->';
const END = '<!-- event-types:end -->';

interface SchemaNode {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly options?: readonly (SchemaNode | string)[];
  readonly wrapped?: SchemaNode;
  readonly pipe?: readonly SchemaNode[];
  readonly literal?: unknown;
  readonly key?: string;
  readonly item?: SchemaNode;
}

/** The schema a pipe starts from, or the node itself. */
function base(node: SchemaNode): SchemaNode {
  return node.pipe?.[0] ?? node;
}

/** A field as the table says it: `name` (`'a' \| 'b'` for a picklist), `?` when optional. */
function field(name: string, node: SchemaNode): string {
  const optional = node.type === 'optional';
  const inner = base(optional && node.wrapped !== undefined ? node.wrapped : node);
  const item = inner.type === 'array' && inner.item !== undefined ? base(inner.item) : undefined;
  const values =
    inner.type === 'picklist'
      ? ` (${(inner.options as string[]).map((option) => `\`${option}\``).join(', ')})`
      : item?.entries !== undefined
        ? ` (a list of { ${Object.entries(item.entries)
            .map(([n, node]) => field(n, node))
            .join(', ')} })`
        : '';
  return `\`${name}${optional ? '?' : ''}\`${values}`;
}

/** The fields of a type's data: an object's entries, or a variant's (its key's values merged). */
function fields(schema: SchemaNode): string {
  if (schema.type === 'variant' && schema.options !== undefined && schema.key !== undefined) {
    const options = schema.options as SchemaNode[];
    const kinds = options.map((option) => `\`${String(option.entries?.[schema.key!]?.literal)}\``);
    const rest = Object.entries(options[0]?.entries ?? {}).filter(([name]) => name !== schema.key);
    return [
      `\`${schema.key}\` (${kinds.join(', ')})`,
      ...rest.map(([n, node]) => field(n, node)),
    ].join(', ');
  }
  const entries = Object.entries(schema.entries ?? {});
  return entries.length === 0
    ? 'none'
    : entries.map(([name, node]) => field(name, node)).join(', ');
}

function eventTypesTable(): string {
  const rows = builtInEventTypes.map(
    (definition) =>
      `| \`${definition.type}\` | ${fields(definition.schema as unknown as SchemaNode)} | ${definition.description} |`,
  );
  return ['| Type | Data (`?`: optional) | What it records |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}

describe('the event type reference (docs/reference/event-types.md)', () => {
  it('lists every built-in type with the fields of its data, as the catalogue defines them', () => {
    const page = readFileSync(PAGE, 'utf8');
    const start = page.indexOf(START);
    const end = page.indexOf(END);
    expect(start, `${PAGE} has lost its table markers`).toBeGreaterThanOrEqual(0);
    const table = `${START}\n${eventTypesTable()}\n${END}`;
    if (process.env.TENURE_WRITE_DOCS === '1') {
      writeFileSync(PAGE, `${page.slice(0, start)}${table}${page.slice(end + END.length)}`);
      return;
    }
    expect(page.slice(start, end + END.length)).toBe(table);
  });
});
