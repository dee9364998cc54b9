import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { recommendForDirectors, type EngineCell } from './engine';

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
});

describe('recommendForDirectors', () => {
  const base = { cycleIds: ['c1', 'c2', 'c3'], latestParticipationRate: 0.9, practiceResults: [] };

  it('a protective practice with q < .10 ranks first and cites its estimate and CI', () => {
    const recs = recommendForDirectors({
      ...base,
      cells: [],
      practiceResults: [
        { outcome: 'bo', practice: 'personalTherapy', estimate: -3.1, ci95: [-5.4, -0.8], qValue: 0.04, protective: true, sentence: 'S.' },
        { outcome: 'bo', practice: 'advocacy', estimate: -1, ci95: [-3, 1], qValue: 0.4, protective: false, sentence: 'A.' },
      ],
    });
    expect(recs[0]!.id).toBe('dir-therapy-access');
    expect(recs[0]!.source).toBe('driver');
    expect(recs[0]!.evidence[0]!.text).toBe('Your driver analysis: estimate −3.1 (95% CI −5.4 to −0.8), q = 0.040.');
    expect(recs.find((r) => r.id === 'dir-advocacy-time')!.source).toBe('study');
  });

  it('high-STS share ≥ 30% triggers, 25% does not', () => {
    const hi = recommendForDirectors({ ...base, cells: [cell({ levelCounts: { low: 4, moderate: 10, high: 6 } })] });
    expect(hi.map((r) => r.id)).toContain('dir-caseload-balance');
    expect(hi.find((r) => r.id === 'dir-caseload-balance')!.reason).toContain('30% of responses show high');
    const lo = recommendForDirectors({ ...base, cells: [cell({ levelCounts: { low: 5, moderate: 10, high: 5 } })] });
    expect(lo.map((r) => r.id)).not.toContain('dir-caseload-balance');
  });

  it('STS rising two cycles running triggers; a suppressed cell in the run does not', () => {
    const run = (means: (number | null)[]) =>
      ['c1', 'c2', 'c3'].map((cycle, i) =>
        cell({ group: 't1', groupName: 'Shelter', cycle, mean: means[i]!, suppressed: means[i] === null ? 'fewer than 5 responses' : null, n: means[i] === null ? null : 12, levelCounts: means[i] === null ? null : { low: 6, moderate: 6, high: 0 } }),
      );
    expect(recommendForDirectors({ ...base, cells: run([20, 21, 23]) }).map((r) => r.id)).toContain('dir-team-sts-rising');
    expect(recommendForDirectors({ ...base, cells: run([20, 22, 21]) }).map((r) => r.id)).not.toContain('dir-team-sts-rising');
    expect(recommendForDirectors({ ...base, cells: run([20, null, 23]) }).map((r) => r.id)).not.toContain('dir-team-sts-rising');
  });

  it('moderate burnout share > 50% and low participation trigger; nothing is built on suppressed cells', () => {
    const recs = recommendForDirectors({
      ...base,
      latestParticipationRate: 0.5,
      cells: [
        cell({ measure: 'bo', levelCounts: { low: 9, moderate: 11, high: 0 } }),
        cell({ measure: 'sts', group: 't9', suppressed: 'fewer than 5 responses', n: null, mean: null, levelCounts: null }),
      ],
    });
    const ids = recs.map((r) => r.id);
    expect(ids).toContain('dir-workload-review');
    expect(ids).toContain('dir-participation');
    expect(recs.every((r) => !r.reason.includes('t9'))).toBe(true);
    // Ranked: aggregate (3) before participation (4) before study baseline (5).
    const ranks = recs.map((r) => r.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });
});
