/**
 * Error rates of the within-person change flags by simulation (issue 11; ARCHITECTURE §5
 * "Validity is measured by simulation").
 *
 * Seeds demo-like agencies with a KNOWN truth, runs the real pipeline on a real database
 * (responses stored as item answers and scored like check-ins, closeCycle → publication of
 * cells and within-person change cells under the privacy rules, read back as a director
 * sees them with getDashboard) over 8 monthly closes each, and scores every published change
 * cell (paired change among people who answered both cycles, Benjamini–Yekutieli q across
 * every change cell of one publication, flagged when q < .05) against the truth.
 *
 * Agencies: the demo's layout, 60 staff in 4 teams (Case management 20, Legal advocacy 14,
 * Shelter & housing 22, Outreach 4: fewer than k = 5, so its cells and change are always
 * hidden, and complementary suppression hides Legal advocacy's with them; the change
 * auditor hides more team changes where newcomers and leavers would be given away); each
 * month about 88% of staff check in; every second month 5% (3 people) leave and as many
 * join their teams. k = 5, the default.
 *
 * Truth (lib/drivers/simulate.ts model with VALIDITY_TRUTH's baselines, person-level SD 4
 * (VR 3), month-to-month SD 2.5 (VR 2), correlated latent levels; practice effects set to
 * zero, so a person's expected score moves only where a change is planted):
 *   null histories     no change in any measure, group or month: every change cell's truth
 *                      is 0, and any flag is false.
 *   planted histories  Case management's burnout falls 3 points from the 5th close on and
 *                      stays there. The truth of a change cell is the mean, over the pairs
 *                      it counts, of each person's expected change in their measured score
 *                      (whole points, clamped to the scale, as makeAnswers draws it): about
 *                      −3 for Case management's burnout at close 5, about −3 × its share of
 *                      the agency's pairs for the agency's burnout at close 5, 0 elsewhere.
 *
 * Reported, with the seeds:
 * - null: share of published change cells flagged (per cell), share of publications with
 *   any flag (BY bounds this by .05), and share of histories with ANY flagged change over
 *   the 8 closes (what a director experiences): target ≤ 10%;
 * - planted: power to flag Case management's and the agency's burnout fall at close 5, and
 *   false flags elsewhere in those histories;
 * - coverage of the paired 95% CIs of the true change: target 93–97%;
 * - informational: how often "rose two cycles running" patterns appear under the null if
 *   read off the published numbers (changes, or means), untested.
 *
 * Run: npm run bench:change-flags [-- --null 400 --planted 200 --seed 3000 --concurrency 4
 *      --pglite] (the defaults shown; 4 to 6 minutes on 2 shared cores with Postgres)
 * Postgres from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), one
 * throwaway database with every history as its own organization; --pglite uses an
 * in-memory PGlite instead (one connection, so histories run one at a time).
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '@/db/client';
import { memberships, organizations, teams, users } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { drawCheckIn, drawPerson, type PlantedTruth } from '@/lib/drivers/simulate';
import { BRIEF_VR, PROQOL5 } from '@/lib/instruments';
import { MEASURES, ORG_GROUP, type Measure, type PublishedChangeCell } from '@/lib/privacy';
import { normalCdf } from '@/lib/stats/distributions';
import { createRng } from '@/lib/stats/random';
import { closeCycle } from '@/lib/server/cycles';
import { getDashboard } from '@/lib/server/dashboard';
import { respondentKeyFor } from '@/lib/server/respondent-key';
import {
  CLOSES,
  PARTICIPATION,
  TURNOVER_EVERY,
  TURNOVER_SHARE,
  VALIDITY_TRUTH,
  monthOf,
  retireStaff,
  storeMonth,
  type BenchStaff,
} from './drivers-validity';
import { clusteredShare, numericArg, runPool, wilson, withBenchDb } from './lib';

const NULL_HISTORIES = numericArg('null', 400);
const PLANTED_HISTORIES = numericArg('planted', 200);
const BASE_SEED = numericArg('seed', 3000);
const USE_PGLITE = process.argv.includes('--pglite');
const CONCURRENCY = USE_PGLITE ? 1 : numericArg('concurrency', 4);
/** The demo's teams (db/seed/demo-history.ts). */
const TEAMS = [
  { name: 'Case management', size: 20 },
  { name: 'Legal advocacy', size: 14 },
  { name: 'Shelter & housing', size: 22 },
  { name: 'Outreach', size: 4 },
] as const;
const STAFF = TEAMS.reduce((s, t) => s + t.size, 0);
const PLANTED_TEAM = 'Case management';
const PLANTED_MEASURE: Measure = 'bo';
const PLANTED_SHIFT = -3;
/** 0-based index of the close from which the planted shift holds (the 5th close). */
const PLANTED_FROM = 4;

