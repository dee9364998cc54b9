/**
 * Driver-analysis validity by simulation (issue 11; ARCHITECTURE §5 "Validity is measured
 * by simulation").
 *
 * Seeds many demo-like agencies with a KNOWN truth, runs the real pipeline on a real
 * database (responses stored as item answers and scored like check-ins, closeCycle →
 * publishCycleAggregates + publishDriverResults under privacy rule 7, read back with
 * getDrivers) over 8 monthly closes each, and scores every release against the truth.
 *
 * Truth (lib/drivers/simulate.ts model; points on each 10–50 scale, VR 0–35):
 *   burnout                      trauma history −2 (yes vs no)
 *   secondary traumatic stress   caseload share +2 per 50 percentage points; regular
 *                                clinical supervision −2
 *   compassion satisfaction      regular advocacy +2
 *   personal therapy             no effect; reverse-caused: regular use more likely with
 *                                higher latent STS (logit slope 1.2 per SD)
 *   peer support                 no effect; correlated with supervision (phi .5)
 *   every other practice, years in the field, and every other covariate: no effect.
 * Person-level SD 4 (VR 3), month-to-month SD 2.5 (VR 2); latent outcomes correlated
 * (BO–STS .6, CS–BO −.5, CS–VR .4, CS–STS −.2, BO–VR −.2). Staff turnover: every second
 * month 5% leave and as many join, so rule 7 re-releases.
 *
 * Reported, with the seeds:
 * - share of histories in which a no-effect practice (a practice × outcome with zero
 *   effect; the reverse-caused practice counted separately) is EVER flagged over the 8
 *   closes, and ever flagged favourable (what a recommendation can use); the same for any
 *   no-effect term (practices and main-model covariates): target ≤ 10%;
 * - coverage of the 95% CIs of every term with a known true value, over all releases
 *   (target 93–97%); the self-care composite and the reverse-caused practice have no
 *   single true coefficient and are left out;
 * - power for a true 2-point effect: the main-model terms at n = 60, the joint-model
 *   practice terms at n = 200, at the last release of each history;
 * - the reverse-caused practice: never flagged favourable (how often it is flagged
 *   unfavourable, with its reverse-causation note, is shown too).
 *
 * Run: npm run bench:drivers-validity [-- --histories60 200 --histories200 200 --seed 1000
 *      --concurrency 4 --pglite] (the defaults shown; about 6 minutes on 2 cores with Postgres)
 * Postgres from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), one
 * throwaway database with every history as its own organization; --pglite uses an
 * in-memory PGlite instead (one connection, so histories run one at a time).
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '@/db/client';
import { cycles, memberships, organizations, participations, profiles, responses, teams, users } from '@/db/schema';
import { makeAnswers } from '@/db/seed/demo-history';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import type { DriverAnalysis, Outcome } from '@/lib/drivers/analyze';
import { normalizeDriverAnalysis } from '@/lib/drivers/normalize';
import { drawCheckIn, drawPerson, trueCoefficient, type PlantedTruth, type SimCheckIn, type SimPerson } from '@/lib/drivers/simulate';
import { BRIEF_VR, type ProfileAnswers } from '@/lib/instruments';
import { createRng, type Rng } from '@/lib/stats/random';
import { scoreCheckIn } from '@/lib/server/checkins';
import { closeCycle } from '@/lib/server/cycles';
import { getDrivers } from '@/lib/server/drivers';
import { respondentKeyFor } from '@/lib/server/respondent-key';
import { and, eq } from 'drizzle-orm';
import { clusteredShare, isMainModule, numericArg, runPool, wilson, withBenchDb } from './lib';

const HISTORIES_60 = numericArg('histories60', 200);
const HISTORIES_200 = numericArg('histories200', 200);
const BASE_SEED = numericArg('seed', 1000);
const USE_PGLITE = process.argv.includes('--pglite');
const CONCURRENCY = USE_PGLITE ? 1 : numericArg('concurrency', 4);
/** The history shared with other benchmarks: 8 monthly closes, 88% check in, every second month 5% leave and as many join. */
export const CLOSES = 8;
export const PARTICIPATION = 0.88;
export const TURNOVER_EVERY = 2;
export const TURNOVER_SHARE = 0.05;

