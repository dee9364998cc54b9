import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, chooseListenHost, isLoopbackHost } from './host.mjs';

describe('chooseListenHost (issue 12: the demo stays local)', () => {
  it('listens on 127.0.0.1 by default, without a warning', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(chooseListenHost({})).toEqual({ host: '127.0.0.1', warning: null });
    expect(chooseListenHost({ HOST: '' })).toEqual({ host: '127.0.0.1', warning: null });
    expect(chooseListenHost({ HOST: '   ' })).toEqual({ host: '127.0.0.1', warning: null });
  });

  it('HOST overrides it; loopback addresses need no warning', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'app.localhost']) {
      expect(chooseListenHost({ HOST: host })).toEqual({ host, warning: null });
    }
  });

  it('a non-loopback HOST is used, with a warning that names the published passwords', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'demo.example.org', '127.0.0.1.evil.example', '::ffff:10.0.0.1']) {
      const { host: chosen, warning } = chooseListenHost({ HOST: host });
      expect(chosen).toBe(host);
      expect(warning).toMatch(/WARNING/);
      expect(warning).toMatch(/published passwords/);
    }
    expect(chooseListenHost({ HOST: '0.0.0.0' }).warning).toMatch(/every network interface/);
  });

  it('for the production server a non-loopback HOST gets a note, not the demo warning', () => {
    const { warning } = chooseListenHost({ HOST: '0.0.0.0' }, 'server');
    expect(warning).toMatch(/reverse proxy/);
    expect(warning).not.toMatch(/passwords/);
  });

  it('isLoopbackHost rejects look-alikes', () => {
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
  });
});
