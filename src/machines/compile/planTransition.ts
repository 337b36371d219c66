import type { NodeLike, TransitionLike } from './xstateNodes.js';

/**
 * The SCXML microstep of XState v5 for one transition taken from `leaf` in a machine without
 * parallel or history states: the actions to run (exits deepest first, the transition's own,
 * entries outermost first with initial actions of default entries) and the resulting leaf.
 */
export function planTransition(
  leaf: NodeLike,
  transition: TransitionLike,
): { actions: readonly unknown[]; leaf: NodeLike } {
  const target = transition.target?.[0];
  if (target === undefined) return { actions: transition.actions, leaf };
  const source = transition.source;
  const domain =
    !transition.reenter && (target === source || isDescendant(target, source))
      ? source
      : (leastCommonAncestor(target, source) ?? (transition.reenter ? undefined : rootOf(source)));

  const exits: NodeLike[] = [];
  if (transition.reenter && source === domain) exits.push(domain);
  for (let node: NodeLike | undefined = leaf; node; node = node.parent) {
    if (isDescendant(node, domain)) exits.push(node);
  }
  exits.sort((a, b) => b.order - a.order);

  const entries = new Set<NodeLike>();
  const defaultEntries = new Set<NodeLike>();
  if (source !== target || source !== domain || transition.reenter) {
    entries.add(target);
    defaultEntries.add(target);
  }
  let deepest = target;
  while (deepest.type === 'compound') {
    const child = deepest.initial!.target[0]!;
    entries.add(child);
    defaultEntries.add(child);
    deepest = child;
  }
  const reentrancyDomain = !source.parent && transition.reenter ? undefined : domain;
  for (let node = target.parent; node && node !== domain; node = node.parent) {
    if (!reentrancyDomain || isDescendant(node, reentrancyDomain)) entries.add(node);
  }
  const entered = [...entries].sort((a, b) => a.order - b.order);

  const actions = [
    ...exits.flatMap((node) => node.exit),
    ...transition.actions,
    ...entered.flatMap((node) => [
      ...node.entry,
      ...(defaultEntries.has(node) ? (node.initial?.actions ?? []) : []),
    ]),
  ];
  return { actions, leaf: deepest };
}

function isDescendant(node: NodeLike, ancestor: NodeLike | undefined): boolean {
  let marker = node;
  while (marker.parent && marker.parent !== ancestor) marker = marker.parent;
  return marker.parent === ancestor;
}

function rootOf(node: NodeLike): NodeLike {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

function leastCommonAncestor(target: NodeLike, source: NodeLike): NodeLike | undefined {
  for (let node = target.parent; node; node = node.parent) {
    if (isDescendant(source, node)) return node;
  }
  return undefined;
}
