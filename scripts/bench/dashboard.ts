/**
 * Dashboard and publication benchmark (issue 6 targets):
 * - on Postgres with 1,000 agencies × 40 staff × 24 closed cycles (≈ 1M responses), one
 *   agency's dashboard data takes ≤ 50 ms p95 on the server (getDashboard, in-process);
 * - closing a cycle with 500 responses publishes in ≤ 1 s.
 * Seeds a throwaway database in SQL (scores drawn at random; answers left empty, which
 * the dashboard never reads), closes every cycle through the production close path, then
 * measures. Run: npm run bench:dashboard [-- --orgs 1000 --cycles 24]
 */
import { and, eq, sql } from 'drizzle-orm';
import { cycles, memberships, organizations, users } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { closeCycle } from '@/lib/server/cycles';
import { getDashboard } from '@/lib/server/dashboard';
import { numericArg as arg, createBenchDatabase, summarize, levelSql, seedMembershipsSql, storedScoreSql } from './lib';

const ORGS = arg('orgs', 1000);
const STAFF = 40;
const CYCLES = arg('cycles', 24);

// The levels' SQL from the measures' cut points (lib/measures), never restated here.
const level = levelSql('bo');
const vrLevel = levelSql('vr');
const stored = storedScoreSql;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  console.log(`[bench] ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

async function main() {
  const bench = await createBenchDatabase('dashboard');
  const db = bench.handle.db;
  try {
    await timed(`seed ${ORGS} agencies, ${ORGS * STAFF} staff, ${ORGS * CYCLES} cycles`, async () => {
      await db.execute(sql.raw(`insert into organizations (name) select 'Bench agency ' || g from generate_series(1, ${ORGS}) g`));
      await db.execute(sql.raw(`insert into teams (org_id, name) select o.id, 'Team ' || t from organizations o, generate_series(1, 4) t`));
      await db.execute(
        sql.raw(`insert into users (email, name, password_hash) select 'u' || g || '@bench.test', 'U' || g, 'x' from generate_series(1, ${ORGS * (STAFF + 1)}) g`),
      );
      await db.execute(sql.raw(seedMembershipsSql(STAFF, 4)));
      // Cycles are created open with their close time passed; the production close path publishes them.
      await db.execute(
        sql.raw(`insert into cycles (org_id, opens_at, closes_at, status, instruments)
        select o.id, now() - make_interval(days => 30 * (${CYCLES} - c) + 20), now() - make_interval(days => 30 * (${CYCLES} - c) + 6), 'open',
               '{"vr":"brief-vr","selfCare":true}'::jsonb
        from organizations o, generate_series(0, ${CYCLES - 1}) c where c = ${CYCLES - 1}`),
      );
    });
    // Insert cycles one generation at a time (only one open cycle per agency is allowed), then close it.
    const orgRows = await db.select({ id: organizations.id }).from(organizations);
    for (let c = CYCLES - 1; c >= 0; c--) {
      if (c !== CYCLES - 1) {
        await db.execute(
          sql.raw(`insert into cycles (org_id, opens_at, closes_at, status, instruments)
          select o.id, now() - make_interval(days => 30 * (${CYCLES} - ${c}) + 20), now() - make_interval(days => 30 * (${CYCLES} - ${c}) + 6), 'open',
                 '{"vr":"brief-vr","selfCare":true}'::jsonb from organizations o`),
        );
      }
      await db.execute(
        sql.raw(`
        insert into responses (org_id, cycle_id, team_id, respondent_key, submitted_on, vr_instrument, answers, scores, cs, bo, sts, vr, self_care_composite)
        select m.org_id, c.id, m.team_id, md5(m.user_id::text), c.opens_at::date, 'brief-vr',
               '{"proqol":{},"vr":{},"selfCare":null}'::jsonb,
               jsonb_build_object('cs', ${stored('s.cs', level('s.cs'))}, 'bo', ${stored('s.bo', level('s.bo'))},
                                  'sts', ${stored('s.sts', level('s.sts'))}, 'vr', ${stored('s.vr', vrLevel('s.vr'))},
                                  'selfCareComposite', s.sc, 'practices', '{}'::jsonb),
               s.cs, s.bo, s.sts, s.vr, s.sc
        from memberships m
        join cycles c on c.org_id = m.org_id and c.status = 'open'
        cross join lateral (select 30 + floor(random() * 16 + 0 * length(m.user_id::text)) as cs,
                                   16 + floor(random() * 16 + 0 * length(m.user_id::text)) as bo,
                                   14 + floor(random() * 18 + 0 * length(m.user_id::text)) as sts,
                                   14 + floor(random() * 18 + 0 * length(m.user_id::text)) as vr,
                                   round((random() * 4)::numeric, 2)::real as sc) s
        where m.role = 'staff'`),
      );
      await db.execute(
        sql.raw(`insert into participations (org_id, cycle_id, user_id, team_id, completed_on)
        select m.org_id, c.id, m.user_id, m.team_id, c.opens_at::date from memberships m
        join cycles c on c.org_id = m.org_id and c.status = 'open' where m.role = 'staff'`),
      );
      const open = await db.select({ id: cycles.id, orgId: cycles.orgId }).from(cycles).where(eq(cycles.status, 'open'));
      const t0 = performance.now();
      let i = 0;
      const worker = async () => {
        while (i < open.length) {
          const c = open[i++]!;
          await closeCycle(db, c.orgId, c.id);
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      console.log(`[bench] cycle generation ${CYCLES - c}/${CYCLES}: published ${open.length} cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await db.execute(sql`analyze`);
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from responses`)) as unknown as { n: number }[];
    console.log(`[bench] responses: ${n}, orgs: ${orgRows.length}`);

    // Dashboard data for one agency at a time, in-process (what the page does per request).
    const timings: number[] = [];
    const sample = orgRows.filter((_, idx) => idx % Math.max(1, Math.floor(orgRows.length / 25)) === 0).slice(0, 25);
    for (const org of sample) {
      const [d] = await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.role, 'director')));
      const member = await authorizeOrgRole(db, d!.userId, org.id, 'director');
      await getDashboard(db, member); // warm
      for (let r = 0; r < 8; r++) {
        const t0 = performance.now();
        const data = await getDashboard(db, member);
        timings.push(performance.now() - t0);
        if (data.closedCycles.length !== CYCLES) throw new Error('unexpected cycle count');
      }
    }
    const dash = summarize(timings);

    // Closing one cycle with 500 responses.
    const closeTimes: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      const [org] = await db.insert(organizations).values({ name: `Large agency ${rep}` }).returning({ id: organizations.id });
      await db.execute(sql.raw(`insert into teams (org_id, name) select '${org!.id}', 'Team ' || t from generate_series(1, 10) t`));
      await db.execute(
        sql.raw(`insert into users (email, name, password_hash) select 'l${rep}-' || g || '@bench.test', 'L' || g, 'x' from generate_series(1, 500) g`),
      );
      await db.execute(
        sql.raw(`with t as (select id, row_number() over (order by id) - 1 as tn from teams where org_id = '${org!.id}'),
                      u as (select id, row_number() over (order by email) - 1 as rn from users where email like 'l${rep}-%')
        insert into memberships (org_id, user_id, role, team_id)
        select '${org!.id}', u.id, 'staff', t.id from u join t on t.tn = u.rn % 10`),
      );
      const [cycle] = await db
        .insert(cycles)
        .values({ orgId: org!.id, opensAt: new Date(Date.now() - 20 * 86_400_000), closesAt: new Date(Date.now() - 86_400_000), instruments: { vr: 'brief-vr', selfCare: true } })
        .returning({ id: cycles.id });
      await db.execute(
        sql.raw(`insert into responses (org_id, cycle_id, team_id, respondent_key, submitted_on, vr_instrument, answers, scores, cs, bo, sts, vr)
        select m.org_id, '${cycle!.id}', m.team_id, md5(m.user_id::text), current_date, 'brief-vr', '{}'::jsonb,
          jsonb_build_object('cs', ${stored('30', "'moderate'")}, 'bo', ${stored('(20 + (random()*10)::int)', "'low'")},
                             'sts', ${stored('25', "'moderate'")}, 'vr', ${stored('20', "'moderate'")}, 'selfCareComposite', null, 'practices', '{}'::jsonb),
          30, 22, 25, 20
        from memberships m where m.org_id = '${org!.id}'`),
      );
      const t0 = performance.now();
      await closeCycle(db, org!.id, cycle!.id);
      closeTimes.push(performance.now() - t0);
      const published = (await db.execute(
        sql.raw(`select (cell->>'n')::int as n from cycle_aggregates where cycle_id = '${cycle!.id}' and group_id = 'org' and measure = 'bo'`),
      )) as unknown as { n: number }[];
      if (published[0]?.n !== 500) throw new Error(`expected the agency cell to have n = 500, got ${published[0]?.n}`);
    }
    const close = summarize(closeTimes);

    console.log(`\nDashboard data for one agency (getDashboard, Postgres, ${n} responses in ${orgRows.length} agencies × ${CYCLES} cycles)`);
    console.table({
      'dashboard ms': { samples: dash.n, p50: +dash.p50.toFixed(1), p95: +dash.p95.toFixed(1), p99: +dash.p99.toFixed(1), max: +dash.max.toFixed(1), target: 'p95 ≤ 50' },
      'close + publish 500 responses ms': { samples: close.n, p50: +close.p50.toFixed(1), p95: +close.p95.toFixed(1), p99: +close.p99.toFixed(1), max: +close.max.toFixed(1), target: '≤ 1000' },
    });
    void users;
  } finally {
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
