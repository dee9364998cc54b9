/**
 * Where to go after sign-in: only a path on this site, or the signed-in home page.
 * Used by the sign-in page (server redirect and the form's router.replace) and by
 * next-auth's redirect callback (the credentials POST and its callback-url cookie).
 *
 * The value is resolved with `new URL(value, origin)`, as a browser would, and the result
 * must be on `origin`. The resolved path must then be one a browser or a later redirect
 * cannot turn into another site:
 * - `/x/..//evil.example` and `/.//evil.example` resolve to the path `//evil.example`,
 *   which is scheme-relative once it is a Location header: refused (no "//" in the path);
 * - backslashes (browsers read `/\evil` as `//evil`), control characters, spaces and
 *   tab/newline injection (the URL parser silently drops tabs and newlines): refused;
 * - userinfo (`//user@evil`, `http://origin@evil`), other schemes (`javascript:`, `data:`)
 *   and other hosts, including IDN look-alikes: refused by the origin check;
 * - percent-encoded variants (`/%2F%2Fevil`, `/%5Cevil`, double-encoded `%252F`): the
 *   value is decoded up to three times and every form must pass the same checks.
 *
 * Pure: no server-only imports, so the sign-in form can use it too.
 */
export const HOME_PATH = '/orgs';

const MAX_LENGTH = 2048;
/** Printable ASCII only (no controls, spaces or non-ASCII). Real links are percent-encoded. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const DEFAULT_ORIGIN = 'http://sustain.invalid';

function decodedForms(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null; // a malformed escape: not a link we made
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

/** A path that no decoding can turn into a link to another site. */
function isHarmlessPath(pathname: string, rest: string): boolean {
  const forms = decodedForms(pathname);
  const restForms = decodedForms(rest);
  if (!forms || !restForms) return false;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  const unsafe = /[\\\u0000-\u001f\u007f]/;
  return (
    forms.every((p) => p.startsWith('/') && !p.includes('//') && !unsafe.test(p)) &&
    restForms.every((r) => !unsafe.test(r))
  );
}

/**
 * The same-origin path (with query and hash) that `raw` points to, or HOME_PATH.
 * `origin` is this site's origin (scheme, host, port); absolute URLs are accepted only on it.
 */
export function safeCallbackPath(raw: unknown, origin: string = DEFAULT_ORIGIN): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return HOME_PATH;
  if (!PRINTABLE_ASCII.test(value)) return HOME_PATH;
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    return HOME_PATH;
  }
  // A relative value must be a path ("/..."); anything else must be an absolute http(s) URL.
  if (!value.startsWith('/') && !/^https?:\/\/[^/\\]/i.test(value)) return HOME_PATH;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') return HOME_PATH;
  if (!isHarmlessPath(url.pathname, `${url.search}${url.hash}`)) return HOME_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Belt and braces: the answer must resolve to itself on this origin.
  const again = new URL(path, base);
  if (again.origin !== base.origin || `${again.pathname}${again.search}${again.hash}` !== path) return HOME_PATH;
  return path;
}

/** The absolute URL for next-auth's redirect callback: this site's origin plus a safe path. */
export function safeCallbackUrl(raw: unknown, origin: string): string {
  return `${new URL(origin).origin}${safeCallbackPath(raw, origin)}`;
}
