/**
 * Shared by fault tests 1 and 2: an agency of N staff with an open cycle, a `next start` server
 * (the production build, started as scripts/lib/serve.mjs does: by its own pid, signals to it),
 * and a load of staff submitting their check-in through POST /api/v1/orgs/{org}/checkins the
 * way a client would: each person retries after a connection error or a 5xx until the server
 * acknowledges (2xx) or answers 409 (already submitted: an earlier attempt was stored but its
 * answer was lost). Every attempt is recorded with its start, end and outcome, so the tests
 * can check what was acknowledged against what was stored, and print the error windows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import type { Db } from '@/db/client';
import { memberships, organizations, teams, users } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { openOneOffCycle } from '@/lib/server/cycles';
import { respondentKeyFor } from '@/lib/server/respondent-key';
import { rowsOf } from '@/lib/jobs/rows';
import { check, failureCount, ROOT } from './fault-3-fleet-lib';

export { check, failureCount } from './fault-3-fleet-lib';
export const FAULT_SECRET = 'fault-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
// The server and this process must compute the same respondent keys (checkStoredOnce).
process.env.AUTH_SECRET = FAULT_SECRET;

export interface LoadAgency {
  orgId: string;
  cycleId: string;
  staff: { userId: string; cookie: string }[];
}

/** One agency, one team, `staff` staff members with session cookies, an open cycle. */
export async function seedLoadAgency(db: Db, staff: number): Promise<LoadAgency> {
  const [org] = await db.insert(organizations).values({ name: 'Fault agency' }).returning({ id: organizations.id });
  const orgId = org!.id;
  const [team] = await db.insert(teams).values({ orgId, name: 'Fault team' }).returning({ id: teams.id });
  await db.execute(sql`
    insert into users (email, name, password_hash)
    select 'fault' || g || '@fault.test', 'Fault ' || g, 'x' from generate_series(1, ${staff}) g`);
  await db.execute(sql`
    insert into memberships (org_id, user_id, role, team_id)
    select ${orgId}, id, 'staff', ${team!.id} from users where email like 'fault%@fault.test'`);
  const [admin] = await db.insert(users).values({ email: 'admin@fault.test', name: 'Admin', passwordHash: 'x' }).returning({ id: users.id });
  await db.insert(memberships).values({ orgId, userId: admin!.id, role: 'admin' });
  const cycleId = await openOneOffCycle(db, await authorizeOrgRole(db, admin!.id, orgId, 'admin'), {
    durationDays: 14,
    vrInstrument: 'brief-vr',
    includeSelfCare: true,
  });
  const rows = rowsOf<{ id: string; sv: number }>(
    await db.execute(sql`select id, session_version as sv from users where email like 'fault%@fault.test' order by email`),
  );
  const people = await Promise.all(rows.map(async ({ id: userId, sv }) => ({ userId, cookie: await sessionCookie(userId, Number(sv)) })));
  return { orgId, cycleId, staff: people };
}

/**
 * A session cookie as next-auth issues it at sign-in (a JWT signed with the servers'
 * AUTH_SECRET), with the session version every request checks (lib/auth/session-version).
 */
export async function sessionCookie(userId: string, sessionVersion: number): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: userId, sv: sessionVersion }, secret: FAULT_SECRET, maxAge: 7200 })}`;
}

/* ───────────────────────── the server ───────────────────────── */

export interface NextServer {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `next start` on `port` with the production env the scripts use (scripts/lib/serve.mjs). */
export function startNext(port: number, env: Record<string, string>): NextServer {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_MANUAL_SIG_HANDLE: 'true',
      AUTH_SECRET: FAULT_SECRET,
      NEXTAUTH_URL: `http://localhost:${port}`,
      SUSTAIN_SCHEDULER: 'off',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

/**
 * SIGTERM, then waits up to `graceMs` for a graceful exit; SIGKILL after that.
 * Resolves with the exit and whether it was graceful (exit code 0 in time).
 */
