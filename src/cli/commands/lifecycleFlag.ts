import { describeValue } from '../../errors/describeValue.js';
import { isTenureError } from '../../errors/TenureError.js';
import { defaultLifecycle } from '../../machines/defaultLifecycle.js';
import { isLifecycleDefinition } from '../../machines/defineLifecycle.js';
import type { LifecycleDefinition } from '../../machines/index.js';
import {
  crmCycleLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../machines/presets/index.js';
import { createLifecycle, type Lifecycle } from '../../projection/createLifecycle.js';
import { isLifecycle } from '../../projection/isLifecycle.js';
import { stripApi, usageError } from '../CliError.js';
import { exportOf, loadModuleFlag } from './loadModuleFlag.js';

/** The lifecycle presets `--lifecycle` accepts, by their names. */
export const lifecyclePresets: readonly LifecycleDefinition[] = [
  defaultLifecycle,
  crmCycleLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  relationshipJourneyLifecycle,
  threePartLifecycle,
];

/** The `--lifecycle` lines of a command's help, their descriptions from `column` on. */
export function lifecycleHelp(column: number): string {
  const presets = lifecyclePresets.map((preset) => preset.name).join(', ');
  const text = `${presets} (default: default), or a .js/.mjs/.cjs module that exports, as lifecycle or as its default export, your defineLifecycle(...) or createLifecycle({ definition, input }) (to set its machines' inputs)`;
  const lines: string[] = [];
  let line = `  ${'--lifecycle <preset>'.padEnd(column - 2)}`;
  for (const word of text.split(' ')) {
    const empty = line.length === column;
    if (!empty && line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = ' '.repeat(column);
    }
    line += line.length === column ? word : ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The longest line of the help texts. */
const HELP_WIDTH = 95;

/**
 * The `--lifecycle` lifecycle, compiled; the default lifecycle without the flag. The flag names
 * a preset, or the path of a JavaScript module (`.js`, `.mjs`, `.cjs`) that exports, as
 * `lifecycle` or as its default export, your `defineLifecycle(...)` or the `Lifecycle` that
 * `createLifecycle({ definition, input })` makes (the way to set its machines' inputs, e.g.
 * retention's `expectedGapDays`). A usage error lists the presets for any other name, and says
 * what a module exports when it is neither.
 */
export async function lifecycleFlag(
  command: string,
  value: string | boolean | undefined,
): Promise<Lifecycle> {
  if (value === undefined) return createLifecycle();
  const preset = lifecyclePresets.find((candidate) => candidate.name === value);
  if (preset !== undefined) return createLifecycle({ definition: preset });
  if (typeof value !== 'string' || !MODULE_PATH.test(value))
    throw usageError(
      command,
      `--lifecycle ${JSON.stringify(value)} is not a preset; use one of ${lifecyclePresets.map((candidate) => candidate.name).join(', ')}, or the path of a module that exports your lifecycle (e.g. ./lifecycle.mjs).`,
    );
  const exported = exportOf(await loadModuleFlag(command, 'lifecycle', value), 'lifecycle');
  if (isLifecycle(exported)) return exported;
  if (!isLifecycleDefinition(exported))
    throw usageError(
      command,
      `--lifecycle ${value} must export a lifecycle, defineLifecycle(...) or createLifecycle({ definition, input }), as \`export const lifecycle = ...\` or a default export; it exports ${describeValue(exported)}.`,
    );
  try {
    return createLifecycle({ definition: exported });
  } catch (error) {
    if (!isTenureError(error, 'TENURE_INVALID_LIFECYCLE')) throw error;
    throw usageError(command, `--lifecycle ${value}: ${stripApi(error.message)}`);
  }
}

/** A `--lifecycle` value naming a module rather than a preset: a JavaScript file's path. */
const MODULE_PATH = /\.[cm]?js$/;
