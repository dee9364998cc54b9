import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { summarizeParticipation, type ParticipationRow } from './participation';
import { ORG_GROUP } from './types';

describe('summarizeParticipation', () => {
  it('counts invited and participating staff per team and for the agency', () => {
    // Team a: 4 invited, 3 took part (0.75). Team b: 2 invited, none (0).
    // Team c: nobody invited (rate null). One member with no team: agency only.
    // Agency: 7 invited, 4 took part → 4 / 7.
    const members: ParticipationRow[] = [
      { groupId: 'a', hasParticipated: true },
      { groupId: 'a', hasParticipated: true },
      { groupId: 'a', hasParticipated: false },
      { groupId: 'a', hasParticipated: true },
      { groupId: 'b', hasParticipated: false },
      { groupId: 'b', hasParticipated: false },
      { groupId: null, hasParticipated: true },
    ];
    const cells = summarizeParticipation({
      k: 3,
      cycleId: 'c1',
      teams: [{ id: 'c' }, { id: 'b' }, { id: 'a' }],
      members,
    });
    expect(cells).toEqual([
      { group: ORG_GROUP, cycle: 'c1', invited: 7, participated: 4, rate: 4 / 7, hasReachedMinimum: true },
      { group: 'a', cycle: 'c1', invited: 4, participated: 3, rate: 0.75, hasReachedMinimum: true },
      { group: 'b', cycle: 'c1', invited: 2, participated: 0, rate: 0, hasReachedMinimum: false },
      { group: 'c', cycle: 'c1', invited: 0, participated: 0, rate: null, hasReachedMinimum: false },
    ]);
  });

  it('shows counts below k: participation is not an answer', () => {
    const cells = summarizeParticipation({
      k: 5,
      cycleId: 'c1',
      teams: [{ id: 'a' }],
      members: [
        { groupId: 'a', hasParticipated: true },
        { groupId: 'a', hasParticipated: false },
      ],
    });
    expect(cells[1]).toMatchObject({ group: 'a', invited: 2, participated: 1, rate: 0.5, hasReachedMinimum: false });
  });

  it('refuses a bad k or team ids', () => {
    const ok = { k: 5, cycleId: 'c1', teams: [{ id: 'a' }], members: [] };
    expect(() => summarizeParticipation({ ...ok, k: 2 })).toThrow(/summarizeParticipation: minimum group size k/);
    expect(() => summarizeParticipation({ ...ok, teams: [{ id: 'a' }, { id: 'a' }] })).toThrow(/duplicate team id/);
    expect(() => summarizeParticipation({ ...ok, teams: [{ id: ORG_GROUP }] })).toThrow(/may not be "org"/);
    expect(() => summarizeParticipation({ ...ok, cycleId: '' })).toThrow(/cycleId/);
  });

  it('does not depend on row order and does not modify its input', () => {
    const rowArb = fc.record({
      groupId: fc.constantFrom('a', 'b', 'c', null),
      hasParticipated: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.integer({ min: 3, max: 10 }), (members, k) => {
        const frozen = Object.freeze(members.map((m) => Object.freeze({ ...m })));
        const teams = Object.freeze([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
        const a = summarizeParticipation({ k, cycleId: 'c1', teams, members: frozen });
        const b = summarizeParticipation({ k, cycleId: 'c1', teams, members: [...frozen].reverse() });
        expect(b).toStrictEqual(a);
        expect(a[0].invited).toBe(members.length);
        expect(a.slice(1).reduce((s, c) => s + c.invited, 0)).toBe(members.filter((m) => m.groupId !== null).length);
        for (const cell of a) {
          expect(cell.participated).toBeLessThanOrEqual(cell.invited);
          expect(cell.hasReachedMinimum).toBe(cell.participated >= k);
        }
      }),
      { seed: 20240611, numRuns: 200 },
    );
  });
});
