/**
 * The reference parser's marker tables, as data. Order matters: the reference walks these lists in
 * order and each hit rewrites the text, so the lists below keep the reference's language order, then
 * one English copy per other language (`bn-en`, `de-en`, ...), exactly as the reference builds them.
 */

export interface LanguageDelimiters {
  /** Starts a new question: the reference cuts the reply there (the model kept generating). */
  readonly question: string;
  /** Introduces a step-by-step answer: the reference keeps the text after its last occurrence. */
  readonly stepByStepAnswer: string;
  /** Introduces a direct answer (kept for completeness; the reference parser does not use it). */
  readonly directAnswer: string;
}

const ENGLISH: LanguageDelimiters = {
  question: 'Question: ',
  stepByStepAnswer: 'Step-by-Step Answer: ',
  directAnswer: 'Answer: ',
};

/** The reference's own languages, in its insertion order. */
const BASE_LANGUAGES: ReadonlyArray<readonly [string, LanguageDelimiters]> = [
  ['bn', {
    question: '\u09aa\u09cd\u09b0\u09b6\u09cd\u09a8: ',
    stepByStepAnswer: '\u09a7\u09be\u09aa\u09c7 \u09a7\u09be\u09aa\u09c7 \u0989\u09a4\u09cd\u09a4\u09b0: ',
    directAnswer: '\u0989\u09a4\u09cd\u09a4\u09b0: ',
  }],
  ['de', {
    question: 'Frage: ',
    stepByStepAnswer: 'Schritt-f\u00fcr-Schritt-Antwort: ',
    directAnswer: 'Antwort: ',
  }],
  ['en', ENGLISH],
  ['es', {
    question: 'Pregunta: ',
    stepByStepAnswer: 'Respuesta paso a paso: ',
    directAnswer: 'Respuesta: ',
  }],
  ['fr', {
    question: 'Question : ',
    stepByStepAnswer: 'R\u00e9ponse \u00e9tape par \u00e9tape : ',
    directAnswer: 'R\u00e9ponse : ',
  }],
  ['ja', {
    question: '\u554f\u984c\uff1a',
    stepByStepAnswer: '\u30b9\u30c6\u30c3\u30d7\u3054\u3068\u306e\u7b54\u3048\uff1a',
    directAnswer: '\u7b54\u3048\uff1a',
  }],
  ['ru', {
    question: '\u0417\u0430\u0434\u0430\u0447\u0430: ',
    stepByStepAnswer: '\u041f\u043e\u0448\u0430\u0433\u043e\u0432\u043e\u0435 \u0440\u0435\u0448\u0435\u043d\u0438\u0435: ',
    directAnswer: '\u0440\u0435\u0448\u0435\u043d\u0438\u0435: ',
  }],
  ['sw', {
    question: 'Swali: ',
    stepByStepAnswer: 'Jibu la Hatua kwa Hatua: ',
    directAnswer: 'Jibu: ',
  }],
  ['te', {
    question: '\u0c2a\u0c4d\u0c30\u0c36\u0c4d\u0c28: ',
    stepByStepAnswer: '\u0c26\u0c36\u0c32\u0c35\u0c3e\u0c30\u0c40\u0c17\u0c3e \u0c38\u0c2e\u0c3e\u0c27\u0c3e\u0c28\u0c02: ',
    directAnswer: '\u0c38\u0c2e\u0c3e\u0c27\u0c3e\u0c28\u0c02: ',
  }],
  ['th', {
    question: '\u0e42\u0e08\u0e17\u0e22\u0e4c: ',
    stepByStepAnswer: '\u0e04\u0e33\u0e15\u0e2d\u0e1a\u0e17\u0e35\u0e25\u0e30\u0e02\u0e31\u0e49\u0e19\u0e15\u0e2d\u0e19: ',
    directAnswer: '\u0e04\u0e33\u0e15\u0e2d\u0e1a\u0e17\u0e35: ',
  }],
  ['zh', {
    question: '\u95ee\u9898\uff1a',
    stepByStepAnswer: '\u9010\u6b65\u89e3\u7b54\uff1a',
    directAnswer: '\u89e3\u7b54\uff1a',
  }],
];

/** Every language entry in the reference's order: the base languages, then `<lang>-en` English copies. */
export const MULTILINGUAL_DELIMITERS: ReadonlyArray<readonly [string, LanguageDelimiters]> = [
  ...BASE_LANGUAGES,
  ...BASE_LANGUAGES.filter(([language]) => language !== 'en').map(
    ([language]) => [`${language}-en`, ENGLISH] as const,
  ),
];

/** Markers of a new question, in order; the reference strips and lower-cases each before cutting. */
export const NEXT_QUESTION_DELIMITERS: readonly string[] = [
  ...MULTILINGUAL_DELIMITERS.map(([, delimiters]) => delimiters.question),
  'Q:',
];

/** Step-by-step answer markers, in order (the English one appears eleven times, as in the reference). */
export const STEP_BY_STEP_ANSWER_DELIMITERS: readonly string[] = MULTILINGUAL_DELIMITERS.map(
  ([, delimiters]) => delimiters.stepByStepAnswer,
);

/** GSM8K's own answer marker. */
export const GSM8K_ANSWER_MARKER = '#### ';

/** "Answer follows" markers used when the ORIGINAL reply contains one of them (case-sensitive test)... */
export const PRIMARY_ANSWER_BEHIND_MARKERS: readonly string[] = ['answer is ', 'answer: ', 'answer is: '];
/** ...and otherwise these. */
export const SECONDARY_ANSWER_BEHIND_MARKERS: readonly string[] = ['is: ', 'are: '];

/** "Answer comes before" markers: the reference keeps the text before the first occurrence. */
export const ANSWER_AHEAD_MARKERS: readonly string[] = [
  ' is the correct answer',
  ' is the right answer',
  ' is the final answer',
  ' is the answer',
];

/** Cuts a rationale that follows the answer (a chain-of-thought ablation format). */
export const SOLUTION_FOLLOWS_MARKER = 'this is the solution:';

/** The boolean vocabularies of BBH, each pair ordered [false meaning, true meaning]. */
export const BOOLEAN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['false', 'true'],
  ['no', 'yes'],
  ['invalid', 'valid'],
];

/** Number words the reference replaces by digits, in its replacement order. */
export const NUMBER_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7],
  ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13],
  ['fourteen', 14], ['fifteen', 15], ['sixteen', 16], ['seventeen', 17], ['eighteen', 18],
  ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60],
  ['seventy', 70], ['eighty', 80], ['ninety', 90],
];
