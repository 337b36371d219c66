import { assign, setup } from 'xstate';
import type { MachineEvent } from './LifecycleEvent.js';
import { DAY_MS, positiveOption } from './time.js';

/** Input of the engagement machine. */
export interface EngagementInput {
  /** Days without any activity after which a customer drops out of the loop. Default 180. */
  readonly dropOutAfterDays?: number;
  /** Use signals (logins, feature use, renewals, resolved cases, repeat purchases) that make a user engaged. Default 3. */
  readonly engagedAfterUses?: number;
}

/** What the engagement machine remembers. */
export interface EngagementContext {
  readonly dropOutAfterMs: number;
  readonly engagedAfterUses: number;
  readonly lastActivityAt: number | null;
  /** When the customer drops out without further activity, or null. */
  readonly wakeAt: number | null;
  /** Use signals since the customer last chose. */
  readonly uses: number;
  /** Times the loop started again (new discovery after engagement, or a return after drop-out). */
  readonly cycles: number;
  readonly dropOuts: number;
  /** Advocacy signals: referrals, collaborations, 4-5 star reviews, NPS 9-10. */
  readonly advocacy: number;
}

/** What a piece of feedback says about the relationship. */
export type Feedback = 'advocacy' | 'positive' | 'detractor' | 'neutral';

/**
 * Classifies feedback: referrals, collaboration, 4-5 star reviews and NPS 9-10 are advocacy;
 * NPS 7-8 and CSAT 4-5 positive; NPS 0-6, 1-2 star reviews and CSAT 1-2 detractor.
 *
 * @example
 * ```ts
 * feedbackOf({ ...surveyEvent, data: { kind: 'nps', score: 10 } }); // 'advocacy'
 * ```
 */
export function feedbackOf(event: MachineEvent): Feedback {
  switch (event.type) {
    case 'referral':
    case 'collaboration':
      return 'advocacy';
    case 'review':
      return event.data.rating >= 4 ? 'advocacy' : event.data.rating <= 2 ? 'detractor' : 'neutral';
    case 'survey.answered':
      if (event.data.kind === 'nps') {
        return event.data.score >= 9
          ? 'advocacy'
          : event.data.score >= 7
            ? 'positive'
            : 'detractor';
      }
      if (event.data.kind === 'csat') {
        return event.data.score >= 4 ? 'positive' : event.data.score <= 2 ? 'detractor' : 'neutral';
      }
      return 'neutral';
    default:
      return 'neutral';
  }
}

const touch = 'touch' as const;

/** Any handled event is activity: it moves the drop-out deadline. */
function activity(context: EngagementContext, at: number) {
  const lastActivityAt = Math.max(context.lastActivityAt ?? at, at);
  return { lastActivityAt, wakeAt: lastActivityAt + context.dropOutAfterMs };
}
const learning = [
  'lead.captured',
  'lead.contacted',
  'lead.qualified',
  'opportunity.opened',
] as const;
const choosing = ['purchase', 'subscription.started', 'opportunity.won'] as const;
const using = ['usage.login', 'usage.feature', 'subscription.renewed', 'support.resolved'] as const;
/** The feedback event types: each is activity, and `feedbackOf` says what it tells. Internal. */
export const feedbackEvents = ['survey.answered', 'review', 'referral', 'collaboration'] as const;

type Handler = Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];
function on(types: readonly string[], handler: Handler): Record<string, Handler> {
  return Object.fromEntries(types.map((type) => [type, handler]));
}

const dropOut = { clock: { guard: 'dropOutDue', target: 'droppedOut' } } as const;
const toAdvocate = { guard: 'isAdvocacy', target: 'advocate', actions: [touch, 'countAdvocacy'] };

/**
 * The relationship journey as a loop: discover -> learn -> choose -> use -> engage -> advocate.
 * Learning signals are lead and opportunity events; choosing is a purchase, subscription or won
 * opportunity; use signals are logins, feature use, renewals, resolved support cases and repeat
 * purchases (`engagedAfterUses` of them make the customer engaged, as does positive feedback);
 * advocacy comes from referrals, collaboration, 4-5 star reviews and NPS 9-10 (a detractor
 * answer ends it). An engaged customer reached by a new touchpoint discovers again (the loop);
 * `dropOutAfterDays` without activity drops the customer out (via clock events from
 * `context.wakeAt`), and new activity brings them back in.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(engagementMachine, { dropOutAfterDays: 90 });
 * const [next] = transition(engagementMachine, start, touchpointEvent);
 * next.value; // 'discover'
 * ```
 */
