/**
 * Text from models (instructions, replies, error bodies) is printed on terminals and exported to
 * CSV. A reply holding escape sequences could retitle or clear the terminal, move the cursor or hide
 * lines, so every such text passes through here first: escape sequences and control characters are
 * removed (tab and newline stay), and the values of known secrets are replaced.
 */
import { redactKnownSecrets } from './secrets.js';

/** CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST), and two-byte ESC sequences. */
const ESCAPE_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u009c)?/g;
/** C0 controls but tab and newline, DEL, and C1 controls (one-byte CSI, OSC and friends). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without terminal escape sequences and control characters (tab and newline are kept). */
export function stripControlCharacters(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARACTERS, '');
}

/** Text safe to print or export: no escape sequences or control characters, no known secret values. */
export function safeText(text: string): string {
  return redactKnownSecrets(stripControlCharacters(text));
}