export const VALIDITY_TRUTH: PlantedTruth = {
  baseline: { cs: 36, bo: 23, sts: 21, vr: 21 },
  covariates: {
    cs: { traumaHistory: 0, yearsInField: 0, caseloadShare: 0 },
    bo: { traumaHistory: -2, yearsInField: 0, caseloadShare: 0 },
    // +4 per 1.0 of caseload share = +2 per 50 percentage points.
    sts: { traumaHistory: 0, yearsInField: 0, caseloadShare: 4 },
    vr: { traumaHistory: 0, yearsInField: 0, caseloadShare: 0 },
  },
  practices: { cs: { advocacy: 2 }, bo: {}, sts: { clinicalSupervision: -2 }, vr: {} },
  personSd: { cs: 4, bo: 4, sts: 4, vr: 3 },
  occasionSd: { cs: 2.5, bo: 2.5, sts: 2.5, vr: 2 },
  latentCorrelation: [
    [1, -0.5, -0.2, 0.4],
    [-0.5, 1, 0.6, -0.2],
    [-0.2, 0.6, 1, 0],
    [0.4, -0.2, 0, 1],
  ],
  traumaRate: 0.55,
  correlatedWith: { peerSupport: { practice: 'clinicalSupervision', phi: 0.5 } },
  reverseCaused: { personalTherapy: { outcome: 'sts', slope: 1.2, base: 0.4 } },
  monthlyPracticeChange: 0.15,
};
const REVERSE_CAUSED = new Set(Object.keys(VALIDITY_TRUTH.reverseCaused));
/** The true 2-point effects whose power is reported, with the size at which each is reported. */
const POWER_TERMS: { outcome: Outcome; model: 'main' | 'joint'; term: string; label: string }[] = [
  { outcome: 'bo', model: 'main', term: 'traumaHistory', label: 'BO ← trauma history (main model)' },
  { outcome: 'sts', model: 'main', term: 'caseloadShare', label: 'STS ← caseload +50 pts (main model)' },
  { outcome: 'sts', model: 'joint', term: 'clinicalSupervision', label: 'STS ← supervision (joint model)' },
  { outcome: 'cs', model: 'joint', term: 'advocacy', label: 'CS ← advocacy (joint model)' },
];

const DAY = 86_400_000;
const FIRST_OPEN = Date.UTC(2025, 0, 6);
const YEARS_TO_BAND: Record<number, ProfileAnswers['yearsInField']> = { 0.5: 'lessThan1', 2: '1to2', 4.5: '3to5', 8.5: '6to10', 16: '11to20', 25: 'moreThan20' };

interface HistoryResult {
  n: number;
  seed: number;
  releases: number;
  nullPracticeFlagged: boolean;
  nullPracticeFavourable: boolean;
  nullMainFlagged: boolean;
  anyFalse: boolean;
  reverseFavourableReleases: number;
  reverseUnfavourableReleases: number;
  reverseReleasesTested: number;
  /** Coverage tallies over all releases. */
  covered: { main: [number, number]; joint: [number, number]; nonzero: [number, number] };
  /** At the last release: power term → 'hit' (flagged, right sign) | 'wrong' (flagged, wrong sign) | 'miss' | 'untested'. */
  last: Record<string, 'hit' | 'wrong' | 'miss' | 'untested'>;
  wrongSignFlags: number;
  /** Terms flagged although their truth is zero ("outcome model.term"), once per history. */
  falseTerms: Set<string>;
  ms: number;
}

/** Scores one release against the truth, adding to the history's tallies. */
function scoreRelease(a: DriverAnalysis, h: HistoryResult) {
  const truth = VALIDITY_TRUTH;
  let reverseTested = false;
  let reverseFavourable = false;
  let reverseUnfavourable = false;
  for (const o of a.outcomes) {
    for (const [model, result] of [
      ['main', o.main],
      ['joint', o.joint],
    ] as const) {
      if (result.status !== 'ok') continue;
      for (const t of result.terms) {
        if (t.qValue === null) continue; // only the tested family
        if (REVERSE_CAUSED.has(t.term)) {
          reverseTested = true;
          if (t.flagged && t.direction === 'favourable') reverseFavourable = true;
          if (t.flagged && t.direction === 'unfavourable') reverseUnfavourable = true;
          continue;
        }
        const value = trueCoefficient(truth, o.outcome, model, t.term);
        if (value === null) continue;
        const inside = t.ci95[0] <= value && value <= t.ci95[1];
        const tally = model === 'main' ? h.covered.main : h.covered.joint;
        tally[0] += inside ? 1 : 0;
        tally[1]++;
        if (value !== 0) {
          h.covered.nonzero[0] += inside ? 1 : 0;
          h.covered.nonzero[1]++;
          if (t.flagged && Math.sign(t.estimate) !== Math.sign(value)) h.wrongSignFlags++;
        } else if (t.flagged) {
          h.anyFalse = true;
          h.falseTerms.add(`${o.outcome} ${model}.${t.term} (${t.direction})`);
          if (model === 'joint') {
            h.nullPracticeFlagged = true;
            if (t.direction === 'favourable') h.nullPracticeFavourable = true;
          } else h.nullMainFlagged = true;
        }
      }
    }
  }
  if (reverseTested) h.reverseReleasesTested++;
  if (reverseFavourable) h.reverseFavourableReleases++;
  if (reverseUnfavourable) h.reverseUnfavourableReleases++;
}

