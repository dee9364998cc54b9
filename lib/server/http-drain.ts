import 'server-only';
import { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';

/**
 * Graceful shutdown for the HTTP side. Next 16 does not hand its http.Server to the app, so,
 * like lib/auth/peer-address.ts, this wraps `net.Server.prototype.emit` (installed once at
 * start-up, before requests are served) to see every server this process runs and count its
 * in-flight requests. {@link drainHttp} then:
 * 1. stops taking requests: the servers stop accepting connections, idle keep-alive
 *    connections are closed, and a request that still arrives on an open connection gets
 *    503 with `Connection: close` and `Retry-After` (a load balancer retries it elsewhere);
 * 2. waits for the requests already running to finish, up to a grace period.
 * /api/ready answers 503 from the moment draining starts.
 */
interface DrainState {
  installed: boolean;
  draining: boolean;
  inFlight: number;
  servers: Set<net.Server>;
  idle: Set<() => void>;
}

const globalForDrain = globalThis as unknown as { __sustainHttpDrain?: DrainState };

function state(): DrainState {
  return (globalForDrain.__sustainHttpDrain ??= { installed: false, draining: false, inFlight: 0, servers: new Set(), idle: new Set() });
}

export function installHttpDrainTracking(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const originalEmit = net.Server.prototype.emit;
  const emitTracked = function emitTracked(this: net.Server, event: string | symbol, ...args: unknown[]) {
    const [req, res] = args;
    if (event === 'request' && req instanceof IncomingMessage && res instanceof ServerResponse) {
      s.servers.add(this);
      if (s.draining) {
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
        res.end('{"status":"stopping"}');
        return true;
      }
      s.inFlight++;
      res.once('close', () => {
        s.inFlight--;
        if (s.inFlight === 0) for (const wake of [...s.idle]) wake();
      });
    } else if (event === 'listening') {
      s.servers.add(this);
    }
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as typeof originalEmit;
  net.Server.prototype.emit = emitTracked;
}

export function isDraining(): boolean {
  return state().draining;
}

export function inFlightRequests(): number {
  return state().inFlight;
}

/**
 * Stops taking requests and resolves when the running ones have finished, or after `graceMs`
 * (then resolves with the number still running, which the process exit cuts off).
 */
export async function drainHttp(graceMs = 10_000): Promise<number> {
  const s = state();
  s.draining = true;
  for (const server of s.servers) {
    server.close();
    const http = server as net.Server & { closeIdleConnections?: () => void };
    http.closeIdleConnections?.();
  }
  if (s.inFlight > 0) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        s.idle.delete(done);
        resolve();
      };
      const timer = setTimeout(done, graceMs);
      s.idle.add(done);
    });
  }
  return s.inFlight;
}

/** Tests only: forget the draining state (the emit wrapper stays installed). */
export function resetHttpDrainForTests(): void {
  const s = state();
  s.draining = false;
  s.inFlight = 0;
  s.servers.clear();
  s.idle.clear();
}
