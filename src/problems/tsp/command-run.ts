/** What `opro tsp` does once its flags are parsed (the options and help are in command.ts). */
import type { Command } from 'commander';
import { experimentFlags, runExperimentCommand } from '../../cli/experiment-command.js';
import type { TspFlags } from './command.js';
import { runTspExperiment, type TspExperimentEvent } from './experiment.js';
import { TSP_KIND } from './kind.js';
import { formatTspTable } from './table.js';
import { stepLabel } from '../../engine/step-label.js';

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
    return `${tag} step ${stepLabel(event.event.step)}: best length ${event.event.best.score.toFixed(1)}`;
  }
  return null;
}

export async function runTspCommand(given: TspFlags, cmd: Command): Promise<void> {
  const { flags, resume } = experimentFlags(given, cmd, 'tsp');
  const sizes = flags.n !== undefined ? [flags.n] : flags.sizes;
  await runExperimentCommand({
    name: 'tsp',
    kind: TSP_KIND,
    flags,
    resume,
    member: 'instance',
    run: (models, signal, onEvent) =>
      runTspExperiment({
        optimizer: models.optimizer, sizes, instances: flags.instances, steps: flags.steps, seed: flags.seed,
        candidatesPerStep: flags.candidates, maxExtraDrawsPerStep: flags.extraDraws, optimizerTemperature: flags.temperature,
        signal, shouldStop: models.shouldStop, onEvent,
      }),
    events: {
      started: (event) => {
        if (event.type !== 'instance-started') return null;
        const b = event.baselines;
        return {
          member: `n=${event.n}#${event.instance}`,
          label: `n=${event.n}, instance ${event.instance + 1}`,
          instance: {
            seed: event.seed,
            points: event.points.map((p) => [p.x, p.y]),
            baselines: { nearestNeighbour: b.nearestNeighbour, farthestInsertion: b.farthestInsertion, reference: b.reference },
          },
        };
      },
      engine: (event) => (event.type === 'engine' ? event.event : null),
      finished: (event) => (event.type === 'instance-finished' ? event.result : null),
      progress: progressLine,
    },
    formatTable: (result, label) => formatTspTable(result.rows, { label }),
  });
}
