import { describe, expect, it } from 'vitest';
import {
  compileLifecycle,
  crmCycleLifecycle,
  defineJourney,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  fourProcessesOwner,
  type LifecycleDefinition,
  type LifecycleEvent,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../src/machines/index.js';
import { createLifecycle } from '../../src/projection/index.js';
import * as e from './eventBuilders.js';

const { day } = e;

/** Replays `events` and returns the stage after each, plus the final state. */
function walk(definition: LifecycleDefinition, events: readonly LifecycleEvent[]) {
  const lifecycle = compileLifecycle(definition);
  let state = lifecycle.initial();
  const stages = events.map((event) => {
    state = lifecycle.transition(state, event);
    return lifecycle.stageOf(state);
  });
  return { stages, state, lifecycle };
}

/** Collapses repeats: the sequence of stages the customer went through. */
const path = (stages: readonly string[]) =>
  stages.filter((stage, index) => index === 0 || stages[index - 1] !== stage);

describe('preset: four processes (marketing -> sales -> support -> CRM)', () => {
  it('takes a person from target market to mate, and back to the target market on churn', () => {
    const { stages, state } = walk(fourProcessesLifecycle, [
      e.touchpoint(day(0)),
      e.leadCaptured(day(1)),
      e.leadQualified(day(3)),
      e.opportunityOpened(day(4)),
      e.opportunityWon(day(6)),
      e.purchase(day(6), 'books'),
      e.supportOpened(day(8)),
      e.supportResolved(day(9)),
      e.purchase(day(30), 'music'),
      e.referral(day(31)),
      e.collaboration(day(40)),
      e.clock(day(300)),
      e.clock(day(400)),
    ]);
    expect(path(stages)).toEqual([
      'target market',
      'lead',
      'customer',
      'loyal customer',
      'advocate',
      'mate',
      'customer',
      'target market',
    ]);
    expect(state.machines.partnership?.context).toMatchObject({
      collaborations: 1,
      kinds: ['co-design'],
    });
    expect(path(stages).map((stage) => fourProcessesOwner[stage as 'lead'])).toEqual([
      'marketing',
      'sales',
      'support',
      'CRM',
      'CRM',
      'CRM',
      'support',
      'marketing',
    ]);
  });
});

describe('preset: four processes, the way back', () => {
  it('recycles a disqualified lead through the target market, and a returning customer starts as a customer', () => {
    const { stages } = walk(fourProcessesLifecycle, [
      e.leadCaptured(day(0)),
      e.leadDisqualified(day(2)),
      e.touchpoint(day(30)),
      e.purchase(day(40), 'books'),
      e.purchase(day(50), 'music'),
      e.referral(day(51)),
      e.collaboration(day(52)),
      e.clock(day(200)),
      e.clock(day(400)),
      e.purchase(day(900), 'books'),
    ]);
    // Back after churning: one purchase makes a customer again, not a mate at once.
    expect(path(stages)).toEqual([
      'lead',
      'target market',
      'lead',
      'customer',
      'loyal customer',
      'advocate',
      'mate',
      'customer',
      'target market',
      'customer',
    ]);
  });
});

describe('preset: four processes, marketing to customers', () => {
  it('keeps an advocate and an engaged loyal customer where they are when a campaign reaches them', () => {
    const advocate = walk(fourProcessesLifecycle, [
      e.purchase(day(0)),
      e.referral(day(5)),
      e.touchpoint(day(20)),
    ]);
    expect(advocate.stages).toEqual(['customer', 'advocate', 'advocate']);
    const engaged = walk(fourProcessesLifecycle, [
      e.purchase(day(0)),
      e.login(day(1)),
      e.login(day(2)),
      e.login(day(3)),
      e.touchpoint(day(20)),
    ]);
    expect(engaged.stages.slice(-2)).toEqual(['loyal customer', 'loyal customer']);
  });
});

describe('preset: four processes, a subscriber', () => {
  it('finds a subscriber loyal after four years paid', () => {
    const { stages } = walk(fourProcessesLifecycle, [
      e.subscriptionStarted(day(0), 's1', 'year'),
      // Half a year without a word in between: no login, no survey (engagement drops out).
      e.clock(day(200)),
      e.subscriptionRenewed(day(365)),
      e.clock(day(565)),
      e.subscriptionRenewed(day(730)),
      e.clock(day(930)),
      e.subscriptionRenewed(day(1095)),
    ]);
    expect(path(stages)).toEqual(['customer', 'loyal customer']);
    expect(stages.at(-2)).toBe('customer');
  });
});

describe('preset: three-part customer life cycle (a wheel)', () => {
  it('goes acquisition -> ownership -> extension and back to acquisition, then round again', () => {
    const { stages } = walk(threePartLifecycle, [
      e.touchpoint(day(0)),
      e.purchase(day(1), 'books'),
      e.purchase(day(20), 'books'),
      e.purchase(day(40), 'games'),
      e.clock(day(200)),
      e.clock(day(400)),
      e.purchase(day(500), 'books'),
      e.purchase(day(540), 'films'),
    ]);
    // Round again: a customer won back is owned (retained) before being extended again.
    expect(path(stages)).toEqual([
      'acquisition',
      'ownership',
      'extension',
      'ownership',
      'acquisition',
      'ownership',
      'extension',
    ]);
  });
});

describe('preset: three-part cycle, a subscriber', () => {
  it('extends on an upgrade, owns again on a downgrade, and goes back to acquisition on cancelling', () => {
    const { stages } = walk(threePartLifecycle, [
      e.subscriptionStarted(day(0)),
      e.subscriptionRenewed(day(31)),
      e.subscriptionChanged(day(40), 'upgrade'),
      e.subscriptionChanged(day(70), 'downgrade'),
      e.subscriptionCancelled(day(80)),
    ]);
    expect(stages).toEqual(['ownership', 'ownership', 'extension', 'ownership', 'acquisition']);
  });
});

describe('preset: five stages (reach -> acquisition -> conversion -> retention -> loyalty)', () => {
  it('walks a customer through all five stages', () => {
    const { stages } = walk(fiveStageLifecycle, [
      e.touchpoint(day(0)),
      e.leadCaptured(day(2)),
      e.purchase(day(5)),
      e.purchase(day(35)),
      e.purchase(day(65)),
      e.purchase(day(95)),
      e.clock(day(400)),
      e.clock(day(800)),
    ]);
    expect(path(stages)).toEqual([
      'reach',
      'acquisition',
      'conversion',
      'retention',
      'loyalty',
      'retention',
      'reach',
    ]);
  });
});

describe('preset: five stages, the way back', () => {
  it('reaches a churned customer again and converts them again when they come back', () => {
    const { stages } = walk(fiveStageLifecycle, [
      e.purchase(day(0)),
      e.purchase(day(30)),
      e.purchase(day(60)),
      e.purchase(day(90)),
      e.clock(day(400)),
      e.clock(day(800)),
      e.purchase(day(900)),
    ]);
    expect(path(stages)).toEqual([
      'conversion',
      'retention',
      'loyalty',
      'retention',
      'reach',
      'conversion',
    ]);
  });
});

describe('preset: five stages, marketing to customers', () => {
  it('keeps an engaged customer loyal when a campaign reaches them', () => {
    const { stages } = walk(fiveStageLifecycle, [
      e.purchase(day(0)),
      e.login(day(1)),
      e.login(day(2)),
      e.login(day(3)),
      e.touchpoint(day(20)),
    ]);
    expect(stages.slice(-2)).toEqual(['loyalty', 'loyalty']);
  });
});

describe('preset: five stages, a long contractual relationship', () => {
  it('retains a yearly subscriber who renews and finds them loyal after four years paid', () => {
    const { stages } = walk(fiveStageLifecycle, [
      e.subscriptionStarted(day(0), 's1', 'year'),
      // Half a year without a word in between: no login, no survey (engagement drops out).
      e.clock(day(200)),
      e.subscriptionRenewed(day(365)),
      e.clock(day(565)),
      e.subscriptionRenewed(day(730)),
      e.clock(day(930)),
      e.subscriptionRenewed(day(1095)),
    ]);
    // Renewing is buying again (retention); four payments make a loyal customer, as four purchases do.
    expect(path(stages)).toEqual(['conversion', 'retention', 'loyalty']);
    expect(stages.at(-2)).toBe('retention');
  });
});

describe('preset: CRM cycle (marketing -> sales -> product -> support)', () => {
  it('follows lead statuses in sales, delivery in product and case management in support', () => {
    const { stages, state, lifecycle } = walk(crmCycleLifecycle, [
      e.touchpoint(day(0)),
      e.leadCaptured(day(1)),
      e.leadContacted(day(2)),
      e.leadQualified(day(3)),
      e.opportunityOpened(day(4)),
      e.opportunityWon(day(10)),
      e.supportOpened(day(12), 'k1'),
      e.supportOpened(day(13), 'k2'),
      e.supportResolved(day(14), 'k1'),
      e.supportResolved(day(15), 'k2'),
    ]);
    expect(path(stages)).toEqual(['marketing', 'sales', 'product', 'support', 'product']);
    expect(state.machines.support?.context).toMatchObject({
      opened: 2,
      resolved: 2,
      openCases: [],
    });
    expect(state.machines.support?.value).toBe('resolved');

    const sales = walk(crmCycleLifecycle, [e.leadCaptured(day(0)), e.leadContacted(day(1))]);
    expect(sales.state.machines.acquisition?.value).toBe('lead.contacted');
    expect(lifecycle.stages).toEqual(['marketing', 'sales', 'product', 'support']);
  });

  it('is back to a normal case load once the urgent case is resolved', () => {
    const { state } = walk(crmCycleLifecycle, [
      e.purchase(day(0)),
      e.event('support.opened', day(1), { caseId: 'k1', priority: 'urgent' }),
      e.supportOpened(day(2), 'k2'),
      e.supportResolved(day(3), 'k1'),
    ]);
    expect(state.machines.support?.value).toBe('open.normal');
    expect(state.machines.support?.context).toMatchObject({ openCases: ['k2'] });
  });

  it('recycles disqualified leads and lost opportunities through marketing, and wins a churned customer back', () => {
    const { stages, state } = walk(crmCycleLifecycle, [
      e.leadCaptured(day(0)),
      e.leadDisqualified(day(1)),
      e.touchpoint(day(30)),
      e.leadQualified(day(31)),
      e.opportunityOpened(day(32)),
      e.opportunityLost(day(40)),
      e.leadCaptured(day(60)),
      e.opportunityOpened(day(61), 'o2'),
      e.opportunityWon(day(70), 'o2'),
      e.purchase(day(70)),
      e.clock(day(250)),
      e.clock(day(500)),
      e.purchase(day(600)),
    ]);
    expect(path(stages)).toEqual([
      'sales',
      'marketing',
      'sales',
      'marketing',
      'sales',
      'product',
      'marketing',
      'product',
    ]);
    expect(state.machines.acquisition?.context).toMatchObject({ recycled: 2 });
  });

  it('measures its funnel up to product: a customer who never needs support has not dropped out', () => {
    expect(crmCycleLifecycle.funnel).toEqual(['marketing', 'sales', 'product']);
  });

  it('escalates an urgent case', () => {
    const { state } = walk(crmCycleLifecycle, [
      e.purchase(day(0)),
      e.event('support.opened', day(1), { caseId: 'k9', priority: 'urgent' }),
    ]);
    expect(state.machines.support?.value).toBe('open.urgent');
  });
});

describe('preset: relationship journey (discover -> learn -> choose -> use -> engage)', () => {
  it('loops: an engaged customer discovering something new starts again, inactivity drops out', () => {
    const { stages, state } = walk(relationshipJourneyLifecycle, [
      e.touchpoint(day(0)),
      e.leadCaptured(day(1)),
      e.purchase(day(2)),
      e.login(day(3)),
      e.featureUsed(day(4)),
      e.login(day(5)),
      e.nps(day(6), 10),
      e.touchpoint(day(30)),
      e.purchase(day(31)),
      e.clock(day(400)),
      e.login(day(500)),
    ]);
    expect(path(stages)).toEqual([
      'discover',
      'learn',
      'choose',
      'use',
      'engage',
      'discover',
      'choose',
      'dropped out',
      'use',
    ]);
    expect(state.machines.engagement?.context).toMatchObject({
      cycles: 2,
      dropOuts: 1,
      advocacy: 1,
    });
  });

  it('drops out on a bad experience after the sale, and comes back with the next use', () => {
    const { stages } = walk(relationshipJourneyLifecycle, [
      e.purchase(day(0)),
      e.review(day(1), 1),
      e.login(day(10)),
      e.csat(day(11), 1),
      e.purchase(day(20)),
      e.login(day(21)),
      e.nps(day(22), 8),
      e.nps(day(23), 3),
    ]);
    expect(stages).toEqual([
      'choose',
      'dropped out',
      'use',
      'dropped out',
      'choose',
      'use',
      'engage',
      'dropped out',
    ]);
  });

  it("measures the relationship journey's funnel without its drop-outs", () => {
    expect(relationshipJourneyLifecycle.funnel).toEqual([
      'discover',
      'learn',
      'choose',
      'use',
      'engage',
    ]);
  });

  it('gives a journey made with defineJourney the version of its logic (default 1)', () => {
    const stageOfState = {
      discover: 'in',
      learn: 'in',
      choose: 'in',
      use: 'in',
      engage: 'in',
      advocate: 'in',
      droppedOut: 'out',
    } as const;
    const journey = { name: 'journey-2', stages: ['in', 'out'], stageOfState } as const;
    expect(defineJourney(journey).version).toBe(1);
    expect(defineJourney({ ...journey, version: 2 }).version).toBe(2);
    expect(() => defineJourney({ ...journey, version: 0 })).toThrow(
      /`version` 0; give an integer >= 1/,
    );
  });

  it('allows 4-, 6- and 7-stage variants made with defineJourney', () => {
    const events = [
      e.touchpoint(day(0)),
      e.leadCaptured(day(1)),
      e.purchase(day(2)),
      e.login(day(3)),
      e.login(day(4)),
      e.login(day(5)),
      e.referral(day(6)),
      e.clock(day(400)),
    ];
    const four = defineJourney({
      name: 'journey-4',
      stages: ['discover', 'buy', 'use', 'love'],
      stageOfState: {
        discover: 'discover',
        learn: 'discover',
        choose: 'buy',
        use: 'use',
        engage: 'love',
        advocate: 'love',
        droppedOut: 'discover',
      },
    });
    const six = defineJourney({
      name: 'journey-6',
      stages: ['discover', 'learn', 'choose', 'use', 'engage', 'advocate'],
      stageOfState: {
        discover: 'discover',
        learn: 'learn',
        choose: 'choose',
        use: 'use',
        engage: 'engage',
        advocate: 'advocate',
        droppedOut: 'discover',
      },
    });
    const seven = defineJourney({
      name: 'journey-7',
      stages: ['discover', 'learn', 'choose', 'use', 'engage', 'advocate', 'lapsed'],
      stageOfState: {
        discover: 'discover',
        learn: 'learn',
        choose: 'choose',
        use: 'use',
        engage: 'engage',
        advocate: 'advocate',
        droppedOut: 'lapsed',
      },
    });
    expect(path(walk(four, events).stages)).toEqual(['discover', 'buy', 'use', 'love', 'discover']);
    expect(path(walk(six, events).stages)).toEqual([
      'discover',
      'learn',
      'choose',
      'use',
      'engage',
      'advocate',
      'discover',
    ]);
    expect(path(walk(seven, events).stages)).toEqual([
      'discover',
      'learn',
      'choose',
      'use',
      'engage',
      'advocate',
      'lapsed',
    ]);
  });
});

describe('presets in a projection: leaving by inactivity, time in stage', () => {
  // Two purchases 30 days apart: at risk 60 days after the second, churned 120 days after it;
  // the engagement machine drops out 180 days after the last activity.
  const events = [e.purchase(day(0)), e.purchase(day(30))].map((event, index) => ({
    ...event,
    position: index + 1,
    version: 0,
  }));
  const cases: readonly [LifecycleDefinition, string, number][] = [
    [fourProcessesLifecycle, 'target market', day(150)],
    [threePartLifecycle, 'acquisition', day(150)],
    [fiveStageLifecycle, 'reach', day(150)],
    [crmCycleLifecycle, 'marketing', day(150)],
    [relationshipJourneyLifecycle, 'dropped out', day(210)],
  ];
  for (const [definition, stage, since] of cases) {
    it(`${definition.name}: gone without a purchase, since the day it fell due`, () => {
      const asOf = day(400);
      const projection = createLifecycle({ definition }).projectEvents(events, { asOf });
      expect(projection.customers[0]).toMatchObject({
        stage,
        stageEnteredAt: since,
        timeInStage: asOf - since,
      });
    });
  }

  it('five stages: at risk by inactivity is retention, entered when it fell due', () => {
    const loyal = [0, 30, 60, 90].map((n, index) => ({
      ...e.purchase(day(n)),
      position: index + 1,
      version: 0,
    }));
    // Mean gap 30 days: at risk 60 days after the last purchase.
    const projection = createLifecycle({ definition: fiveStageLifecycle }).projectEvents(loyal, {
      asOf: day(160),
    });
    expect(projection.customers[0]?.history.slice(-2)).toEqual([
      { stage: 'loyalty', at: day(90) },
      { stage: 'retention', at: day(150) },
    ]);
  });
});
