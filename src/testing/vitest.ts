/**
 * `tenure/testing/vitest`: the EventLog contract suite, to run on your own log adapter in a
 * vitest test file (it registers vitest tests). Needs the optional peers `vitest` and
 * `fast-check`. The generators are `tenure/testing`, which works with any test runner.
 *
 * @packageDocumentation
 */

export {
  type EventLogContractOptions,
  type EventLogFactory,
  type EventLogFixture,
  testEventLog,
} from './testEventLog.js';
