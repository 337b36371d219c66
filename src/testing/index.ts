/**
 * `tenure/testing`: what you need to test code built on tenure. The EventLog contract suite
 * (for your own adapters) and fast-check arbitraries of valid, malformed and life-cycle-shaped
 * event streams. Needs the optional peers `vitest` and `fast-check`.
 *
 * @packageDocumentation
 */

export {
  type BatchArbitraryConstraints,
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
  type LifecycleLogConstraints,
  lifecycleLogArbitrary,
} from './lifecycleArbitraries.js';
export {
  type EventLogContractOptions,
  type EventLogFactory,
  type EventLogFixture,
  testEventLog,
} from './testEventLog.js';
