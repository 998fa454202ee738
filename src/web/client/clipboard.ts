import { h } from './dom.js';

/** How long the button says "Copied" before returning to its label. */
const CONFIRM_MS = 1_500;

/**
 * A button that copies `text`. The async clipboard API needs a secure context (localhost is one);
 * over plain HTTP on another host it falls back to a selected textarea and execCommand.
 */
export function copyButton(text: string, label = 'Copy'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'btn btn-small copy-btn', 'aria-label': `${label} to clipboard` }, label);
  button.addEventListener('click', async () => {
    const ok = await copy(text);
    button.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => (button.textContent = label), CONFIRM_MS);
  });
  return button;
}

async function copy(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
