import fc from 'fast-check';
import type { EventInput } from '../events/TenureEvent.js';
import type { AppendOptions } from '../log/EventLog.js';
import {
  ANY_VERSION,
  type ExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
} from '../log/expectedVersion.js';
import { validBatchArbitrary } from './eventArbitraries.js';
import type { EventLogModel } from './eventLogModel.js';

const DAY = 86_400_000;

/** How a step's expected version relates to the model's: exact, one ahead, or a sentinel. */
type ExpectKind = 'exact' | 'off-by-one' | ExpectedVersion;

/**
 * One append of the contract's model-based property, as plain data: fast-check prints it in a
 * counterexample as it is (a closure would print as its source code).
 */
export interface AppendStep {
  /** Fresh events; their ids are replaced by `ev-<n>` when the step is built. */
  readonly batch: readonly EventInput[];
  /** Earlier events to send again (indices into the history, modulo its length). */
  readonly resend: readonly number[];
  /** An earlier event to send again under another customer (a changed duplicate), or null. */
  readonly conflict: number | null;
  /** Where to put an event with an invalid time, or null. */
  readonly invalid: number | null;
  /** The stream to check and how its expected version relates to the model's, or null. */
  readonly expect: { readonly customerId: string; readonly kind: ExpectKind } | null;
}

/** `arbitrary` one time in `oneIn`, `null` otherwise. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary, weight: 1 });
}

/** Steps over `customerIds`, with event times within a day of `t0`. */
export function appendStepArbitrary(
  customerIds: readonly string[],
  t0: number,
): fc.Arbitrary<AppendStep> {
  return fc.record({
    batch: validBatchArbitrary({
      customerIds,
      maxLength: 4,
      minTime: t0 - DAY,
      maxTime: t0 + DAY,
    }),
    resend: fc.array(fc.nat(), { maxLength: 2 }),
    conflict: sometimes(fc.nat(), 5),
    invalid: sometimes(fc.nat(), 6),
    expect: sometimes(
      fc.record({
        customerId: fc.constantFrom(...customerIds),
        kind: fc.constantFrom<ExpectKind>(
          'exact',
          'off-by-one',
          NO_STREAM,
          STREAM_EXISTS,
          ANY_VERSION,
        ),
      }),
      3,
    ),
  });
}

/** The append a step makes after `history` (what was appended so far) with the model's versions. */
export function buildAppend(
  step: AppendStep,
  history: readonly EventInput[],
  model: EventLogModel,
  freshId: () => string,
): { inputs: unknown[]; options: AppendOptions | undefined } {
  const inputs: unknown[] = step.batch.map((event) => ({ ...event, id: freshId() }));
  if (history.length > 0) {
    for (const pick of step.resend) inputs.push(history[pick % history.length]);
    if (step.conflict !== null) {
      const original = history[step.conflict % history.length]!;
      inputs.push({ ...original, customerId: original.customerId === 'c1' ? 'c2' : 'c1' });
    }
  }
  if (step.invalid !== null) {
    inputs.splice(step.invalid % (inputs.length + 1), 0, {
      id: freshId(),
      type: 'purchase',
      customerId: 'c1',
      at: 'never',
      data: { orderId: 'o-invalid', amount: 10, currency: 'EUR' },
    });
  }
  let options: AppendOptions | undefined;
  if (step.expect !== null) {
    const { customerId, kind } = step.expect;
    const actual = model.version(customerId);
    const expected = kind === 'exact' ? actual : kind === 'off-by-one' ? actual + 1 : kind;
    options = { expectedVersions: { [customerId]: expected } };
  }
  return { inputs, options };
}

/** An append as a user reads it in a failure: `log.append([ev-0 purchase c1 2024-01-01T..., ...])`. */
export function describeAppend(
  inputs: readonly unknown[],
  options: AppendOptions | undefined,
): string {
  const events = inputs.map((input) => {
    const { id, type, customerId, at } = input as Partial<Record<string, unknown>>;
    const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Number.NaN;
    const time = Number.isFinite(new Date(ms).getTime()) ? new Date(ms).toISOString() : String(at);
    return `${String(id)} ${String(type)} ${String(customerId)} ${time}`;
  });
  const rest = options === undefined ? '' : `, ${JSON.stringify(options)}`;
  return `log.append([${events.join(', ')}]${rest})`;
}
