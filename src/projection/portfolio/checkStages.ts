import type { Projection } from '../Projection.js';
import { ProjectionError } from '../ProjectionError.js';

/** Throws when a stage name is not one of the projection's lifecycle stages. Internal. */
export function checkStages(api: string, projection: Projection, stages: readonly string[]): void {
  for (const stage of stages) {
    if (!projection.stages.includes(stage)) {
      throw new ProjectionError(
        'TENURE_UNKNOWN_STAGE',
        `${api}: "${stage}" is not a stage of lifecycle "${projection.lifecycle}"; use one of ${projection.stages.map((name) => `"${name}"`).join(', ')}.`,
      );
    }
  }
}

/** The active stages given, else the projection's; throws when neither says. Internal. */
export function activeStagesOf<TStage extends string>(
  api: string,
  projection: Projection<TStage>,
  given: readonly TStage[] | undefined,
): ReadonlySet<TStage> {
  const stages = given ?? projection.activeStages;
  if (stages === undefined) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: lifecycle "${projection.lifecycle}" does not say which stages count as active customers; pass activeStages (some of ${projection.stages.map((name) => `"${name}"`).join(', ')}) here or to createLifecycle.`,
    );
  }
  checkStages(api, projection, stages);
  return new Set(stages);
}
