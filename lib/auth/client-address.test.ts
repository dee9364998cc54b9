import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getEnv, resetEnvForTests } from '@/lib/env';
import { PEER_ADDRESS_HEADER, UNKNOWN_ADDRESS, clientAddress, normalizeAddress } from './client-address';

const withHeaders = (h: Record<string, string>) => ({ headers: new Headers(h) });

describe('TRUST_PROXY_HOPS in lib/env', () => {
  const saved = process.env.TRUST_PROXY_HOPS;
  afterEach(() => {
    if (saved === undefined) delete process.env.TRUST_PROXY_HOPS;
    else process.env.TRUST_PROXY_HOPS = saved;
    resetEnvForTests();
  });

  it('defaults to 0 (no proxy) and accepts a whole number up to 10', () => {
    delete process.env.TRUST_PROXY_HOPS;
    resetEnvForTests();
    expect(getEnv().TRUST_PROXY_HOPS).toBe(0);
    process.env.TRUST_PROXY_HOPS = '';
    resetEnvForTests();
    expect(getEnv().TRUST_PROXY_HOPS).toBe(0);
    process.env.TRUST_PROXY_HOPS = '2';
    resetEnvForTests();
    expect(getEnv().TRUST_PROXY_HOPS).toBe(2);
  });

  it('refuses anything else with a clear message', () => {
    for (const bad of ['-1', '1.5', 'yes', '11']) {
      process.env.TRUST_PROXY_HOPS = bad;
      resetEnvForTests();
      expect(() => getEnv(), bad).toThrow(/TRUST_PROXY_HOPS must be a whole number from 0 to 10/);
    }
  });
});

describe('clientAddress with spoofed headers', () => {
  it('TRUST_PROXY_HOPS=0: X-Forwarded-For and X-Real-IP are ignored; without a socket address, one "unknown" bucket', () => {
    // Before issue 12 the last X-Forwarded-For entry was believed, so each of these was its own bucket.
    for (const spoof of ['203.0.113.7', '198.51.100.1, 203.0.113.8', '10.0.0.1,10.0.0.2,10.0.0.3']) {
      expect(clientAddress(withHeaders({ 'x-forwarded-for': spoof, 'x-real-ip': spoof }), 0)).toBe(UNKNOWN_ADDRESS);
    }
    // A client cannot forge the capture header either: it lacks the per-process secret.
    expect(clientAddress(withHeaders({ [PEER_ADDRESS_HEADER]: '203.0.113.9' }), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(withHeaders({ [PEER_ADDRESS_HEADER]: 'anything 203.0.113.9' }), 0)).toBe(UNKNOWN_ADDRESS);
  });

  it('TRUST_PROXY_HOPS=1: the entry our proxy appended (rightmost); entries the client wrote are ignored', () => {
    expect(clientAddress(withHeaders({ 'x-forwarded-for': '203.0.113.7' }), 1)).toBe('203.0.113.7');
    // The client sends "1.1.1.1"; the proxy appends the real address.
    expect(clientAddress(withHeaders({ 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }), 1)).toBe('203.0.113.7');
    // Rotating the forged part changes nothing.
    const buckets = new Set(
      ['1.1.1.1', '2.2.2.2', '3.3.3.3, 4.4.4.4'].map((forged) =>
        clientAddress(withHeaders({ 'x-forwarded-for': `${forged}, 203.0.113.7` }), 1),
      ),
    );
    expect([...buckets]).toEqual(['203.0.113.7']);
    // Next's fill-in when no proxy wrote anything is the socket (here: the proxy) address.
    expect(clientAddress(withHeaders({}), 1)).toBe(UNKNOWN_ADDRESS);
  });

  it('TRUST_PROXY_HOPS=2: the second entry from the right; too few entries is "unknown", never an entry the client wrote', () => {
    expect(clientAddress(withHeaders({ 'x-forwarded-for': '9.9.9.9, 203.0.113.7, 10.0.0.5' }), 2)).toBe('203.0.113.7');
    expect(clientAddress(withHeaders({ 'x-forwarded-for': '203.0.113.7' }), 2)).toBe(UNKNOWN_ADDRESS);
    // A record of headers (next-auth passes one) works the same, case-insensitively.
    expect(clientAddress({ headers: { 'X-Forwarded-For': '9.9.9.9, 203.0.113.7, 10.0.0.5' } }, 2)).toBe('203.0.113.7');
  });

  it('junk where an address should be is "unknown" (no SQL, no new bucket per junk string)', () => {
    for (const junk of ['not-an-ip', '', ' ', '203.0.113.7\u0000', '<script>', '999.1.1.1', 'unknown']) {
      // A plain record, as next-auth passes: Headers itself refuses a NUL byte.
      expect(clientAddress({ headers: { 'x-forwarded-for': `1.1.1.1, ${junk}` } }, 1), JSON.stringify(junk)).toBe(UNKNOWN_ADDRESS);
    }
  });
});

describe('normalizeAddress', () => {
  it('reads the forms proxies write and buckets IPv6 by /64', () => {
    expect(normalizeAddress('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normalizeAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeAddress('[::ffff:cb00:7107]:443')).toBe('203.0.113.7');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('[2001:db8:1:2::99]:8080')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('2001:DB8:1:2:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    // One client rotating through its /64 stays in one bucket.
    expect(new Set(['2001:db8:a:b::1', '2001:db8:a:b::2', '2001:db8:a:b:ffff:ffff:ffff:ffff'].map(normalizeAddress)).size).toBe(1);
    for (const bad of [undefined, null, '', 'x', '1.2.3', '1.2.3.4.5', '2001:db8::1::2', '[1.2.3.4']) expect(normalizeAddress(bad)).toBeNull();
  });
});

describe('the socket address with TRUST_PROXY_HOPS=0 (peer-address capture)', () => {
  let server: http.Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    const { installPeerAddressCapture } = await import('./peer-address');
    installPeerAddressCapture();
    installPeerAddressCapture(); // idempotent
    server = http.createServer((req, res) => {
      seen.push(clientAddress({ headers: req.headers }, 0));
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is the connection address, whatever X-Forwarded-For or the capture header the client sends', async () => {
    seen.length = 0;
    for (const headers of [
      {} as Record<string, string>,
      { 'X-Forwarded-For': '203.0.113.7' },
      { 'X-Forwarded-For': '1.1.1.1, 2.2.2.2' },
      { [PEER_ADDRESS_HEADER]: '203.0.113.9' },
    ]) {
      await fetch(`http://127.0.0.1:${port}/`, { headers });
    }
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });
});
