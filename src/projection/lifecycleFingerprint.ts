import { canonicalJson } from '../events/canonicalJson.js';
import type { CompiledLifecycle } from '../machines/index.js';

/**
 * What identifies a lifecycle's projections: its name, machines, stages and machine inputs. A
 * snapshot is resumed, and a worker joins a PostgreSQL projection, only with the same. Internal.
 */
export function lifecycleFingerprint(
  compiled: CompiledLifecycle,
  input: Readonly<Record<string, unknown>> | undefined,
): string {
  const { definition, machineIds, stages } = compiled;
  return `${definition.name}(${machineIds.join(',')})[${stages.join(',')}]${canonicalJson(input ?? {})}`;
}