/** Power at the last release: is each true effect flagged, with the right sign? */
function scoreLastRelease(a: DriverAnalysis, h: HistoryResult) {
  for (const p of POWER_TERMS) {
    const o = a.outcomes.find((x) => x.outcome === p.outcome)!;
    const m = p.model === 'main' ? o.main : o.joint;
    const t = m.status === 'ok' ? m.terms.find((x) => x.term === p.term) : undefined;
    const value = trueCoefficient(VALIDITY_TRUTH, p.outcome, p.model, p.term)!;
    h.last[p.label] = !t ? 'untested' : !t.flagged ? 'miss' : Math.sign(t.estimate) === Math.sign(value) ? 'hit' : 'wrong';
  }
}

function profileFor(rng: Rng, p: SimPerson): ProfileAnswers {
  // A few prefer not to say about trauma history, as in the demo.
  if (rng.next() < 0.05) return { traumaHistory: 'preferNotToSay', yearsInField: YEARS_TO_BAND[p.yearsInField]!, caseloadShare: p.caseloadBand };
  return { traumaHistory: p.trauma ? 'yes' : 'no', yearsInField: YEARS_TO_BAND[p.yearsInField]!, caseloadShare: p.caseloadBand };
}

/** A simulated staff member of a bench history. */
export interface BenchStaff {
  userId: string;
  teamId: string;
  key: string;
  sim: SimPerson;
  active: boolean;
}

/** The dates of monthly cycle `c` (0-based): opens every 30 days, closes 14 days later. */
export function monthOf(c: number): { opensAt: Date; closesAt: Date } {
  const opensAt = new Date(FIRST_OPEN + c * 30 * DAY);
  return { opensAt, closesAt: new Date(opensAt.getTime() + 14 * DAY) };
}

/** `count` active staff, drawn at random, leave (their memberships end); returns them. */
export async function retireStaff<S extends BenchStaff>(db: Db, rng: Rng, orgId: string, staff: readonly S[], count: number): Promise<S[]> {
  const active = staff.filter((s) => s.active);
  const leavers: S[] = [];
  for (let i = 0; i < count; i++) {
    const j = Math.floor(rng.next() * active.length);
    const [leaver] = active.splice(j, 1);
    leaver!.active = false;
    leavers.push(leaver!);
    await db.update(memberships).set({ active: false }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, leaver!.userId)));
  }
  return leavers;
}

/**
 * Opens monthly cycle `c` and stores the check-ins of the active staff who take part (each
 * with probability PARTICIPATION): drawn from `truth`, stored as item answers and scored like
 * check-ins, with participation rows. `adjust` may move a person's targets first (a planted
 * change). Returns the cycle id and who checked in; the cycle is left open.
 */
export async function storeMonth<S extends BenchStaff>(
  db: Db,
  rng: Rng,
  truth: PlantedTruth,
  orgId: string,
  c: number,
  staff: readonly S[],
  adjust?: (s: S, targets: SimCheckIn['targets']) => void,
): Promise<{ cycleId: string; answered: Set<S> }> {
  const { opensAt, closesAt } = monthOf(c);
  const [cycle] = await db
    .insert(cycles)
    .values({ orgId, opensAt, closesAt, instruments: { vr: 'brief-vr', selfCare: true } })
    .returning({ id: cycles.id });
  const cycleId = cycle!.id;
  const rows: (typeof responses.$inferInsert)[] = [];
  const parts: (typeof participations.$inferInsert)[] = [];
  const answered = new Set<S>();
  for (const s of staff) {
    if (!s.active || rng.next() > PARTICIPATION) continue;
    answered.add(s);
    const checkIn = drawCheckIn(rng, truth, s.sim);
    adjust?.(s, checkIn.targets);
    const answers = makeAnswers(rng, checkIn.targets, checkIn.practices);
    const scores = scoreCheckIn(BRIEF_VR, answers.proqol, answers.vr, answers.selfCare);
    const day = new Date(opensAt.getTime() + Math.floor(rng.next() * 13) * DAY).toISOString().slice(0, 10);
    rows.push({
      orgId,
      cycleId,
      teamId: s.teamId,
      respondentKey: s.key,
      submittedOn: day,
      vrInstrument: 'brief-vr',
      answers,
      scores,
      cs: scores.cs.value,
      bo: scores.bo.value,
      sts: scores.sts.value,
      vr: scores.vr.value,
      selfCareComposite: scores.selfCareComposite,
    });
    parts.push({ orgId, cycleId, userId: s.userId, teamId: s.teamId, completedOn: day });
  }
  await db.insert(responses).values(rows);
  await db.insert(participations).values(parts);
  return { cycleId, answered };
}

