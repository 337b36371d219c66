import { defaultLifecycle } from '../../machines/defaultLifecycle.js';
import type { LifecycleDefinition } from '../../machines/index.js';
import {
  crmCycleLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../machines/presets/index.js';
import { createLifecycle, type Lifecycle } from '../../projection/createLifecycle.js';
import { usageError } from '../CliError.js';

/** The lifecycle presets `--lifecycle` accepts, by their names. */
export const lifecyclePresets: readonly LifecycleDefinition[] = [
  defaultLifecycle,
  crmCycleLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  relationshipJourneyLifecycle,
  threePartLifecycle,
];

/** The `--lifecycle` preset, compiled; a usage error listing the presets for an unknown name. */
export function lifecycleFlag(command: string, value: string | boolean | undefined): Lifecycle {
  const definition = lifecycleDefinitionFlag(command, value);
  return definition === undefined ? createLifecycle() : createLifecycle({ definition });
}

/**
 * The `--lifecycle` preset's definition, undefined without the flag (the default lifecycle); a
 * usage error listing the presets for an unknown name.
 */
export function lifecycleDefinitionFlag(
  command: string,
  value: string | boolean | undefined,
): LifecycleDefinition | undefined {
  if (value === undefined) return undefined;
  const definition = lifecyclePresets.find((preset) => preset.name === value);
  if (definition === undefined)
    throw usageError(
      command,
      `--lifecycle ${JSON.stringify(value)} is not a preset; use one of ${lifecyclePresets.map((preset) => preset.name).join(', ')}.`,
    );
  return definition;
}
