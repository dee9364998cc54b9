import { describe, expect, it } from 'vitest';
import { HOME_PATH, safeCallbackPath, safeCallbackUrl } from './callback-url';

const ORIGIN = 'http://localhost:3000';

/** What a browser does with the answer as a Location header or router.replace: it must stay here. */
function expectSameOriginPath(path: string) {
  expect(path.startsWith('/')).toBe(true);
  expect(path.startsWith('//')).toBe(false);
  expect(path).not.toMatch(/[\\\s]/);
  const resolved = new URL(path, ORIGIN);
  expect(resolved.origin).toBe(ORIGIN);
  expect(resolved.username + resolved.password).toBe('');
}

/**
 * Known open-redirect payloads (OWASP, PortSwigger and PayloadsAllTheThings lists, plus the
 * two that worked against Sustain in issue 12). Every one must come back as the home page.
 */
const PAYLOADS: readonly string[] = [
  // The issue-12 findings: dot segments that normalize to a scheme-relative path.
  '/x/..//evil.example',
  '/.//evil.example',
  '/x/../..//evil.example/phish',
  '/./..//evil.example',
  '/%2e%2e//evil.example',
  '/%2e//evil.example',
  // Scheme-relative and absolute.
  '//evil.example',
  '///evil.example',
  '////evil.example/%2e%2e',
  'https://evil.example',
  'http://evil.example/orgs',
  'https:evil.example',
  'http:/evil.example',
  // Backslashes (browsers read them as slashes).
  '\\\\evil.example',
  '/\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  // Encoded and double-encoded slashes and backslashes.
  '/%2F%2Fevil.example',
  '/%2f/evil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '/%252F%252Fevil.example',
  '/%25252F%25252Fevil.example',
  '/%255Cevil.example',
  // Userinfo.
  '//user@evil.example',
  '//localhost:3000@evil.example',
  'http://localhost:3000@evil.example/',
  'http://user:pass@localhost:3000/orgs',
  // IDN and look-alike hosts.
  '//evil。example',
  '//ｅｖｉｌ.example',
  'https://xn--80ak6aa92e.com/',
  'https://lоcalhost:3000/orgs',
  'http://localhost:3000.evil.example/',
  // Tab, newline and other control characters (the URL parser drops tab and newline).
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%00/evil.example',
  '/ /evil.example',
  '\u0000//evil.example',
  '/\u2028/evil.example',
  // Other schemes.
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  'javascript://localhost:3000/%0aalert(1)',
  '/javascript:alert(1)//',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  // Not a path at all.
  'evil.example',
  'orgs',
  '?next=//evil.example',
  '#//evil.example',
  '',
  '/%',
  '/%E0%A4%A',
];

describe('safeCallbackPath (no open redirect after sign-in)', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(safeCallbackPath('/invite/abc_-XYZ?x=1#y', ORIGIN)).toBe('/invite/abc_-XYZ?x=1#y');
    expect(safeCallbackPath('/orgs', ORIGIN)).toBe('/orgs');
    expect(safeCallbackPath('/orgs/7a0c/me?welcome=1', ORIGIN)).toBe('/orgs/7a0c/me?welcome=1');
    // next-auth's client sends absolute URLs on this origin: reduced to the path.
    expect(safeCallbackPath(`${ORIGIN}/orgs/abc`, ORIGIN)).toBe('/orgs/abc');
    // A query may hold anything harmless; only the path decides where the browser goes.
    expect(safeCallbackPath('/orgs?next=https://x.example/', ORIGIN)).toBe('/orgs?next=https://x.example/');
    // Single dot segments that stay on a normal path are fine.
    expect(safeCallbackPath('/orgs/x/../me', ORIGIN)).toBe('/orgs/me');
  });

  it(`refuses ${PAYLOADS.length} known open-redirect payloads: each becomes the home page`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
    for (const payload of PAYLOADS) {
      const path = safeCallbackPath(payload, ORIGIN);
      expect(path, JSON.stringify(payload)).toBe(HOME_PATH);
      expectSameOriginPath(path);
    }
  });

  it('every answer is a same-origin path, also for arrays, non-strings and another origin', () => {
    for (const raw of [undefined, null, 42, {}, ['//evil.example', '/orgs'], ['/orgs/a'], 'x'.repeat(5000)]) {
      expectSameOriginPath(safeCallbackPath(raw, ORIGIN));
    }
    expect(safeCallbackPath(['/orgs/a', '//evil'], ORIGIN)).toBe('/orgs/a');
    expect(safeCallbackPath('https://sustain.example/orgs', ORIGIN)).toBe(HOME_PATH);
    expect(safeCallbackPath('https://sustain.example/orgs', 'https://sustain.example')).toBe('/orgs');
  });

  it('safeCallbackUrl gives next-auth an absolute URL on this origin', () => {
    expect(safeCallbackUrl('/orgs/a', `${ORIGIN}/`)).toBe(`${ORIGIN}/orgs/a`);
    expect(safeCallbackUrl('/x/..//evil.example', ORIGIN)).toBe(`${ORIGIN}${HOME_PATH}`);
    for (const payload of PAYLOADS) expect(new URL(safeCallbackUrl(payload, ORIGIN)).origin).toBe(ORIGIN);
  });
});
