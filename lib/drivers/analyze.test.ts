import { describe, expect, it } from 'vitest';
import { SELF_CARE_PRACTICE_KEYS } from '@/lib/instruments';
import { fitOls } from '@/lib/stats/ols';
import { createRng } from '@/lib/stats/random';
import { analyzeDrivers, describeTerm, type DriverRow } from './analyze';

function makeRows(n: number, seed = 7, opts: { traumaOnes?: number } = {}): DriverRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const trauma = (opts.traumaOnes !== undefined ? (i < opts.traumaOnes ? 1 : 0) : rng.next() < 0.5 ? 1 : 0) as 0 | 1;
    const therapy = rng.next() < 0.5 ? 3 : 0;
    const practices: Record<string, number> = {};
    for (const k of SELF_CARE_PRACTICE_KEYS) practices[k] = Math.floor(rng.next() * 5);
    practices.personalTherapy = therapy;
    const years = 1 + Math.floor(rng.next() * 20);
    const caseload = rng.next();
    const composite = Object.values(practices).reduce((a, b) => a + b, 0) / 12;
    const bo = 25 - 2 * trauma - 2.5 * (therapy >= 2 ? 1 : 0) + 1 * caseload + rng.normal() * 2;
    return { cs: 38 + rng.normal() * 3, bo, sts: 22 + rng.normal() * 3, vr: 20 + rng.normal() * 3, traumaHistory: trauma, selfCareComposite: composite, yearsInField: years, caseloadShare: caseload, practices };
  });
}

describe('analyzeDrivers', () => {
  it('with too few responses gives no model and the message', () => {
    const a = analyzeDrivers(makeRows(22), { k: 5 });
    const main = a.outcomes.find((o) => o.outcome === 'bo')!.main;
    expect(main.status).toBe('insufficient');
    expect(main.status === 'insufficient' && main.message).toBe('Not enough responses yet: 22 of 40 needed.');
  });

  it('drops a rare binary level (trauma history with 3 respondents) and says so', () => {
    const a = analyzeDrivers(makeRows(80, 3, { traumaOnes: 3 }), { k: 5 });
    const main = a.outcomes.find((o) => o.outcome === 'bo')!.main;
    expect(main.status).toBe('ok');
    if (main.status !== 'ok') return;
    expect(main.terms.map((t) => t.term)).not.toContain('traumaHistory');
    expect(main.notes[0]).toMatch(/Personal trauma history was left out: fewer than 5 respondents/);
  });

  it('recovers a simulated effect and matches a direct fitOls of the same design', () => {
    const rows = makeRows(400, 11);
    const a = analyzeDrivers(rows, { k: 5 });
    const bo = a.outcomes.find((o) => o.outcome === 'bo')!;
    const therapy = bo.practices.find((p) => p.practice === 'personalTherapy')!.model;
    expect(therapy.status).toBe('ok');
    if (therapy.status !== 'ok') return;
    const t = therapy.terms[0]!;
    expect(t.ci95[0]).toBeLessThan(-2.5);
    expect(t.ci95[1]).toBeGreaterThan(-2.5);
    expect(t.protective).toBe(true);
    expect(t.qValue).not.toBeNull();
    // Same numbers as fitting the design by hand.
    const X = rows.map((r) => [r.practices.personalTherapy! >= 2 ? 1 : 0, r.traumaHistory!, r.yearsInField!, r.caseloadShare!]);
    const direct = fitOls(X, rows.map((r) => r.bo!));
    expect(t.estimate).toBeCloseTo(direct.coefficients[1]!, 10);
    expect(therapy.n).toBe(400);
  });

  it('BH q-values are computed across the practices of one outcome', () => {
    const a = analyzeDrivers(makeRows(200, 5), { k: 5 });
    const qs = a.outcomes[1]!.practices.flatMap((p) => (p.model.status === 'ok' ? [p.model.terms[0]!.qValue] : []));
    expect(qs.length).toBe(12);
    for (const q of qs) expect(q).toBeGreaterThanOrEqual(0);
  });

  it('sentences carry the estimate, CI and the caveat', () => {
    expect(describeTerm('bo', { term: 'personalTherapy', label: 'Regular personal therapy', kind: 'binary' }, -3.1, [-5.4, -0.8])).toBe(
      'Staff who report personal therapy about weekly or more score 3.1 points lower on burnout on average (95% CI −5.4 to −0.8), holding the others constant. This is an association in your agency, not proof of cause.',
    );
    expect(describeTerm('sts', { term: 'traumaHistory', label: 'T', kind: 'binary' }, 1.2, [-0.5, 2.9])).toContain(
      'The data are consistent with no difference.',
    );
  });
});
