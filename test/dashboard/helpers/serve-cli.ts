/**
 * `opro serve` as the CLI runs it, until the lead registers the command in src/cli/main.ts: a
 * commander program with only the serve command, parsing this process's arguments.
 */
import { Command } from 'commander';
import { registerServeCommand } from '../../../src/cli/commands/serve.js';

const program = new Command().name('opro').exitOverride();
registerServeCommand(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`opro: ${(error as Error).message}\n`);
  process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
}
