import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { NextRequest } from 'next/server';

/**
 * Runs `fn` inside a minimal Next.js request scope built from `req`, so code that calls
 * `headers()` / `cookies()` from next/headers, including next-auth's route handler, which
 * requires them from node_modules where vi.mock cannot reach, sees this request's headers
 * and cookies, as it would under `next start`. Tests only.
 *
 * It uses Next's internal async storages (the same module instances next-auth loads,
 * through Node's require cache). If a Next upgrade moves them, this fails loudly.
 */
const require = createRequire(import.meta.url);

// Next's server sets this global before loading its storages (next/dist/server/node-environment).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

interface Storage {
  run<T>(store: unknown, fn: () => T): T;
}

const { workAsyncStorage } = require('next/dist/server/app-render/work-async-storage.external.js') as {
  workAsyncStorage: Storage;
};
const { workUnitAsyncStorage } = require('next/dist/server/app-render/work-unit-async-storage.external.js') as {
  workUnitAsyncStorage: Storage;
};
const { RequestCookies } = require('next/dist/server/web/spec-extension/cookies.js') as {
  RequestCookies: new (headers: Headers) => unknown;
};

export function runInRequestScope<T>(req: NextRequest, route: string, fn: () => Promise<T>): Promise<T> {
  const headers = new Headers(req.headers);
  const workStore = { route, page: route, isStaticGeneration: false, forceStatic: false, dynamicShouldError: false };
  const requestStore = {
    type: 'request',
    phase: 'render',
    headers,
    cookies: new RequestCookies(headers),
    implicitTags: undefined,
    url: { pathname: req.nextUrl.pathname, search: req.nextUrl.search },
  };
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
}
