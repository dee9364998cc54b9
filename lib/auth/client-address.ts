import { isIP } from 'node:net';
import { getEnv } from '@/lib/env';

/**
 * The client's network address, for the per-address rate limits (sign-in, sign-up,
 * password reset). Never for anything that grants access.
 *
 * What Next.js gives us. Next 15 removed `request.ip`, and Next 16 exposes no socket
 * address to route handlers, server actions or proxy.ts. The only trace of the socket is
 * in Next's own server (base-server.ts): `x-forwarded-for ??= socket.remoteAddress`. It
 * fills the header in only when the client sent none, so a client that sends its own
 * X-Forwarded-For erases the socket address, and the header alone can never be trusted.
 *
 * So:
 * - `TRUST_PROXY_HOPS = N > 0`: our N proxies each append the address they saw, so the
 *   Nth entry from the right was written by the outermost proxy and is the client; entries
 *   to its left came from the client and are ignored. Fewer than N entries means the
 *   request did not come through the proxies: "unknown".
 * - `TRUST_PROXY_HOPS = 0` (no proxy): X-Forwarded-For is ignored. The socket address is
 *   used when `installPeerAddressCapture()` (./peer-address) runs in the server process: it
 *   writes the socket address, after a per-process secret, into PEER_ADDRESS_HEADER before
 *   Next sees the request, replacing anything a client sent under that name. Without it there is no socket
 *   address to read, and every client shares one "unknown" bucket rather than trusting a
 *   header any client can set.
 *
 * IPv6 addresses are bucketed by /64 (one subscriber's allocation, which one client can
 * rotate through freely); IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
export const UNKNOWN_ADDRESS = 'unknown';

/** Written by the peer-address capture; never set by Next or by any proxy we trust. */
export const PEER_ADDRESS_HEADER = 'x-sustain-peer-address';

type HeaderRecord = Record<string, string | string[] | undefined>;
export type HeaderSource = Headers | HeaderRecord | undefined | null;

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as HeaderRecord;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : record[key];
  return Array.isArray(v) ? v.join(', ') : v;
}

const globalForPeer = globalThis as unknown as { __sustainPeerAddressSecret?: string };

/**
 * The socket address the capture wrote for this request, or undefined. The header carries
 * a per-process random secret before the address, so a client that sends the header
 * itself (to a server the capture does not cover) is never believed.
 */
function capturedPeerAddress(headers: HeaderSource): string | undefined {
  const secret = globalForPeer.__sustainPeerAddressSecret;
  const value = headerValue(headers, PEER_ADDRESS_HEADER);
  if (!secret || !value || !value.startsWith(`${secret} `)) return undefined;
  return value.slice(secret.length + 1);
}

/** Expands a valid IPv6 address to its eight groups (no "::", no dotted tail). */
function expandIpv6(address: string): string[] | null {
  // A dotted IPv4 tail ("::ffff:1.2.3.4") is two groups.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) => parseInt(g, 16).toString(16));
}

/**
 * One address as a rate-limit bucket: the IPv4 address, or an IPv6 /64 prefix, or null
 * when `raw` is not an address. Accepts the forms proxies write: "1.2.3.4", "1.2.3.4:5678",
 * "2001:db8::1", "[2001:db8::1]:443", "::ffff:1.2.3.4".
 */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%[0-9A-Za-z._~-]+$/, ''); // IPv6 zone id ("fe80::1%eth0")
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6) return null;
  const groups = expandIpv6(text.toLowerCase());
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const hi = parseInt(groups[6]!, 16);
    const lo = parseInt(groups[7]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  if (groups.every((g, i) => (i < 7 ? g === '0' : g === '1'))) return '::1';
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * The rate-limit bucket for the request's client: a normalized address, or "unknown".
 * `hops` defaults to TRUST_PROXY_HOPS. Pure apart from that default and the capture flag.
 */
export function clientAddress(
  request: { headers: HeaderSource } | Headers,
  hops: number = getEnv().TRUST_PROXY_HOPS,
): string {
  const headers = request instanceof Headers ? request : request.headers;
  if (hops <= 0) {
    return normalizeAddress(capturedPeerAddress(headers)) ?? UNKNOWN_ADDRESS;
  }
  const forwarded = headerValue(headers, 'x-forwarded-for');
  if (!forwarded) return UNKNOWN_ADDRESS;
  const entries = forwarded.split(',').map((e) => e.trim());
  if (entries.length < hops) return UNKNOWN_ADDRESS;
  return normalizeAddress(entries[entries.length - hops]) ?? UNKNOWN_ADDRESS;
}
