import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allTemplateVariables, fillInstruction, renderPrompt, renderText, templateProblems, type PromptTemplate } from '../../src/prompts/template.js';

const CHAT: PromptTemplate = {
  kind: 'chat',
  messages: [
    { role: 'system', content: '{{instruction}}' },
    { role: 'user', content: 'Ticket: I was charged twice.' },
    { role: 'assistant', content: 'billing' },
    { role: 'user', content: 'Ticket: {{ ticket }}\nChannel: {{channel}}' },
  ],
};

describe('rendering', () => {
  test('fields and the instruction are substituted once; values are never re-read as variables', () => {
    assert.equal(renderText('{{instruction}} | {{a}} | {{b}}', 'I {{a}}', { a: '{{b}}', b: 'B' }), 'I {{a}} | {{b}} | B');
  });
  test('a chat template renders every turn and a labelled plain-text version', () => {
    const rendered = renderPrompt(CHAT, 'Label the ticket.', { ticket: 'App crashes', channel: 'email' });
    assert.deepEqual(rendered.messages, [
      { role: 'system', content: 'Label the ticket.' },
      { role: 'user', content: 'Ticket: I was charged twice.' },
      { role: 'assistant', content: 'billing' },
      { role: 'user', content: 'Ticket: App crashes\nChannel: email' },
    ]);
    assert.equal(rendered.text, 'System: Label the ticket.\n\nUser: Ticket: I was charged twice.\n\nAssistant: billing\n\nUser: Ticket: App crashes\nChannel: email');
  });
  test('a turn left empty by the empty instruction is dropped', () => {
    const rendered = renderPrompt(CHAT, '', { ticket: 't', channel: 'c' });
    assert.deepEqual(rendered.messages?.map((m) => m.role), ['user', 'assistant', 'user']);
  });
  test('an empty instruction mid-line takes the space before it', () => {
    assert.equal(renderText('Answer: {{instruction}}', '', {}), 'Answer:');
    assert.equal(renderText('Answer:{{instruction}} now', '', {}), 'Answer: now');
  });
  test('a missing field is an error naming it', () => {
    assert.throws(() => renderText('{{nope}}', 'x', {}), /\{\{nope\}\}/);
  });
});

describe('checking templates', () => {
  test('a usable template has no problems', () => {
    assert.deepEqual(templateProblems(CHAT, ['ticket', 'channel', 'label']), []);
    assert.deepEqual(allTemplateVariables(CHAT), ['instruction', 'ticket', 'channel']);
  });
  test('no instruction, two instructions, an unknown field, a chat ending on the assistant', () => {
    assert.match(templateProblems({ kind: 'text', text: '{{question}}' }, ['question']).join('\n'), /no \{\{instruction\}\}/);
    assert.match(templateProblems({ kind: 'text', text: '{{instruction}} {{instruction}}' }).join('\n'), /2 times/);
    assert.match(templateProblems({ kind: 'text', text: '{{instruction}} {{tikcet}}' }, ['ticket']).join('\n'), /\{\{tikcet\}\}, which is not a field of the dataset \(fields: ticket\)/);
    assert.match(
      templateProblems({ kind: 'chat', messages: [{ role: 'user', content: '{{instruction}}' }, { role: 'assistant', content: 'x' }] }).join('\n'),
      /must end with a user turn/,
    );
  });
});

describe('the prompt to take away', () => {
  test('fillInstruction puts the instruction in and keeps the field variables', () => {
    const filled = fillInstruction(CHAT, 'Classify it.');
    assert.equal(filled.kind, 'chat');
    if (filled.kind !== 'chat') return;
    assert.equal(filled.messages[0]?.content, 'Classify it.');
    assert.equal(filled.messages[3]?.content, 'Ticket: {{ticket}}\nChannel: {{channel}}');
    // Rendering the filled template equals rendering the original with the instruction.
    const fields = { ticket: 'T', channel: 'C' };
    assert.deepEqual(renderPrompt(filled, 'ignored: no {{instruction}} left', fields).messages, renderPrompt(CHAT, 'Classify it.', fields).messages);
  });
});
