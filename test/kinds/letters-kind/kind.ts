/**
 * A problem kind that exists only in tests, to prove the plug-in shape: everything about it is in
 * this folder, and a program knows it through one registration line (`builtinKinds().with(lettersKind)`).
 *
 * The problem: propose a word; it is evaluated on target words (the examples), each scoring the
 * share of the target's letters it contains, with feedback naming the missing ones.
 */
import type { Evaluation, EvaluateContext, HistoryEntry, MetaPrompt, ParseResult, Problem } from '../../../src/engine/problem.js';
import type { ProblemKind } from '../../../src/kinds/types.js';

export const LETTERS_KIND = 'letters';
export const TARGETS = ['opro', 'prompt', 'optimizer'] as const;

export interface LettersOptions {
  initial: string[];
}

function gradeOne(word: string, target: string): { score: number; missing: string[] } {
  const letters = [...new Set(target)];
  const missing = letters.filter((letter) => !word.includes(letter));
  return { score: (letters.length - missing.length) / letters.length, missing };
}

export function lettersProblem(options: LettersOptions): Problem<string> {
  return {
    kind: LETTERS_KIND,
    direction: 'maximize',
    initialSolutions: () => options.initial,
    buildMetaPrompt(history: readonly HistoryEntry<string>[]): MetaPrompt {
      return { text: `Propose a word. So far:\n${history.map((e) => `${e.solution}: ${e.score}`).join('\n')}` };
    },
    parseReply(reply: string): ParseResult<string> {
      const word = /<word>(\w+)<\/word>/.exec(reply)?.[1];
      return word ? { ok: true, solution: word } : { ok: false, reason: 'no <word>' };
    },
    key: (word) => word,
    describe: (word) => word,
    async evaluate(words: readonly string[], context: EvaluateContext<string>): Promise<Evaluation[]> {
      return words.map((word) => {
        let total = 0;
        TARGETS.forEach((target, exampleIndex) => {
          const { score, missing } = gradeOne(word, target);
          total += score;
          context.emit({
            type: 'example-evaluated', key: word, split: 'train', exampleIndex, input: target, expected: target, output: word,
            score, feedback: missing.length > 0 ? `missing ${missing.join(', ')}` : null, outcome: 'answered', errorMessage: null,
            fields: { missingLetters: missing.length }, usage: { inputTokens: 0, outputTokens: 0 }, cached: false, latencyMs: 0,
          });
        });
        return { score: total / TARGETS.length, stats: { answered: TARGETS.length } };
      });
    },
  };
}

export const lettersKind: ProblemKind = {
  view: {
    name: LETTERS_KIND, solutionsLabel: 'Words', solutionLabel: 'Word', scoreFormat: 'percent', scoreLabel: 'letters covered',
    logScale: false, heldOut: false, examples: true, exampleLabels: { input: 'Target', output: 'Word', expected: 'Expected' },
    exampleFields: [{ name: 'missingLetters', label: 'Missing letters' }], figures: [],
  },
  createProblem: (options: LettersOptions) => lettersProblem(options),
  describeSolution: (solution, text) => (typeof solution === 'string' ? `«${solution}»` : text),
  summaryFigures: ({ summary }) => [{ label: 'Best coverage', score: summary.bestScore, title: `over ${TARGETS.length} target words` }],
  exportColumns: [{ name: 'word_length', value: (candidate) => (typeof candidate.solution === 'string' ? candidate.solution.length : null) }],
  endpoints: [
    {
      name: 'letters',
      read: (reader, run) => ({ words: reader.scoredCandidates(run.id, 100, 0).map((row) => row.solution) }),
    },
  ],
};
