/**
 * Close storm (issue 13): 1,000 agencies × 40 staff whose cycles all fall due at the same
 * instant, on Postgres, closed and published through the scheduler and background jobs by
 * three `next start` servers of the production build (each runs what production runs from
 * instrumentation.ts: migrations, the per-minute tick under its advisory lock with
 * SUSTAIN_SCHEDULER=on, the job worker), on ports 3230, 3231, 3232, against one database.
 *
 * While the storm runs, HTTP clients spread their requests over the servers in turn, as a
 * load balancer would: program directors of storm agencies (4 clients) alternate between
 * GET /api/v1/orgs/{org}/aggregates?cycle=latest and the dashboard page GET
 * /orgs/{org}/dashboard (read to its last byte: the page streams), and staff members of
 * other agencies, whose cycles stay open (4 clients), submit their check-in through
 * POST /api/v1/orgs/{org}/checkins, each person once. Every client waits 100 ms between
 * requests. Sessions are next-auth cookies minted with the servers' AUTH_SECRET, as fault
 * test 1 does (scripts/faults/checkin-load-lib.ts). Every server is warmed up before the
 * storm (each route once). The clients start 10 s before the due time: those requests are
 * printed apart, as a baseline of the same mix on the same machine; the storm's figures are
 * the requests sent from the due time until the last publication.
 *
 * The due time is set 3 s before the next tick of the earliest server, so "due → all
 * published" is the jobs' time plus that wait; in general the per-minute tick adds up to 60 s.
 * Prints the seed time, the time from the due time until every cycle is published (with the
 * count closed and published exactly once), HTTP latency p50/p95/p99/max and errors per
 * request kind, and PASS or FAIL against the targets: all published within 60 s, every
 * kind's p99 under 1 s, no HTTP errors, every cycle published once.
 * Run: npm run bench:close-storm [-- --orgs 1000 --staff 40 --checked-in 32 --servers 3]
 * Also: --load-orgs (agencies whose staff submit, default max(10, orgs / 20)), --directors 4,
 * --submitters 4, --think-ms 100, --port 3230 (the first server's; the others follow).
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/jobs/rows';
import { checkinAnswers, sessionCookie, startNext, stopNext, waitForStatus, type NextServer } from '../faults/checkin-load-lib';
import { scalar, seedFleet, waitFor } from '../faults/fault-3-fleet-lib';
import { numericArg as arg, createBenchDatabase, summarize } from './lib';
// @ts-expect-error: plain ESM helper
import { buildIfNeeded } from '../lib/next-build.mjs';

const ORGS = arg('orgs', 1000);
const STAFF = arg('staff', 40);
const CHECKED_IN = arg('checked-in', 32);
const SERVERS = arg('servers', 3);
const LOAD_ORGS = arg('load-orgs', Math.max(10, Math.ceil(ORGS / 20)));
const DIRECTORS = arg('directors', 4);
const SUBMITTERS = arg('submitters', 4);
const THINK_MS = arg('think-ms', 100);
const PORT = arg('port', 3230);
const TIMEOUT_MS = 30_000;
const TICK_MS = 60_000;
const BASELINE_MS = 10_000;

/** The agencies whose staff submit check-ins: their cycles stay open through the storm. */
const LOAD = `(select id from organizations order by id limit ${LOAD_ORGS})`;

type Kind = 'GET aggregates' | 'GET dashboard' | 'POST checkin';
interface Sample {
  kind: Kind;
  /** Sent in the baseline before the due time, or during the storm. */
  storm: boolean;
  ms: number;
  ok: boolean;
  status: number | null;
  server: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => +(ms / 1000).toFixed(1);

/** One request, read to its end; ok when the answer is the one a working app gives. */
async function request(kind: Kind, base: string, path: string, cookie: string, body?: string): Promise<Omit<Sample, 'server' | 'storm'>> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: body ? { cookie, 'content-type': 'application/json' } : { cookie },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    // The dashboard streams (loading.tsx): its status is sent before the page renders, so a
    // page that failed later would still say 200. A rendered dashboard has its heading.
    const ok = kind === 'POST checkin' ? res.status === 201 : res.status === 200 && (kind !== 'GET dashboard' || text.includes('team wellbeing'));
    return { kind, ms: performance.now() - t0, ok, status: res.status };
  } catch {
    return { kind, ms: performance.now() - t0, ok: false, status: null };
  }
}

