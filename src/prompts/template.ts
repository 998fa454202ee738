/**
 * Prompt templates: the prompt a task sends its scorer, with `{{instruction}}` where the optimized
 * text goes and `{{field}}` for any field of a dataset example. Either one text, or a chat
 * conversation (system / user / assistant turns; turns without variables are fixed few-shot turns).
 *
 * One rule keeps the paper's four positions expressible as plain templates, byte for byte: an empty
 * instruction takes its separator with it (the newline after it, or else the space or newline
 * before it), so "no instruction" leaves no stray blank line or trailing space.
 */
import type { ChatMessage, ChatRole } from '../models/types.js';

export const INSTRUCTION_VARIABLE = 'instruction';

export type PromptTemplate =
  | { kind: 'text'; text: string }
  | { kind: 'chat'; messages: readonly ChatMessage[] };

/** What a template renders to: the text a plain model reads, plus the turns a chat model reads. */
export interface RenderedPrompt {
  /** The prompt itself (text template), or the conversation as labelled plain text (chat template). */
  text: string;
  messages?: ChatMessage[];
}

/** `{{ name }}`: letters, digits, '_', '-', '.'; spaces inside the braces are allowed. */
const VARIABLE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The distinct variable names a piece of template text uses, in order of first use. */
export function templateVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function templateTexts(template: PromptTemplate): string[] {
  return template.kind === 'text' ? [template.text] : template.messages.map((message) => message.content);
}

/** Every variable the template uses (instruction included). */
export function allTemplateVariables(template: PromptTemplate): string[] {
  return [...new Set(templateTexts(template).flatMap(templateVariables))];
}

/**
 * Problems with a template as sentences (empty when it is usable): the instruction must appear
 * exactly once, a chat must end with a user turn, and every other variable must be a known field.
 */
export function templateProblems(template: PromptTemplate, knownFields?: readonly string[]): string[] {
  const problems: string[] = [];
  const uses = templateTexts(template).reduce((count, text) => count + [...text.matchAll(VARIABLE)].filter((m) => m[1] === INSTRUCTION_VARIABLE).length, 0);
  if (uses === 0) problems.push('the prompt has no {{instruction}}: there would be nothing to optimize');
  if (uses > 1) problems.push(`the prompt uses {{instruction}} ${uses} times; use it exactly once`);
  if (template.kind === 'chat') {
    if (template.messages.length === 0) problems.push('the chat prompt has no messages');
    else if (template.messages.at(-1)?.role !== 'user') problems.push('the chat prompt must end with a user turn (the model answers it)');
  }
  if (knownFields) {
    for (const name of allTemplateVariables(template)) {
      if (name === INSTRUCTION_VARIABLE || knownFields.includes(name)) continue;
      problems.push(`the prompt uses {{${name}}}, which is not a field of the dataset (fields: ${knownFields.join(', ') || 'none'})`);
    }
  }
  return problems;
}

/**
 * Substitute variables in one piece of text, in a single pass (a value containing `{{x}}` is never
 * substituted again). Throws for a variable with no value: templates are checked before a run.
 */
export function renderText(text: string, instruction: string, fields: Readonly<Record<string, string>>): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] as string;
    const start = match.index;
    let end = start + match[0].length;
    let before = text.slice(last, start);
    let value: string;
    if (name === INSTRUCTION_VARIABLE) {
      value = instruction;
      if (instruction === '') {
        if (text[end] === '\n') end += 1;
        else if (before.endsWith(' ') || before.endsWith('\n')) before = before.slice(0, -1);
        else if (start === last && (out.endsWith(' ') || out.endsWith('\n'))) out = out.slice(0, -1);
      }
    } else {
      const found = fields[name];
      if (found === undefined) throw new Error(`the prompt uses {{${name}}}, which this example does not have`);
      value = found;
    }
    out += before + value;
    last = end;
  }
  return out + text.slice(last);
}

const ROLE_LABELS: Readonly<Record<ChatRole, string>> = { system: 'System', user: 'User', assistant: 'Assistant' };

/**
 * A conversation as plain text, for logs, token estimates and models that read one prompt: each turn
 * `Role: content`, turns apart by a blank line (`separator`; the meta-prompt uses one newline).
 */
export function flattenMessages(messages: readonly ChatMessage[], separator = '\n\n'): string {
  return messages.map((message) => `${ROLE_LABELS[message.role]}: ${message.content}`).join(separator);
}

/**
 * A template as the optimizer's meta-prompt shows it for one example: `marker` (`<INS>`) where the
 * instruction goes, the example's fields filled in, chat turns one after another with their roles.
 */
export function renderForMetaPrompt(template: PromptTemplate, marker: string, fields: Readonly<Record<string, string>>): string {
  const rendered = renderPrompt(template, marker, fields);
  return rendered.messages ? flattenMessages(rendered.messages, '\n') : rendered.text;
}

/** Render a template for one example. A chat turn left empty by an empty instruction is dropped. */
export function renderPrompt(template: PromptTemplate, instruction: string, fields: Readonly<Record<string, string>>): RenderedPrompt {
  if (template.kind === 'text') return { text: renderText(template.text, instruction, fields) };
  const messages = template.messages
    .map((message) => ({ role: message.role, content: renderText(message.content, instruction, fields) }))
    .filter((message) => message.content !== '');
  return { text: flattenMessages(messages), messages };
}

/** The template with the instruction filled in and the field variables kept: the prompt to take away. */
export function fillInstruction(template: PromptTemplate, instruction: string): PromptTemplate {
  const keepFields = (text: string): string => {
    const names = templateVariables(text).filter((name) => name !== INSTRUCTION_VARIABLE);
    const placeholders = Object.fromEntries(names.map((name) => [name, `{{${name}}}`]));
    return renderText(text, instruction, placeholders);
  };
  if (template.kind === 'text') return { kind: 'text', text: keepFields(template.text) };
  return {
    kind: 'chat',
    messages: template.messages.map((message) => ({ role: message.role, content: keepFields(message.content) })).filter((message) => message.content !== ''),
  };
}
