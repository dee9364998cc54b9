/**
 * Close storm (issue 13): 1,000 agencies × 40 staff whose cycles all fall due in the same
 * minute, on Postgres, closed and published through the scheduler and background jobs by
 * three Sustain server processes (the start-up `next start` runs: migrations, the per-minute
 * tick under its advisory lock, the job worker). Prints the time from the due time until every
 * cycle is published, and the latency of the app's reads while it runs: a director's cycles
 * page and dashboard data (listCycles + getDashboard) for random agencies, 4 at a time, from
 * this process, against the same database. Target: all published within 60 s, reads p99 < 1 s.
 * Run: npm run bench:close-storm [-- --orgs 1000 --staff 40 --checked-in 32]
 */
import { and, eq, sql } from 'drizzle-orm';
import { memberships, organizations } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { listCycles } from '@/lib/server/cycles';
import { getDashboard } from '@/lib/server/dashboard';
import { scalar, seedFleet, startJobServer, waitFor } from '../faults/fault-3-fleet-lib';
import { numericArg as arg, createBenchDatabase, summarize } from './lib';

const ORGS = arg('orgs', 1000);
const STAFF = arg('staff', 40);
const CHECKED_IN = arg('checked-in', 32);
const SERVERS = 3;

async function main() {
  const bench = await createBenchDatabase('storm');
  const db = bench.handle.db;
  const servers: ReturnType<typeof startJobServer>[] = [];
  try {
    const env = { DATABASE_URL: bench.url, SUSTAIN_SCHEDULER: 'on' };
    // Start the servers first: their first tick finds nothing; the storm falls due just before
    // their next tick, one minute later.
    const started = Date.now();
    for (let i = 1; i <= SERVERS; i++) servers.push(startJobServer(`server-${i}`, env));
    await Promise.all(servers.map((s) => s.ready));
    const dueAt = new Date(started + 58_000);
    const t0 = performance.now();
    await seedFleet(db, { agencies: ORGS, staff: STAFF, checkedIn: CHECKED_IN, opensAt: new Date(Date.now() - 14 * 86_400_000), closesAt: dueAt, reminderDays: 0 });
    await db.execute(sql`analyze`);
    console.log(`[bench] seeded ${ORGS} agencies × ${STAFF} staff (${ORGS * CHECKED_IN} check-ins) in ${((performance.now() - t0) / 1000).toFixed(1)} s; all due at ${dueAt.toISOString()}`);

    // Directors for the read load.
    const directors = await db
      .select({ userId: memberships.userId, orgId: memberships.orgId })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(and(eq(memberships.role, 'director')));
    let reading = true;
    const reads: number[] = [];
    const reader = async () => {
      while (reading) {
        const d = directors[Math.floor(Math.random() * directors.length)]!;
        const r0 = performance.now();
        const member = await authorizeOrgRole(db, d.userId, d.orgId, 'director');
        await Promise.all([listCycles(db, member.orgId), getDashboard(db, member)]);
        reads.push(performance.now() - r0);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now())));
    const readers = Array.from({ length: 4 }, reader);
    const ms = await waitFor('every cycle published', async () => (await scalar(db, `select count(*) from cycles where published_at is not null`)) === ORGS, 600_000, 500);
    reading = false;
    await Promise.all(readers);
    const firstJob = await scalar(db, `select extract(epoch from min(created_at)) * 1000 from jobs where kind = 'cycle.close'`);
    const lastDone = await scalar(db, `select extract(epoch from max(finished_at)) * 1000 from jobs where kind = 'cycle.close'`);
    const attempts = await scalar(db, `select sum(attempts) from jobs where kind = 'cycle.close'`);
    const s = summarize(reads);
    console.log(`\nClose storm: ${ORGS} agencies × ${STAFF} staff due at the same instant, ${SERVERS} servers, Postgres`);
    console.table({
      'due → all published (s)': { value: +(ms / 1000).toFixed(1), target: '≤ 60' },
      'tick → first close job enqueued (s)': { value: +((firstJob - dueAt.getTime()) / 1000).toFixed(1), target: '≤ 60 (per-minute tick)' },
      'first job enqueued → last close done (s)': { value: +((lastDone - firstJob) / 1000).toFixed(1), target: '' },
      'close jobs / attempts': { value: `${ORGS} / ${attempts}`, target: 'each once' },
    });
    console.table({ 'app reads during the storm (ms)': { n: s.n, p50: +s.p50.toFixed(0), p95: +s.p95.toFixed(0), p99: +s.p99.toFixed(0), max: +s.max.toFixed(0), target: 'p99 < 1000' } });
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await bench.drop();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error('[bench] close-storm failed', err);
  process.exit(1);
});
