import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of ARCHITECTURE.md §1 (issue 12), checked on every `npm test`; the
 * same rules are in eslint.config.mjs for `npm run lint`:
 * (a) the pure core imports no framework, database, server-only or Node-only module;
 * (b) lib/ never imports from components/ or app/;
 * (c) app/ and components/ reach the database only through lib/server (they may take the
 *     `getDb` handle to pass to lib/server, and erased type-only imports).
 */
const ROOT = process.cwd();
const PURE_CORE = ['instruments', 'scoring', 'stats', 'privacy', 'recommendations', 'drivers', 'measures'];
const NODE_BUILTIN = /^(node:|(fs|path|os|crypto|child_process|http|https|net|stream|url|util|worker_threads)(\/|$))/;

interface ImportRef {
  file: string;
  spec: string;
  typeOnly: boolean;
  names: string[];
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Static imports, re-exports, dynamic imports and requires of a file. */
export function importsOf(file: string, text: string): ImportRef[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const refs: ImportRef[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    const clause = m[3] ?? '';
    const names = [...clause.matchAll(/(?:^|[{,]\s*)(?:type\s+)?([A-Za-z_$][\w$]*)/g)].map((n) => n[1]!);
    const allTypes = /^\{[^}]*\}$/.test(clause.trim()) && clause.replace(/[{}]/g, '').split(',').every((p) => p.trim() === '' || /^type\s/.test(p.trim()));
    refs.push({ file, spec: m[4]!, typeOnly: Boolean(m[2]) || allTypes, names });
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) refs.push({ file, spec: m[1]!, typeOnly: false, names: [] });
  for (const m of code.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) refs.push({ file, spec: m[1]!, typeOnly: false, names: [] });
  return refs;
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const fmt = (r: ImportRef) => `${r.file}: ${r.spec}`;

function resolvesInto(r: ImportRef, dirs: string[]): boolean {
  if (dirs.some((d) => r.spec === `@/${d}` || r.spec.startsWith(`@/${d}/`))) return true;
  if (!r.spec.startsWith('.')) return false;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(r.file), r.spec));
  return dirs.some((d) => target === d || target.startsWith(`${d}/`));
}

describe('import boundaries (ARCHITECTURE.md §1)', () => {
  it('(a) the pure core imports no framework, database, server-only or Node-only module', () => {
    const bad = PURE_CORE.flatMap((d) => sourceFiles(`lib/${d}`))
      .flatMap((f) => importsOf(f, read(f)))
      .filter(
        (r) =>
          /^(next|react|react-dom|next-auth|drizzle-orm|postgres|server-only)(\/|$)/.test(r.spec) ||
          r.spec.startsWith('@electric-sql/') ||
          NODE_BUILTIN.test(r.spec) ||
          resolvesInto(r, ['db', 'lib/server', 'lib/auth', 'lib/actions', 'lib/env', 'app', 'components']),
      )
      .map(fmt);
    expect(bad).toEqual([]);
  });

  it('(b) lib/ never imports from components/ or app/', () => {
    const bad = sourceFiles('lib')
      .flatMap((f) => importsOf(f, read(f)))
      .filter((r) => resolvesInto(r, ['app', 'components']))
      .map(fmt);
    expect(bad).toEqual([]);
  });

  it('(c) app/ and components/ reach the database only through lib/server', () => {
    const bad = [...sourceFiles('app'), ...sourceFiles('components')]
      .flatMap((f) => importsOf(f, read(f)))
      .filter((r) => !r.typeOnly)
      .filter((r) => {
        if (/^(drizzle-orm|postgres)(\/|$)/.test(r.spec) || r.spec.startsWith('@electric-sql/')) return true;
        if (!resolvesInto(r, ['db'])) return false;
        // The handle itself may be taken, to pass to lib/server functions.
        return !(r.spec === '@/db/client' && r.names.length > 0 && r.names.every((n) => n === 'getDb'));
      })
      .map(fmt);
    expect(bad).toEqual([]);
  });

  it('(d) lib/dashboard, lib/measures and lib/privacy take nothing from components/, and the aggregate cell type is defined once (issue 14)', () => {
    const bad = ['lib/dashboard', 'lib/measures', 'lib/privacy']
      .flatMap((d) => sourceFiles(d))
      .flatMap((f) => importsOf(f, read(f)))
      .filter((r) => resolvesInto(r, ['app', 'components']) || /^@\/(app|components)(\/|$)/.test(r.spec))
      .map(fmt);
    expect(bad).toEqual([]);
    // The cell is lib/privacy's AggregateCell, extended (not copied) by lib/dashboard's ViewCell;
    // no page, component, view model or server read joins cells by casting them to another cell type.
    const copies = ['app', 'components', 'lib/dashboard', 'lib/server'].flatMap((d) => sourceFiles(d)).flatMap((f) => {
      const text = read(f);
      const out: string[] = [];
      if (/\bas\s+(ViewCell|CellDto|AggregateCell|PublishedCell)\b(\[\])?/.test(text)) out.push(`${f}: casts a cell`);
      if (/\binterface\s+(ViewCell|CellDto)\b/.test(text)) out.push(`${f}: declares its own cell interface`);
      return out;
    });
    expect(copies).toEqual([]);
  });

  it('the scanner sees the forms the rules are about', () => {
    const refs = importsOf(
      'lib/stats/x.ts',
      `import type { A } from '@/db/schema';\nimport { type B, type C } from './y';\nimport { getDb, openDb } from '@/db/client';\nimport 'server-only';\nexport * from '../../components/z';\nconst m = await import('node:fs');\n// import { no } from 'next';`,
    );
    expect(refs.map((r) => [r.spec, r.typeOnly])).toEqual([
      ['@/db/schema', true],
      ['./y', true],
      ['@/db/client', false],
      ['../../components/z', false],
      ['server-only', false],
      ['node:fs', false],
    ]);
    expect(refs[2]!.names).toEqual(['getDb', 'openDb']);
    expect(resolvesInto(refs[3]!, ['components'])).toBe(true);
  });
});
