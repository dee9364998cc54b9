import { constructTable } from '@tanstack/react-table';
// The React adapter's hook needs React to render; the framework-neutral core needs these
// bindings instead (table-core comes with @tanstack/react-table).
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import { describe, expect, it } from 'vitest';
import type { HeatmapCell, HeatmapRow, MeasureKey } from '@/components/charts/dashboard-types';
import { COMPLEMENTARY_REASON, fewerThanKReason } from '@/lib/privacy/suppression';
import {
  GROUP_COLUMN_ID,
  agencyFirst,
  ariaSortValue,
  compareGroupNames,
  describeChangeFlag,
  heatmapCaption,
  heatmapColumns,
  heatmapFeatures,
  measureSortValue,
  measureSortsDescFirst,
  sortAnnouncement,
  type HeatmapFeatures,
} from './heatmap-model';

const LABELS: Record<MeasureKey, string> = {
  cs: 'Compassion satisfaction',
  bo: 'Burnout',
  sts: 'Secondary traumatic stress',
  vr: 'Vicarious resilience',
};

const cell = (mean: number | null, extra: Partial<HeatmapCell> = {}): HeatmapCell => ({
  mean,
  ci95: mean === null ? null : [mean - 1, mean + 1],
  n: mean === null ? null : 10,
  level: null,
  suppressed: mean === null ? fewerThanKReason(5) : null,
  change: null,
  ...extra,
});

const row = (groupId: string, groupName: string, bo: HeatmapCell, cs: HeatmapCell = cell(35)): HeatmapRow => ({
  groupId,
  groupName,
  href: groupId === 'org' ? null : `/orgs/o/teams/${groupId}`,
  cells: { cs, bo, sts: cell(30), vr: cell(20) },
});

// As the server sends them (teams by name), but with the agency row not first, to check the default order.
const rows: readonly HeatmapRow[] = Object.freeze([
  row('t1', 'Outreach', cell(24.2), cell(null)),
  row('org', 'Whole agency', cell(22.4), cell(37.9)),
  row('t2', 'Shelter', cell(null, { suppressed: COMPLEMENTARY_REASON }), cell(21)),
  row('t3', 'Legal advocacy', cell(31.0), cell(40)),
  row('t4', 'team 10', cell(null, { n: 0, suppressed: null }), cell(30)),
  row('t5', 'Team 2', cell(18.5), cell(33)),
]);

function makeTable() {
  // useTable adds its React bindings the same way: { coreReactivityFeature, ...features }.
  const features: HeatmapFeatures = Object.assign({ coreReactivityFeature: storeReactivityBindings() }, heatmapFeatures);
  return constructTable({
    features,
    columns: heatmapColumns(LABELS, { groupCell: (r) => r.groupName, measureCell: (_m, c) => String(c.mean) }),
    data: agencyFirst(rows),
    enableMultiSort: false,
    getRowId: (r) => r.groupId,
  });
}
const names = (table: ReturnType<typeof makeTable>) => table.getRowModel().rows.map((r) => r.original.groupName);

describe('agencyFirst', () => {
  it('moves the agency row to the top, keeps the rest in order, and does not mutate', () => {
    expect(agencyFirst(rows).map((r) => r.groupId)).toEqual(['org', 't1', 't2', 't3', 't4', 't5']);
    expect(rows[0].groupId).toBe('t1');
    expect(agencyFirst([])).toEqual([]);
  });
});

describe('measureSortValue', () => {
  it('is the mean when shown and undefined for hidden and empty cells', () => {
    expect(measureSortValue(cell(22.4))).toBe(22.4);
    expect(measureSortValue(cell(null))).toBeUndefined();
    expect(measureSortValue(cell(null, { n: 0, suppressed: null }))).toBeUndefined();
  });
});

describe('compareGroupNames', () => {
  it('ignores case and puts "Team 2" before "Team 10"', () => {
    expect(['team 10', 'Team 2', 'outreach'].sort(compareGroupNames)).toEqual(['outreach', 'Team 2', 'team 10']);
  });
});

