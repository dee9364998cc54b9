import 'server-only';
import { randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import net from 'node:net';
import { PEER_ADDRESS_HEADER } from './client-address';

const globalForPeer = globalThis as unknown as { __sustainPeerAddressSecret?: string };

/**
 * Makes the socket address readable to route handlers and server actions, which Next 16
 * does not expose (see ./client-address). For every HTTP(S) request this process serves, it
 * sets PEER_ADDRESS_HEADER to "<secret> <socket address>" before any listener (Next's)
 * runs, replacing whatever a client sent under that name. The secret is random per process,
 * so a forged header never matches. Idempotent. Call it once at server start-up
 * (instrumentation `register()`), before requests are served; a request that arrives
 * earlier simply has no captured address and counts as "unknown".
 *
 * It wraps `net.Server.prototype.emit` (http.Server and https.Server both inherit it) and
 * only looks at "request" events, so the cost is one comparison per server event.
 */
export function installPeerAddressCapture(): void {
  if (globalForPeer.__sustainPeerAddressSecret) return;
  const secret = randomBytes(18).toString('base64url');
  const originalEmit = net.Server.prototype.emit;
  net.Server.prototype.emit = function emitWithPeerAddress(this: net.Server, event: string | symbol, ...args: unknown[]) {
    const req = args[0];
    if (event === 'request' && req instanceof IncomingMessage) {
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_ADDRESS_HEADER] = `${secret} ${address}`;
      else delete req.headers[PEER_ADDRESS_HEADER];
    }
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as typeof originalEmit;
  globalForPeer.__sustainPeerAddressSecret = secret;
}