/** VALIDITY_TRUTH without practice effects: a person's expected scores are fixed unless a change is planted. */
const TRUTH: PlantedTruth = { ...VALIDITY_TRUTH, practices: { cs: {}, bo: {}, sts: {}, vr: {} } };
/** The same with no month-to-month noise: drawCheckIn then returns a person's expected target. */
const EXPECTED_TRUTH: PlantedTruth = { ...TRUTH, occasionSd: { cs: 0, bo: 0, sts: 0, vr: 0 }, monthlyPracticeChange: 0 };
const RANGE: Record<Measure, { min: number; max: number }> = {
  cs: PROQOL5.subscales.compassionSatisfaction!.range,
  bo: PROQOL5.subscales.burnout!.range,
  sts: PROQOL5.subscales.secondaryTraumaticStress!.range,
  vr: Object.values(BRIEF_VR.subscales)[0]!.range,
};

/**
 * Expected measured score for an expected target `mu`: makeAnswers gives items summing to
 * round(clamp(mu + e)), e ~ N(0, sd²) (the rare prorated check-in is ignored).
 */
function expectedScore(mu: number, sd: number, { min, max }: { min: number; max: number }): number {
  let e = 0;
  for (let v = min; v <= max; v++) {
    const lo = v === min ? 0 : normalCdf((v - 0.5 - mu) / sd);
    const hi = v === max ? 1 : normalCdf((v + 0.5 - mu) / sd);
    e += v * (hi - lo);
  }
  return e;
}

interface Staff extends BenchStaff {
  team: string;
  /** Expected target without the planted shift. */
  mu: Record<Measure, number>;
}

/** A published change cell's outcome against its truth. */
type Verdict = 'hit' | 'wrong' | 'miss' | 'hidden';

interface HistoryResult {
  planted: boolean;
  seed: number;
  publications: number;
  publicationsWithFalseFlag: number;
  /** Change cells published and falsely flagged (truth 0). */
  nullCells: [number, number];
  /** Change cells [shown, published at all] by group name ("agency" or the team). */
  shownByGroup: Map<string, [number, number]>;
  falseFlags: string[];
  /** CIs containing the truth, over all published cells. */
  covered: [number, number];
  plantedTeam: Verdict;
  plantedAgency: Verdict;
  /** Estimate − truth and coverage of the two planted cells, when shown. */
  teamError: number | null;
  agencyError: number | null;
  teamCovered: boolean | null;
  agencyCovered: boolean | null;
  agencyTruth: number | null;
  /** Pair counts that differ from the simulation's own (a check on the bench, should be 0). */
  pairMismatches: number;
  /** "Two cycles running" read off published changes: [both rose, same direction, both flagged same direction, opportunities]. */
  twoChanges: [number, number, number, number];
  stsRoseTwiceInChanges: boolean;
  /** Read off published means (three consecutive cycles): [rose twice, opportunities]. */
  twoMeans: [number, number];
  stsRoseTwiceInMeans: boolean;
  ms: number;
}

