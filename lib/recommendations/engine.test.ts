import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { PILLAR_CODES } from '@/lib/instruments';
import { recommendForDirectors, type EngineCell, type EngineChange, type EngineDriver, type EngineInput, type EnginePillar, type Recommendation } from './engine';

const cell = (over: Partial<EngineCell>): EngineCell => ({
  group: 'org',
  groupName: 'Whole agency',
  cycle: 'c3',
  measure: 'sts',
  n: 20,
  mean: 25,
  levelCounts: { low: 10, moderate: 10, high: 0 },
  suppressed: null,
  ...over,
});

const change = (over: Partial<EngineChange>): EngineChange => ({
  group: 't1',
  groupName: 'Shelter',
  measure: 'sts',
  nPairs: 18,
  meanChange: 2.4,
  ci95: [0.9, 3.9],
  flagged: true,
  ...over,
});

const driver = (over: Partial<EngineDriver>): EngineDriver => ({
  outcome: 'sts',
  practice: 'peerSupport',
  label: 'peer support or debriefing',
  contrast: 'about weekly or more vs less often',
  estimate: -2.1,
  ci95: [-3.0, -1.2],
  n: 212,
  qValue: 0.01,
  flagged: true,
  direction: 'favourable',
  reverseCausation: null,
  ...over,
});

const base: EngineInput = { cells: [], cycleIds: ['c1', 'c2', 'c3'], latestParticipationRate: 0.9, drivers: [] };
const run = (over: Partial<EngineInput>) => recommendForDirectors({ ...base, ...over });
const ids = (recs: Recommendation[]) => recs.map((r) => r.id);
const byId = (recs: Recommendation[], id: string) => recs.find((r) => r.id === id);

/** Latest cycle: 40% of the agency's responses at high STS (n 20). */
const stsHigh = [cell({ levelCounts: { low: 4, moderate: 8, high: 8 } })];
const STUDY_ONLY = ['dir-therapy-access', 'dir-advocacy-time', 'dir-wellness-time'];

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('catalog', () => {
  it('has at least 20 entries, each with evidence; director entries cover all five VT-ORG domains', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(20);
    for (const e of CATALOG) expect(e.evidence.length).toBeGreaterThan(0);
    const domains = new Set(CATALOG.flatMap((e) => e.evidence.flatMap((ev) => (ev.domain ? [ev.domain] : []))));
    expect([...domains].sort()).toEqual(
      ['Employee Empowerment & Work Environment', 'Leadership & Mission', 'Management & Supervision', 'Staff Health & Wellness', 'Training & Professional Development'].sort(),
    );
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
  });

  it('each director entry has a grade and triggers on the measures it aims to move; grade A rests on the study', () => {
    const measureOf: Record<string, string> = { sts: 'sts', bo: 'bo', cs: 'cs', vr: 'vr' };
    for (const e of CATALOG.filter((x) => x.audience === 'director')) {
      expect(['A', 'B', 'C'], e.id).toContain(e.grade);
      expect(e.triggers.length, e.id).toBeGreaterThan(0);
      for (const t of e.triggers) {
        if (t === 'participation-low') continue;
        expect(e.measures, `${e.id} ${t}`).toContain(measureOf[t.split('-')[0]!]);
      }
      if (e.grade === 'A') expect(e.evidence.some((ev) => ev.kind === 'study'), e.id).toBe(true);
    }
    expect(CATALOG.filter((e) => e.audience === 'director' && e.grade === 'A').map((e) => e.id).sort()).toEqual([...STUDY_ONLY].sort());
  });

  it('therapy and supervision entries, for staff and directors, state reverse causation', () => {
    const entries = CATALOG.filter((e) => e.practices.includes('personalTherapy') || e.practices.includes('clinicalSupervision'));
    expect(entries.map((e) => e.id).sort()).toEqual(['dir-reflective-supervision', 'dir-therapy-access', 'staff-supervision', 'staff-therapy']);
    for (const e of entries) expect(e.reverseCausation, e.id).toMatch(/^Staff under strain seek (therapy|supervision) more, so an agency association .* may run the other way\.$/);
  });
});

