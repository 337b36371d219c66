import { checkProjectionOptions } from '../checkProjectionOptions.js';
import type { Projection } from '../Projection.js';
import { checkStages } from './checkStages.js';
import { median } from './median.js';

const DAY = 86_400_000;

const FUNNEL_OPTIONS: readonly (keyof FunnelConversionOptions)[] = ['stages'];

/** Options of {@link funnelConversion}. */
export interface FunnelConversionOptions<TStage extends string = string> {
  /**
   * The funnel: stages in order, e.g. `['lead', 'opportunity', 'new customer']`. Default: the
   * lifecycle's funnel (`projection.funnel`: for the default lifecycle, prospect to advocate).
   */
  readonly stages?: readonly NoInfer<TStage>[];
}

/** One step of a funnel: from one stage to the next. */
export interface FunnelStep<TStage extends string = string> {
  readonly from: TStage;
  readonly to: TStage;
  /** Customers who ever entered `from`. */
  readonly entered: number;
  /**
   * Of those, customers who got past `from`: after their first entry into it, they entered
   * `to` or a later stage of the funnel that customers grow into (one of the lifecycle's
   * `funnel`, not a stage they fall back to such as lost). A customer who skips `to` (a new
   * customer who turns loyal without being a repeat buyer) has not dropped out at this step,
   * and neither has one who was past `from` before first entering it: a customer who skipped
   * it on the way up and fell back into it later (loyal, then at risk in a lifecycle where at
   * risk is a funnel stage; a customer who churned back to reach).
   */
  readonly converted: number;
  /**
   * `converted / entered`; `undefined` when nobody entered `from`. Customers who entered `from`
   * shortly before `asOf` count as not converted (yet): compare `medianDays` with their time in
   * the stage, or project at an earlier `asOf`, before reading a recent drop as a drop-out.
   */
  readonly rate: number | undefined;
  /**
   * Median time from the first entry into `from` to the first entry after it into `to` or such
   * a later stage, in days, over the converted customers who went through `from` (those past
   * it before entering it have no time for this step); `undefined` when there are none.
   */
  readonly medianDays: number | undefined;
}

/** The funnel as a whole. */
export interface FunnelConversion<TStage extends string = string> {
  readonly stages: readonly TStage[];
  /** Customers who ever entered each stage (once each, also for a stage the funnel names twice). */
  readonly entered: Readonly<Record<TStage, number>>;
  readonly steps: readonly FunnelStep<TStage>[];
}

/**
 * Conversion rates between consecutive stages of a funnel and the median time each step takes,
 * from the customers' stage histories: where customers drop out, and how long each stage lasts.
 * A step counts as converted the customers of its first stage who went on to the next stage or
 * a later one they grow into: skipping a stage is no drop-out, falling back (to lost) is, and
 * falling back into a stage got past before (a loyal customer at risk) is no drop-out there.
 *
 * @throws ProjectionError `TENURE_UNKNOWN_STAGE` for a stage the lifecycle does not have;
 *   `TENURE_INVALID_PROJECTION_INPUT` for an unknown option.
 *
 * @example
 * ```ts
 * const funnel = funnelConversion(projection, { stages: ['lead', 'opportunity', 'new customer'] });
 * funnel.steps[0]; // { from: 'lead', to: 'opportunity', entered: 120, converted: 45, rate: 0.375, medianDays: 12 }
 * ```
 */
export function funnelConversion<TStage extends string>(
  projection: Projection<TStage>,
  options: FunnelConversionOptions<TStage> = {},
): FunnelConversion<TStage> {
  checkProjectionOptions('funnelConversion', options, FUNNEL_OPTIONS);
  const stages = options.stages ?? projection.funnel;
  checkStages('funnelConversion', projection, stages);
  const entered = {} as Record<TStage, number>;
  for (const stage of stages) entered[stage] = 0;
  const converted = new Array<number>(Math.max(stages.length - 1, 0)).fill(0);
  const durations = converted.map((): number[] => []);
  // Past `from` is in `to` or a later stage customers grow into (not one they fall back to,
  // such as lost, and not `from` named again).
  const growth = new Set<string>(projection.funnel);
  const onward = converted.map(
    (_, index) =>
      new Set([
        stages[index + 1]!,
        ...stages.slice(index + 2).filter((s) => s !== stages[index] && growth.has(s)),
      ]),
  );
  // A stage named twice in the funnel is one stage: its customers are counted once.
  const distinct = [...new Set(stages)];
  // Was past `from` before entering it: only a stage customers grow into after `from` says so
  // (a customer lost before becoming a lead has not got past lead).
  const order = projection.funnel as readonly string[];
  const grownPast = onward.map((set, index) => {
    const rank = order.indexOf(stages[index]!);
    return new Set([...set].filter((stage) => rank >= 0 && order.indexOf(stage) > rank));
  });
  // Index in the history of the first entry into each stage.
  const firstEntry = new Map<string, number>();
  for (const customer of projection.customers) {
    const history = customer.history;
    firstEntry.clear();
    history.forEach((entry, position) => {
      if (!firstEntry.has(entry.stage)) firstEntry.set(entry.stage, position);
    });
    for (const stage of distinct) if (firstEntry.has(stage)) entered[stage]++;
    for (let index = 0; index < stages.length - 1; index++) {
      const from = firstEntry.get(stages[index]!);
      if (from === undefined) continue;
      if (firstEntryIn(history, grownPast[index]!, 0, from) !== undefined) {
        converted[index]!++;
        continue;
      }
      const to = firstEntryIn(history, onward[index]!, from + 1, history.length);
      if (to === undefined) continue;
      converted[index]!++;
      durations[index]!.push((history[to]!.at - history[from]!.at) / DAY);
    }
  }
  const steps: FunnelStep<TStage>[] = converted.map((count, index) => {
    const from = stages[index]!;
    const total = entered[from];
    return {
      from,
      to: stages[index + 1]!,
      entered: total,
      converted: count,
      rate: total === 0 ? undefined : count / total,
      medianDays: median(durations[index]!),
    };
  });
  return { stages: [...stages], entered, steps };
}

/** Index of the first entry of `history[start, end)` into one of `stages`. */
function firstEntryIn(
  history: Projection['customers'][number]['history'],
  stages: ReadonlySet<string>,
  start: number,
  end: number,
): number | undefined {
  for (let index = start; index < end; index++) {
    if (stages.has(history[index]!.stage)) return index;
  }
  return undefined;
}
