import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './callback-url';

describe('safeCallbackPath (no open redirect after sign-in)', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(safeCallbackPath('/invite/abc?x=1#y')).toBe('/invite/abc?x=1#y');
    expect(safeCallbackPath('/orgs')).toBe('/orgs');
  });
  it('refuses other hosts, however they are spelled', () => {
    for (const bad of ['//evil.example', '/\\evil.example', '/\tevil.example', 'https://evil.example', 'evil', '/ /evil', undefined, '']) {
      expect(safeCallbackPath(bad as string | undefined)).toBe('/orgs');
    }
  });
});