describe('recommendForDirectors: triggers', () => {
  it('with no agency signal, only the study\u2019s main findings appear, lower and saying so', () => {
    const recs = run({});
    expect(ids(recs)).toEqual(STUDY_ONLY);
    for (const r of recs) {
      expect(r.source).toBe('study');
      expect(r.need).toBe(0);
      expect(r.reason).toMatch(/^Nothing in your published results points here; it is shown because it is a main finding of research/);
    }
  });

  it('STS: ≥ 30% high triggers, 25% does not; with the breakdown withheld, a mean in the high range triggers', () => {
    const hi = run({ cells: [cell({ levelCounts: { low: 4, moderate: 10, high: 6 } })] });
    expect(byId(hi, 'dir-caseload-balance')!.reason).toBe('Whole agency: 30% of responses show high secondary traumatic stress (n 20).');
    expect(byId(hi, 'dir-caseload-balance')!.need).toBe(3);
    expect(byId(hi, 'dir-caseload-balance')!.source).toBe('aggregate');
    const lo = run({ cells: [cell({ levelCounts: { low: 5, moderate: 10, high: 5 } })] });
    expect(ids(lo)).toEqual(STUDY_ONLY);
    const withheld = run({ cells: [cell({ mean: 42.4, levelCounts: null })] });
    expect(byId(withheld, 'dir-peer-debrief')!.reason).toBe('Whole agency: the mean secondary traumatic stress score is in the high range (42.4, n 20).');
    expect(ids(run({ cells: [cell({ mean: 41.9, levelCounts: null })] }))).toEqual(STUDY_ONLY);
  });

  it('burnout: more than half above low or any high triggers (need 2); 30% high is need 3; a withheld breakdown reads the mean', () => {
    const moderate = run({ cells: [cell({ measure: 'bo', levelCounts: { low: 9, moderate: 11, high: 0 } })] });
    expect(byId(moderate, 'dir-workload-review')!.reason).toBe('Whole agency: 55% of responses show moderate or high burnout (n 20).');
    expect(byId(moderate, 'dir-workload-review')!.need).toBe(2);
    expect(ids(run({ cells: [cell({ measure: 'bo', levelCounts: { low: 10, moderate: 10, high: 0 } })] }))).toEqual(STUDY_ONLY);
    const oneHigh = run({ cells: [cell({ measure: 'bo', levelCounts: { low: 15, moderate: 4, high: 1 } })] });
    expect(byId(oneHigh, 'dir-time-off')!.reason).toBe('Whole agency: 1 of 20 responses show high burnout.');
    const high = run({ cells: [cell({ measure: 'bo', levelCounts: { low: 4, moderate: 10, high: 6 } })] });
    expect(byId(high, 'dir-time-off')!.need).toBe(3);
    const withheld = run({ cells: [cell({ measure: 'bo', mean: 22.5, levelCounts: null })] });
    expect(byId(withheld, 'dir-workload-review')!.reason).toBe('Whole agency: the mean burnout score is above the low range (22.5, n 20).');
    expect(ids(run({ cells: [cell({ measure: 'bo', mean: 22, levelCounts: null })] }))).toEqual(STUDY_ONLY);
  });

  it('CS and VR: ≥ 30% low or a mean in the low range triggers; VR reads the level of its own instrument', () => {
    const cs = run({ cells: [cell({ measure: 'cs', mean: 30, levelCounts: { low: 6, moderate: 14, high: 0 } })] });
    expect(byId(cs, 'dir-celebrate-impact')!.reason).toBe('Whole agency: 30% of responses show low compassion satisfaction (n 20).');
    const csMean = run({ cells: [cell({ measure: 'cs', mean: 21.5, levelCounts: null })] });
    expect(byId(csMean, 'dir-celebrate-impact')!.reason).toBe('Whole agency: the mean compassion satisfaction score is in the low range (21.5, n 20).');
    const vr = run({ cells: [cell({ measure: 'vr', mean: 10, levelCounts: null, meanLevel: 'low' })] });
    expect(byId(vr, 'dir-vt-training')!.reason).toBe('Whole agency: the mean vicarious resilience score is in the low range (10.0, n 20).');
    // Without the instrument's level the engine does not guess VR cut points.
    expect(ids(run({ cells: [cell({ measure: 'vr', mean: 10, levelCounts: null })] }))).toEqual(STUDY_ONLY);
  });

  it('participation below 60% triggers with source participation; 60% does not', () => {
    const low = run({ latestParticipationRate: 0.45 });
    expect(byId(low, 'dir-participation')).toMatchObject({
      source: 'participation',
      reason: 'Only 45% of staff checked in last cycle, so results describe those who answered.',
    });
    expect(ids(run({ latestParticipationRate: 0.6 }))).not.toContain('dir-participation');
  });

  it('only the latest closed cycle\u2019s shown cells count; nothing is built on a suppressed cell', () => {
    const recs = run({
      cells: [
        cell({ cycle: 'c2', levelCounts: { low: 0, moderate: 0, high: 20 } }),
        cell({ group: 't9', groupName: 'Outreach', suppressed: 'fewer than 5 responses', n: null, mean: null, levelCounts: null }),
      ],
    });
    expect(ids(recs)).toEqual(STUDY_ONLY);
    expect(JSON.stringify(recs)).not.toContain('Outreach');
  });
});

