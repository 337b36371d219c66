import { canonicalJson } from '../events/canonicalJson.js';
import type { CompiledLifecycle } from '../machines/index.js';

/**
 * What identifies a lifecycle's projections: its name and version, machines, stages and machine
 * inputs. A snapshot is resumed, and a worker joins a PostgreSQL projection, only with the same.
 * Version 1 (the default) is left out, so that fingerprints from before versions existed still
 * match. Internal.
 */
export function lifecycleFingerprint(
  compiled: CompiledLifecycle,
  input: Readonly<Record<string, unknown>> | undefined,
): string {
  const { definition, machineIds, stages } = compiled;
  return `${definition.name}${versionTag(definition.version ?? 1)}(${machineIds.join(',')})[${stages.join(',')}]${canonicalJson(input ?? {})}`;
}

/**
 * The version a fingerprint of lifecycle `name` was made with, when `saved` and `current` differ
 * in their versions alone; undefined when they differ otherwise (another lifecycle, machines,
 * stages or inputs). Internal: for the message of a refused snapshot.
 */
export function savedVersionOf(saved: string, current: string, name: string): number | undefined {
  const savedParts = versionAndRest(saved, name);
  const currentParts = versionAndRest(current, name);
  if (savedParts === undefined || currentParts === undefined) return undefined;
  return savedParts.rest === currentParts.rest && savedParts.version !== currentParts.version
    ? savedParts.version
    : undefined;
}

function versionTag(version: number): string {
  return version === 1 ? '' : `@${version}`;
}

function versionAndRest(
  fingerprint: string,
  name: string,
): { version: number; rest: string } | undefined {
  if (!fingerprint.startsWith(name)) return undefined;
  const after = fingerprint.slice(name.length);
  const tagged = /^@([1-9][0-9]*)\(/.exec(after);
  if (tagged !== null) {
    return { version: Number(tagged[1]), rest: after.slice((tagged[1] as string).length + 1) };
  }
  return after.startsWith('(') ? { version: 1, rest: after } : undefined;
}
