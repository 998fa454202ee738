// The team's own metric for ticket labels: 1 for exactly the right label, 0.5 when the right label
// is buried in a longer reply (the app would have to parse it), 0 otherwise. Feedback says why.
const LABELS = ['billing', 'bug', 'shipping', 'account', 'other'];

export default function scoreLabel(output, example) {
  const reply = output.trim();
  const words = reply.toLowerCase().replace(/[^a-z\s]/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 1 && words[0] === example.label) return 1;
  const named = LABELS.filter((label) => words.includes(label));
  if (named.length === 1 && named[0] === example.label) {
    return { score: 0.5, feedback: `right label, but not as a single word: "${reply.slice(0, 60)}"` };
  }
  if (named.length > 1) return { score: 0, feedback: `named several labels (${named.join(', ')}); expected only ${example.label}` };
  return { score: 0, feedback: `expected ${example.label}, got "${reply.slice(0, 60)}"` };
}