describe('recommendForDirectors: within-person changes', () => {
  it('a flagged STS rise triggers the team check-in, said among the people who answered both', () => {
    const recs = run({ changes: [change({})] });
    const r = byId(recs, 'dir-team-sts-rising')!;
    expect(r.source).toBe('change');
    expect(r.reason).toBe(
      'Shelter: secondary traumatic stress rose 2.4 points (95% CI 0.9 to 3.9) among the 18 people who answered both this cycle and the previous one.',
    );
  });

  it('a flagged fall in CS or VR, or a rise in burnout, triggers the other check-in; the CI reads as magnitudes', () => {
    const recs = run({ changes: [change({ measure: 'cs', meanChange: -3.1, ci95: [-5.0, -1.2] })] });
    expect(byId(recs, 'dir-team-worsening')!.reason).toBe(
      'Shelter: compassion satisfaction fell 3.1 points (95% CI 1.2 to 5.0) among the 18 people who answered both this cycle and the previous one.',
    );
    expect(ids(run({ changes: [change({ measure: 'bo' })] }))).toContain('dir-team-worsening');
  });

  it('an unflagged change, or a flagged change for the better, triggers nothing', () => {
    expect(ids(run({ changes: [change({ flagged: false })] }))).toEqual(STUDY_ONLY);
    expect(ids(run({ changes: [change({ meanChange: -2.4, ci95: [-3.9, -0.9] })] }))).toEqual(STUDY_ONLY);
    expect(ids(run({ changes: [change({ measure: 'vr', meanChange: 2.4 })] }))).toEqual(STUDY_ONLY);
  });

  it('means that rose two cycles running trigger nothing without a flagged change (the untested rule is gone)', () => {
    const cells = ['c1', 'c2', 'c3'].map((cycle, i) => cell({ group: 't1', groupName: 'Shelter', cycle, mean: 20 + 2 * i }));
    expect(ids(run({ cells }))).toEqual(STUDY_ONLY);
  });

  it('never prints "−0.0", and refuses a flagged change without pairs', () => {
    const recs = run({ changes: [change({ meanChange: 1.0, ci95: [-0.04, 2.0] })] });
    expect(byId(recs, 'dir-team-sts-rising')!.reason).toContain('(95% CI 0.0 to 2.0)');
    expect(() => run({ changes: [change({ nPairs: 0 })] })).toThrow(/recommendForDirectors: flagged change t1\/sts/);
  });
});

