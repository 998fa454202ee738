/**
 * The example model shared by every dataset source (built-in benchmarks and the user's own files).
 * Nothing here knows about models or grading; grading reads `answerType` and `multipleChoice`.
 */

/** How the gold answer is compared. The grading module uses the same literal union. */
export type AnswerType = 'number' | 'boolean' | 'choice' | 'text';

export const ANSWER_TYPES: readonly AnswerType[] = ['number', 'boolean', 'choice', 'text'];

export interface DatasetExample {
  /** Position of the example among the records of its source file (0-based), so `pool[i].index === i`. */
  index: number;
  question: string;
  target: string;
  /**
   * Every field of the example's record, as text (user files). Prompt templates read `{{field}}`
   * from here; without it an example has the fields `question` and `target`.
   */
  fields?: Readonly<Record<string, string>>;
}

/** The fields a prompt template or a metric can read: `question`, `target`, then every field of the record. */
export function exampleFields(example: DatasetExample): Readonly<Record<string, string>> {
  return { question: example.question, target: example.target, ...example.fields };
}

export interface Dataset {
  /** 'gsm8k', 'bbh/navigate', 'multiarith', 'aqua', or 'file:<basename>' for a user file. */
  id: string;
  answerType: AnswerType;
  /** True when grading must read the options from the scorer prompt (the reference's `mc_input`). */
  multipleChoice: boolean;
  /** GSM8K only: the reference rejects candidate instructions that contain a digit. */
  forbidDigitsInInstructions: boolean;
  /** Phrase used by the instructions-only meta-prompt, e.g. 'grade school math', 'sports understanding'. */
  taskDescription: string;
  /** What the training subset is drawn from. */
  pool: DatasetExample[];
  /** A separate test file (GSM8K test.jsonl), or null when the held-out split is the rest of the pool. */
  heldOut: DatasetExample[] | null;
  /** sha256 (hex) over the source bytes; for several files, over their bytes concatenated in load order. */
  contentHash: string;
  /** Where the examples came from: a path, or a URL with its cache path. */
  source: string;
}

/** Reported while a built-in file downloads; the CLI draws a progress bar from it. */
export interface DownloadProgress {
  /** The file's path inside the cache folder, e.g. 'gsm8k/train.jsonl'. */
  file: string;
  receivedBytes: number;
  /** From Content-Length, when the server sends it. */
  totalBytes?: number;
}

export type DownloadProgressCallback = (event: DownloadProgress) => void;
