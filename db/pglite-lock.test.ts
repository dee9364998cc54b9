import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from './client';
import { runMigrations } from './migrate';
import { acquirePgliteLock, isProcessAlive, PgliteLockedError, pgliteLockFile } from './pglite-lock';

const ROOT = path.resolve(import.meta.dirname, '..');
const tsxArgs = ['--conditions=react-server', '--import', 'tsx'];

function runScript(script: string, dataDir: string) {
  return spawnSync(process.execPath, [...tsxArgs, script], {
    cwd: ROOT,
    env: { ...process.env, SUSTAIN_DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Starts a process that holds `dataDir` the way a running server does; resolves once it does. */
function holdAsServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...tsxArgs, 'db/pglite-lock.holder.ts'], {
    cwd: ROOT,
    env: { ...process.env, SUSTAIN_DATA_DIR: dataDir, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
}

describe('the PGlite data-dir lock', () => {
  let dataDir: string;
  let holder: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sustain-lock-'));
    holder = await holdAsServer(dataDir);
  });
  afterAll(() => {
    if (holder?.exitCode === null) holder.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process while a server holds the dir, naming the holder and what to do instead', () => {
    let error: unknown;
    try {
      openDb({ dataDir, owner: 'db:migrate' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PgliteLockedError);
    expect((error as PgliteLockedError).holder).toMatchObject({ pid: holder!.pid, owner: 'server' });
    expect((error as Error).message).toMatch(/in use by a running Sustain server \(pid \d+/);
    expect((error as Error).message).toContain('Stop the server first');
    expect((error as Error).message).toContain('DATABASE_URL');
  });

  it('makes `db:migrate` and `cycles:tick` exit 1 with that message and no stack trace', () => {
    for (const [script, name] of [
      ['scripts/db-migrate.ts', 'db:migrate'],
      ['scripts/cycles-tick.ts', 'cycles:tick'],
    ] as const) {
      const run = runScript(script, dataDir);
      expect(run.status, `${name}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(`\`${name}\` refused to open it`);
      expect(run.stderr).toContain('Stop the server first');
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('makes the demo refuse too (its preparation step opens the dir)', () => {
    const run = runScript('scripts/demo-prepare.ts', dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('`demo` refused to open it');
  });

  it('takes over a stale lock left by a server killed with SIGKILL, and the data is intact', async () => {
    holder!.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    expect(isProcessAlive(holder!.pid!)).toBe(false);
    expect(JSON.parse(fs.readFileSync(pgliteLockFile(dataDir), 'utf8'))).toMatchObject({ pid: holder!.pid });

    const handle = openDb({ dataDir, owner: 'db:migrate' });
    try {
      expect(JSON.parse(fs.readFileSync(pgliteLockFile(dataDir), 'utf8'))).toMatchObject({ pid: process.pid, owner: 'db:migrate' });
      await runMigrations(handle);
      const result = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const rows = (result as unknown as { rows: { n: number }[] }).rows;
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
    // Closing releases the lock file.
    expect(fs.existsSync(pgliteLockFile(dataDir))).toBe(false);
  });

  it('treats an unreadable lock file as stale and never removes a successor’s lock on release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sustain-lock-'));
    try {
      fs.writeFileSync(pgliteLockFile(dir), 'not json');
      const lock = acquirePgliteLock(dir, 'script');
      // Another process took it over meanwhile (simulated): release must leave its file alone.
      fs.writeFileSync(pgliteLockFile(dir), JSON.stringify({ pid: 1, owner: 'server', since: 'now' }));
      lock.release();
      expect(fs.existsSync(pgliteLockFile(dir))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