async function main() {
  buildIfNeeded();
  const bench = await createBenchDatabase('storm');
  const db = bench.handle.db;
  const servers: NextServer[] = [];
  try {
    // Seed with every cycle open and due tomorrow; the storm's due time is set once the servers tick.
    const t0 = performance.now();
    await seedFleet(db, {
      agencies: ORGS + LOAD_ORGS,
      staff: STAFF,
      checkedIn: CHECKED_IN,
      opensAt: new Date(Date.now() - 14 * 86_400_000),
      closesAt: new Date(Date.now() + 86_400_000),
      reminderDays: 0,
    });
    // The submitting agencies: no check-ins yet, due in a week.
    await db.execute(sql.raw(`delete from responses where org_id in ${LOAD}`));
    await db.execute(sql.raw(`delete from participations where org_id in ${LOAD}`));
    await db.execute(sql.raw(`update cycles set closes_at = now() + interval '7 days' where org_id in ${LOAD}`));
    await db.execute(sql`analyze`);
    const seedMs = performance.now() - t0;
    console.log(
      `[bench] seeded ${ORGS} storm agencies × ${STAFF} staff (${ORGS * CHECKED_IN} check-ins) and ${LOAD_ORGS} agencies whose ${LOAD_ORGS * STAFF} staff submit, in ${seconds(seedMs)} s`,
    );

    const directors = await Promise.all(
      rowsOf<{ user_id: string; org_id: string; sv: number }>(
        await db.execute(
          sql.raw(`select m.user_id, m.org_id, u.session_version as sv from memberships m join users u on u.id = m.user_id
                   where m.role = 'director' and m.org_id not in ${LOAD}`),
        ),
      ).map(async (r) => ({ orgId: r.org_id, cookie: await sessionCookie(r.user_id, Number(r.sv)) })),
    );
    const staff = await Promise.all(
      rowsOf<{ user_id: string; org_id: string; cycle_id: string; sv: number }>(
        await db.execute(
          sql.raw(`select m.user_id, m.org_id, c.id as cycle_id, u.session_version as sv from memberships m
                   join users u on u.id = m.user_id join cycles c on c.org_id = m.org_id and c.status = 'open'
                   where m.role = 'staff' and m.org_id in ${LOAD} order by random()`),
        ),
      ).map(async (r) => ({
        orgId: r.org_id,
        body: JSON.stringify({ cycleId: r.cycle_id, answers: checkinAnswers }),
        cookie: await sessionCookie(r.user_id, Number(r.sv)),
      })),
    );

    // The servers. Each ticks when it starts (its "[sustain] ready" line) and every minute after.
    const bases = Array.from({ length: SERVERS }, (_, i) => `http://127.0.0.1:${PORT + i}`);
    const tickedAt: number[] = [];
    const s0 = Date.now();
    for (let i = 0; i < SERVERS; i++) {
      const server = startNext(PORT + i, { DATABASE_URL: bench.url, SUSTAIN_SCHEDULER: 'on' });
      server.child.stdout!.on('data', (c: Buffer) => {
        if (tickedAt[i] === undefined && c.toString().includes('[sustain] ready')) tickedAt[i] = Date.now();
      });
      servers.push(server);
    }
    await Promise.all(bases.map((b) => waitForStatus(`${b}/api/ready`, 200, 120_000)));
    console.log(`[bench] ${SERVERS} servers (next start) ready in ${seconds(Date.now() - s0)} s`);

    // Warm-up, not measured: every route once on every server (a first render loads its code).
    let nextStaff = 0;
    for (let i = 0; i < SERVERS; i++) {
      const d = directors[i % directors.length]!;
      const s = staff[nextStaff++]!;
      const warm = [
        await request('GET aggregates', bases[i]!, `/api/v1/orgs/${d.orgId}/aggregates?cycle=latest`, d.cookie),
        await request('GET dashboard', bases[i]!, `/orgs/${d.orgId}/dashboard`, d.cookie),
        await request('POST checkin', bases[i]!, `/api/v1/orgs/${s.orgId}/checkins`, s.cookie, s.body),
      ];
      const failed = warm.filter((w) => !w.ok);
      if (failed.length) throw new Error(`warm-up on ${bases[i]} failed: ${failed.map((w) => `${w.kind} ${w.status}`).join(', ')}`);
    }

    // The due time: 3 s before the earliest next tick that leaves room for the baseline.
    const ticks = bases.map((_, i) => tickedAt[i] ?? s0);
    const nextTick = Math.min(...ticks.map((t) => t + Math.ceil((Date.now() + BASELINE_MS + 5000 - t) / TICK_MS) * TICK_MS));
    const dueAt = new Date(nextTick - 3000);
    await db.execute(sql.raw(`update cycles set closes_at = '${dueAt.toISOString()}'::timestamptz where status = 'open' and org_id not in ${LOAD}`));
    console.log(`[bench] all ${ORGS} storm cycles due at ${dueAt.toISOString()} (${seconds(dueAt.getTime() - Date.now())} s from now)`);
    await sleep(Math.max(0, dueAt.getTime() - BASELINE_MS - Date.now()));

    // The clients run from BASELINE_MS before the due time (a baseline of the same requests on
    // the same machine, printed apart) until every cycle is published; the storm's figures
    // are the requests sent from the due time on.
    const samples: Sample[] = [];
    let running = true;
    let turn = 0;
    let ranOutOfStaff = false;
    const send = async (kind: Kind, path: string, cookie: string, body?: string) => {
      const server = turn++ % SERVERS;
      const storm = Date.now() >= dueAt.getTime();
      samples.push({ ...(await request(kind, bases[server]!, path, cookie, body)), server, storm });
    };
    const director = async (n: number) => {
      for (let i = n; running; i++) {
        const d = directors[Math.floor(Math.random() * directors.length)]!;
        if (i % 2 === 0) await send('GET aggregates', `/api/v1/orgs/${d.orgId}/aggregates?cycle=latest`, d.cookie);
        else await send('GET dashboard', `/orgs/${d.orgId}/dashboard`, d.cookie);
        await sleep(THINK_MS);
      }
    };
    const submitter = async () => {
      while (running) {
        const s = staff[nextStaff++];
        if (!s) {
          ranOutOfStaff = true;
          return;
        }
        await send('POST checkin', `/api/v1/orgs/${s.orgId}/checkins`, s.cookie, s.body);
        await sleep(THINK_MS);
      }
    };
    const clients = [...Array.from({ length: DIRECTORS }, (_, n) => director(n)), ...Array.from({ length: SUBMITTERS }, submitter)];
    await waitFor('every storm cycle published', async () => (await scalar(db, `select count(*) from cycles where published_at is not null`)) === ORGS, 600_000, 250);
    running = false;
    await Promise.all(clients);

    const at = async (query: string) => scalar(db, `select extract(epoch from (${query})) * 1000`);
    const lastPublished = await at(`select max(published_at) from cycles`);
    const firstJob = await at(`select min(created_at) from jobs where kind = 'cycle.close'`);
    const lastDone = await at(`select max(finished_at) from jobs where kind = 'cycle.close'`);
    const closeJobs = await scalar(db, `select count(*) from jobs where kind = 'cycle.close' and state = 'done'`);
    const attempts = await scalar(db, `select coalesce(sum(attempts), 0) from jobs where kind = 'cycle.close'`);
    const publishedOnce = await scalar(db, `select count(*) from cycles where status = 'closed' and publication_seq = 1 and published_at is not null`);
    const audits = await scalar(db, `select count(*) from audit_log where action = 'cycle.close_scheduled'`);
    const duplicateCells = await scalar(db, `select count(*) from (select cycle_id, group_id, measure, count(*) c from cycle_aggregates group by 1, 2, 3) x where c > 1`);
    const failedJobs = await scalar(db, `select count(*) from jobs where state = 'failed'`);
    const stored = await scalar(db, `select count(*) from participations where org_id in ${LOAD}`);
    const acknowledged = samples.filter((x) => x.kind === 'POST checkin' && x.ok).length + SERVERS; // + the warm-up's
    const publishMs = lastPublished - dueAt.getTime();
    const closedOnce = publishedOnce === ORGS && closeJobs === ORGS && audits === ORGS && duplicateCells === 0 && failedJobs === 0;

    console.log(`\nClose storm: ${ORGS} agencies × ${STAFF} staff due at the same instant, ${SERVERS} next start servers, Postgres, ${DIRECTORS} director and ${SUBMITTERS} staff HTTP clients`);
    console.table({
      'seed (s)': { value: seconds(seedMs), target: '' },
      'due → all published (s)': { value: seconds(publishMs), target: '≤ 60' },
      '  due → first close job enqueued (s)': { value: seconds(firstJob - dueAt.getTime()), target: 'next per-minute tick' },
      '  first job enqueued → last close done (s)': { value: seconds(lastDone - firstJob), target: '' },
      'published once / close jobs done / attempts': { value: `${publishedOnce} / ${closeJobs} / ${attempts}`, target: `${ORGS} each` },
      'failed jobs, duplicated cells': { value: `${failedJobs}, ${duplicateCells}`, target: '0, 0' },
      'check-ins acknowledged / stored': { value: `${acknowledged} / ${stored}`, target: 'equal' },
    });
    const kinds: Kind[] = ['GET aggregates', 'GET dashboard', 'POST checkin'];
    const table = (storm: boolean, windowMs: number) =>
      Object.fromEntries(
        kinds.map((kind) => {
          const of = samples.filter((x) => x.kind === kind && x.storm === storm);
          const s = summarize(of.map((x) => x.ms));
          const statuses = [...new Set(of.filter((x) => !x.ok).map((x) => x.status ?? 'no answer'))].join(' ');
          const row = { n: s.n, 'per s': +(s.n / (windowMs / 1000)).toFixed(1), p50: Math.round(s.p50), p95: Math.round(s.p95), p99: Math.round(s.p99), max: Math.round(s.max) };
          return [kind, { ...row, errors: of.length - of.filter((x) => x.ok).length, 'error statuses': statuses }];
        }),
      );
    const latency = table(true, publishMs);
    console.log(`HTTP in the ${BASELINE_MS / 1000} s before the due time (baseline, not judged; ms):`);
    console.table(table(false, BASELINE_MS));
    console.log(`HTTP during the storm, from the due time until the last publication (ms; target p99 < 1000, no errors), spread over ${SERVERS} servers:`);
    console.table(latency);
    if (ranOutOfStaff) console.log(`[bench] note: all ${staff.length} staff had submitted before the storm ended; raise --load-orgs`);

    const misses = [
      publishMs > 60_000 && `published after ${seconds(publishMs)} s (target 60 s)`,
      !closedOnce && 'not every cycle closed and published exactly once',
      acknowledged !== stored && `${acknowledged} check-ins acknowledged but ${stored} stored`,
      ...kinds.map((k) => latency[k]!.p99 >= 1000 && `${k} p99 ${latency[k]!.p99} ms (target < 1000)`),
      ...kinds.map((k) => latency[k]!.errors > 0 && `${k}: ${latency[k]!.errors} errors`),
      ...kinds.map((k) => latency[k]!.n === 0 && `${k}: no requests during the storm`),
    ].filter(Boolean);
    console.log(misses.length ? `RESULT: FAIL (${misses.join('; ')})` : 'RESULT: PASS (all published within 60 s, every p99 under 1 s, no errors, each cycle once)');
  } catch (err) {
    for (const [i, s] of servers.entries()) console.error(`[bench] server ${i + 1} output (last 2,000 characters):\n${s.output.join('').slice(-2000)}`);
    throw err;
  } finally {
    await Promise.all(servers.map((s) => stopNext(s)));
    await bench.drop();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error('[bench] close-storm failed', err);
  process.exit(1);
});
