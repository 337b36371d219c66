/** What a compiled schema returns for a value it does not accept (or cannot vouch for). */
export const REFUSED: unique symbol = Symbol('refused');

/**
 * A valibot schema compiled to one plain function: the schema's output for a value it accepts,
 * {@link REFUSED} otherwise. It never reports issues: on `REFUSED`, run the schema itself to
 * learn why.
 */
export type CompiledSchema = (value: unknown) => unknown;

/** The parts of valibot's schema and action objects the compiler reads. */
interface ValibotNode {
  readonly kind: string;
  readonly type: string;
  readonly async?: boolean;
  readonly entries?: Readonly<Record<string, ValibotNode>>;
  readonly item?: ValibotNode;
  readonly wrapped?: ValibotNode;
  readonly pipe?: readonly ValibotNode[];
  readonly default?: unknown;
  readonly fallback?: unknown;
  readonly '~run': unknown;
}

/** Leaf schemas whose `~run` only marks the dataset typed or adds an issue: value unchanged. */
const LEAVES = new Set([
  'any',
  'boolean',
  'custom',
  'enum',
  'literal',
  'null',
  'number',
  'picklist',
  'string',
  'undefined',
  'unknown',
]);
const OBJECTS = new Set(['object', 'loose_object', 'strict_object']);
const OPTIONALS = new Set(['optional', 'exact_optional', 'nullish']);

/** Issues are never read on this path: valibot may stop at the first. */
const CONFIG = Object.freeze({ abortEarly: true, abortPipeEarly: true });

const cache = new WeakMap<object, CompiledSchema | null>();

/**
 * Compiles a synchronous valibot schema built from objects, arrays, optionals and pipes of
 * validation actions over leaf schemas (string, number, literal, picklist, custom, ...) into one
 * generated function with a fixed property access per key, instead of valibot's generic walk
 * (a dataset per field, keyed access by variable names). Leaf schemas and validation actions
 * still run valibot's own `~run`, so a value is accepted exactly when the schema accepts it; the
 * structure (which keys count, what the output holds, in which order) follows valibot's object,
 * array and optional schemas.
 *
 * Returns `undefined` for anything else (another library's schema, async parts,
 * transformations, defaults, fallbacks, unions), and where code generation is not allowed
 * (a Content-Security-Policy without `unsafe-eval`): validate those with the schema itself.
 *
 * @example
 * ```ts
 * const check = compileSchema(purchase.schema);
 * const output = check === undefined ? REFUSED : check(data);
 * if (output === REFUSED) validateWithIssues(data); // valibot says what is wrong
 * ```
 */
export function compileSchema(schema: object): CompiledSchema | undefined {
  let compiled = cache.get(schema);
  if (compiled === undefined) {
    compiled = generate(schema as ValibotNode) ?? null;
    cache.set(schema, compiled);
  }
  return compiled ?? undefined;
}