async function runHistory(db: Db, planted: boolean, seed: number): Promise<HistoryResult> {
  const t0 = performance.now();
  const rng = createRng(seed);
  const expectedRng = createRng(0);
  const tag = `${planted ? 'p' : 'n'}${seed}`;
  const [org] = await db.insert(organizations).values({ name: `Change flags ${tag}` }).returning({ id: organizations.id });
  const orgId = org!.id;
  const teamRows = await db
    .insert(teams)
    .values(TEAMS.map((t) => ({ orgId, name: t.name })))
    .returning({ id: teams.id, name: teams.name });
  const teamId = new Map(teamRows.map((t) => [t.name, t.id]));
  const teamName = new Map(teamRows.map((t) => [t.id, t.name]));
  const [boss] = await db.insert(users).values({ email: `director-${tag}@change.test`, name: 'Director', passwordHash: 'x' }).returning({ id: users.id });
  await db.insert(memberships).values({ orgId, userId: boss!.id, role: 'director' });
  const member = await authorizeOrgRole(db, boss!.id, orgId, 'director');

  let counter = 0;
  const hire = async (names: readonly string[]): Promise<Staff[]> => {
    const ids = await db
      .insert(users)
      .values(names.map(() => ({ email: `s${++counter}-${tag}@change.test`, name: 'Staff', passwordHash: 'x' })))
      .returning({ id: users.id });
    const staff = ids.map((u, i): Staff => {
      const sim = drawPerson(rng, TRUTH);
      const mu = drawCheckIn(expectedRng, EXPECTED_TRUTH, sim).targets;
      return { userId: u.id, teamId: teamId.get(names[i]!)!, team: names[i]!, key: respondentKeyFor(u.id, orgId), sim, mu, active: true };
    });
    await db.insert(memberships).values(staff.map((s) => ({ orgId, userId: s.userId, role: 'staff' as const, teamId: s.teamId })));
    return staff;
  };
  const everyone = await hire(TEAMS.flatMap((t) => Array.from({ length: t.size }, () => t.name)));
  /** The planted shift on a person's expected target at close c. */
  const shift = (s: Staff, m: Measure, c: number) => (planted && m === PLANTED_MEASURE && s.team === PLANTED_TEAM && c >= PLANTED_FROM ? PLANTED_SHIFT : 0);
  const expected = (s: Staff, m: Measure, c: number) => expectedScore(s.mu[m] + shift(s, m, c), TRUTH.occasionSd[m], RANGE[m]);

  const h: HistoryResult = {
    planted,
    seed,
    publications: 0,
    publicationsWithFalseFlag: 0,
    nullCells: [0, 0],
    shownByGroup: new Map(['agency', ...TEAMS.map((t) => t.name)].map((g) => [g, [0, 0]])),
    falseFlags: [],
    covered: [0, 0],
    plantedTeam: 'hidden',
    plantedAgency: 'hidden',
    teamError: null,
    agencyError: null,
    teamCovered: null,
    agencyCovered: null,
    agencyTruth: null,
    pairMismatches: 0,
    twoChanges: [0, 0, 0, 0],
    stsRoseTwiceInChanges: false,
    twoMeans: [0, 0],
    stsRoseTwiceInMeans: false,
    ms: 0,
  };
  let answeredBefore = new Set<Staff>();
  /** The previous publication's shown change cells, by group and measure. */
  let previousChanges = new Map<string, PublishedChangeCell>();
  for (let c = 0; c < CLOSES; c++) {
    if (c > 0 && c % TURNOVER_EVERY === 0) {
      const leavers = await retireStaff(db, rng, orgId, everyone, Math.round(TURNOVER_SHARE * STAFF));
      everyone.push(...(await hire(leavers.map((l) => l.team))));
    }
    const { cycleId, answered } = await storeMonth(db, rng, TRUTH, orgId, c, everyone, (s, targets) => {
      targets[PLANTED_MEASURE] += shift(s, PLANTED_MEASURE, c);
    });
    await closeCycle(db, orgId, cycleId, { now: monthOf(c).closesAt });
    const dashboard = await getDashboard(db, member);
    if (dashboard.latest?.cycle.id !== cycleId) throw new Error(`close ${c + 1} of history ${tag} was not published`);

    // The truth of each group's change: the mean expected change over the pairs it counts.
    const pairs = [...answered].filter((s) => answeredBefore.has(s));
    const truthOf = (group: string, m: Measure): { n: number; value: number } => {
      const counted = group === ORG_GROUP ? pairs : pairs.filter((s) => s.teamId === group);
      const sum = counted.reduce((a, s) => a + expected(s, m, c) - expected(s, m, c - 1), 0);
      return { n: counted.length, value: counted.length ? sum / counted.length : 0 };
    };
    const changes = dashboard.latest.changes;
    if (c > 0 && changes.length) {
      h.publications++;
      let falseFlag = false;
      const current = new Map<string, PublishedChangeCell>();
      for (const { group, measure, cell } of changes) {
        const groupLabel = group === ORG_GROUP ? 'agency' : teamName.get(group)!;
        const label = `${groupLabel} ${measure.toUpperCase()} close ${c + 1}`;
        const shown = h.shownByGroup.get(groupLabel)!;
        shown[1]++;
        const isPlantedTeam = planted && c === PLANTED_FROM && measure === PLANTED_MEASURE && teamName.get(group) === PLANTED_TEAM;
        const isPlantedAgency = planted && c === PLANTED_FROM && measure === PLANTED_MEASURE && group === ORG_GROUP;
        if (cell.suppressed !== null) continue;
        shown[0]++;
        current.set(`${group} ${measure}`, cell);
        const truth = truthOf(group, measure);
        if (truth.n !== cell.nPairs) h.pairMismatches++;
        const covered = cell.ci95[0] <= truth.value && truth.value <= cell.ci95[1];
        h.covered[0] += covered ? 1 : 0;
        h.covered[1]++;
        const verdict: Verdict = !cell.flagged ? 'miss' : Math.sign(cell.meanChange) === Math.sign(PLANTED_SHIFT) ? 'hit' : 'wrong';
        if (isPlantedTeam || isPlantedAgency) {
          if (isPlantedTeam) [h.plantedTeam, h.teamError, h.teamCovered] = [verdict, cell.meanChange - truth.value, covered];
          else [h.plantedAgency, h.agencyError, h.agencyCovered, h.agencyTruth] = [verdict, cell.meanChange - truth.value, covered, truth.value];
          continue;
        }
        h.nullCells[1]++;
        if (cell.flagged) {
          h.nullCells[0]++;
          falseFlag = true;
          h.falseFlags.push(label);
        }
        // "Two cycles running", read off the published changes.
        const before = previousChanges.get(`${group} ${measure}`);
        if (before) {
          const rose = before.meanChange > 0 && cell.meanChange > 0;
          const same = rose || (before.meanChange < 0 && cell.meanChange < 0);
          h.twoChanges[0] += rose ? 1 : 0;
          h.twoChanges[1] += same ? 1 : 0;
          h.twoChanges[2] += same && before.flagged && cell.flagged ? 1 : 0;
          h.twoChanges[3]++;
          if (rose && measure === 'sts') h.stsRoseTwiceInChanges = true;
        }
      }
      if (falseFlag) h.publicationsWithFalseFlag++;
      previousChanges = current;
    } else previousChanges = new Map();
    answeredBefore = answered;

    if (c === CLOSES - 1) {
      // "Two cycles running", read off the published means of three consecutive cycles (the old rule).
      const cycleOrder = dashboard.closedCycles.map((x) => x.id);
      for (const group of [ORG_GROUP, ...teamRows.map((t) => t.id)]) {
        for (const measure of MEASURES) {
          const means = cycleOrder.map((id) => dashboard.trend.find((x) => x.cycle === id && x.group === group && x.measure === measure)?.mean ?? null);
          for (let i = 2; i < means.length; i++) {
            const [a, b, m] = [means[i - 2], means[i - 1], means[i]];
            if (a === null || b === null || m === null || (planted && measure === PLANTED_MEASURE && i >= PLANTED_FROM && i <= PLANTED_FROM + 1)) continue;
            h.twoMeans[1]++;
            if (a < b && b < m) {
              h.twoMeans[0]++;
              if (measure === 'sts') h.stsRoseTwiceInMeans = true;
            }
          }
        }
      }
    }
  }
  h.ms = performance.now() - t0;
  return h;
}

