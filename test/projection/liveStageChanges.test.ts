import { describe, expect, it } from 'vitest';
import { createLifecycle, type StageChange } from '../../src/projection/index.js';
import { purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const lifecycle = createLifecycle({ definition: toyLifecycle });

describe('live projection stage changes', () => {
  it('reports a clock due at the instant of an event as a clock, whoever moved the time', () => {
    // c1 is at risk on day 30, the instant its next purchase arrives: the clock comes first,
    // then the purchase, whether or not another customer's event moved the clock there before.
    const heardBy = (others: boolean): Omit<StageChange, 'customerId'>[] => {
      const live = lifecycle.createProjection();
      const changes: StageChange[] = [];
      live.onStageChange((change) => changes.push(change));
      live.apply(purchase('c1', 0, 10, 1));
      if (others) live.apply(purchase('c2', 30 * DAY, 10, 2));
      live.apply(purchase('c1', 30 * DAY, 10, 3));
      return changes
        .filter((change) => change.customerId === 'c1')
        .map(({ customerId: _id, ...change }) => change);
    };
    const expected = [
      { from: undefined, to: 'active', at: 0, cause: 'event' },
      { from: 'active', to: 'at-risk', at: 30 * DAY, cause: 'clock' },
      { from: 'at-risk', to: 'active', at: 30 * DAY, cause: 'event' },
    ];
    expect(heardBy(false)).toEqual(expected);
    expect(heardBy(true)).toEqual(expected);
  });

  it('reports a late event as one change to the current stage, with the history it rewrote', () => {
    const live = lifecycle.createProjection();
    const changes: StageChange[] = [];
    live.onStageChange((change) => changes.push(change));
    live.apply(purchase('c1', 0, 10, 1));
    live.advanceTo(100 * DAY);
    changes.length = 0;
    // c1 was at risk on day 30, lost on day 60. A purchase on day 10 arrives late: at risk on
    // day 40, lost on day 70. The stage stays `lost` (entered on day 70, no longer 60): no change
    // is heard, though the history was rewritten.
    live.apply(purchase('c1', 10 * DAY, 10, 2));
    expect(changes).toEqual([]);
    expect(live.customer('c1')?.history.map(({ stage, at }) => `${stage}@${at / DAY}`)).toEqual([
      'active@0',
      'at-risk@40',
      'lost@70',
    ]);
    // One on day 50: active again on day 50, at risk on day 80, at risk still. One change, from
    // the stage last heard to the current one, dated when c1 entered it; the stages passed
    // through (active on day 50) are in `history`, not heard one by one.
    live.apply(purchase('c1', 50 * DAY, 10, 3));
    expect(changes).toEqual([
      {
        customerId: 'c1',
        from: 'lost',
        to: 'at-risk',
        at: 80 * DAY,
        cause: 'late-event',
        history: live.customer('c1')?.history,
      },
    ]);
    expect(changes[0]?.history?.map(({ stage }) => stage)).toEqual([
      'active',
      'at-risk',
      'active',
      'at-risk',
    ]);
  });

  it('reports the changes of the events applied before applyAll fails, in that call', () => {
    // A log subscription that drops after one event, and a batch with a malformed event.
    const live = lifecycle.createProjection();
    const heard: string[] = [];
    live.onStageChange((change) => heard.push(`${change.customerId} ${change.to}`));
    function* disconnecting() {
      yield purchase('c1', 0, 10, 1);
      throw new Error('connection reset');
    }
    expect(() => live.applyAll(disconnecting())).toThrow('connection reset');
    expect(heard).toEqual(['c1 active']);
    const malformed = { ...purchase('c3', DAY), position: 0 };
    expect(() => live.applyAll([purchase('c2', DAY, 10, 2), malformed])).toThrow(/position/);
    expect(heard).toEqual(['c1 active', 'c2 active']);
    expect(live.position).toBe(2);
  });
});
