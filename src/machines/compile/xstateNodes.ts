/** The parts of an XState v5 StateNode the compiler reads (XState's own runtime objects). */
export interface NodeLike {
  readonly id: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly parent?: NodeLike;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly unknown[];
  readonly after: readonly unknown[];
  readonly invoke: readonly unknown[];
  readonly initial?: { readonly target: readonly NodeLike[]; readonly actions: readonly unknown[] };
  readonly order: number;
  readonly config: Readonly<Record<string, unknown>>;
}

/** The parts of an XState v5 transition definition the compiler reads. */
export interface TransitionLike {
  readonly source: NodeLike;
  readonly target?: readonly NodeLike[];
  readonly reenter: boolean;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
}

/** Any event a compiled machine steps on: XState's own event shape. */
export type AnyEvent = { readonly type: string };