describe('recommendForDirectors: ranking and agency drivers', () => {
  // Issue 15 added two grade-C entries that STS triggers (onboarding preparation, supervisor
  // training, for the Training & Professional Development pillar): they follow vt-training in catalog order.
  const stsBase = [
    'dir-therapy-access', 'dir-wellness-time', 'dir-reflective-supervision', 'dir-peer-debrief', 'dir-caseload-balance',
    'dir-vt-training', 'dir-onboarding-preparation', 'dir-supervisor-training', 'dir-advocacy-time',
  ];

  it('ranks triggered entries by need plus evidence grade, then catalog order; study-only entries follow', () => {
    const recs = run({ cells: stsHigh });
    expect(ids(recs)).toEqual(stsBase);
    expect(recs.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(recs.map((r) => r.grade)).toEqual(['A', 'A', 'B', 'B', 'B', 'C', 'C', 'C', 'A']);
    expect(recs.at(-1)!.source).toBe('study');
  });

  it('a flagged favourable driver raises an entry one place and is quoted with its size, CI and n', () => {
    const recs = run({ cells: stsHigh, drivers: [driver({})] });
    expect(ids(recs)).toEqual([
      'dir-therapy-access', 'dir-wellness-time', 'dir-peer-debrief', 'dir-reflective-supervision', 'dir-caseload-balance',
      'dir-vt-training', 'dir-onboarding-preparation', 'dir-supervisor-training', 'dir-advocacy-time',
    ]);
    const peer = byId(recs, 'dir-peer-debrief')!;
    expect(peer.raisedByDriver).toBe(true);
    expect(peer.source).toBe('aggregate');
    expect(peer.reason).toBe('Whole agency: 40% of responses show high secondary traumatic stress (n 20).');
    expect(peer.support.map((s) => s.text)).toEqual([
      'In your agency, peer support or debriefing (about weekly or more vs less often) went with secondary traumatic stress 2.1 points lower, 95% CI 1.2 to 3.0, n 212, adjusting for the other practices; an association, not proof of cause.',
    ]);
    expect(peer.evidence.filter((e) => e.kind === 'driver').map((e) => e.text)).toEqual(peer.support.map((s) => s.text));
  });

  it('a driver moves an entry one place at most, and never lifts a study-only entry above a triggered one', () => {
    const recs = run({
      cells: stsHigh,
      drivers: [
        driver({ practice: 'professionalTraining', label: 'professional training' }),
        driver({ outcome: 'cs', practice: 'advocacy', label: 'advocacy or activism', estimate: 2.5, ci95: [1.0, 4.0] }),
      ],
    });
    // Onboarding preparation is supported by professional training too, but the entry above it
    // (caseload balance) has already moved, so it stays: each entry moves at most once.
    expect(ids(recs)).toEqual([
      'dir-therapy-access', 'dir-wellness-time', 'dir-reflective-supervision', 'dir-peer-debrief', 'dir-vt-training',
      'dir-caseload-balance', 'dir-onboarding-preparation', 'dir-supervisor-training', 'dir-advocacy-time',
    ]);
    expect(byId(recs, 'dir-advocacy-time')!.support).toHaveLength(1);
    expect(byId(recs, 'dir-advocacy-time')!.raisedByDriver).toBe(false);
  });

  it('a driver never creates a recommendation on its own', () => {
    const recs = run({ drivers: [driver({}), driver({ outcome: 'bo', practice: 'timeOff', label: 'time off', estimate: -3, ci95: [-4, -2] })] });
    expect(ids(recs)).toEqual(STUDY_ONLY);
    for (const r of recs) expect(r.source).not.toBe('driver');
  });

  it('unfavourable, unflagged or sign-contradicting associations never support or move anything', () => {
    const without = run({ cells: stsHigh });
    const withThem = run({
      cells: stsHigh,
      drivers: [
        // Reverse-caused: staff under strain seek therapy, so therapy goes with higher STS.
        driver({ practice: 'personalTherapy', label: 'personal therapy', estimate: 3.2, ci95: [1.5, 4.9], direction: 'unfavourable' }),
        driver({ practice: 'clinicalSupervision', label: 'clinical supervision', flagged: false }),
        driver({ practice: 'peerSupport', estimate: 2.0, ci95: [1.0, 3.0], direction: 'favourable' }),
      ],
    });
    expect(withThem).toEqual(without);
    for (const r of withThem) {
      expect(r.support).toEqual([]);
      expect(r.evidence.some((e) => e.kind === 'driver')).toBe(false);
    }
  });

  it('therapy and supervision recommendations carry the reverse-causation note, also when a driver supports them', () => {
    const recs = run({ cells: stsHigh, drivers: [driver({ practice: 'personalTherapy', label: 'personal therapy', reverseCausation: 'Other note.' })] });
    const therapy = byId(recs, 'dir-therapy-access')!;
    expect(therapy.reverseCausation).toBe('Staff under strain seek therapy more, so an agency association between therapy and scores may run the other way.');
    expect(therapy.evidence.filter((e) => e.kind === 'caution').map((e) => e.text)).toEqual([therapy.reverseCausation]);
    // The entry's own note is said once; the analysis's note is not added on top of it.
    expect(JSON.stringify(therapy)).not.toContain('Other note.');
    expect(byId(recs, 'dir-reflective-supervision')!.reverseCausation).toMatch(/^Staff under strain seek supervision more/);
    expect(byId(run({}), 'dir-therapy-access')!.reverseCausation).toMatch(/seek therapy more/);
    // Other entries quote the analysis's own note when it has one.
    const peer = byId(run({ cells: stsHigh, drivers: [driver({ reverseCausation: 'Staff under strain may seek peers more.' })] }), 'dir-peer-debrief')!;
    expect(peer.support[0]!.text).toMatch(/not proof of cause\. Staff under strain may seek peers more\.$/);
  });

  const busy: EngineInput = {
    ...base,
    latestParticipationRate: 0.5,
    cells: [
      cell({ levelCounts: { low: 4, moderate: 8, high: 8 } }),
      cell({ group: 't1', groupName: 'Shelter', n: 12, levelCounts: { low: 2, moderate: 5, high: 5 } }),
      cell({ group: 't2', groupName: 'Legal', n: 10, mean: 43, levelCounts: null }),
      cell({ measure: 'bo', levelCounts: { low: 8, moderate: 11, high: 1 } }),
      cell({ measure: 'bo', group: 't1', groupName: 'Shelter', n: 12, levelCounts: { low: 3, moderate: 9, high: 0 } }),
      cell({ measure: 'cs', mean: 21, levelCounts: null }),
    ],
    changes: [change({}), change({ group: 'org', groupName: 'Whole agency', nPairs: 40, measure: 'bo', meanChange: 1.5, ci95: [0.4, 2.6] })],
    drivers: [driver({}), driver({ outcome: 'bo', practice: 'timeOff', label: 'time off', estimate: -2.5, ci95: [-4.0, -1.0] })],
  };

  it('each reason is one line stating one finding; other findings go to evidence, none repeated', () => {
    const recs = recommendForDirectors(busy);
    expect(recs.length).toBeGreaterThan(8);
    for (const r of recs) {
      expect(r.reason, r.id).not.toMatch(/\n/);
      // One sentence: no full stop followed by another sentence.
      expect(r.reason.replace(/\d\.\d/g, ''), r.id).not.toMatch(/\.\s+\S/);
      for (const g of ['Whole agency', 'Shelter', 'Legal']) expect(r.reason.split(g).length - 1, `${r.id} ${g}`).toBeLessThanOrEqual(1);
      const texts = r.evidence.map((e) => e.text);
      expect(new Set(texts).size, r.id).toBe(texts.length);
      expect(texts, r.id).not.toContain(r.reason);
    }
    const caseload = byId(recs, 'dir-caseload-balance')!;
    expect(caseload.reason).toBe('Whole agency: 40% of responses show high secondary traumatic stress (n 20).');
    expect(caseload.evidence.filter((e) => e.kind === 'agency').map((e) => e.text)).toEqual([
      'Legal: the mean secondary traumatic stress score is in the high range (43.0, n 10).',
      'Shelter: 42% of responses show high secondary traumatic stress (n 12).',
      'Shelter: secondary traumatic stress rose 2.4 points (95% CI 0.9 to 3.9) among the 18 people who answered both this cycle and the previous one.',
    ]);
    const therapy = byId(recs, 'dir-therapy-access')!;
    expect(therapy.evidence.filter((e) => e.kind === 'agency').map((e) => e.text)).toEqual([
      'Legal: the mean secondary traumatic stress score is in the high range (43.0, n 10).',
      'Shelter: 42% of responses show high secondary traumatic stress (n 12).',
      'Whole agency: burnout rose 1.5 points (95% CI 0.4 to 2.6) among the 40 people who answered both this cycle and the previous one.',
      'Shelter: secondary traumatic stress rose 2.4 points (95% CI 0.9 to 3.9) among the 18 people who answered both this cycle and the previous one.',
      'Whole agency: 60% of responses show moderate or high burnout (n 20).',
      'Shelter: 75% of responses show moderate or high burnout (n 12).',
    ]);
  });

  it('is deterministic: input order does not matter, inputs are not mutated, ranks run 1..n', () => {
    const frozen = deepFreeze(structuredClone(busy));
    const a = recommendForDirectors(frozen);
    const reversed = recommendForDirectors({
      ...busy,
      cells: [...busy.cells].reverse(),
      changes: [...busy.changes!].reverse(),
      drivers: [...busy.drivers].reverse(),
    });
    expect(reversed).toEqual(a);
    expect(recommendForDirectors(frozen)).toEqual(a);
    expect(a.map((r) => r.rank)).toEqual(a.map((_, i) => i + 1));
    const sources = new Set(a.map((r) => r.source));
    expect([...sources].every((s) => ['aggregate', 'change', 'participation', 'study'].includes(s))).toBe(true);
    // Triggered entries before study-only ones.
    const firstStudy = a.findIndex((r) => r.source === 'study');
    if (firstStudy >= 0) expect(a.slice(firstStudy).every((r) => r.source === 'study')).toBe(true);
  });
});

describe('recommendForDirectors: organizational pillars (issue 15)', () => {
  const pillar = (code: EnginePillar['pillar'], mean: number, half = 0.3): EnginePillar => ({ pillar: code, mean, ci95: [mean - half, mean + half], n: 24 });
  /** Management & Supervision planted weak (2.4), Training & Professional Development below 3.5 too. */
  const pillars = [pillar('org_lm', 3.9), pillar('org_ms', 2.4), pillar('org_ee', 3.6), pillar('org_td', 3.3), pillar('org_hw', 4.1)];

  it('every entry serves a pillar, and every pillar has at least 3 director entries', () => {
    for (const e of CATALOG) expect(e.pillars.length, e.id).toBeGreaterThan(0);
    for (const code of PILLAR_CODES) {
      expect(CATALOG.filter((e) => e.audience === 'director' && e.pillars.includes(code)).length, code).toBeGreaterThanOrEqual(3);
    }
  });

  it('puts first what serves the weakest pillar, then the next weak pillar, then ProQOL-triggered entries', () => {
    const recs = run({ cells: stsHigh, pillars });
    // Management & Supervision (2.4) entries, by ProQOL need + grade then catalog order: reflective
    // supervision and caseload balance (B, STS-triggered), supervisor training (C, STS), then the two team
    // check-ins (C, triggered by the pillar alone); then Training & Professional Development (3.3).
    expect(ids(recs).slice(0, 7)).toEqual([
      'dir-reflective-supervision', 'dir-caseload-balance', 'dir-supervisor-training', 'dir-team-sts-rising', 'dir-team-worsening',
      'dir-vt-training', 'dir-onboarding-preparation',
    ]);
    // Then the STS-triggered entries of pillars that are not weak, as before.
    expect(ids(recs).slice(7)).toEqual(['dir-therapy-access', 'dir-wellness-time', 'dir-peer-debrief', 'dir-advocacy-time']);
    const first = recs[0]!;
    expect(first.source).toBe('pillar');
    expect(first.reason).toBe('Whole agency: staff rate Management & Supervision 2.4 of 5 (95% CI 2.1 to 2.7, n 24), the lowest of the five pillars.');
    expect(first.pillarReason).toBe("Targets Management & Supervision, the agency's weakest pillar: staff rate it 2.4 of 5 (95% CI 2.1 to 2.7, n 24).");
    // The STS finding stays as evidence.
    expect(first.evidence[0]!.text).toBe('Whole agency: 40% of responses show high secondary traumatic stress (n 20).');
    // An entry serving two pillars targets the weaker one.
    expect(byId(recs, 'dir-supervisor-training')!.targetPillar).toBe('org_ms');
    expect(byId(recs, 'dir-vt-training')!.pillarReason).toMatch(/^Targets Training & Professional Development, a weak pillar/);
    expect(byId(recs, 'dir-therapy-access')!.pillarReason).toMatch(/^Serves Staff Health & Wellness, which staff rate 4\.1 of 5 .*: not a weak pillar now\.$/);
  });

  it('each recommendation says which pillar it targets in one line, also with no pillar published', () => {
    for (const r of run({ cells: stsHigh })) {
      expect(r.pillarReason, r.id).toMatch(/^Serves .* \(a VT-ORG area\); no organizational check result is published for it yet\.$/);
      expect(r.pillarReason).not.toMatch(/\n/);
    }
  });

  it('no weak pillar changes nothing; a driver still never creates a recommendation', () => {
    const strong = PILLAR_CODES.map((c) => pillar(c, 4));
    expect(ids(run({ cells: stsHigh, pillars: strong }))).toEqual(ids(run({ cells: stsHigh })));
    expect(ids(run({ pillars: strong, drivers: [driver({})] }))).toEqual(STUDY_ONLY);
  });

  it('a driver never lifts an entry above the entries of a weaker pillar', () => {
    const recs = run({ cells: stsHigh, pillars, drivers: [driver({ practice: 'professionalTraining', label: 'professional training' })] });
    // Without sections, vt-training (supported by professional training) would swap with the last
    // Management & Supervision entry; it stays in the Training & Professional Development section.
    expect(ids(recs).slice(0, 7)).toEqual(ids(run({ cells: stsHigh, pillars })).slice(0, 7));
    expect(byId(recs, 'dir-vt-training')!.support).toHaveLength(1);
    expect(byId(recs, 'dir-vt-training')!.raisedByDriver).toBe(false);
  });
});
