import { describe, expect, it } from 'vitest';
import { PILLAR_CODES } from '@/lib/instruments';
import {
  ALPHA_MIN_N,
  PILLAR_MEASURES,
  PILLAR_NO_LEVELS,
  pillarCellSchema,
  planPillarPublication,
  releasePillarAlphas,
  type PillarResponse,
} from './pillars';
import { AUDIT_WITHHELD_REASON } from './publication';

const r = (groupId: string, ms: number | null, extra: Partial<PillarResponse> = {}): PillarResponse => ({
  groupId,
  cycleId: 'c1',
  pillars: { org_lm: 4, org_ms: ms, org_ee: 3.5, org_td: 3, org_hw: ms === null ? null : ms + 1 },
  ...extra,
});

describe('planPillarPublication', () => {
  it('uses the same codes as the instrument', () => {
    expect([...PILLAR_MEASURES]).toEqual([...PILLAR_CODES]);
  });

  it('publishes agency and team pillar means to one decimal, with no level breakdown', () => {
    const responses = [
      ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('A', v)),
      ...[4, 3.5, 4, 4.5, 5, 3].map((v) => r('B', v)),
    ];
    const pub = planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(pub.refused).toBe(false);
    expect(pub.cells).toHaveLength(15);
    const msA = pub.cells.find((c) => c.group === 'A' && c.measure === 'org_ms')!;
    // (2 + 2.5 + 3 + 2 + 1.5 + 3) / 6 = 14 / 6 = 2.333… → 2.3
    expect(msA).toMatchObject({ n: 6, mean: 2.3, levelCounts: null, levelsWithheld: PILLAR_NO_LEVELS, suppressed: null });
    const msOrg = pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!;
    // (14 + 24) / 12 = 3.1666… → 3.2
    expect(msOrg).toMatchObject({ n: 12, mean: 3.2 });
    for (const c of pub.cells) expect(pillarCellSchema.safeParse(c).success).toBe(true);
    // Everyone in team A and B gave org_lm 4: identical answers hide the cells (SD 0 reveals each score).
    expect(pub.cells.filter((c) => c.measure === 'org_lm').every((c) => c.suppressed !== null)).toBe(true);
  });

  it('hides a team below k and its complement, and never counts viewers', () => {
    const responses = [
      ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('A', v)),
      ...[4, 3.5].map((v) => r('B', v)),
      // Two viewers: known answers, never counted (rule 6).
      r('A', 1, { isViewer: true }),
      r('org-less', 5, { isViewer: true }),
    ];
    const pub = planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    const ms = (g: string) => pub.cells.find((c) => c.group === g && c.measure === 'org_ms')!;
    expect(ms('B').suppressed).toMatch(/fewer than 5/);
    // The agency total would be A + B; B has 2, so A must be hidden too (complement) or the agency total.
    const shownA = ms('A').suppressed === null;
    const shownOrg = ms('org').suppressed === null;
    expect(shownA && shownOrg).toBe(false);
    if (shownA) expect(ms('A').n).toBe(6);
    if (shownOrg) expect(ms('org').n).toBe(8);
  });

  it('fails closed: a refused run withholds every pillar cell', () => {
    // A team id equal to the agency group is a programming error, not a leak: it throws.
    expect(() => planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'org' }], responses: [] })).toThrow();
    // An empty cycle publishes empty cells (n = 0), not hidden ones.
    const empty = planPillarPublication({ k: 5, cycleId: 'c1', teams: [], responses: [] });
    expect(empty.cells.every((c) => c.n === 0)).toBe(true);
    expect(AUDIT_WITHHELD_REASON).toMatch(/withheld/);
  });
});

describe('releasePillarAlphas', () => {
  const rows = (n: number, viewer = false) =>
    Array.from({ length: n }, (_, i) => ({
      isViewer: viewer,
      items: { org_ms: [1 + (i % 5), 1 + (i % 5), 1 + ((i + 1) % 5)] },
    }));

  it(`is withheld below ${ALPHA_MIN_N} complete non-viewer responses; viewers never count`, () => {
    const few = releasePillarAlphas([...rows(29), ...rows(5, true)]);
    expect(few.find((a) => a.measure === 'org_ms')).toMatchObject({ alpha: null, n: null });
    expect(few.find((a) => a.measure === 'org_ms')!.withheld).toMatch(/30/);
  });

  it('reports alpha to two decimals from 30 responses', () => {
    const a = releasePillarAlphas(rows(30)).find((x) => x.measure === 'org_ms')!;
    expect(a.n).toBe(30);
    expect(a.alpha).not.toBeNull();
    expect(Math.abs(a.alpha! * 100 - Math.round(a.alpha! * 100))).toBeLessThan(1e-9);
  });
});
