import fs from 'node:fs';
import path from 'node:path';

/**
 * An exclusive lock on a PGlite data directory. PGlite is Postgres compiled to WebAssembly,
 * running inside ONE process: it has no shared memory or postmaster between processes, so a
 * second process opening the same directory writes the same files blindly and corrupts them.
 *
 * The lock is a file `<dataDir>/pglite.lock` created with O_EXCL ("wx"), holding the owner's
 * pid and role. A lock whose pid is no longer alive (a server killed with SIGKILL, a crashed
 * script) is stale and taken over. A live holder makes the open fail with
 * {@link PgliteLockedError}, whose message says who holds it and what to do instead.
 */
export type PgliteLockOwner = 'server' | 'db:migrate' | 'cycles:tick' | 'demo' | 'script';

export interface PgliteLockInfo {
  pid: number;
  owner: PgliteLockOwner;
  since: string;
}

export class PgliteLockedError extends Error {
  readonly holder: PgliteLockInfo;
  constructor(dataDir: string, holder: PgliteLockInfo, wanted: PgliteLockOwner) {
    const who = holder.owner === 'server' ? 'a running Sustain server' : `\`${holder.owner}\``;
    const instead =
      holder.owner === 'server'
        ? 'Stop the server first (Ctrl+C, or SIGTERM to its pid), or let the running server do it: it applies migrations at start-up and runs the scheduler and background jobs itself, and admins work from its pages. To run several processes on one database, use PostgreSQL (DATABASE_URL).'
        : `Wait for it to finish, or stop it (pid ${holder.pid}), then run ${wanted === 'server' ? 'the server' : `\`${wanted}\``} again.`;
    super(
      `The embedded database at ${dataDir} is in use by ${who} (pid ${holder.pid}, since ${holder.since}). ` +
        `A second process on the same PGlite directory would corrupt it, so ${wanted === 'server' ? 'the server' : `\`${wanted}\``} refused to open it. ${instead}`,
    );
    this.name = 'PgliteLockedError';
    this.holder = holder;
  }
}

export interface PgliteLock {
  readonly file: string;
  release(): void;
}

export function pgliteLockFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pglite.lock');
}

/** True if a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): PgliteLockInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PgliteLockInfo>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, owner: (parsed.owner ?? 'script') as PgliteLockOwner, since: String(parsed.since ?? 'unknown') };
  } catch {
    return null; // vanished or half-written: treated as stale
  }
}

/**
 * Takes the lock on `dataDir` for `owner`, or throws PgliteLockedError while a live process
 * holds it. Our own pid counts as stale: a container restarted as pid 1 finds its previous
 * life's file, and one process never opens two handles on a directory (db/client.ts keeps one).
 */
export function acquirePgliteLock(dataDir: string, owner: PgliteLockOwner): PgliteLock {
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const file = pgliteLockFile(dataDir);
  const mine: PgliteLockInfo = { pid: process.pid, owner, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only remove the file if it is still ours (never a successor's).
          if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && isProcessAlive(holder.pid)) throw new PgliteLockedError(path.resolve(dataDir), holder, owner);
    // Stale (dead pid, our own pid, unreadable): remove it and race for it again with O_EXCL.
    // Re-read just before removing, so a process that took it over in between keeps it.
    const again = readHolder(file);
    if (again?.pid === holder?.pid && again?.since === holder?.since) fs.rmSync(file, { force: true });
  }
  throw new Error(`acquirePgliteLock: could not take ${file}`);
}

/** For command-line scripts: the lock's own sentence (no stack trace), or the error as it is. */
export function explainOpenError(err: unknown): unknown {
  return err instanceof PgliteLockedError ? err.message : err;
}
