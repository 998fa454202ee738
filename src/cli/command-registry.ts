/**
 * The CLI's commands, each loaded only when it runs. Importing every command up front pulls in the
 * whole project (SQLite, zod, the price catalog, ~400 modules) and made `opro --version` take
 * seconds; with this table `opro --help` and `opro --version` load commander and nothing else, and
 * `opro <command>` loads that one command.
 */
import type { Command } from 'commander';
import type { KindRegistry } from '../kinds/registry.js';

/**
 * Registers a full command. `kinds` is the program's problem kinds when it is not the built-in set
 * (a test's or an embedding program's); commands over runs of any kind read it.
 */
export type RegisterCommand = (program: Command, kinds?: KindRegistry) => void;

export interface CommandEntry {
  name: string;
  /** The one line `opro --help` lists; the command's own --help shows the same line. */
  summary: string;
  /** Registers the full command (options, action) on the program. */
  load: () => Promise<RegisterCommand>;
}

export const COMMAND_SUMMARIES = {
  optimize: 'find the instruction that maximizes the scorer\'s accuracy on a dataset (the paper\'s main application), or its score on a task file\'s metric (--task)',
  evaluate: 'score instructions on a split and print the accuracy (a task metric: mean score) of each with its interval, each compared with the first (the reference\'s evaluate_instructions.py)',
  linreg: 'the paper\'s linear regression demo: the optimizer finds (w, b) from scored pairs alone (Table 2)',
  tsp: 'the paper\'s travelling salesman demo: the optimizer proposes tours from scored traces (Table 3)',
  'judge-check': "check a task's LLM judge against human labels: agreement, Cohen's kappa with a 95% interval, disagreements",
  runs: 'list, show, export, resume and delete recorded runs',
  serve: 'a live dashboard of the recorded runs in your browser: curves, instructions, meta-prompts, examples',
  datasets: 'list the built-in datasets (downloaded once from their public source, then cached and verified)',
} as const;

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'optimize', summary: COMMAND_SUMMARIES.optimize, load: async () => (await import('./commands/optimize.js')).registerOptimizeCommand },
  { name: 'evaluate', summary: COMMAND_SUMMARIES.evaluate, load: async () => (await import('./commands/evaluate.js')).registerEvaluateCommand },
  { name: 'judge-check', summary: COMMAND_SUMMARIES['judge-check'], load: async () => (await import('./commands/judge-check.js')).registerJudgeCheckCommand },
  // A problem kind's command lives in the kind's folder; only its name and summary are here, so that
  // `opro --help` loads no kind.
  { name: 'linreg', summary: COMMAND_SUMMARIES.linreg, load: async () => (await import('../problems/linear-regression/command.js')).registerLinregCommand },
  { name: 'tsp', summary: COMMAND_SUMMARIES.tsp, load: async () => (await import('../problems/tsp/command.js')).registerTspCommand },
  { name: 'runs', summary: COMMAND_SUMMARIES.runs, load: async () => (await import('./commands/runs.js')).registerRunsCommand },
  { name: 'serve', summary: COMMAND_SUMMARIES.serve, load: async () => (await import('./commands/serve.js')).registerServeCommand },
  { name: 'datasets', summary: COMMAND_SUMMARIES.datasets, load: async () => (await import('./commands/datasets.js')).registerDatasetsCommand },
];

/**
 * The command the arguments invoke (`opro help <command>` included), or undefined for `opro`,
 * `opro --help`, `opro --version` and unknown names. The program itself takes no option with a
 * value, so the first word that is not an option is the command.
 */
export function invokedCommandName(args: readonly string[]): string | undefined {
  const index = args.findIndex((arg) => !arg.startsWith('-'));
  if (index < 0) return undefined;
  const word = args[index] === 'help' ? args[index + 1] : args[index];
  return COMMANDS.some((entry) => entry.name === word) ? word : undefined;
}

/**
 * Registers the invoked command in full and every other one as a name and summary: enough for the
 * command list, for "did you mean" on a typo, and for `opro help`.
 */
export async function registerCommands(program: Command, args: readonly string[], kinds?: KindRegistry): Promise<void> {
  const invoked = invokedCommandName(args);
  for (const entry of COMMANDS) {
    if (entry.name === invoked) (await entry.load())(program, kinds);
    else program.command(entry.name).description(entry.summary);
  }
}
