import net from 'node:net';

/** Where the dashboard listens unless told otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4173;

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and the name localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped !== null && (mapped[1] as string).startsWith('127.');
}

/**
 * While bound to loopback, requests must also NAME a loopback host. A web page elsewhere could
 * otherwise point its own domain at 127.0.0.1 (DNS rebinding) and read the runs through the browser.
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopback(name);
}

/** The URL people open: IPv6 literals need brackets; the unspecified address is reached as localhost. */
export function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${net.isIPv6(shown) ? `[${shown}]` : shown}:${port}/`;
}

/** What `opro serve` prints when told to listen beyond this machine, or null on loopback. */
export function exposureWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  return (
    `WARNING: listening on ${host}, not loopback. The dashboard has no authentication: anyone who can reach this\n` +
    `address can read every run (instructions, prompts, model answers). Use --host 127.0.0.1 to keep it local.`
  );
}
