import { describe, expect, it } from 'vitest';
import { buildPillarProfile, pillarHeatmap, pillarShade, type PillarChangeView, type PillarViewCell } from './pillars';

const cell = (cycle: string, group: string, measure: PillarViewCell['measure'], mean: number | null, half = 0.2): PillarViewCell => ({
  group,
  groupName: group === 'org' ? 'Whole agency' : `Team ${group}`,
  cycle,
  cycleDate: cycle === 'c1' ? '2026-01-01T00:00:00.000Z' : '2026-07-01T00:00:00.000Z',
  measure,
  n: mean === null ? null : 20,
  mean,
  ci95: mean === null ? null : [Math.round((mean - half) * 10) / 10, Math.round((mean + half) * 10) / 10],
  suppressed: mean === null ? 'fewer than 5 responses' : null,
});

const change = (group: string, measure: PillarChangeView['measure'], meanChange: number | null, q: number | null = null): PillarChangeView => ({
  group,
  cycle: 'c2',
  previousCycle: 'c1',
  previousCycleDate: '2026-01-01T00:00:00.000Z',
  measure,
  nPairs: meanChange === null ? null : 18,
  meanChange,
  ci95: meanChange === null ? null : [Math.round((meanChange - 0.2) * 10) / 10, Math.round((meanChange + 0.2) * 10) / 10],
  qValue: meanChange === null ? null : q,
  flagged: meanChange !== null && q !== null && q < 0.05,
  suppressed: meanChange === null ? 'fewer than 5 people who answered both cycles' : null,
});

describe('buildPillarProfile', () => {
  const cells = [
    ...(['org_lm', 'org_ee', 'org_td', 'org_hw'] as const).flatMap((m) => [cell('c1', 'org', m, 3.8), cell('c2', 'org', m, 3.9)]),
    cell('c1', 'org', 'org_ms', 2.3),
    cell('c2', 'org', 'org_ms', 3.0),
    cell('c2', 'a', 'org_ms', null),
  ];

  it('profiles the latest cycle with the within-person change, and puts only a flagged change into words', () => {
    const changes = [
      change('org', 'org_ms', 0.7, 0.0004),
      // Shown but not flagged: no claim.
      change('org', 'org_lm', 0.1, 0.6),
      change('a', 'org_ms', null),
    ];
    const p = buildPillarProfile(cells, changes)!;
    expect(p.cycle).toBe('c2');
    expect(p.groups.map((g) => g.group)).toEqual(['org', 'a']);
    const ms = p.groups[0]!.pillars.find((x) => x.code === 'org_ms')!;
    expect(ms.change).toMatchObject({ nPairs: 18, meanChange: 0.7, ci95: [0.5, 0.9], flagged: true, hidden: null });
    expect(p.summary[0]).toBe(
      'Staff rate Leadership & Mission (mean 3.9 of 5, 95% CI 3.7 to 4.1, n 20) highest, and Management & Supervision (mean 3.0 of 5, 95% CI 2.8 to 3.2, n 20) lowest.',
    );
    expect(p.summary).toContain(
      'Management & Supervision rose 0.7 points of 5 among the 18 people who answered both checks (95% CI 0.5 to 0.9), q < .001: a clear change since the previous check.',
    );
    expect(p.summary.some((s) => s.startsWith('Leadership & Mission'))).toBe(false);
    // A hidden team cell and its hidden change say why and carry no number.
    const team = p.groups[1]!.pillars.find((x) => x.code === 'org_ms')!;
    expect(team).toMatchObject({ mean: null, hidden: 'fewer than 5 responses' });
    expect(team.change).toMatchObject({ meanChange: null, hidden: 'fewer than 5 people who answered both cycles' });
  });

  it('never calls two published means a change: without change cells there is none, however far apart the means', () => {
    // 2.3 (2.1 to 2.5) then 3.0 (2.8 to 3.2): intervals apart, but no paired change was published.
    const p = buildPillarProfile(cells)!;
    expect(p.groups[0]!.pillars.every((x) => x.change === null)).toBe(true);
    expect(p.summary.some((s) => /rose|fell|clear/.test(s))).toBe(false);
    expect(buildPillarProfile([])).toBeNull();
  });

  it('says so when shown changes are not flagged', () => {
    const p = buildPillarProfile(cells, [change('org', 'org_ms', 0.3, 0.2)])!;
    expect(p.summary.at(-1)).toBe('No pillar changed clearly since the previous check among the people who answered both (no change with q < .05).');
  });
});

describe('pillarHeatmap', () => {
  it("gives every group's pillar cells of the latest check, hidden ones with their reason, and only flagged changes", () => {
    const cells = [
      ...(['org_lm', 'org_ms', 'org_ee', 'org_td', 'org_hw'] as const).map((m) => cell('c2', 'org', m, m === 'org_ms' ? 2.4 : 3.8)),
      cell('c2', 'a', 'org_ms', null),
      cell('c1', 'org', 'org_ms', 2.0),
    ];
    const map = pillarHeatmap(buildPillarProfile(cells, [change('org', 'org_ms', 0.4, 0.01), change('org', 'org_lm', 0.1, 0.5)]))!;
    expect(map.cycle).toBe('c2');
    expect(map.columns.map((c) => c.name)).toEqual([
      'Leadership & Mission',
      'Management & Supervision',
      'Employee Empowerment & Work Environment',
      'Training & Professional Development',
      'Staff Health & Wellness',
    ]);
    expect(map.byGroup.org!.org_ms).toMatchObject({ mean: 2.4, ci95: [2.2, 2.6], n: 20, hidden: null, change: { meanChange: 0.4, nPairs: 18, qValue: 0.01 } });
    // Shown but not flagged: no change mark.
    expect(map.byGroup.org!.org_lm.change).toBeNull();
    expect(map.byGroup.a!.org_ms).toMatchObject({ mean: null, hidden: 'fewer than 5 responses', change: null });
    expect(pillarHeatmap(null)).toBeNull();
  });

  it('shades by the scale words: below 2.5 disagree, 3.5 and above agree', () => {
    expect([2.4, 2.5, 3.4, 3.5].map((m) => pillarShade(m).concern)).toEqual(['concerning', 'moderate', 'moderate', 'favourable']);
  });
});
