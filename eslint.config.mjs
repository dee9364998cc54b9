// ESLint flat config (issue 12): typescript-eslint's recommended rules, Next's plugin, and the
// import boundaries of ARCHITECTURE.md §1. The boundaries are also checked without ESLint by
// lib/import-boundaries.test.ts, which runs with `npm test`.
//
// ESLint and its plugins live in tools/lint (run through `npm run lint`, scripts/lint.mjs):
// typescript-eslint parses with the TypeScript 6 JavaScript API, and the app's TypeScript 7
// has no such API, so the two cannot share one node_modules. They are loaded from there.
import { createRequire } from 'node:module';

const load = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const js = load('@eslint/js');
const nextPlugin = load('@next/eslint-plugin-next');
const globals = load('globals');
const tseslint = load('typescript-eslint');

const FRAMEWORK = ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'next-auth', 'next-auth/*'];
const DATABASE = ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*', '@/db', '@/db/*'];
const SERVER_ONLY = ['server-only', '@/lib/server/*', '@/lib/auth/*', '@/lib/actions/*', '@/lib/env'];
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads'];

/** The pure core: plain data in, plain data out (ARCHITECTURE.md §1, STYLE.md convention 2). */
const PURE_CORE = ['instruments', 'scoring', 'stats', 'privacy', 'recommendations', 'drivers', 'measures'];

const restrict = (groups) => ['error', { patterns: groups }];

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
      'next-env.d.ts',
      'db/migrations/**',
      'tools/lint/node_modules/**',
      '**/*.d.ts',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs['core-web-vitals'].rules },
  },
  {
    // Pragmatic: the code base already follows these by review; keep the rules that catch bugs.
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Plain-JS scripts run on Node.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Golden values are quoted with every digit their source gives (NIST, R), more than a double holds.
    files: ['**/*.test.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    // (a) The pure core imports no framework, database, server-only or Node-only module.
    files: PURE_CORE.map((dir) => `lib/${dir}/**/*.{ts,tsx}`),
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': restrict([
        { group: FRAMEWORK, message: 'The pure core (lib/instruments, scoring, stats, privacy, recommendations, drivers, measures) imports no framework.' },
        { group: DATABASE, message: 'The pure core takes plain data: no database access. Query in lib/server and pass the rows in.' },
        { group: SERVER_ONLY, message: 'The pure core imports nothing server-only (lib/server, lib/auth, lib/actions, lib/env).' },
        { group: NODE_BUILTINS, message: 'The pure core uses no Node-only module, so it runs anywhere (browser, worker, tests).' },
        { group: ['@/app/*', '@/components/*'], message: 'lib/ never imports from app/ or components/.' },
      ]),
    },
  },
  {
    // (b) lib/ never imports from components/ or app/.
    files: ['lib/**/*.{ts,tsx}'],
    ignores: [...PURE_CORE.map((dir) => `lib/${dir}/**`), '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['@/app/*', '@/components/*', '**/app/*', '**/components/*'], message: 'lib/ never imports from app/ or components/: move the shared type or function into lib/.' },
      ]),
    },
  },
  {
    // (c) app/ and components/ reach the database only through lib/server. The one exception
    // is the handle itself (`getDb` from @/db/client), which pages pass to lib/server
    // functions; type-only imports (row types such as Role) are erased and allowed.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@/db/client',
              allowImportNames: ['getDb'],
              message: 'app/ and components/ take only the `getDb` handle from @/db/client; query through lib/server.',
            },
          ],
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*', '@/db/*', '!@/db/client'],
              allowTypeImports: true,
              message: 'app/ and components/ reach the database only through lib/server.',
            },
          ],
        },
      ],
    },
  },
);
