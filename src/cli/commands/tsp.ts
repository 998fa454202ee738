import type { Command } from 'commander';
import { formatTspTable, PAPER_TSP_SIZES, runTspExperiment, type TspExperimentEvent } from '../../problems/tsp/index.js';
import { addModelOptions, setupModels } from '../model-setup.js';
import { integer, number } from '../parsers.js';
import { interruptSignal } from '../interrupt.js';
import { ExperimentRuns } from '../../runs/experiment-runs.js';
import { DEFAULT_STORE_PATH } from '../../store/index.js';
import { COMMAND_SUMMARIES } from '../command-registry.js';

const DEFAULT_INSTANCES = 5;
const DEFAULT_STEPS = 500;

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 3)) throw new Error(`--sizes expects integers >= 3 separated by commas, got "${value}"`);
  return sizes;
}

function progressLine(event: TspExperimentEvent): string | null {
  const tag = `n=${event.n} instance ${event.instance + 1}`;
  if (event.type === 'instance-started') {
    const b = event.baselines;
    return `${tag}: NN ${b.nearestNeighbour.length.toFixed(1)}, FI ${b.farthestInsertion.length.toFixed(1)}, ${b.reference.kind} ${b.reference.length.toFixed(1)}`;
  }
  if (event.type === 'instance-finished') {
    const r = event.result;
    return `${tag}: OPRO best gap ${r.gaps.opro === null ? "n/a" : `${r.gaps.opro.toFixed(1)}%`}${r.stepsToOptimum !== null ? `, optimum at step ${r.stepsToOptimum}` : ''}, invalid replies ${r.replyCounts.unparsable}`;
  }
  if (event.type === 'engine' && event.event.type === 'step-finished' && event.event.best) {
    return `${tag} step ${event.event.step}: best length ${event.event.best.score.toFixed(1)}`;
  }
  return null;
}

export function registerTspCommand(program: Command): void {
  const command = program
    .command('tsp')
    .description(COMMAND_SUMMARIES.tsp);
  addModelOptions(command, { scorer: false });
  command
    .option('--sizes <list>', `numbers of points, comma-separated (paper ${PAPER_TSP_SIZES.join(',')})`, parseSizes, [...PAPER_TSP_SIZES])
    .option('--n <n>', 'a single number of points (same as --sizes n)', integer(3))
    .option('--instances <n>', `instances per size (paper ${DEFAULT_INSTANCES})`, integer(1), DEFAULT_INSTANCES)
    .option('--steps <n>', `step limit per instance (reference ${DEFAULT_STEPS})`, integer(1), DEFAULT_STEPS)
    .option('--candidates <n>', 'optimizer calls per step (reference 8)', integer(1), 8)
    .option('--extra-draws <n>', 'extra calls per step when replies hold no valid tour (the reference loops forever)', integer(0), 8)
    .option('--temperature <t>', 'optimizer temperature (reference 1.0)', number(0, 2), 1)
    .option('--seed <n>', 'seed for the points and starting tours (the reference sets none)', integer(0), 0)
    .option('--store <path>', `run store; each instance is recorded as a run (default ${DEFAULT_STORE_PATH})`)
    .option('--resume <group>', 'continue an experiment (its group id x-... is in opro runs show): finished work is replayed from the cache')
    .option('--json', 'print the results as JSON')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', `
Baselines per instance: nearest neighbour, farthest insertion (as the reference codes it), and the exact
optimum by Held-Karp for n <= 20 (a 2-opt + Or-opt heuristic above, labelled as such).

Examples:
  $ opro tsp -o openai:gpt-4o-mini --n 10 --instances 2 --steps 30
  $ opro tsp -o openai:gpt-4o --budget 20`)
    .action(async (flags: Record<string, unknown>) => {
      const sizes = flags.n !== undefined ? [flags.n as number] : (flags.sizes as number[]);
      const models = await setupModels(flags, { scorer: false });
      const interrupt = interruptSignal();
      const runs = ExperimentRuns.open({
        storePath: (flags.store as string | undefined) ?? DEFAULT_STORE_PATH,
        kind: 'tsp',
        optimizer: models.optimizer.spec,
        flags: Object.fromEntries(Object.entries(flags).filter(([k]) => !['resume', 'quiet', 'json'].includes(k))),
        ...(flags.resume ? { group: flags.resume as string } : {}),
      });
      let costAtStart = 0;
      if (!flags.quiet) process.stderr.write(`recording experiment ${runs.group} (resume with: opro tsp --resume ${runs.group})\n`);
      try {
        const result = await runTspExperiment({
          optimizer: models.optimizer,
          sizes,
          instances: flags.instances as number,
          steps: flags.steps as number,
          seed: flags.seed as number,
          candidatesPerStep: flags.candidates as number,
          maxExtraDrawsPerStep: flags.extraDraws as number,
          optimizerTemperature: flags.temperature as number,
          signal: interrupt.signal,
          shouldStop: models.shouldStop,
          onEvent: (event) => {
            if (event.type === 'instance-started') {
              costAtStart = models.usage().total.costUsd;
              const b = event.baselines;
              runs.begin(`n=${event.n}#${event.instance}`, `n=${event.n}, instance ${event.instance + 1}`, {
                seed: event.seed,
                points: event.points.map((p) => [p.x, p.y]),
                baselines: { nearestNeighbour: b.nearestNeighbour, farthestInsertion: b.farthestInsertion, reference: b.reference },
              });
            } else if (event.type === 'engine') runs.record(event.event);
            // The meter spans the whole experiment: each run is charged what was spent since it began.
            else if (event.type === 'instance-finished') runs.end(event.result.status, event.result.reason, { costUsd: models.usage().total.costUsd - costAtStart });
            const line = flags.quiet ? null : progressLine(event);
            if (line) process.stderr.write(`${line}\n`);
          },
        });
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, usage: models.usage() }, null, 2)}\n`);
        else process.stdout.write(`${formatTspTable(result.rows, { label: models.optimizer.spec })}\n${models.formatUsage()}\n`);
        if (result.stopped) process.stderr.write(`stopped early: ${result.stopped.reason}\n`);
      } finally {
        runs.end('failed', 'the experiment stopped before this instance finished');
        interrupt.dispose();
        await models.close();
      }
    });
}
