export { CliError, EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from './CliError.js';
export type { CliCommand, CliIO } from './CliIO.js';
export { type DemoContext, type DemoSection, demoSections } from './demo/demoSections.js';
export { cliCommands, runCli } from './runCli.js';
