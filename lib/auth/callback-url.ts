/**
 * Only same-site paths are accepted as a destination after sign-in (no open redirect).
 * Parsed as a URL, so tricks like "/\\evil.example" (which browsers treat as another host) fail.
 */
export function safeCallbackPath(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith('/') || /[\\\s]/.test(value)) return '/orgs';
  try {
    const base = 'http://sustain.invalid';
    const url = new URL(value, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/orgs';
  } catch {
    return '/orgs';
  }
}

