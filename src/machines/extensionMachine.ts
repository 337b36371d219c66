import { assign, setup } from 'xstate';
import { extendSharedList } from './extendSharedList.js';
import type { MachineEvent } from './LifecycleEvent.js';

/** What the extension machine remembers: what the customer has bought. */
export interface ExtensionContext {
  /** Purchases, subscription starts and renewals: each time the customer paid. */
  readonly purchases: number;
  /** Categories bought, in order of first purchase. */
  readonly categories: readonly string[];
  /** Product ids bought, in order of first purchase. */
  readonly products: readonly string[];
  /** Subscription plans held or changed to, in order. */
  readonly plans: readonly string[];
  /** Cross-sells, add-on subscriptions and upgrades. */
  readonly expansions: number;
}

type Context = ExtensionContext;

/**
 * `list` followed by the `additions` it lacks, in order: `list` itself when nothing is new.
 * A new list is a shared one (see {@link extendSharedList}).
 */
function union(list: readonly string[], additions: readonly string[]): readonly string[] {
  let added: string[] | undefined;
  for (const item of additions) {
    if (list.includes(item) || added?.includes(item)) continue;
    if (added === undefined) added = [item];
    else added.push(item);
  }
  return added === undefined ? list : extendSharedList(list, added);
}

type Item = NonNullable<Extract<MachineEvent, { type: 'purchase' }>['data']['items']>[number];

/**
 * `union(list, categories or product ids of items)` read straight from the items: a replay
 * asks this of every purchase, and the lists it would build are mostly thrown away (nothing new).
 */
function unionOfItems(
  list: readonly string[],
  items: readonly Item[] | undefined,
  categories: boolean,
): readonly string[] {
  if (items === undefined) return list;
  let added: string[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    const value = categories ? item.category : item.productId;
    if (categories && (value === undefined || value === '')) continue;
    if (list.includes(value as string) || added?.includes(value as string)) continue;
    if (added === undefined) added = [value as string];
    else added.push(value as string);
  }
  return added === undefined ? list : extendSharedList(list, added);
}

/** True when a purchase holds a (non-empty) category missing from `known`. */
function bringsCategoryOutside(known: readonly string[], event: MachineEvent): boolean {
  if (event.type !== 'purchase') return false;
  const items = event.data.items;
  if (items === undefined) return false;
  for (let index = 0; index < items.length; index++) {
    const category = (items[index] as Item).category;
    if (category !== undefined && category !== '' && !known.includes(category)) return true;
  }
  return false;
}

function record(context: Context, event: MachineEvent): Partial<Context> {
  if (event.type === 'purchase') {
    const items = event.data.items;
    return {
      purchases: context.purchases + 1,
      categories: unionOfItems(context.categories, items, true),
      products: unionOfItems(context.products, items, false),
    };
  }
  if (event.type === 'subscription.started') {
    return { purchases: context.purchases + 1, plans: union(context.plans, [event.data.plan]) };
  }
  if (event.type === 'subscription.renewed') return { purchases: context.purchases + 1 };
  if (event.type === 'subscription.changed') {
    return { plans: union(context.plans, [event.data.plan]) };
  }
  return {};
}

/**
 * Extension: none -> first purchase -> repeat -> expanded. A renewal is buying again, within what
 * was bought before: it makes a first-time customer repeat, as a second purchase does, and a
 * subscriber who keeps renewing counts as one who keeps buying. Expansion is a cross-sell (a later
 * purchase in a category the customer had not bought before), an add-on subscription (a second
 * subscription after a first purchase) or a subscription upgrade; a downgrade of an expanded
 * customer goes back to repeat. The context tracks categories, products and plans bought.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(extensionMachine);
 * const [first] = transition(extensionMachine, start, purchaseOfBooks);
 * const [expanded] = transition(extensionMachine, first, purchaseOfMusic);
 * expanded.value; // 'expanded'
 * ```
 */
export const extensionMachine = setup({
  types: { context: {} as ExtensionContext, events: {} as MachineEvent },
  guards: {
    /** A purchase in a category not bought before, by a customer whose categories are known. */
    bringsNewCategory: ({ context, event }) =>
      context.categories.length > 0 && bringsCategoryOutside(context.categories, event),
    isUpgrade: ({ event }) =>
      event.type === 'subscription.changed' && event.data.change === 'upgrade',
    isDowngrade: ({ event }) =>
      event.type === 'subscription.changed' && event.data.change === 'downgrade',
  },
  actions: {
    record: assign(({ context, event }) => record(context, event)),
    countExpansion: assign({ expansions: ({ context }) => context.expansions + 1 }),
  },
}).createMachine({
  id: 'extension',
  context: {
    purchases: 0,
    categories: [],
    products: [],
    plans: [] as readonly string[],
    expansions: 0,
  },
  initial: 'none',
  states: {
    none: {
      description: 'Nothing bought yet.',
      on: {
        purchase: { target: 'first', actions: 'record' },
        'subscription.started': { target: 'first', actions: 'record' },
        // A log that begins during a subscription: its start was not recorded.
        'subscription.renewed': { target: 'first', actions: 'record' },
      },
    },
    first: {
      description: 'Paid once so far: a purchase, a subscription start or a renewal.',
      on: {
        purchase: [
          { guard: 'bringsNewCategory', target: 'expanded', actions: ['record', 'countExpansion'] },
          { target: 'repeat', actions: 'record' },
        ],
        'subscription.renewed': { target: 'repeat', actions: 'record' },
        'subscription.started': { target: 'expanded', actions: ['record', 'countExpansion'] },
        'subscription.changed': [
          { guard: 'isUpgrade', target: 'expanded', actions: ['record', 'countExpansion'] },
          { actions: 'record' },
        ],
      },
    },
    repeat: {
      description: 'Buys again (a purchase or a renewal), within what was bought before.',
      on: {
        purchase: [
          { guard: 'bringsNewCategory', target: 'expanded', actions: ['record', 'countExpansion'] },
          { actions: 'record' },
        ],
        'subscription.renewed': { actions: 'record' },
        'subscription.started': { target: 'expanded', actions: ['record', 'countExpansion'] },
        'subscription.changed': [
          { guard: 'isUpgrade', target: 'expanded', actions: ['record', 'countExpansion'] },
          { actions: 'record' },
        ],
      },
    },
    expanded: {
      description: 'Buys more than before: cross-sell, add-on or upgrade.',
      on: {
        purchase: [
          { guard: 'bringsNewCategory', actions: ['record', 'countExpansion'] },
          { actions: 'record' },
        ],
        'subscription.renewed': { actions: 'record' },
        'subscription.started': { actions: ['record', 'countExpansion'] },
        'subscription.changed': [
          { guard: 'isUpgrade', actions: ['record', 'countExpansion'] },
          { guard: 'isDowngrade', target: 'repeat', actions: 'record' },
          { actions: 'record' },
        ],
      },
    },
  },
});