function generate(schema: ValibotNode): CompiledSchema | undefined {
  const nodes: ValibotNode[] = [];
  let names = 0;
  const name = () => `v${names++}`;

  /** Code that checks the value in variable `input` and puts the output in variable `output`. */
  function emit(node: ValibotNode, input: string, output: string): string | undefined {
    if (typeof node !== 'object' || node === null || typeof node['~run'] !== 'function') return;
    if (node.kind !== 'schema' || node.async !== false || node.fallback !== undefined) return;
    if (node.pipe !== undefined) return emitPipe(node.pipe, input, output);
    if (LEAVES.has(node.type)) return `${run(node, input)}${output} = ${input};\n`;
    if (OPTIONALS.has(node.type)) return emitOptional(node, input, output);
    if (node.type === 'array' && node.item !== undefined) return emitArray(node, input, output);
    if (OBJECTS.has(node.type) && node.entries !== undefined) {
      return emitObject(node, input, output);
    }
    return undefined;
  }

  /** Runs a leaf schema or validation action on a variable: back out on any issue. */
  function run(node: ValibotNode, input: string): string {
    nodes.push(node);
    return `d.typed = true; d.value = ${input}; d.issues = undefined; n[${nodes.length - 1}]['~run'](d, c);\nif (d.issues !== undefined) return R;\n`;
  }

  function emitPipe(pipe: readonly ValibotNode[], input: string, output: string) {
    let code = '';
    let current = input;
    for (const item of pipe) {
      if (item.kind === 'metadata') continue;
      if (item.kind === 'validation' && item.async === false) {
        code += run(item, current);
        continue;
      }
      if (item.kind !== 'schema') return undefined;
      const next = name();
      const step = emit(item, current, next);
      if (step === undefined) return undefined;
      code += `let ${next};\n${step}`;
      current = next;
    }
    return `${code}${output} = ${current};\n`;
  }

  function emitOptional(node: ValibotNode, input: string, output: string) {
    if (node.default !== undefined || node.wrapped === undefined) return undefined;
    const wrapped = emit(node.wrapped, input, output);
    if (wrapped === undefined) return undefined;
    // A present key of an exact optional must hold a value of the wrapped schema.
    if (node.type === 'exact_optional') return wrapped;
    const absent =
      node.type === 'nullish'
        ? `${input} === undefined || ${input} === null`
        : `${input} === undefined`;
    return `if (${absent}) ${output} = ${input};\nelse {\n${wrapped}}\n`;
  }

  function emitArray(node: ValibotNode, input: string, output: string) {
    const [items, index, item, checked] = [name(), name(), name(), name()];
    const check = emit(node.item!, item, checked);
    if (check === undefined) return undefined;
    return `if (!Array.isArray(${input})) return R;
const ${items} = new Array(${input}.length);
for (let ${index} = 0; ${index} < ${input}.length; ${index}++) {
const ${item} = ${input}[${index}];
let ${checked};
${check}${items}[${index}] = ${checked};
}
${output} = ${items};\n`;
  }

  function emitObject(node: ValibotNode, input: string, output: string) {
    const entries = node.entries!;
    const object = name();
    let code = `if (!${input} || typeof ${input} !== 'object') return R;\nconst ${object} = {};\n`;
    const keys = Object.keys(entries);
    for (const key of keys) {
      const entry = entries[key]!;
      const literal = JSON.stringify(key);
      const [value, checked] = [name(), name()];
      const check = emit(entry, value, checked);
      if (check === undefined) return undefined;
      // `in`, as valibot: an inherited key counts as present.
      code += `if (${literal} in ${input}) {
const ${value} = ${input}[${literal}];
let ${checked};
${check}${object}[${literal}] = ${checked};
}${OPTIONALS.has(entry.type) ? '' : ' else return R;'}\n`;
    }
    const known = keys.map((key) => `k === ${JSON.stringify(key)}`).join(' || ') || 'false';
    if (node.type === 'strict_object') {
      code += `for (const k in ${input}) if (!(${known})) return R;\n`;
    } else if (node.type === 'loose_object') {
      // valibot copies the other own keys, except those that could reach a prototype.
      code += `for (const k in ${input}) {
if (${known}) continue;
if (Object.hasOwn(${input}, k) && k !== '__proto__' && k !== 'prototype' && k !== 'constructor') ${object}[k] = ${input}[k];
}\n`;
    }
    return `${code}${output} = ${object};\n`;
  }

  const body = emit(schema, 'input', 'output');
  if (body === undefined) return undefined;
  try {
    const factory = new Function(
      'n',
      'c',
      'R',
      `return function compiledSchema(input) {
const d = { typed: true, value: undefined, issues: undefined };
let output;
${body}return output;
};`,
    ) as (nodes: ValibotNode[], config: object, refused: symbol) => CompiledSchema;
    return factory(nodes, CONFIG, REFUSED);
  } catch {
    // No code generation here (e.g. a Content-Security-Policy): the schema validates itself.
    return undefined;
  }
}
