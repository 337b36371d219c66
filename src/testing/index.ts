/**
 * `tenure/testing`: fast-check arbitraries of valid, malformed and life-cycle-shaped event
 * streams, to test code built on tenure with any test runner. Needs the optional peer
 * `fast-check`. The EventLog contract suite, which registers vitest tests, is
 * `tenure/testing/vitest`.
 *
 * @packageDocumentation
 */

export {
  type CorrectedLog,
  type CorrectedLogConstraints,
  correctedLogArbitrary,
} from './correctedLogArbitrary.js';
export type {
  DrawnEventType,
  DrawnEventTypes,
  EventTypeData,
} from './drawnEventTypes.js';
export {
  type BatchArbitraryConstraints,
  type DrawnEvent,
  type EventArbitraryConstraints,
  eventDataArbitrary,
  eventTimeArbitrary,
  malformedEventArbitrary,
  validBatchArbitrary,
  validEventArbitrary,
} from './eventArbitraries.js';
export {
  type CustomerJourneyConstraints,
  customerJourneyArbitrary,
  type JourneyEvent,
  type JourneyEventOf,
  type LifecycleLogConstraints,
  lifecycleLogArbitrary,
} from './lifecycleArbitraries.js';