async function runHistory(db: Db, n: number, seed: number): Promise<HistoryResult> {
  const t0 = performance.now();
  const rng = createRng(seed);
  const truth = VALIDITY_TRUTH;
  const [org] = await db.insert(organizations).values({ name: `Validity n=${n} seed=${seed}` }).returning({ id: organizations.id });
  const orgId = org!.id;
  const teamRows = await db
    .insert(teams)
    .values(['A', 'B', 'C'].map((name) => ({ orgId, name })))
    .returning({ id: teams.id });
  const [boss] = await db.insert(users).values({ email: `director-${n}-${seed}@validity.test`, name: 'Director', passwordHash: 'x' }).returning({ id: users.id });
  await db.insert(memberships).values({ orgId, userId: boss!.id, role: 'director' });
  const member = await authorizeOrgRole(db, boss!.id, orgId, 'director');

  let counter = 0;
  const hire = async (count: number, on: Date): Promise<BenchStaff[]> => {
    const sims = Array.from({ length: count }, () => drawPerson(rng, truth));
    const ids = await db
      .insert(users)
      .values(sims.map(() => ({ email: `s${++counter}-${n}-${seed}@validity.test`, name: 'Staff', passwordHash: 'x' })))
      .returning({ id: users.id });
    const staff = ids.map((u, i) => ({ userId: u.id, teamId: teamRows[i % teamRows.length]!.id, key: respondentKeyFor(u.id, orgId), sim: sims[i]!, active: true }));
    await db.insert(memberships).values(staff.map((s) => ({ orgId, userId: s.userId, role: 'staff' as const, teamId: s.teamId })));
    await db.insert(profiles).values(staff.map((s) => ({ orgId, respondentKey: s.key, answers: profileFor(rng, s.sim), updatedOn: on.toISOString().slice(0, 10) })));
    return staff;
  };
  const everyone = await hire(n, new Date(FIRST_OPEN - DAY));

  const h: HistoryResult = {
    n,
    seed,
    releases: 0,
    nullPracticeFlagged: false,
    nullPracticeFavourable: false,
    nullMainFlagged: false,
    anyFalse: false,
    reverseFavourableReleases: 0,
    reverseUnfavourableReleases: 0,
    reverseReleasesTested: 0,
    covered: { main: [0, 0], joint: [0, 0], nonzero: [0, 0] },
    last: {},
    wrongSignFlags: 0,
    falseTerms: new Set(),
    ms: 0,
  };
  let latest: DriverAnalysis | null = null;
  for (let c = 0; c < CLOSES; c++) {
    const { opensAt, closesAt } = monthOf(c);
    if (c > 0 && c % TURNOVER_EVERY === 0) {
      const turnover = Math.round(TURNOVER_SHARE * n);
      await retireStaff(db, rng, orgId, everyone, turnover);
      everyone.push(...(await hire(turnover, new Date(opensAt.getTime() - DAY))));
    }
    const { cycleId } = await storeMonth(db, rng, truth, orgId, c, everyone);
    await closeCycle(db, orgId, cycleId, { now: closesAt });
    const d = await getDrivers(db, member);
    if (d.asOf?.cycleId === cycleId) {
      h.releases++;
      latest = normalizeDriverAnalysis(d);
      scoreRelease(latest, h);
    }
  }
  if (latest) scoreLastRelease(latest, h);
  h.ms = performance.now() - t0;
  return h;
}

async function runAll(db: Db, jobs: { n: number; seed: number }[]): Promise<HistoryResult[]> {
  return runPool('validity', jobs, CONCURRENCY, (j) => runHistory(db, j.n, j.seed));
}

