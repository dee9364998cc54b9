/**
 * Check-in submission load test (issue 5 target: ≥ 150 submissions/s sustained with
 * p99 < 200 ms, then 0 lost and 0 duplicated responses).
 *
 * Against `next start` on Postgres: creates a throwaway database with one agency of N
 * staff and an open cycle, mints a session cookie per staff member (next-auth JWT with
 * the server's secret), and fires one POST /api/v1/orgs/{org}/checkins per person with
 * autocannon. Then it counts rows. Run: npm run bench:checkins [-- --staff 6000 --connections 16]
 */
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import autocannon from 'autocannon';
import { encode } from 'next-auth/jwt';
import { memberships, organizations, participations, responses, teams, users } from '@/db/schema';
import { openOneOffCycle } from '@/lib/server/cycles';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { numericArg as arg, createBenchDatabase } from './lib';
// @ts-expect-error: plain ESM helper
import { buildIfNeeded } from '../lib/next-build.mjs';

const STAFF = arg('staff', 6000);
const CONNECTIONS = arg('connections', 16);
const PORT = arg('port', 3210);
const SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';

const answers = {
  proqol: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i + 1), 1 + ((i * 7) % 5)])),
  vr: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [String(i + 1), i % 6])),
  selfCare: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), i % 5])),
  profile: null,
};

async function waitForServer(url: string, timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start at ${url}`);
}

async function main() {
  buildIfNeeded();
  const bench = await createBenchDatabase('checkins');
  const db = bench.handle.db;
  let server: ReturnType<typeof spawn> | undefined;
  try {
    console.log(`[bench] seeding ${STAFF} staff…`);
    const [org] = await db.insert(organizations).values({ name: 'Bench agency' }).returning({ id: organizations.id });
    const orgId = org!.id;
    const [team] = await db.insert(teams).values({ orgId, name: 'Bench team' }).returning({ id: teams.id });
    await db.execute(sql`
      insert into users (email, name, password_hash)
      select 'bench' || g || '@bench.test', 'Bench ' || g, 'x' from generate_series(1, ${STAFF}) g`);
    await db.execute(sql`
      insert into memberships (org_id, user_id, role, team_id)
      select ${orgId}, id, 'staff', ${team!.id} from users where email like 'bench%@bench.test'`);
    const [admin] = await db.insert(users).values({ email: 'boss@bench.test', name: 'Boss', passwordHash: 'x' }).returning({ id: users.id });
    await db.insert(memberships).values({ orgId, userId: admin!.id, role: 'admin' });
    const cycleId = await openOneOffCycle(db, await authorizeOrgRole(db, admin!.id, orgId, 'admin'), {
      durationDays: 14,
      vrInstrument: 'brief-vr',
      includeSelfCare: true,
    });
    const staff = await db.execute(sql`select id from users where email like 'bench%@bench.test' order by email`);
    const ids = ((staff as unknown as { id: string }[]) ?? []).map((r) => r.id);
    const cookies = await Promise.all(
      ids.map(async (id) => `next-auth.session-token=${await encode({ token: { sub: id }, secret: SECRET, maxAge: 3600 })}`),
    );

    console.log('[bench] starting next start on Postgres…');
    server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(PORT)], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: bench.url,
        AUTH_SECRET: SECRET,
        NEXTAUTH_URL: `http://localhost:${PORT}`,
        SUSTAIN_SCHEDULER: 'off',
        NEXT_TELEMETRY_DISABLED: '1',
        NEXT_MANUAL_SIG_HANDLE: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForServer(`http://localhost:${PORT}/login`);
    // Warm up the route (first request compiles nothing in production, but opens the pool).
    await fetch(`http://localhost:${PORT}/api/v1/orgs/${orgId}/checkins`, { method: 'POST', headers: { cookie: cookies[0]!, 'content-type': 'application/json' }, body: '{}' });

    let next = 0;
    const body = JSON.stringify({ cycleId, answers });
    const result = await autocannon({
      url: `http://localhost:${PORT}`,
      connections: CONNECTIONS,
      amount: ids.length,
      timeout: 20,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/orgs/${orgId}/checkins`,
          headers: { 'content-type': 'application/json' },
          body,
          setupRequest: (req: Record<string, unknown>) => {
            const cookie = cookies[next++ % cookies.length]!;
            return { ...req, headers: { ...(req.headers as Record<string, string>), cookie } };
          },
        },
      ],
    });

    // Double submits: 1,000 of the same people submit again, concurrently. All must be refused.
    let again = 0;
    const resubmit = await autocannon({
      url: `http://localhost:${PORT}`,
      connections: CONNECTIONS,
      amount: 1000,
      timeout: 20,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/orgs/${orgId}/checkins`,
          headers: { 'content-type': 'application/json' },
          body,
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            headers: { ...(req.headers as Record<string, string>), cookie: cookies[again++ % 1000]! },
          }),
        },
      ],
    });

    const [counts] = (await db.execute(sql`
      select (select count(*)::int from responses) as responses,
             (select count(distinct respondent_key)::int from responses) as distinct_respondents,
             (select count(*)::int from participations) as participations`)) as unknown as {
      responses: number;
      distinct_respondents: number;
      participations: number;
    }[];
    const ok = result['2xx'];
    console.log('\nCheck-in submissions (POST /api/v1/orgs/{org}/checkins, next start + Postgres, 2 cores)');
    console.table({
      requests: { value: result.requests.total },
      '2xx': { value: ok },
      'non-2xx': { value: result.non2xx },
      errors: { value: result.errors + result.timeouts },
      'submissions/s (mean)': { value: Math.round(ok / (result.duration || 1)) },
      'latency p50 ms': { value: result.latency.p50 },
      'latency p99 ms': { value: result.latency.p99 },
      'latency max ms': { value: result.latency.max },
      'rows in responses': { value: counts!.responses },
      'distinct respondents': { value: counts!.distinct_respondents },
      'rows in participations': { value: counts!.participations },
      'lost (2xx without row)': { value: ok - counts!.responses },
      'duplicated': { value: counts!.responses - counts!.distinct_respondents },
      'resubmits sent': { value: resubmit.requests.total },
      'resubmits refused (409)': { value: resubmit.non2xx },
      'resubmits accepted': { value: resubmit['2xx'] },
    });
    console.log(`duration ${result.duration.toFixed(1)} s, ${CONNECTIONS} connections, ${ids.length} staff`);
    void participations;
    void responses;
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
