// A deterministic stand-in for real models, so this example runs offline: it plays the optimizer
// (proposing instructions from a fixed list) and the scorer (a keyword classifier whose answer
// format follows the instruction). Swap it for any real model with -s/-o.
const KEYWORDS = {
  billing: ['charged', 'refund', 'invoice', 'card', 'price', 'money', 'receipt', 'discount'],
  bug: ['crash', 'error', 'bug', 'empty file', 'does nothing', 'twice on', 'unreadable', 'wrong time'],
  shipping: ['package', 'tracking', 'ship', 'deliver', 'box', 'express', 'pick up'],
  account: ['password', 'delete my account', 'email address', 'login', 'logged', 'merge', 'profile', 'username', 'colleague'],
};

const CANDIDATES = [
  'Name the category of the ticket.',
  'Read the ticket and answer with one word: its category.',
  'Answer with one word, the category of the ticket: billing, bug, shipping, account or other.',
  'You label support tickets. Reply with only the label: billing, bug, shipping, account or other.',
  'Say which team should handle the ticket.',
  'Classify the ticket and explain your choice.',
];

function classify(ticket, knowsLabels) {
  const text = ticket.toLowerCase();
  for (const [label, words] of Object.entries(KEYWORDS)) {
    // Without the list of labels, the model does not know "account" is one and calls it "other".
    if (label === 'account' && !knowsLabels) continue;
    if (words.some((word) => text.includes(word))) return label;
  }
  return 'other';
}

function propose(prompt, sampleIndex) {
  const unused = CANDIDATES.filter((candidate) => !prompt.includes(candidate));
  const pool = unused.length > 0 ? unused : CANDIDATES;
  const candidate = pool[(sampleIndex ?? 0) % pool.length];
  return prompt.includes('square brackets') ? `[${candidate}]` : `<INS>${candidate}</INS>`;
}

export default function respond(request) {
  const { prompt, messages, sampleIndex } = request;
  if (!messages && prompt.includes('<INS>')) return propose(prompt, sampleIndex);
  const instruction = (messages?.find((m) => m.role === 'system')?.content ?? '').toLowerCase();
  const ticket = (messages?.at(-1)?.content ?? prompt).replace(/^Ticket \(\w+\): /, '');
  const label = classify(ticket, instruction.includes('account'));
  if (instruction.includes('one word') || instruction.includes('only the label')) return label;
  if (instruction.includes('category')) return `Category: ${label}`;
  return `This ticket is about ${label}. Let me know if you need anything else!`;
}
