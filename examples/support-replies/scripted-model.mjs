// A deterministic stand-in for real models, so this example runs offline. It plays three roles:
// the optimizer (instructions from a fixed list), the scorer (a reply whose qualities follow the
// instruction's wording) and the judge (the rubric's four points as keyword rules, JSON reply).
// Swap any role for a real model with -s, -o or --judge.
const CANDIDATES = [
  'Reply to the customer with empathy.',
  'Apologize and refer to the specific problem the customer describes.',
  'Apologize, refer to the specific problem, and give a clear next step.',
  'Write a brief reply: apologize, refer to the specific problem the customer raised, and state the next step.',
  'Be concise and friendly.',
];

const BOILERPLATE =
  'Our customer support team has received your message. We value every customer and we are always happy to help with ' +
  'any question you might have about our products and services. Our team works hard every day to make sure that ' +
  'everyone gets the best possible experience, and we appreciate your patience while we look into messages in the ' +
  'sequence in which they arrive. Messages are usually handled by the first available agent, who reads the whole ' +
  'history of your account before answering, so that nothing gets lost along the way. Have a wonderful day.';

function propose(prompt, sampleIndex) {
  const unused = CANDIDATES.filter((candidate) => !prompt.includes(candidate));
  const pool = unused.length > 0 ? unused : CANDIDATES;
  const candidate = pool[(sampleIndex ?? 0) % pool.length];
  return prompt.includes('square brackets') ? `[${candidate}]` : `<INS>${candidate}</INS>`;
}

function topicOf(message) {
  return message.replace(/[.?!]$/, '').split(/\s+/).slice(-4).join(' ');
}

function reply(instruction, message) {
  const wants = (word) => instruction.toLowerCase().includes(word);
  const parts = [];
  if (wants('apolog') || wants('empath')) parts.push("I'm sorry about this.");
  if (wants('specific')) parts.push(`About ${topicOf(message)}: we are on it.`);
  if (wants('next step')) parts.push('We will get back to you within 24 hours with a fix.');
  if (!(wants('brief') || wants('concise'))) parts.push(BOILERPLATE);
  return parts.join(' ');
}

const WORDS = (text) => text.toLowerCase().match(/[a-z]+/g) ?? [];

function judge(prompt) {
  const section = (name) => (prompt.split(`[${name}]\n`)[1] ?? '').split('\n\n[')[0].split('\n\nReply with JSON')[0];
  const input = section('Input');
  const response = section('Response');
  const missing = [];
  let score = 1;
  if (/sorry|apolog|thank/i.test(response)) score += 1;
  else missing.push('no apology or thanks');
  const inputWords = new Set(WORDS(input).filter((w) => w.length > 4));
  if (WORDS(response).some((w) => inputWords.has(w))) score += 1;
  else missing.push('does not refer to the specific problem');
  if (/\b(will|within|please|reply|open|today|this week)\b/i.test(response)) score += 1;
  else missing.push('no concrete next step');
  if (WORDS(response).length <= 80) score += 1;
  else missing.push('longer than 80 words');
  const reason = missing.length === 0 ? 'Meets all four points of the rubric.' : `Misses: ${missing.join('; ')}.`;
  return JSON.stringify({ reason, score });
}

export default function respond(request) {
  const { prompt, messages, sampleIndex } = request;
  if (prompt.startsWith('You are a strict, fair grader')) return judge(prompt);
  if (!messages && prompt.includes('<INS>')) return propose(prompt, sampleIndex);
  const instruction = messages?.find((m) => m.role === 'system')?.content ?? '';
  const message = (messages?.at(-1)?.content ?? prompt).replace(/^Customer message: /, '');
  return reply(instruction, message);
}
