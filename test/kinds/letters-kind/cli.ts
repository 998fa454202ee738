import { Command, CommanderError } from 'commander';
import { registerCommands } from '../../../src/cli/command-registry.js';
import { builtinKinds } from '../../../src/kinds/builtin.js';
import { lettersKind } from './kind.js';

/**
 * opro's command line with the letters kind registered beside the built-in ones: how a project that
 * adds its own problem kind ships an `opro` that knows it. The plug-in test runs it as a child
 * process, so what it prints is the command's output alone (capturing process.stdout inside the test
 * process also caught the test runner's own report, written while a command awaited its work).
 */
const program = new Command().name('opro').exitOverride();
try {
  await registerCommands(program, process.argv.slice(2), builtinKinds().with(lettersKind));
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? error.exitCode : 1;
  if (!(error instanceof CommanderError)) process.stderr.write(`opro: ${(error as Error).message}\n`);
}
