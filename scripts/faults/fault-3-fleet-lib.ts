/**
 * Shared by fault tests 3 and 4 and the close-storm and reminder benchmarks: a throwaway
 * database on the shared Postgres (created and dropped here; the server itself is never
 * restarted), agencies seeded in SQL, Sustain server processes started and stopped by pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { levelSql, seedMembershipsSql, storedScoreSql } from '../bench/lib';


export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface FleetSeed {
  agencies: number;
  /** Staff per agency (plus one director). */
  staff: number;
  /** Staff per agency who have checked in (a response and a participation each). */
  checkedIn: number;
  opensAt: Date;
  closesAt: Date;
  /** Reminder days before close on each agency's schedule row (disabled schedule). */
  reminderDays: number;
}

// The levels' SQL from the measures' cut points (lib/measures), never restated here.
const level = levelSql('bo');
const vrLevel = levelSql('vr');
const stored = storedScoreSql;

/** Agencies with two teams, staff, a director and one open cycle each, all with the same window. */
export async function seedFleet(db: Db, s: FleetSeed): Promise<void> {
  const perOrg = s.staff + 1;
  await db.execute(sql.raw(`insert into organizations (name, min_group_size) select 'Fleet agency ' || g, 3 from generate_series(1, ${s.agencies}) g`));
  await db.execute(sql.raw(`insert into teams (org_id, name) select o.id, 'Team ' || t from organizations o, generate_series(1, 2) t`));
  await db.execute(
    sql.raw(`insert into users (email, name, password_hash) select 'p' || g || '@fleet.test', 'Person ' || g, 'x' from generate_series(1, ${s.agencies * perOrg}) g`),
  );
  await db.execute(sql.raw(seedMembershipsSql(s.staff, 2)));
  await db.execute(
    sql.raw(`insert into cycle_schedules (org_id, enabled, reminder_days_before_close) select id, false, ${s.reminderDays} from organizations`),
  );
  await db.execute(
    sql.raw(`insert into cycles (org_id, opens_at, closes_at, status, instruments)
    select id, '${s.opensAt.toISOString()}'::timestamptz, '${s.closesAt.toISOString()}'::timestamptz, 'open', '{"vr":"brief-vr","selfCare":true}'::jsonb
    from organizations`),
  );
  if (s.checkedIn > 0) {
    await db.execute(
      sql.raw(`
      with chosen as (
        select m.*, row_number() over (partition by m.org_id order by m.user_id) as k from memberships m where m.role = 'staff')
      insert into responses (org_id, cycle_id, team_id, respondent_key, submitted_on, vr_instrument, answers, scores, cs, bo, sts, vr, self_care_composite)
      select m.org_id, c.id, m.team_id, md5(m.user_id::text), c.opens_at::date, 'brief-vr',
             '{"proqol":{},"vr":{},"selfCare":null}'::jsonb,
             jsonb_build_object('cs', ${stored('x.cs', level('x.cs'))}, 'bo', ${stored('x.bo', level('x.bo'))},
                                'sts', ${stored('x.sts', level('x.sts'))}, 'vr', ${stored('x.vr', vrLevel('x.vr'))},
                                'selfCareComposite', x.sc, 'practices', '{}'::jsonb),
             x.cs, x.bo, x.sts, x.vr, x.sc
      from chosen m join cycles c on c.org_id = m.org_id and c.status = 'open'
      cross join lateral (select 30 + floor(random() * 16 + 0 * m.k) as cs, 16 + floor(random() * 16 + 0 * m.k) as bo,
                                 14 + floor(random() * 18 + 0 * m.k) as sts, 14 + floor(random() * 18 + 0 * m.k) as vr,
                                 round((random() * 4)::numeric, 2)::real as sc) x
      where m.k <= ${s.checkedIn}`),
    );
    await db.execute(
      sql.raw(`
      with chosen as (
        select m.*, row_number() over (partition by m.org_id order by m.user_id) as k from memberships m where m.role = 'staff')
      insert into participations (org_id, cycle_id, user_id, team_id, completed_on)
      select m.org_id, c.id, m.user_id, m.team_id, c.opens_at::date from chosen m
      join cycles c on c.org_id = m.org_id and c.status = 'open' where m.k <= ${s.checkedIn}`),
    );
  }
}

export interface ServerProcess {
  child: ChildProcess;
  name: string;
  output: string[];
  exited: Promise<number | null>;
  ready: Promise<void>;
}

/** Starts a Sustain server process (scripts/faults/fault-3-job-server.ts) with `env` added. */
export function startJobServer(name: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/faults/fault-3-job-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (text.includes('[job-server] ready')) markReady();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, name, output, exited, ready };
}

/** Runs `npm run cycles:tick` (the cron entry point) with `env`; resolves with its exit code and output. */
export function runCyclesTick(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/cycles-tick.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

export async function waitFor(label: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A scalar from SQL. */
export async function scalar(db: Db, query: string): Promise<number> {
  const result = await db.execute(sql.raw(query));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  return Number(Object.values(rows[0] ?? { n: 0 })[0]);
}

let failures = 0;
export function check(label: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}
export function failureCount(): number {
  return failures;
}
