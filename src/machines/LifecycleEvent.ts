import type { BuiltInEvent } from '../events/catalog/builtInEventTypes.js';
import type { TenureEvent } from '../events/TenureEvent.js';

/**
 * The passage of time, as the projection tells it to a lifecycle. Machines never read a clock:
 * inactivity (at risk, churn, drop-out) moves only when a clock event at or after the machine's
 * announced `wakeAt` arrives.
 *
 * @example
 * ```ts
 * const tick: ClockEvent = { type: 'clock', at: Date.UTC(2026, 0, 31) };
 * ```
 */
export interface ClockEvent {
  readonly type: 'clock';
  /** The time that has been reached, epoch milliseconds UTC. */
  readonly at: number;
}

/**
 * Anything a lifecycle can receive: a tenure event from the log (built-in or user-defined type)
 * or a {@link ClockEvent}.
 *
 * @example
 * ```ts
 * const events: LifecycleEvent[] = [purchaseEvent, { type: 'clock', at: purchaseEvent.at + 864e5 }];
 * ```
 */
export type LifecycleEvent = TenureEvent | ClockEvent;

/**
 * The events the built-in machines are typed against: the built-in catalogue plus the clock.
 * Events of other types reach the machines too, and are ignored by them.
 *
 * @example
 * ```ts
 * const machine = setup({ types: { events: {} as MachineEvent } }).createMachine({});
 * ```
 */
export type MachineEvent = BuiltInEvent | ClockEvent;
