/**
 * Token counts without a tokenizer: a typical figure for estimates, and a bound no real tokenizer can
 * beat, for caps that must hold.
 *
 * Byte-level BPE (GPT, Llama 3, Qwen, Claude) and SentencePiece with byte fallback (Llama 2, Gemma)
 * never emit more than one token per UTF-8 byte of text; the chat framing of one user message adds
 * a handful of tokens (OpenAI: about 7), and SentencePiece a dummy prefix. So bytes plus
 * PROMPT_FRAMING_TOKENS bounds the prompt tokens a provider can bill for a one-message request.
 */

/** The usual rough rule for English text: a typical figure, often beaten by dense text. */
export const CHARS_PER_TOKEN = 4;
/** Tokens a provider may add around one user message (role markers, reply priming), with room to spare. */
export const PROMPT_FRAMING_TOKENS = 32;

/** A typical prompt token count (chars / 4), for the low end of estimates. */
export function typicalPromptTokens(prompt: string): number {
  return Math.ceil(prompt.length / CHARS_PER_TOKEN);
}

/** The most tokens a provider can count for `prompt` sent as one user message. */
export function promptTokensUpperBound(prompt: string): number {
  return Buffer.byteLength(prompt, 'utf8') + PROMPT_FRAMING_TOKENS;
}

/** Extra framing tokens per chat message beyond the first (role markers and separators). */
export const MESSAGE_FRAMING_TOKENS = 8;

/**
 * The bound for a request: its prompt, or its chat messages (the prompt is then only a rendering of
 * them), whichever is longer, plus framing for every message.
 */
export function requestPromptTokensUpperBound(request: { prompt: string; messages?: readonly { content: string }[] | undefined }): number {
  const messages = request.messages ?? [];
  const messageBytes = messages.reduce((sum, message) => sum + Buffer.byteLength(message.content, 'utf8'), 0);
  const bytes = Math.max(Buffer.byteLength(request.prompt, 'utf8'), messageBytes);
  return bytes + PROMPT_FRAMING_TOKENS + MESSAGE_FRAMING_TOKENS * Math.max(0, messages.length - 1);
}

/** The same bound from a length in UTF-8 bytes (estimates work from lengths, not texts). */
export function promptTokensUpperBoundFromBytes(bytes: number): number {
  return Math.ceil(bytes) + PROMPT_FRAMING_TOKENS;
}

/**
 * UTF-8 bytes of one code point at most: the bound for text whose length is capped in characters
 * (an instruction's maxInstructionLength counts code points, as the reference's len() does).
 */
export const MAX_UTF8_BYTES_PER_CODE_POINT = 4;
/** UTF-8 bytes of one UTF-16 code unit at most (text capped by a JavaScript string length). */
export const MAX_UTF8_BYTES_PER_CODE_UNIT = 3;

/**
 * Bytes one generated token is counted at when a model's reply is read again in a later prompt (the
 * judge's, --extract-final-answer's second call). Unlike the bounds above this is an assumption, not
 * a law of tokenizers: common tokens of prose are a few bytes long, so 8 leaves room for ordinary text,
 * but a reply made of long tokens (e.g. runs of "=") can beat it. Estimates say so; it is not measured.
 */
export const REREAD_REPLY_BYTES_PER_TOKEN = 8;

/** The bytes of a reply of at most `maxTokens` tokens, re-read in a later prompt (see REREAD_REPLY_BYTES_PER_TOKEN). */
export function rereadReplyBytes(maxTokens: number): number {
  return maxTokens * REREAD_REPLY_BYTES_PER_TOKEN;
}
