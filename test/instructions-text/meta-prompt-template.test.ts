/**
 * The meta-prompt for a task's own template: each exemplar as the scorer sees it (`<INS>` where
 * `{{instruction}}` goes, chat turns with their roles), the task's description under the header, and
 * an expected output only where the data has one. Vectors are written out in full; the paper's
 * layouts (no taskTemplate) stay as they were, which the other meta-prompt tests hold byte for byte.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';
import { renderForMetaPrompt, type PromptTemplate } from '../../src/prompts/template.js';
import type { MetaPromptExemplar } from '../../src/problems/instructions/types.js';
import { prepareTask } from '../../src/tasks/prepare-task.js';
import { fileURLToPath } from 'node:url';

const TEXT: PromptTemplate = { kind: 'text', text: 'Ticket: {{ticket}}\n{{instruction}}\nLabel:' };
const CHAT: PromptTemplate = {
  kind: 'chat',
  messages: [
    { role: 'system', content: '{{instruction}}' },
    { role: 'user', content: 'Ticket: The app crashes.' },
    { role: 'assistant', content: 'bug' },
    { role: 'user', content: 'Ticket ({{channel}}): {{ticket}}' },
  ],
};
const history = [{ instruction: 'Label it.', score: 0.5, step: -1 }];

function exemplar(template: PromptTemplate, fields: Record<string, string>, answer: string): MetaPromptExemplar {
  return { question: fields['ticket'] ?? '', answer, input: renderForMetaPrompt(template, '<INS>', fields) };
}

describe('a task template rendered for the meta-prompt', () => {
  test('text: the template with <INS> in place and the fields filled in', () => {
    assert.equal(renderForMetaPrompt(TEXT, '<INS>', { ticket: 'I was charged twice.' }), 'Ticket: I was charged twice.\n<INS>\nLabel:');
  });

  test('chat: one turn a line with its role, fixed few-shot turns included', () => {
    assert.equal(
      renderForMetaPrompt(CHAT, '<INS>', { ticket: 'Where is my box?', channel: 'email' }),
      'System: <INS>\nUser: Ticket: The app crashes.\nAssistant: bug\nUser: Ticket (email): Where is my box?',
    );
  });
});

describe('the meta-prompt of a task with its own template', () => {
  test('bracket style, text template, expected outputs and the task description', () => {
    const text = renderInstructionMetaPrompt({
      style: 'bracket', history, position: 'Q_begin', scoreBuckets: 100,
      exemplars: [exemplar(TEXT, { ticket: 'I was charged twice.' }, 'billing'), exemplar(TEXT, { ticket: 'Where is my box?' }, 'shipping')],
      taskTemplate: { description: 'Route support tickets to the right team.' },
    });
    assert.equal(
      text,
      'I have some texts along with their corresponding scores. The texts are arranged in ascending order based on their scores, where higher scores indicate better quality.\n' +
        'The task: Route support tickets to the right team.\n\n' +
        '\ntext:\nLabel it.\nscore:\n50\n' +
        '\n\n' +
        'The following exemplars show how to apply your text: you replace <INS> in each input with your text, then read the input and give an output. Each exemplar gives the expected output.\n\n' +
        '\ninput:\nTicket: I was charged twice.\n<INS>\nLabel:\n\noutput:\nbilling\n' +
        '\ninput:\nTicket: Where is my box?\n<INS>\nLabel:\n\noutput:\nshipping\n' +
        '\n\nWrite your new text that is different from the old ones and has a score as high as possible. Write the text in square brackets.',
    );
  });

  test('tagged style, chat template, no gold answers (a judged task), no description', () => {
    const text = renderInstructionMetaPrompt({
      style: 'tagged', history, position: 'Q_begin', scoreBuckets: 100,
      exemplars: [exemplar(CHAT, { ticket: 'Where is my box?', channel: 'chat' }, '')],
      taskTemplate: {},
    });
    assert.equal(
      text,
      'Your task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\n' +
        '\ntext:\nLabel it.\nscore:\n50\n' +
        '\n\n' +
        'Below are some inputs; <INS> marks where the instruction goes.\n' +
        '\ninput:\nSystem: <INS>\nUser: Ticket: The app crashes.\nAssistant: bug\nUser: Ticket (chat): Where is my box?\n' +
        '\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all the instructions <INS> above. The instruction should begin with <INS> and end with </INS>. The instruction should be concise, effective, and generally applicable to all problems above.',
    );
  });

  test('tagged style with gold answers and exemplars first; description under the header', () => {
    const text = renderInstructionMetaPrompt({
      style: 'tagged', history, position: 'Q_begin', scoreBuckets: 100, instructionsBeforeExemplars: false,
      exemplars: [exemplar(TEXT, { ticket: 'Refund please.' }, 'billing')],
      taskTemplate: { description: 'Label tickets.' },
    });
    assert.ok(
      text.startsWith(
        'Below are some inputs; <INS> marks where the instruction goes. Each comes with its expected output.\n' +
          '\ninput:\nTicket: Refund please.\n<INS>\nLabel:\n\nGround truth answer:\nbilling\n' +
          '\n\nYour task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\nThe task: Label tickets.\n',
      ),
      text,
    );
  });

  test("without taskTemplate an exemplar's input is ignored: the paper's layout, unchanged", () => {
    const paper = { style: 'bracket' as const, history, position: 'Q_begin' as const, includeQA: true, scoreBuckets: 100 };
    const plain = renderInstructionMetaPrompt({ ...paper, exemplars: [{ question: 'Refund please.', answer: 'billing' }] });
    const withInput = renderInstructionMetaPrompt({ ...paper, exemplars: [exemplar(TEXT, { ticket: 'Refund please.' }, 'billing')] });
    assert.equal(withInput, plain);
    assert.ok(plain.includes('\ninput:\nQ: <INS>\nRefund please.\nA:\noutput:\nbilling\n'));
  });

  test('an exemplar without its rendered input is a programming error, said plainly', () => {
    assert.throws(
      () => renderInstructionMetaPrompt({ style: 'bracket', history, position: 'Q_begin', exemplars: [{ question: 'q', answer: 'a' }], taskTemplate: {} }),
      /needs its rendered input/,
    );
  });
});

describe('which tasks show their template to the optimizer', () => {
  const example = fileURLToPath(new URL('../../examples/ticket-classification/', import.meta.url));
  const base = {
    dataset: { file: 'tickets.jsonl', input: 'ticket', target: 'label' },
    metric: { type: 'js', module: './metric.mjs' },
  };

  test('a custom template does, with the task description; a preset or a named position keeps the paper wording', async () => {
    const custom = await prepareTask({ ...base, description: 'Label tickets.', prompt: { text: '{{instruction}}\n{{ticket}}' } }, { cwd: example });
    assert.deepEqual(custom.scoring.metaPrompt, { description: 'Label tickets.' });
    const positioned = await prepareTask({ ...base, prompt: { text: '{{instruction}}\n{{ticket}}', position: 'Q_end' } }, { cwd: example });
    assert.equal(positioned.scoring.metaPrompt, undefined);
    const preset = await prepareTask({ ...base, dataset: { ...base.dataset, input: 'ticket' }, prompt: { preset: 'Q_begin' } }, { cwd: example });
    assert.equal(preset.scoring.metaPrompt, undefined);
  });
});
