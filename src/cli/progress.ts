import cliProgress from 'cli-progress';
import type { OptimizeEvent } from '../optimize/optimize.js';
import { isExampleEvaluated, type ExampleEvaluatedEvent } from '../engine/problem-events.js';
import { stepLabel } from '../engine/step-label.js';
import { safeText } from '../util/terminal-text.js';

/** Longest instruction text shown on one progress line; the full text is in the final report and the store. */
const PREVIEW_CHARS = 90;

export function preview(text: string, max = PREVIEW_CHARS): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty instruction)';
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function percent(score: number | null | undefined): string {
  return score === null || score === undefined ? '  n/a' : `${(score * 100).toFixed(1).padStart(5)}`;
}

/**
 * Turns the run's event stream into terminal output on stderr: a progress bar for scored examples when
 * stderr is a terminal, plain lines otherwise (CI logs, pipes), so stdout stays clean for results.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;
  private graded = 0;
  private failed = 0;
  private readonly interactive: boolean;
  get isQuiet(): boolean {
    return this.quiet;
  }

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly quiet = false) {
    this.interactive = Boolean(out.isTTY) && !quiet;
  }

  private line(text: string): void {
    if (this.quiet) return;
    if (this.bar) this.bar.stop();
    // Model text (instructions, error bodies) may hold escape sequences or an echoed key.
    this.out.write(`${safeText(text)}\n`);
    if (this.bar) this.bar.start(this.bar.getTotal(), this.graded, { failed: this.failed });
  }

  private startBar(total: number, label: string): void {
    this.stopBar();
    this.graded = 0;
    this.failed = 0;
    if (!this.interactive || total === 0) {
      // Examples, not calls: --extract-final-answer makes two calls per example, racing stops some early.
      if (!this.quiet) this.out.write(`${label}: ${total} examples to score\n`);
      return;
    }
    this.bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} examples | {failed} failed | eta {eta_formatted}`, stream: this.out, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { failed: 0 });
  }

  stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }

  private readonly replies = new Map<string, number>();
  private summaryPrinted = false;

  private printReplySummary(): void {
    if (this.summaryPrinted) return;
    this.summaryPrinted = true;
    this.line(this.replySummary());
  }
  private readonly reasons = new Map<string, number>();

  /** e.g. "  8 replies: 5 new candidates, 2 duplicate, 1 rejected (too long (612 > 500 characters))" */
  private replySummary(): string {
    const total = [...this.replies.values()].reduce((a, b) => a + b, 0);
    const accepted = this.replies.get('accepted') ?? 0;
    const others = [...this.replies.entries()].filter(([k]) => k !== 'accepted').map(([k, n]) => `${n} ${k}`);
    const reasons = [...this.reasons.entries()].map(([r, n]) => (n > 1 ? `${r} x${n}` : r));
    return `  ${total} replies: ${accepted} new candidate${accepted === 1 ? '' : 's'}${others.length ? `, ${others.join(', ')}` : ''}${reasons.length ? ` (${reasons.join('; ')})` : ''}`;
  }

  private trainSize = 0;
  private testSize = 0;
  private totalSteps = 0;

  private stepName(step: number): string {
    return step < 0 ? 'initial' : `step ${stepLabel(step)}${this.totalSteps > 0 ? `/${this.totalSteps}` : ''}`;
  }

  handle = (event: OptimizeEvent): void => {
    switch (event.type) {
      case 'split':
        this.trainSize = event.train;
        this.testSize = event.test;
        this.line(`dataset ${event.datasetId}: ${event.train} training examples, ${event.test} held-out`);
        break;
      case 'run-started':
        this.totalSteps = event.steps;
        break;
      case 'initial-started':
        break;
      case 'step-started':
        this.replies.clear();
        this.reasons.clear();
        this.summaryPrinted = false;
        this.line(`${this.stepName(event.step)}: asking the optimizer`);
        break;
      case 'warning':
        this.line(`warning: ${event.message}`);
        break;
      case 'optimizer-reply':
        this.replies.set(event.disposition, (this.replies.get(event.disposition) ?? 0) + 1);
        // Errors are worth a line each; the other outcomes are summed up when the step's evaluation starts.
        if (event.disposition === 'failed') this.line(`  optimizer call ${event.sampleIndex} failed: ${event.reason ?? 'unknown error'}`);
        else if (event.disposition !== 'accepted' && event.reason) this.reasons.set(event.reason, (this.reasons.get(event.reason) ?? 0) + 1);
        break;
      case 'evaluation-started':
        if (event.step >= 0) this.printReplySummary();
        this.startBar(event.candidates * this.trainSize, this.stepName(event.step));
        break;
      case 'candidate-scored': {
        const stats = event.entry.stats;
        const failed = stats?.failed ? ` (${stats.failed} calls failed)` : '';
        const partial = stats?.partial ? ` (raced out after ${stats.examplesSeen ?? stats.answered} examples)` : '';
        this.line(`  ${percent(event.entry.score)}%  ${preview(event.entry.solution)}${failed}${partial}`);
        break;
      }
      case 'candidate-unscored':
        this.line(`  unscored: ${preview(event.solution)} (${event.reason})`);
        break;
      case 'step-finished':
        this.stopBar();
        if (event.step >= 0) this.printReplySummary();
        this.line(`${this.stepName(event.step)} done: best so far ${event.best ? `${percent(event.best.score).trim()}%  ${preview(event.best.solution, 60)}` : 'none (nothing scored yet)'}`);
        break;
      case 'test-started':
        this.startBar(event.instructions * event.examples, 'held-out');
        break;
      case 'problem':
        if (isExampleEvaluated(event.event)) this.tick(event.event);
        break;
      case 'run-finished':
        this.stopBar();
        this.line(`run ${event.status}: ${event.reason}`);
        break;
      default:
        break;
    }
  };

  /** One example finished (of any kind's evaluation); only its outcome matters to the bar. */
  tick(event: Pick<ExampleEvaluatedEvent, 'outcome'>): void {
    this.graded += 1;
    if (event.outcome !== 'answered') this.failed += 1;
    this.bar?.update(this.graded, { failed: this.failed });
  }
}
