/**
 * --extract-final-answer with reference grading: the second prompt and the graded prediction, against
 * the reference's `evaluate_single_instruction(extract_final_answer_by_prompting_again=True)`.
 *
 * Every row below was produced by running that function (google-deepmind/opro at e81b2f5, CPython 3.11)
 * with a scripted scorer giving these two replies. The replies carry the characters where Python's
 * `strip` and JavaScript's `trim` disagree (U+001C..U+001F and U+0085 are Python whitespace; U+FEFF is
 * not), and answers that a second clean-up after normalization would change ("::a b").
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetExample, AnswerType } from '../../src/datasets/types.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import { FINAL_ANSWER_CUE, scoreInstruction, type ScorerSettings } from '../../src/problems/instructions/scoring.js';
import type { ExampleGradedEvent } from '../../src/problems/instructions/events.js';
import { gradeAnswer } from '../../src/problems/instructions/grading/index.js';

/** [answer type, question, gold, first reply, second reply, reference second prompt, reference prediction, reference correct] */
type Row = [AnswerType, string, string, string, string, string, string, boolean];

const REFERENCE_ROWS: Row[] = [
  ['number', 'What is 9 plus 9?', '18', 'It is 18.\u0085 Q: what next?', ' 18.\nQ: more', 'Solve it.\nWhat is 9 plus 9? It is 18. So the final answer is', '18', true],
  ['number', 'What is 1 plus 2?', '3', '\u001c 3 \u001f', ':\u001c 3 \u0085', 'Solve it.\nWhat is 1 plus 2? 3 So the final answer is', '3', true],
  ['number', 'What is 2 plus 2?', '4', '\ufeffFour\ufeff', '\ufeff: 4', 'Solve it.\nWhat is 2 plus 2? \ufeffFour\ufeff So the final answer is', '\ufeff', false],
  ['number', 'What is 5 plus 5?', '10', 'Ten. Q:', ': The answer is\u2028 10', 'Solve it.\nWhat is 5 plus 5? Ten. So the final answer is', '10', true],
  ['number', 'What is 6 plus 6?', '12', 'Twelve', '\u00a0:12:\u3000 apples', 'Solve it.\nWhat is 6 plus 6? Twelve So the final answer is', '', false],
  ['text', 'Sort: b a', 'a b', 'a b', 'answer is ::a b', 'Solve it.\nSort: b a a b So the final answer is', '::a b', true],
  ['text', 'Sort: d c', 'c d', 'c d', ' \u001d c d \u001e', 'Solve it.\nSort: d c c d So the final answer is', 'c d', true],
  ['text', 'Sort: f e', 'e f', 'e f', 'The answer is e f\u0085', 'Solve it.\nSort: f e e f So the final answer is', 'e f', true],
  ['text', 'Sort: h g', 'g h', 'g h', '\ufeffg h', 'Solve it.\nSort: h g g h So the final answer is', '\ufeffg h', true],
  ['boolean', 'Is it true?', 'True', 'True', '\u001f true \u001f', 'Solve it.\nIs it true? True So the final answer is', 'true', true],
  ['boolean', 'Is it false?', 'False', 'x', '::: False.:\n', 'Solve it.\nIs it false? x So the final answer is', 'false', true],
  ['boolean', 'Yes or no?', 'yes', 'x', 'answer: :yes\u0085', 'Solve it.\nYes or no? x So the final answer is', 'yes', true],
];

/** Scores one row through the real scoring path; returns what the scorer was asked and how it was graded. */
async function scoreRow(row: Row): Promise<{ prompts: string[]; event: ExampleGradedEvent }> {
  const [answerType, question, target, first, second] = row;
  const prompts: string[] = [];
  const scorer = createScriptedModel({
    respond: (request) => {
      prompts.push(request.prompt);
      return request.prompt.endsWith(` ${FINAL_ANSWER_CUE}`) ? second : first;
    },
  });
  const settings: ScorerSettings = {
    scorer, position: 'Q_begin', includeQA: false, answerType, multipleChoice: false, gradingMode: 'reference',
    temperature: 0, maxTokens: 1024, extractFinalAnswer: true,
  };
  const example: DatasetExample = { index: 0, question, target };
  const events: ExampleGradedEvent[] = [];
  await scoreInstruction(settings, 'Solve it.', 'k', [example], 'train', (event) => events.push(event));
  assert.equal(events.length, 1);
  return { prompts, event: events[0] as ExampleGradedEvent };
}

describe('--extract-final-answer with reference grading', () => {
  for (const row of REFERENCE_ROWS) {
    test(`${row[0]}: ${JSON.stringify(row[4])}`, async () => {
      const { prompts, event } = await scoreRow(row);
      assert.deepEqual(prompts, [`Solve it.\n${row[1]}`, row[5]], 'the second prompt keeps the first reply before "Q:", Python-stripped');
      assert.equal(event.prediction, row[6]);
      assert.equal(event.correct, row[7]);
    });
  }

  test('a first-round reply is still cleaned after normalization, a second-round one only before', () => {
    const first = gradeAnswer({ output: 'answer is ::a b', target: 'a b', answerType: 'text', mode: 'reference' });
    const again = gradeAnswer({ output: 'answer is ::a b', target: 'a b', answerType: 'text', mode: 'reference', extractedAgain: true });
    assert.equal(first.prediction, 'a b');
    assert.equal(again.prediction, '::a b');
  });
});
