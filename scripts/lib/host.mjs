// Which address `next start` listens on. Pure, so it is unit tested (scripts/lib/host.test.ts).
//
// The demo publishes its passwords (README), so by default it listens on the loopback
// interface only: reachable from this machine, not from the network. HOST overrides it
// (HOST=0.0.0.0 for a container or a LAN demo), with a warning when the address is not a
// loopback one.

export const DEFAULT_HOST = '127.0.0.1';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return h.split('.').every((p) => Number(p) <= 255);
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The host to listen on and, when it is reachable from other machines, a warning to print.
 * `purpose` is 'demo' (known passwords) or 'server'.
 */
export function chooseListenHost(env = {}, purpose = 'demo') {
  const raw = typeof env.HOST === 'string' ? env.HOST.trim() : '';
  const host = raw === '' ? DEFAULT_HOST : raw;
  if (isLoopbackHost(host)) return { host, warning: null };
  const everywhere = host === '0.0.0.0' || host === '::' || host === '[::]';
  const where = everywhere ? 'every network interface' : host;
  const warning =
    purpose === 'demo'
      ? `WARNING: HOST=${host}: the demo listens on ${where}, so anyone who can reach this machine can sign in with the demo's published passwords. Unset HOST to keep it on this machine only.`
      : `Note: HOST=${host}: the server listens on ${where}. Put it behind a reverse proxy with HTTPS (see README, "Deploying").`;
  return { host, warning };
}