export async function stopNext(server: NextServer, graceMs = 30_000): Promise<{ graceful: boolean; ms: number; code: number | null }> {
  const t0 = Date.now();
  if (server.child.exitCode !== null) return { graceful: false, ms: 0, code: server.child.exitCode };
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  const exit = await server.exited;
  clearTimeout(timer);
  return { graceful: exit.code === 0, ms: Date.now() - t0, code: exit.code };
}

/** Waits until GET `url` answers `status`; returns the milliseconds it took. */
export async function waitForStatus(url: string, status: number, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === status) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/* ───────────────────────── the load ───────────────────────── */

export type Outcome = 'acknowledged' | 'already' | 'http-error' | 'network-error' | 'timeout' | 'other';

export interface Attempt {
  person: number;
  start: number;
  end: number;
  outcome: Outcome;
  status: number | null;
}

/** A complete check-in: ProQOL, brief VR and self-care answers (what the check-in form sends). */
export const checkinAnswers = {
  proqol: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i + 1), 1 + ((i * 7) % 5)])),
  vr: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [String(i + 1), i % 6])),
  selfCare: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), i % 5])),
  profile: null,
};

export interface LoadRun {
  attempts: Attempt[];
  /** Persons whose last attempt was a 2xx (acknowledged) or a 409 (stored by an earlier attempt). */
  acknowledged: Set<number>;
  already: Set<number>;
  done: Promise<void>;
  /** Resolves when `n` check-ins have been acknowledged. */
  whenAcknowledged(n: number): Promise<void>;
}

/**
 * Every person submits once, `concurrency` at a time; a failed attempt (connection error,
 * 5xx, timeout after `timeoutMs`) is retried after `retryMs` until the server answers 2xx or 409.
 */
