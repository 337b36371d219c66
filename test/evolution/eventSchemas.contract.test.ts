import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';

/**
 * A valibot schema as plain data: kinds, fields, optionality, literals, and each check with its
 * requirement. Changing a built-in type's shape changes this description, which fails the
 * snapshot below: bump the type's version and add an upcaster, then update the snapshot.
 */
function describeSchema(schema: unknown): unknown {
  const node = schema as Record<string, unknown>;
  const out: Record<string, unknown> = { kind: node.type };
  if (node.entries !== undefined) {
    out.fields = Object.fromEntries(
      Object.entries(node.entries as Record<string, unknown>).map(([key, value]) => [
        key,
        describeSchema(value),
      ]),
    );
  }
  if (node.wrapped !== undefined) out.of = describeSchema(node.wrapped);
  if (node.item !== undefined) out.items = describeSchema(node.item);
  if (Array.isArray(node.options)) {
    out.options = node.options.map((option) =>
      typeof option === 'object' && option !== null && '~standard' in option
        ? describeSchema(option)
        : option,
    );
  }
  if (node.key !== undefined && typeof node.key === 'string') out.key = node.key;
  if (node.literal !== undefined) out.literal = node.literal;
  if (Array.isArray(node.pipe)) {
    const checks = node.pipe.slice(1).map((action) => {
      const step = action as Record<string, unknown>;
      return step.requirement === undefined || typeof step.requirement === 'function'
        ? step.type
        : [step.type, String(step.requirement)];
    });
    if (checks.length > 0) out.checks = checks;
    Object.assign(out, { kind: (describeSchema(node.pipe[0]) as { kind: unknown }).kind });
  }
  return out;
}

describe('built-in event schemas (contract)', () => {
  it('keep their shapes: a breaking change fails here', () => {
    const contract = Object.fromEntries(
      builtInEventTypes.map((definition) => [
        definition.type,
        { version: definition.version, data: describeSchema(definition.schema) },
      ]),
    );
    expect(contract).toMatchSnapshot();
  });

  it('describe every field of a type', () => {
    const purchase = builtInEventTypes.find((definition) => definition.type === 'purchase');
    expect(describeSchema(purchase?.schema)).toMatchObject({
      kind: 'strict_object',
      fields: {
        orderId: {
          kind: 'string',
          checks: [
            ['min_length', '1'],
            ['max_length', '256'],
          ],
        },
        amount: { kind: 'number' },
        currency: { kind: 'string' },
        items: { kind: 'optional' },
      },
    });
  });
});
