/**
 * The paper's four positions as templates: rendering them must give exactly today's scorer prompts
 * (buildScorerPrompt, the reference's gen_prompt) on real benchmark questions and on awkward inputs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/datasets/index.js';
import type { DatasetExample } from '../../src/datasets/types.js';
import { buildScorerPrompt } from '../../src/problems/instructions/scorer-prompt.js';
import { INSTRUCTION_POSITIONS, POSITIONS_WITHOUT_QA } from '../../src/problems/instructions/types.js';
import { positionTemplate } from '../../src/prompts/presets.js';
import { renderPrompt } from '../../src/prompts/template.js';
import { SHARED_DATASETS } from '../helpers/shared.js';

const INSTRUCTIONS = [
  '',
  "Let's think step by step.",
  ' ',
  '\n',
  'Take a deep breath and work on this problem step-by-step.\n',
  'Use {{question}} literally and {{instruction}} too.',
  'Ends with a space ',
];

const AWKWARD_QUESTIONS = ['', '\n', 'What is {{instruction}}?', 'trailing newline\n', ' leading space', 'Q: nested\n\nA: markers'];

async function realQuestions(): Promise<string[]> {
  const options = { dataDir: SHARED_DATASETS, fetch: (() => Promise.reject(new Error('no network in tests'))) as typeof fetch };
  const picked: DatasetExample[] = [];
  for (const id of ['gsm8k', 'bbh/navigate', 'bbh/date_understanding', 'multiarith', 'aqua']) {
    const dataset = await loadDataset(id, options);
    picked.push(...dataset.pool.slice(0, 15));
  }
  return picked.map((example) => example.question);
}

describe('position presets are byte-identical to the scorer prompts', () => {
  test('every position, with and without Q:/A:, on real questions and awkward ones', async () => {
    const questions = [...(await realQuestions()), ...AWKWARD_QUESTIONS];
    assert.ok(questions.length > 60);
    let compared = 0;
    for (const includeQA of [true, false]) {
      const positions = includeQA ? INSTRUCTION_POSITIONS : POSITIONS_WITHOUT_QA;
      for (const position of positions) {
        const template = positionTemplate(position, includeQA);
        for (const question of questions) {
          for (const instruction of INSTRUCTIONS) {
            const expected = buildScorerPrompt({ instruction, question, position, includeQA });
            const rendered = renderPrompt(template, instruction, { question });
            assert.equal(rendered.text, expected, `${position} includeQA=${includeQA} ${JSON.stringify(instruction)} ${JSON.stringify(question.slice(0, 40))}`);
            assert.equal(rendered.messages, undefined);
            compared += 1;
          }
        }
      }
    }
    assert.equal(compared, questions.length * INSTRUCTIONS.length * 6);
  });

  test('positions that need Q:/A: markers have no template without them', () => {
    assert.throws(() => positionTemplate('before_Q', false), /needs the "Q:"\/"A:" markers/);
    assert.throws(() => positionTemplate('A_begin', false), /needs the "Q:"\/"A:" markers/);
  });
});
