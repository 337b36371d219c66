import { readFileSync } from 'node:fs';
import { CliError, EXIT_OK, EXIT_USAGE } from './CliError.js';
import type { CliCommand, CliIO } from './CliIO.js';
import { demoCommand } from './commands/demoCommand.js';
import { fitCommand } from './commands/fitCommand.js';
import { importCommand } from './commands/importCommand.js';
import { projectCommand } from './commands/projectCommand.js';
import { reportCommand } from './commands/reportCommand.js';
import { verifyCommand } from './commands/verifyCommand.js';
import { parseCommandArgs } from './parseCommandArgs.js';

/** The subcommands of `tenure`, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  importCommand,
  verifyCommand,
  projectCommand,
  fitCommand,
  reportCommand,
  demoCommand,
];

function overview(): string {
  const width = Math.max(...cliCommands.map((command) => command.name.length));
  return [
    'Usage: tenure <command> [options]',
    '',
    'Customer life-cycle projections from an append-only event log.',
    '',
    'Commands:',
    ...cliCommands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Run `tenure <command> --help` for a command's options and an example.",
    '',
    'Exit status: 0 success; 1 a file, log or data that cannot be used; 2 a wrong command line',
    '(no command or an unknown one, an unknown or missing option, a value an option does not take).',
    '',
    'Example:',
    '  tenure import orders.csv --log events.jsonl --currency EUR && tenure verify --log events.jsonl',
  ].join('\n');
}

/**
 * Runs the `tenure` command line and resolves to its exit status (0 success, 1 bad input,
 * 2 usage). Failures are written to `io.stderr` as one message that says what to do.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), process);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    // A wrong command line (exit 2), its overview on stderr: `tenure && next` must not go on.
    io.stderr.write(`tenure: no command given.\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const asked = name === 'help' ? args[0] : undefined;
    const topic = cliCommands.find((command) => command.name === asked);
    if (asked !== undefined && topic === undefined) return unknownCommand(asked, io);
    io.stdout.write(`${topic?.help ?? overview()}\n`);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const command = cliCommands.find((candidate) => candidate.name === name);
  if (command === undefined) return unknownCommand(name, io);
  try {
    const parsed = parseCommandArgs(command, args, io);
    return parsed === undefined ? EXIT_OK : await command.run(parsed, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

function unknownCommand(name: string, io: CliIO): number {
  io.stderr.write(
    `tenure: unknown command ${JSON.stringify(name)}; the commands are ${cliCommands.map((c) => c.name).join(', ')}.\nRun \`tenure --help\` for an overview.\n`,
  );
  return EXIT_USAGE;
}

function version(): string {
  // The sources and the bundled chunks sit at different depths: walk up to tenure's package.json.
  let directory = new URL('./', import.meta.url);
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', directory), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'tenure' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No readable package.json at this level: keep walking up.
    }
    directory = new URL('../', directory);
  }
  return 'unknown';
}
