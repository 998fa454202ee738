import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built entry must work from a plain Node ESM script: no tsx, no TypeScript. */
test('the built package is importable by plain Node as "opro"', () => {
  const script = `
    const m = await import('opro');
    const graded = m.gradeAnswer({ output: 'So the answer is (B) east.', target: '(B)', answerType: 'choice', prompt: 'Options: (A) west (B) east', mode: 'reference' });
    const prompt = m.renderInstructionMetaPrompt({ style: 'bracket', history: [{ instruction: 'Go.', score: 0.5, step: 0 }], exemplars: [], position: 'Q_begin', includeQA: false, scoreThreshold: 0, maxInstructions: 20, scoreBuckets: 100, instructionsBeforeExemplars: true });
    console.log(JSON.stringify({ names: ['optimize', 'evaluate', 'runOptimization', 'defineProblem', 'createModel'].map((n) => typeof m[n]), graded, endsWithBracketAsk: prompt.endsWith('Write the text in square brackets.'), shows50: prompt.includes('text:\\nGo.\\nscore:\\n50\\n') }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const result = JSON.parse(out) as { names: string[]; graded: { prediction: string; correct: boolean }; endsWithBracketAsk: boolean; shows50: boolean };
  assert.deepEqual(result.names, ['function', 'function', 'function', 'function', 'function']);
  assert.deepEqual(result.graded, { prediction: '(b)', correct: true });
  assert.equal(result.endsWithBracketAsk, true);
  assert.equal(result.shows50, true);
});
