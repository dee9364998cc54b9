import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainHttp, inFlightRequests, installHttpDrainTracking, isDraining, resetHttpDrainForTests } from './http-drain';

/** A real HTTP server (as `next start` creates) with one slow route. */
describe('graceful HTTP shutdown (drainHttp)', () => {
  let server: http.Server;
  let base: string;
  let releaseSlow: () => void = () => {};

  beforeAll(async () => {
    installHttpDrainTracking();
    resetHttpDrainForTests();
    server = http.createServer((req, res) => {
      if (req.url === '/slow') {
        releaseSlow = () => res.end('slow done');
        return;
      }
      res.end('fast');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    resetHttpDrainForTests();
    server.closeAllConnections();
    server.close();
  });

  it('lets a running request finish and refuses new connections meanwhile', async () => {
    expect(await (await fetch(`${base}/fast`)).text()).toBe('fast');
    // A keep-alive connection opened before the drain.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(`${base}${path}`, { agent }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          })
          .on('error', reject);
      });
    const slow = fetch(`${base}/slow`).then(async (r) => ({ status: r.status, body: await r.text() }));
    await new Promise((r) => setTimeout(r, 100));
    expect(inFlightRequests()).toBe(1);

    const drained = drainHttp(5000);
    expect(isDraining()).toBe(true);
    // The agent has no socket yet, so it connects anew: the closed listener refuses it.
    await expect(get('/fast')).rejects.toThrow(/ECONNREFUSED/);

    let drainedYet = false;
    void drained.then(() => (drainedYet = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(drainedYet).toBe(false);
    releaseSlow();
    expect(await slow).toEqual({ status: 200, body: 'slow done' });
    expect(await drained).toBe(0);
    agent.destroy();
  });

  it('answers 503 with Retry-After and Connection: close to a request still arriving on an open connection', async () => {
    resetHttpDrainForTests();
    const other = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const socket = net.connect((other.address() as AddressInfo).port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    // The request has begun (so its connection is not idle) but its headers are not complete.
    socket.write('GET / HTTP/1.1\r\nHost: sustain.test\r\n');
    await new Promise((r) => setTimeout(r, 50));
    await drainHttp(1000);
    socket.write('\r\n');
    await new Promise((r) => socket.once('close', r));
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer.toLowerCase()).toContain('retry-after: 1');
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).not.toContain('ok');
    other.close();
  });
});