export const engagementMachine = setup({
  types: {
    context: {} as EngagementContext,
    events: {} as MachineEvent,
    input: {} as EngagementInput | undefined,
  },
  guards: {
    isAdvocacy: ({ event }) => feedbackOf(event) === 'advocacy',
    isPositive: ({ event }) => feedbackOf(event) === 'positive',
    isDetractor: ({ event }) => feedbackOf(event) === 'detractor',
    enoughUses: ({ context }) => context.uses + 1 >= context.engagedAfterUses,
    dropOutDue: ({ context, event }) =>
      event.type === 'clock' && context.wakeAt !== null && event.at >= context.wakeAt,
  },
  actions: {
    touch: assign(({ context, event }) => activity(context, event.at)),
    /** Activity that is also a use signal (one assign, so one copy of the context). */
    touchAndCountUse: assign(({ context, event }) => {
      const { lastActivityAt, wakeAt } = activity(context, event.at);
      return { lastActivityAt, wakeAt, uses: context.uses + 1 };
    }),
    resetUses: assign({ uses: 0 }),
    startCycle: assign({ cycles: ({ context }) => context.cycles + 1, uses: 0 }),
    countAdvocacy: assign({ advocacy: ({ context }) => context.advocacy + 1 }),
    dropOut: assign({
      dropOuts: ({ context }) => context.dropOuts + 1,
      wakeAt: null,
      uses: 0,
    }),
  },
}).createMachine({
  id: 'engagement',
  /** The starting context: the input's settings in milliseconds and counts, no activity yet. */
  context: ({ input }) => {
    const options = input as Readonly<Record<string, unknown>> | undefined;
    const engagedAfterUses = positiveOption('engagement', options, 'engagedAfterUses', 3);
    if (!Number.isInteger(engagedAfterUses)) {
      throw new TypeError(
        `engagement machine: input.engagedAfterUses must be an integer >= 1, received ${engagedAfterUses}.`,
      );
    }
    return {
      dropOutAfterMs: positiveOption('engagement', options, 'dropOutAfterDays', 180) * DAY_MS,
      engagedAfterUses,
      lastActivityAt: null,
      wakeAt: null,
      uses: 0,
      cycles: 0,
      dropOuts: 0,
      advocacy: 0,
    };
  },
  initial: 'discover',
  states: {
    discover: {
      description: 'Awareness: the person came across the business.',
      on: {
        touchpoint: { actions: touch },
        ...on(learning, { target: 'learn', actions: touch }),
        ...on(choosing, { target: 'choose', actions: touch }),
        ...on(using, { actions: touch }),
        ...on(feedbackEvents, { actions: touch }),
        ...dropOut,
      },
    },
    learn: {
      description: 'Does it fit my needs, what are the alternatives?',
      on: {
        touchpoint: { actions: touch },
        ...on(learning, { actions: touch }),
        ...on(choosing, { target: 'choose', actions: touch }),
        ...on(using, { actions: touch }),
        ...on(feedbackEvents, { actions: touch }),
        ...dropOut,
      },
    },
    choose: {
      description: 'Selected and bought.',
      entry: 'resetUses',
      on: {
        touchpoint: { actions: touch },
        ...on(learning, { actions: touch }),
        ...on([...choosing, ...using], { target: 'use', actions: 'touchAndCountUse' }),
        ...on(feedbackEvents, [
          toAdvocate,
          { guard: 'isPositive', target: 'engage', actions: touch },
          { actions: touch },
        ]),
        ...dropOut,
      },
    },
    use: {
      description: 'The experience after the sale.',
      on: {
        touchpoint: { actions: touch },
        ...on(learning, { actions: touch }),
        ...on(
          [...choosing, ...using],
          [
            { guard: 'enoughUses', target: 'engage', actions: 'touchAndCountUse' },
            { actions: 'touchAndCountUse' },
          ],
        ),
        ...on(feedbackEvents, [
          toAdvocate,
          { guard: 'isPositive', target: 'engage', actions: touch },
          { actions: touch },
        ]),
        ...dropOut,
      },
    },
    engage: {
      description: 'Engaged: uses regularly and is satisfied.',
      on: {
        touchpoint: { target: 'discover', actions: [touch, 'startCycle'] },
        ...on(learning, { actions: touch }),
        ...on([...choosing, ...using], { actions: 'touchAndCountUse' }),
        ...on(feedbackEvents, [toAdvocate, { actions: touch }]),
        ...dropOut,
      },
    },
    advocate: {
      description: 'Promotes the business: referrals, strong reviews, high NPS.',
      on: {
        touchpoint: { target: 'discover', actions: [touch, 'startCycle'] },
        ...on(learning, { actions: touch }),
        ...on([...choosing, ...using], { actions: 'touchAndCountUse' }),
        ...on(feedbackEvents, [
          { guard: 'isAdvocacy', actions: [touch, 'countAdvocacy'] },
          { guard: 'isDetractor', target: 'engage', actions: touch },
          { actions: touch },
        ]),
        ...dropOut,
      },
    },
    droppedOut: {
      description: 'Engagement stopped; most never return.',
      entry: 'dropOut',
      on: {
        touchpoint: { target: 'discover', actions: [touch, 'startCycle'] },
        ...on(learning, { target: 'learn', actions: [touch, 'startCycle'] }),
        ...on(choosing, { target: 'choose', actions: [touch, 'startCycle'] }),
        ...on(using, { target: 'use', actions: [touch, 'startCycle'] }),
      },
    },
  },
});
