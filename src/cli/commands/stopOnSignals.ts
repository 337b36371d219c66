import { constants } from 'node:os';
import type { CliSignals } from '../CliIO.js';

/** A command's way to stop cleanly on SIGINT (Ctrl-C) or SIGTERM. */
export interface SignalStop {
  /** Aborts on the first signal; its `reason` is the signal's name. */
  readonly signal: AbortSignal;
  /** The signal that stopped the command, if one did. */
  stoppedBy(): NodeJS.Signals | undefined;
  /** Stops listening: the signals end the process as usual again. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM while a command runs. The first aborts `signal` (the command
 * finishes its step and reports), and stops listening, so a second one ends the process at once
 * as it would without this. `onStop` says so to the user.
 */
export function stopOnSignals(
  signals: CliSignals | undefined,
  onStop: (name: NodeJS.Signals) => void,
): SignalStop {
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const dispose = () => {
    signals?.off('SIGINT', listener);
    signals?.off('SIGTERM', listener);
  };
  function listener(name: NodeJS.Signals): void {
    dispose();
    stoppedBy = name;
    onStop(name);
    controller.abort(name);
  }
  signals?.on('SIGINT', listener);
  signals?.on('SIGTERM', listener);
  return { signal: controller.signal, stoppedBy: () => stoppedBy, dispose };
}

/** The exit status of a command a signal stopped, as shells report one: 128 + its number. */
export function exitStatusOfSignal(name: NodeJS.Signals): number {
  return 128 + (constants.signals[name] ?? 0);
}