function report(results: HistoryResult[]) {
  const nulls = results.filter((r) => !r.planted);
  const planted = results.filter((r) => r.planted);
  const groups: [string, HistoryResult[]][] = [
    [`null (${nulls.length} histories)`, nulls],
    [`planted (${planted.length} histories)`, planted],
  ];
  const table: Record<string, Record<string, string>> = {};
  const row = (label: string, f: (rs: HistoryResult[]) => string, only?: 'null' | 'planted') => {
    table[label] = Object.fromEntries(groups.map(([name, rs]) => [name, !rs.length || (only && !name.startsWith(only)) ? '' : f(rs)]));
  };
  const share = (pred: (r: HistoryResult) => boolean) => (rs: HistoryResult[]) => wilson(rs.filter(pred).length, rs.length);
  const sum = (rs: HistoryResult[], f: (r: HistoryResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  const meanOf = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2) : '—';
  };
  const verdicts = (rs: HistoryResult[], f: (r: HistoryResult) => Verdict) => {
    const shown = rs.filter((r) => f(r) !== 'hidden');
    const hits = shown.filter((r) => f(r) === 'hit').length;
    return `${wilson(hits, shown.length)} of ${shown.length} shown; ${wilson(hits, rs.length)} of all; wrong sign ${shown.filter((r) => f(r) === 'wrong').length}`;
  };
  row('seeds', (rs) => `${Math.min(...rs.map((r) => r.seed))}–${Math.max(...rs.map((r) => r.seed))}`);
  row('publications with change cells per history (mean)', (rs) => (sum(rs, (r) => r.publications) / rs.length).toFixed(2));
  for (const g of ['agency', ...TEAMS.map((t) => t.name)]) {
    row(`change cells shown: ${g === 'agency' ? 'agency' : `${g} (${TEAMS.find((t) => t.name === g)!.size} staff)`}`, (rs) => clusteredShare(rs.map((r) => r.shownByGroup.get(g)!)));
  }
  row('ANY false change flag, ever in 8 closes (target ≤ 10%; planted: outside the 2 planted cells)', share((r) => r.falseFlags.length > 0));
  row('publications with any false flag', (rs) => clusteredShare(rs.map((r) => [r.publicationsWithFalseFlag, r.publications])));
  row('no-change cells flagged (per cell)', (rs) => clusteredShare(rs.map((r) => r.nullCells)));
  row(`power: ${PLANTED_TEAM} BO ${PLANTED_SHIFT} at close ${PLANTED_FROM + 1} flagged (falling)`, (rs) => verdicts(rs, (r) => r.plantedTeam), 'planted');
  row(`power: agency BO at close ${PLANTED_FROM + 1} flagged (falling)`, (rs) => verdicts(rs, (r) => r.plantedAgency), 'planted');
  row(`  agency BO true change at close ${PLANTED_FROM + 1} (mean)`, (rs) => meanOf(rs.map((r) => r.agencyTruth)), 'planted');
  row('  mean error of the two planted estimates (team; agency)', (rs) => `${meanOf(rs.map((r) => r.teamError))}; ${meanOf(rs.map((r) => r.agencyError))}`, 'planted');
  row('95% CI coverage of the true change, all shown cells (target 93–97%)', (rs) => clusteredShare(rs.map((r) => r.covered)));
  row('95% CI coverage, the two planted cells (team; agency)', (rs) => {
    const t = rs.filter((r) => r.teamCovered !== null);
    const a = rs.filter((r) => r.agencyCovered !== null);
    return `${wilson(t.filter((r) => r.teamCovered).length, t.length)}; ${wilson(a.filter((r) => r.agencyCovered).length, a.length)}`;
  }, 'planted');
  row('pair counts differing from the simulation (bench check, 0)', (rs) => String(sum(rs, (r) => r.pairMismatches)));
  row('untested: change rose at 2 closes running (per group × measure pair of closes; 1/6 under the null)', (rs) => clusteredShare(rs.map((r) => [r.twoChanges[0], r.twoChanges[3]])), 'null');
  row('untested: changed the same way at 2 closes running (1/3 under the null)', (rs) => clusteredShare(rs.map((r) => [r.twoChanges[1], r.twoChanges[3]])), 'null');
  row('untested: histories with some group\'s STS change rising 2 closes running', share((r) => r.stsRoseTwiceInChanges), 'null');
  row('untested: published mean rose 2 cycles running (per group × measure triple; the old rule)', (rs) => clusteredShare(rs.map((r) => r.twoMeans)), 'null');
  row('untested: histories with some group\'s STS mean rising 2 cycles running', share((r) => r.stsRoseTwiceInMeans), 'null');
  row('tested: flagged the same way at 2 closes running (per pair of closes)', (rs) => clusteredShare(rs.map((r) => [r.twoChanges[2], r.twoChanges[3]])), 'null');
  row('seconds per history (mean)', (rs) => (sum(rs, (r) => r.ms) / rs.length / 1000).toFixed(2));
  console.log('\nChange flags: simulated agencies through closeCycle / publication / getDashboard, 8 monthly closes each');
  console.log(`Agencies: ${TEAMS.map((t) => `${t.name} ${t.size}`).join(', ')}; ${Math.round(PARTICIPATION * 100)}% check in monthly; ${Math.round(TURNOVER_SHARE * STAFF)} leave and join every ${TURNOVER_EVERY} months.`);
  console.log(`Rules: paired change among people who answered both cycles; BY q across every change cell of a publication; flagged at q < .05; rule 8 rounding; hidden below k pairs.`);
  console.log(`Seeds: null history i uses seed ${BASE_SEED} + i, planted history i seed ${BASE_SEED} + 100000 + i. Shares of histories with Wilson 95% intervals; per-cell and per-publication shares with 95% intervals clustered by history.\n`);
  console.table(table);
  for (const [name, rs] of groups) {
    const counts = new Map<string, number>();
    for (const r of rs) for (const f of r.falseFlags) counts.set(f, (counts.get(f) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    console.log(`False change flags, ${name}: ${top.length ? top.map(([t, n]) => `${t} ×${n}`).join('; ') : 'none'}`);
  }
}

async function main() {
  const jobs = [
    ...Array.from({ length: NULL_HISTORIES }, (_, i) => ({ planted: false, seed: BASE_SEED + i })),
    ...Array.from({ length: PLANTED_HISTORIES }, (_, i) => ({ planted: true, seed: BASE_SEED + 100000 + i })),
  ];
  const started = performance.now();
  await withBenchDb('changes', USE_PGLITE, async (db) => report(await runPool('change-flags', jobs, CONCURRENCY, (j) => runHistory(db, j.planted, j.seed))));
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s (${USE_PGLITE ? 'PGlite in memory' : `Postgres, ${CONCURRENCY} histories at a time`}).`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
