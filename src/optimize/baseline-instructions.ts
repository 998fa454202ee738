/**
 * The reference's evaluate_instructions.py list: the empty instruction, Kojima et al.'s
 * zero-shot chain of thought, and the instruction OPRO found for GSM8K with PaLM 2. In a file of
 * its own so that `opro evaluate --help`, which names them, loads no scoring code.
 */
export const PAPER_BASELINE_INSTRUCTIONS: readonly string[] = [
  '',
  "Let's think step by step.",
  'Take a deep breath and work on this problem step-by-step.',
];
