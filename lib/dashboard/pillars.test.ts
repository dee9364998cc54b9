import { describe, expect, it } from 'vitest';
import { buildPillarProfile, type PillarViewCell } from './pillars';

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

describe('buildPillarProfile', () => {
  const cells = [
    ...(['org_lm', 'org_ee', 'org_td', 'org_hw'] as const).flatMap((m) => [cell('c1', 'org', m, 3.8), cell('c2', 'org', m, 3.9)]),
    cell('c1', 'org', 'org_ms', 2.3),
    cell('c2', 'org', 'org_ms', 3.0),
    cell('c2', 'a', 'org_ms', null),
  ];

  it('profiles the latest cycle, agency first, with the weakest and strongest pillar and a clear change in words', () => {
    const p = buildPillarProfile(cells)!;
    expect(p.cycle).toBe('c2');
    expect(p.groups.map((g) => g.group)).toEqual(['org', 'a']);
    const ms = p.groups[0]!.pillars.find((x) => x.code === 'org_ms')!;
    // 3.0 (2.8 to 3.2) against 2.3 (2.1 to 2.5): the intervals do not overlap.
    expect(ms.change).toMatchObject({ difference: 0.7, clear: true, previousMean: 2.3 });
    expect(p.summary[0]).toBe(
      'Staff rate Leadership & Mission (mean 3.9 of 5, 95% CI 3.7 to 4.1, n 20) highest, and Management & Supervision (mean 3.0 of 5, 95% CI 2.8 to 3.2, n 20) lowest.',
    );
    expect(p.summary).toContain('Management & Supervision rose from 2.3 (95% CI 2.1 to 2.5) to 3.0 (95% CI 2.8 to 3.2); the intervals do not overlap.');
    // A hidden team cell says why and has no number.
    expect(p.groups[1]!.pillars.find((x) => x.code === 'org_ms')).toMatchObject({ mean: null, hidden: 'fewer than 5 responses' });
  });

  it('overlapping intervals are no clear change; no cells, no profile', () => {
    const p = buildPillarProfile(cells.filter((c) => c.measure !== 'org_ms'))!;
    expect(p.groups[0]!.pillars.find((x) => x.code === 'org_lm')!.change).toMatchObject({ clear: false });
    expect(p.summary.at(-1)).toBe('No pillar changed clearly since the previous check (the intervals overlap).');
    expect(buildPillarProfile([])).toBeNull();
  });
});
