import type { StoredEvent, TenureEvent } from '../../src/events/TenureEvent.js';
import { generateSampleBusiness } from '../../src/sample/index.js';

/** The sample business's events as stored events (positions in generation order). */
export function sampleEvents(seed: number, customers: number): StoredEvent[] {
  return toStored([...generateSampleBusiness({ seed, customers })]);
}

/** Events with positions, as a log would store them. */
export function toStored(events: readonly TenureEvent[], from = 0): StoredEvent[] {
  return events.map(
    (event, i) => ({ ...event, position: from + i + 1, version: 0 }) as StoredEvent,
  );
}

/** True when JSON.stringify of `value` would print no NaN/Infinity (they become null). */
export function hasOnlyFiniteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(hasOnlyFiniteNumbers);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).every(hasOnlyFiniteNumbers);
  }
  return true;
}
