import { describe, expect, it } from 'vitest';
import { pillarHelp, type PillarMeanPoint } from './pillar-help';

const point = (cycleDate: string, pillar: PillarMeanPoint['pillar'], mean: number, half = 0.3): PillarMeanPoint => ({
  cycle: cycleDate,
  cycleDate: `${cycleDate}T00:00:00.000Z`,
  pillar,
  mean,
  ci95: [Math.round((mean - half) * 10) / 10, Math.round((mean + half) * 10) / 10],
  n: 24,
});

describe('pillarHelp', () => {
  const points = [point('2026-01-01', 'org_ms', 2.4), point('2026-01-01', 'org_td', 3.3), point('2026-07-01', 'org_ms', 3.4), point('2026-07-01', 'org_td', 3.4)];

  it('compares the last published mean before the action with the latest since, and calls non-overlapping CIs clear', () => {
    const h = pillarHelp('dir-reflective-supervision', '2026-02-15', points)!;
    expect(h).toMatchObject({ pillar: 'org_ms', difference: 1, clear: true });
    expect(h.summary).toMatch(/^Management & Supervision, the pillar this action targets: the agency's mean was 2\.4 \(95% CI 2\.1 to 2\.7, n 24\) in January 2026/);
    expect(h.summary).toMatch(/a clear rise/);
    expect(h.summary).toMatch(/regression to the mean/);
  });

  it('targets the lower of two pillars, and says no clear change when the intervals overlap', () => {
    const h = pillarHelp('dir-supervisor-training', '2026-02-15', [...points.slice(0, 2), point('2026-07-01', 'org_ms', 2.6), point('2026-07-01', 'org_td', 3.4)])!;
    expect(h.pillar).toBe('org_ms');
    expect(h).toMatchObject({ difference: 0.2, clear: false });
    expect(h.summary).toMatch(/no clear change/);
  });

  it('has no answer without a published mean on both sides; null for an action that is not from the catalog', () => {
    expect(pillarHelp('dir-reflective-supervision', '2026-08-01', points)!.summary).toMatch(/no answer yet/);
    expect(pillarHelp(null, '2026-02-15', points)).toBeNull();
    expect(pillarHelp('not-an-entry', '2026-02-15', points)).toBeNull();
  });
});
