/**
 * Driver-analysis benchmark (issue 7 target: all driver models for an agency of 2,000
 * respondents in < 200 ms on the server). Seeds one agency on Postgres with 2,000 staff,
 * a closed cycle of responses and profiles, then times computeDriverResults, which runs in
 * the close transaction (load each respondent's
 * latest response + profile, guard, fit 4 main, 4 joint and 48 per-practice models), and the
 * fitting alone. Run: npm run bench:drivers [-- --respondents 2000]
 */
import { sql } from 'drizzle-orm';
import { cycles, memberships, organizations, users } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { analyzeDrivers } from '@/lib/drivers/analyze';
import { computeDriverResults, loadDriverRows } from '@/lib/server/drivers';
import { numericArg as arg, createBenchDatabase, summarize } from './lib';

const N = arg('respondents', 2000);

async function main() {
  const bench = await createBenchDatabase('drivers');
  const db = bench.handle.db;
  try {
    const [org] = await db.insert(organizations).values({ name: 'Bench agency' }).returning({ id: organizations.id });
    const orgId = org!.id;
    const [boss] = await db.insert(users).values({ email: 'boss@bench.test', name: 'Boss', passwordHash: 'x' }).returning({ id: users.id });
    await db.insert(memberships).values({ orgId, userId: boss!.id, role: 'director' });
    const [cycle] = await db
      .insert(cycles)
      .values({ orgId, opensAt: new Date(Date.now() - 40 * 86_400_000), closesAt: new Date(Date.now() - 26 * 86_400_000), status: 'closed', publishedAt: new Date(), instruments: { vr: 'brief-vr', selfCare: true } })
      .returning({ id: cycles.id });
    const practiceKeys = ['personalTherapy', 'clinicalSupervision', 'peerSupport', 'advocacy', 'physicalActivity', 'sleepAndRest', 'mindfulnessOrSpiritualPractice', 'familyAndFriends', 'hobbiesAndCreativeWork', 'workHomeBoundaries', 'timeOff', 'professionalTraining'];
    const practices = `jsonb_build_object(${practiceKeys.map((k) => `'${k}', floor(random() * 5 + 0 * g)::int`).join(', ')})`;
    await db.execute(
      sql.raw(`insert into responses (org_id, cycle_id, respondent_key, submitted_on, vr_instrument, answers, scores, cs, bo, sts, vr, self_care_composite)
      select '${orgId}', '${cycle!.id}', 'k' || g, current_date, 'brief-vr', '{}'::jsonb,
             jsonb_build_object('practices', ${practices}), 30 + random() * 15, 15 + random() * 15, 15 + random() * 15, 10 + random() * 20, random() * 4
      from generate_series(1, ${N}) g`),
    );
    await db.execute(
      sql.raw(`insert into profiles (org_id, respondent_key, answers, updated_on)
      select '${orgId}', 'k' || g, jsonb_build_object('traumaHistory', case when random() < 0.5 then 'yes' else 'no' end,
             'yearsInField', (array['lessThan1','1to2','3to5','6to10','11to20','moreThan20'])[1 + floor(random() * 6 + 0 * g)::int],
             'caseloadShare', (array['none','under25','25to49','50to74','75to100'])[1 + floor(random() * 5 + 0 * g)::int]), current_date
      from generate_series(1, ${N}) g`),
    );
    await db.execute(sql`analyze`);
    const member = await authorizeOrgRole(db, boss!.id, orgId, 'director');
    await computeDriverResults(db, orgId, new Date()); // warm-up
    void member;
    const total: number[] = [];
    const load: number[] = [];
    const fit: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      const { rows } = await loadDriverRows(db, orgId, new Date());
      const t1 = performance.now();
      const a = analyzeDrivers(rows, { k: 5 });
      const t2 = performance.now();
      load.push(t1 - t0);
      fit.push(t2 - t1);
      const t3 = performance.now();
      await computeDriverResults(db, orgId, new Date());
      total.push(performance.now() - t3);
      if (a.nRespondents !== N) throw new Error('unexpected n');
    }
    const row = (s: ReturnType<typeof summarize>) => ({ samples: s.n, p50: +s.p50.toFixed(1), p95: +s.p95.toFixed(1), max: +s.max.toFixed(1) });
    console.log(`\nDriver analysis for one agency of ${N} respondents (4 main + 4 joint + 48 per-practice models, Postgres)`);
    console.table({ 'computeDriverResults total ms (target < 200)': row(summarize(total)), 'load rows ms': row(summarize(load)), 'fit models ms': row(summarize(fit)) });
  } finally {
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
