import { describe, expect, it } from 'vitest';
import type { PillarChangeView } from '@/lib/dashboard/pillars';
import { pillarHelp, type PillarMeanPoint } from './pillar-help';

const point = (cycleDate: string, pillar: PillarMeanPoint['pillar'], mean: number, half = 0.3): PillarMeanPoint => ({
  cycle: cycleDate,
  cycleDate: `${cycleDate}T00:00:00.000Z`,
  pillar,
  mean,
  ci95: [Math.round((mean - half) * 10) / 10, Math.round((mean + half) * 10) / 10],
  n: 24,
});

const change = (
  previous: string,
  cycleDate: string,
  pillar: PillarChangeView['measure'],
  meanChange: number | null,
  q: number | null = null,
): PillarChangeView & { cycleDate: string } => ({
  group: 'org',
  cycle: cycleDate,
  cycleDate: `${cycleDate}T00:00:00.000Z`,
  previousCycle: previous,
  previousCycleDate: `${previous}T00:00:00.000Z`,
  measure: pillar,
  nPairs: meanChange === null ? null : 20,
  meanChange,
  ci95: meanChange === null ? null : [Math.round((meanChange - 0.3) * 10) / 10, Math.round((meanChange + 0.3) * 10) / 10],
  qValue: meanChange === null ? null : q,
  flagged: q !== null && q < 0.05,
  suppressed: meanChange === null ? 'fewer than 5 people who answered both cycles' : null,
});

describe('pillarHelp', () => {
  const points = [point('2026-01-01', 'org_ms', 2.4), point('2026-01-01', 'org_td', 3.3), point('2026-07-01', 'org_ms', 3.4), point('2026-07-01', 'org_td', 3.4)];

  it("gives the targeted pillar's paired change across the action's start, names regression to the mean", () => {
    const h = pillarHelp('dir-reflective-supervision', '2026-02-15', points, [
      change('2026-01-01', '2026-07-01', 'org_ms', 1, 0.001),
      // A change before the action started is not part of the answer.
      change('2025-07-01', '2026-01-01', 'org_ms', -0.5, 0.01),
    ])!;
    expect(h).toMatchObject({ pillar: 'org_ms', hasPairedChange: true });
    expect(h.steps).toHaveLength(1);
    expect(h.summary).toBe(
      'Management & Supervision, the pillar this action targets: between the checks of January 2026 and July 2026 it rose 1.0 points of 5 among the 20 people who answered both checks (95% CI 0.7 to 1.3): q = .001, a clear rise. ' +
        'This is the same people followed over time (within-person change). A pillar chosen because it was low tends to move back up anyway (regression to the mean), and a change over time is not proof the action caused it.',
    );
  });

  it('targets the lower of two pillars; an unflagged paired change is no clear change', () => {
    const h = pillarHelp('dir-supervisor-training', '2026-02-15', points, [change('2026-01-01', '2026-07-01', 'org_ms', 0.2, 0.4)])!;
    expect(h.pillar).toBe('org_ms');
    expect(h.summary).toMatch(/rose 0\.2 points of 5 .*: q = \.400, no clear change\./);
  });

  it('without a shown paired change, falls back to published means with CIs and claims nothing', () => {
    const h = pillarHelp('dir-reflective-supervision', '2026-02-15', points, [change('2026-01-01', '2026-07-01', 'org_ms', null)])!;
    expect(h.hasPairedChange).toBe(false);
    expect(h.summary).toMatch(/no within-person change was published since the action started\. The paired change was not shown \(fewer than 5 people who answered both cycles\)\./);
    expect(h.summary).toMatch(/2\.4 \(95% CI 2\.1 to 2\.7, n 24\) in January 2026, before the action started, and 3\.4 \(95% CI 3\.1 to 3\.7, n 24\) in July 2026/);
    expect(h.summary).toMatch(/no claim is made that the pillar changed/);
    expect(h.summary).toMatch(/regression to the mean/);
    expect(h.summary).not.toMatch(/clear (rise|fall)|significan/);
  });

  it('has no answer without a published mean on both sides; null for an action that is not from the catalog', () => {
    expect(pillarHelp('dir-reflective-supervision', '2026-08-01', points)!.summary).toMatch(/no answer yet/);
    expect(pillarHelp(null, '2026-02-15', points)).toBeNull();
    expect(pillarHelp('not-an-entry', '2026-02-15', points)).toBeNull();
  });
});
