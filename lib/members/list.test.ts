import { describe, expect, it } from 'vitest';
import { compareNames, searchMembers } from './list';

const person = (name: string, teamName: string | null = null) => ({ name, email: `${name.replace(/\s/g, '.').toLowerCase()}@example.test`, teamName });

describe('members list', () => {
  it('sorts names with numbers by value, not as text (1, 2, 10, 101, not 1, 10, 101, 2)', () => {
    const rows = ['Staff 10', 'Staff 2', 'Staff 101', 'Staff 1'].map((n) => person(n));
    expect(searchMembers(rows, '', 1).rows.map((r) => r.name)).toEqual(['Staff 1', 'Staff 2', 'Staff 10', 'Staff 101']);
    expect(compareNames('ana', 'Ana')).toBe(0);
  });

  it('finds every word in name, email or team, ignoring case', () => {
    const rows = [person('Ana Ruiz', 'Outreach'), person('Ben Ode', 'Shelter'), person('Ana Bell', 'Shelter')];
    expect(searchMembers(rows, 'ana shel', 1).rows.map((r) => r.name)).toEqual(['Ana Bell']);
    expect(searchMembers(rows, 'ODE', 1).total).toBe(1);
    expect(searchMembers(rows, 'nobody', 1)).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  it('pages 62 people into 25, 25 and 12, clamping out-of-range pages', () => {
    const rows = Array.from({ length: 62 }, (_, i) => person(`Staff ${i + 1}`));
    const p3 = searchMembers(rows, '', 3);
    expect(p3).toMatchObject({ total: 62, page: 3, pageCount: 3 });
    expect(p3.rows.map((r) => r.name)).toEqual(Array.from({ length: 12 }, (_, i) => `Staff ${i + 51}`));
    expect(searchMembers(rows, '', 99).page).toBe(3);
    expect(searchMembers(rows, '', -4).page).toBe(1);
    expect(searchMembers(rows, '', Number.NaN).page).toBe(1);
  });
});
