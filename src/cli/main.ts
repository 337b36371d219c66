#!/usr/bin/env node
import { runCli } from './runCli.js';

// `tenure demo | head` closes stdout early: the reader's choice, not a failure. Ignore it and
// let the command finish (the demo still removes its temporary log).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  throw error;
});

/** The `tenure` executable: runs the command line, and reports unexpected failures briefly. */
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Read when asked for: creating process.stdin for every command is not free.
  get stdin() {
    return process.stdin;
  },
  signals: process,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `tenure: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command you ran.\n`,
    );
    process.exitCode = 1;
  },
);