function report(results: HistoryResult[]) {
  const bySize = new Map<number, HistoryResult[]>();
  for (const r of results) bySize.set(r.n, [...(bySize.get(r.n) ?? []), r]);
  const table: Record<string, Record<string, string>> = {};
  const row = (label: string, f: (rs: HistoryResult[]) => string) => {
    table[label] = Object.fromEntries([...bySize.entries()].map(([n, rs]) => [`n = ${n} (${rs.length} histories)`, f(rs)]));
  };
  const share = (pred: (r: HistoryResult) => boolean) => (rs: HistoryResult[]) => wilson(rs.filter(pred).length, rs.length);
  row('seeds', (rs) => `${Math.min(...rs.map((r) => r.seed))}–${Math.max(...rs.map((r) => r.seed))}`);
  row('releases per history (mean)', (rs) => (rs.reduce((a, r) => a + r.releases, 0) / rs.length).toFixed(2));
  row('any false driver, ever in 8 closes (target ≤ 10%)', share((r) => r.anyFalse));
  row('  no-effect practice ever flagged', share((r) => r.nullPracticeFlagged));
  row('  no-effect practice ever flagged favourable ("recommended")', share((r) => r.nullPracticeFavourable));
  row('  no-effect main-model term ever flagged', share((r) => r.nullMainFlagged));
  row('releases with the reverse-caused practice flagged favourable (target 0)', (rs) => `${rs.reduce((a, r) => a + r.reverseFavourableReleases, 0)} of ${rs.reduce((a, r) => a + r.reverseReleasesTested, 0)} releases`);
  row('releases with it flagged unfavourable, on any measure (with its note)', (rs) => `${rs.reduce((a, r) => a + r.reverseUnfavourableReleases, 0)} of ${rs.reduce((a, r) => a + r.reverseReleasesTested, 0)} releases`);
  row('95% CI coverage, main-model terms (target 93–97%)', (rs) => clusteredShare(rs.map((r) => r.covered.main)));
  row('95% CI coverage, joint-model practice terms', (rs) => (rs.some((r) => r.covered.joint[1]) ? clusteredShare(rs.map((r) => r.covered.joint)) : 'not fitted (n < 150)'));
  row('95% CI coverage, all terms with a known truth', (rs) => clusteredShare(rs.map((r) => [r.covered.main[0] + r.covered.joint[0], r.covered.main[1] + r.covered.joint[1]])));
  row('95% CI coverage, true nonzero effects only', (rs) => clusteredShare(rs.map((r) => r.covered.nonzero)));
  for (const p of POWER_TERMS) {
    row(`power, 2 points: ${p.label}, last release`, (rs) => {
      const tested = rs.filter((r) => r.last[p.label] && r.last[p.label] !== 'untested');
      return tested.length ? wilson(tested.filter((r) => r.last[p.label] === 'hit').length, tested.length) : 'not testable (joint model needs n ≥ 150)';
    });
  }
  row('true effects flagged with the wrong sign (count of term-releases)', (rs) => String(rs.reduce((a, r) => a + r.wrongSignFlags, 0)));
  row('seconds per history (mean)', (rs) => (rs.reduce((a, r) => a + r.ms, 0) / rs.length / 1000).toFixed(2));
  console.log('\nDriver validity: simulated agencies through closeCycle / publishDriverResults / getDrivers, 8 monthly closes each');
  console.log(`Rules: one BY family per release (FDR .05), MID 1 point on the stated contrast, joint model for practices (n ≥ 150), rule-7 re-release.`);
  console.log(`Seeds: history i of size n uses seed ${BASE_SEED} + i (n = 60) and ${BASE_SEED} + 100000 + i (n = 200). Shares of histories with Wilson 95% intervals; coverage pools all releases and terms, with 95% intervals clustered by history.\n`);
  console.table(table);
  for (const [n, rs] of bySize) {
    const counts = new Map<string, number>();
    for (const r of rs) for (const t of r.falseTerms) counts.set(t, (counts.get(t) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    console.log(`False drivers at n = ${n} (histories in which each was ever flagged): ${top.length ? top.map(([t, c]) => `${t} ×${c}`).join('; ') : 'none'}`);
  }
}

async function main() {
  const jobs = [
    ...Array.from({ length: HISTORIES_60 }, (_, i) => ({ n: 60, seed: BASE_SEED + i })),
    ...Array.from({ length: HISTORIES_200 }, (_, i) => ({ n: 200, seed: BASE_SEED + 100000 + i })),
  ];
  const started = performance.now();
  await withBenchDb('validity', USE_PGLITE, async (db) => report(await runAll(db, jobs)));
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s (${USE_PGLITE ? 'PGlite in memory' : `Postgres, ${CONCURRENCY} histories at a time`}).`);
}

// Run only as a script: other benchmarks import VALIDITY_TRUTH from here.
if (isMainModule(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