describe('sorting with TanStack Table v9 (the sorted row model the component renders)', () => {
  it('starts in the default order, agency first', () => {
    expect(names(makeTable())).toEqual(['Whole agency', 'Outreach', 'Shelter', 'Legal advocacy', 'team 10', 'Team 2']);
  });

  it('sorts burnout highest first on the first toggle, with hidden and empty cells last both ways', () => {
    const table = makeTable();
    const burnout = table.getColumn('bo')!;
    burnout.toggleSorting();
    expect(burnout.getIsSorted()).toBe('desc');
    expect(names(table)).toEqual(['Legal advocacy', 'Outreach', 'Whole agency', 'Team 2', 'Shelter', 'team 10']);
    burnout.toggleSorting();
    expect(burnout.getIsSorted()).toBe('asc');
    expect(names(table)).toEqual(['Team 2', 'Whole agency', 'Outreach', 'Legal advocacy', 'Shelter', 'team 10']);
    // The third toggle removes the sort: back to agency first.
    burnout.toggleSorting();
    expect(burnout.getIsSorted()).toBe(false);
    expect(names(table)[0]).toBe('Whole agency');
  });

  it('sorts compassion satisfaction lowest first on the first toggle (low is its concerning end)', () => {
    const table = makeTable();
    table.getColumn('cs')!.toggleSorting();
    expect(table.getColumn('cs')!.getIsSorted()).toBe('asc');
    expect(names(table)).toEqual(['Shelter', 'team 10', 'Team 2', 'Whole agency', 'Legal advocacy', 'Outreach']);
  });

  it('sorts group names A to Z first', () => {
    const table = makeTable();
    table.getColumn(GROUP_COLUMN_ID)!.toggleSorting();
    expect(names(table)).toEqual(['Legal advocacy', 'Outreach', 'Shelter', 'Team 2', 'team 10', 'Whole agency']);
  });

  it('sorts one column at a time', () => {
    const table = makeTable();
    table.getColumn('bo')!.toggleSorting(undefined, true);
    table.getColumn('cs')!.toggleSorting(undefined, true);
    expect(table.getColumn('bo')!.getIsSorted()).toBe(false);
    expect(table.getColumn('cs')!.getIsSorted()).toBe('asc');
  });
});

describe('measureSortsDescFirst', () => {
  it('puts the concerning end first', () => {
    expect(measureSortsDescFirst('bo')).toBe(true);
    expect(measureSortsDescFirst('sts')).toBe(true);
    expect(measureSortsDescFirst('cs')).toBe(false);
    expect(measureSortsDescFirst('vr')).toBe(false);
  });
});

describe('sort wording', () => {
  it('maps sort state to aria-sort and to a sentence for the live region', () => {
    expect(ariaSortValue('asc')).toBe('ascending');
    expect(ariaSortValue('desc')).toBe('descending');
    expect(ariaSortValue(false)).toBe('none');
    expect(sortAnnouncement('Burnout', false, 'desc')).toBe('Sorted by Burnout, highest first. Hidden results last.');
    expect(sortAnnouncement('Group', true, 'asc')).toBe('Sorted by Group, A to Z.');
    expect(sortAnnouncement('Group', true, false)).toBe('Sorted in the original order, whole agency first.');
  });
});

describe('describeChangeFlag', () => {
  it('writes the signed within-person change, its CI and the number of people who answered both', () => {
    expect(describeChangeFlag({ direction: 'increase', difference: 2.1, ci95: [0.9, 3.3], nPairs: 48, qValue: 0.01 })).toEqual({
      symbol: '▲',
      text: '+2.1 since last cycle among the 48 who answered both (95% CI 0.9 to 3.3)',
      spoken: 'Up 2.1 since last cycle among the 48 people who answered both (95% CI 0.9 to 3.3)',
    });
    expect(describeChangeFlag({ direction: 'decrease', difference: -1.8, ci95: [-3, -0.6], nPairs: 9, qValue: 0.04 })).toEqual({
      symbol: '▼',
      text: '\u22121.8 since last cycle among the 9 who answered both (95% CI \u22123.0 to \u22120.6)',
      spoken: 'Down 1.8 since last cycle among the 9 people who answered both (95% CI \u22123.0 to \u22120.6)',
    });
  });
});

describe('heatmapCaption', () => {
  it('names k', () => {
    expect(heatmapCaption(5).details).toContain('fewer than 5 responses are hidden');
  });
});