export function runCheckinLoad(baseUrl: string, agency: LoadAgency, options: { concurrency: number; timeoutMs: number; retryMs: number }): LoadRun {
  const attempts: Attempt[] = [];
  const acknowledged = new Set<number>();
  const already = new Set<number>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const body = JSON.stringify({ cycleId: agency.cycleId, answers: checkinAnswers });
  const url = `${baseUrl}/api/v1/orgs/${agency.orgId}/checkins`;
  let next = 0;
  const submit = async (person: number) => {
    for (;;) {
      const start = Date.now();
      let outcome: Outcome;
      let status: number | null = null;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: agency.staff[person]!.cookie },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer();
        outcome = res.status >= 200 && res.status < 300 ? 'acknowledged' : res.status === 409 ? 'already' : res.status >= 500 ? 'http-error' : 'other';
      } catch (err) {
        outcome = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network-error';
      }
      attempts.push({ person, start, end: Date.now(), outcome, status });
      if (outcome === 'acknowledged') acknowledged.add(person);
      if (outcome === 'already') already.add(person);
      if (outcome === 'acknowledged' || outcome === 'already' || outcome === 'other') break;
      await new Promise((r) => setTimeout(r, options.retryMs));
    }
    for (const w of waiters.filter((w) => acknowledged.size >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const worker = async () => {
    while (next < agency.staff.length) await submit(next++);
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => {
    for (const w of waiters.splice(0)) w.resolve();
  });
  return {
    attempts,
    acknowledged,
    already,
    done,
    whenAcknowledged: (n) => new Promise<void>((resolve) => (acknowledged.size >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}

/* ───────────────────────── checks ───────────────────────── */

/**
 * What was acknowledged against what was stored: every acknowledged (2xx) check-in stored
 * exactly once (its participation, and one response under its respondent key), every 409
 * stored too, no participation without its response and no response without its participation.
 */
export async function checkStoredOnce(db: Db, agency: LoadAgency, load: LoadRun): Promise<void> {
  const participants = new Map(
    rowsOf<{ user_id: string; n: number }>(
      await db.execute(sql`select user_id, count(*)::int as n from participations where cycle_id = ${agency.cycleId} group by user_id`),
    ).map((r) => [r.user_id, Number(r.n)]),
  );
  const responseKeys = new Map(
    rowsOf<{ respondent_key: string; n: number }>(
      await db.execute(sql`select respondent_key, count(*)::int as n from responses where cycle_id = ${agency.cycleId} group by respondent_key`),
    ).map((r) => [r.respondent_key, Number(r.n)]),
  );
  const unexpected = load.attempts.filter((a) => a.outcome === 'other');
  check('no attempt answered anything but 2xx, 409, 5xx or a connection error', unexpected.length === 0, [...new Set(unexpected.map((a) => a.status))].join(', '));
  const stored = (person: number) => {
    const userId = agency.staff[person]!.userId;
    return { participations: participants.get(userId) ?? 0, responses: responseKeys.get(respondentKeyFor(userId, agency.orgId)) ?? 0 };
  };
  const ackLost = [...load.acknowledged].filter((p) => stored(p).participations !== 1 || stored(p).responses !== 1);
  check(`every acknowledged (2xx) check-in stored exactly once (${load.acknowledged.size})`, ackLost.length === 0, `${ackLost.length} not stored exactly once`);
  const alreadyLost = [...load.already].filter((p) => stored(p).participations !== 1 || stored(p).responses !== 1);
  check(`every 409 "already submitted" has its earlier check-in stored once (${load.already.size})`, alreadyLost.length === 0, `${alreadyLost.length} not stored`);
  const duplicated = [...participants.values(), ...responseKeys.values()].filter((n) => n > 1).length;
  check('no check-in stored twice', duplicated === 0, `${duplicated}`);
  const people = agency.staff.map((_, i) => stored(i));
  const orphanParticipations = people.filter((s) => s.participations > 0 && s.responses === 0).length;
  const orphanResponses = people.filter((s) => s.responses > 0 && s.participations === 0).length;
  const unknownResponses = [...responseKeys.keys()].length - people.filter((s) => s.responses > 0).length;
  check('no participation without its response', orphanParticipations === 0, `${orphanParticipations}`);
  check('no response without its participation', orphanResponses === 0 && unknownResponses === 0, `${orphanResponses} + ${unknownResponses} unknown keys`);
  const everyone = people.filter((s) => s.participations === 1).length;
  check(`everyone eventually checked in once (${agency.staff.length})`, everyone === agency.staff.length, `${everyone}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Figures about the failed attempts relative to `t0` (the fault). */
export function errorWindow(load: LoadRun, t0: number) {
  const failed = load.attempts.filter((a) => a.outcome === 'http-error' || a.outcome === 'network-error' || a.outcome === 'timeout');
  const acks = load.attempts.filter((a) => a.outcome === 'acknowledged').map((a) => a.end).sort((a, b) => a - b);
  const ackAfter = acks.filter((end) => end > t0);
  const longestAckGapMs = acks.reduce((gap, end, i) => (i ? Math.max(gap, end - acks[i - 1]!) : 0), 0);
  const latencies = load.attempts.map((a) => a.end - a.start).sort((a, b) => a - b);
  return {
    failed: failed.length,
    http5xx: failed.filter((a) => a.outcome === 'http-error').length,
    network: failed.filter((a) => a.outcome === 'network-error').length,
    timeouts: failed.filter((a) => a.outcome === 'timeout').length,
    firstErrorAt: failed.length ? Math.min(...failed.map((a) => a.end)) : null,
    lastErrorAt: failed.length ? Math.max(...failed.map((a) => a.end)) : null,
    firstAckAfterFault: ackAfter.length ? Math.min(...ackAfter) : null,
    longestAckGapMs,
    maxLatencyMs: latencies[latencies.length - 1] ?? 0,
    p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    fmt: seconds,
  };
}

/** Runs a fault test's `main`, then prints the verdict and exits 0 (every check passed) or 1. */
export function runFaultTest(label: string, main: () => Promise<void>): void {
  main().then(
    () => {
      const failures = failureCount();
      console.log(failures ? `[${label}] FAILED (${failures} checks)` : `[${label}] passed`);
      process.exit(failures ? 1 : 0);
    },
    (err: unknown) => {
      console.error(`[${label}] error`, err);
      process.exit(1);
    },
  );
}

/** The server's last output, for a test that failed before its checks. */
export function printServerOutput(server: NextServer | undefined): void {
  if (server) console.error(`[fault] server output (last 3,000 characters):\n${server.output.join('').slice(-3000)}`);
}
