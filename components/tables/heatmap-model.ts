import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  type Row,
  type SortDirection,
} from '@tanstack/react-table';
import type { HeatmapCell, HeatmapRow, MeasureKey } from '@/components/charts/dashboard-types';
import {
  CONCERNING_LEVEL,
  MEASURE_KEYS,
  cellStatus,
  formatMean,
  formatSignedChange,
} from '@/components/charts/dashboard-model';
import type { PillarCode } from '@/lib/instruments/org-check';
import type { PillarHeatCell } from '@/lib/dashboard/pillars';
import { ORG_GROUP } from '@/lib/privacy/types';

/** A heatmap row with the organizational check's pillar cells of its group, when the dashboard has them (issue 15). */
export type HeatmapRowWithPillars = HeatmapRow & { readonly pillars?: Readonly<Partial<Record<PillarCode, PillarHeatCell>>> };

/**
 * Pure parts of the heatmap table (heatmap-table.tsx): the TanStack Table v9 feature set and
 * sortable column definitions (rendering is passed in, so this file has no JSX), the default
 * row order, and the wording of change flags and sort announcements. Tested in
 * heatmap-model.test.ts, including the sorted row model itself.
 */

/** Sorting only: client-side, since every group of one agency fits on the page. */
export const heatmapFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
});

export type HeatmapFeatures = typeof heatmapFeatures;
export type HeatmapTableRow = Row<HeatmapFeatures, HeatmapRowWithPillars>;

/**
 * The default order: the agency row first, then the rest as given (the server sends teams
 * by name). Stable, and it does not mutate the input.
 */
export function agencyFirst(rows: readonly HeatmapRow[]): HeatmapRow[] {
  return [...rows.filter((r) => r.groupId === ORG_GROUP), ...rows.filter((r) => r.groupId !== ORG_GROUP)];
}

/**
 * The value a measure column sorts by: the mean when it is shown, otherwise undefined, which
 * the column's `sortUndefined: 'last'` puts after every shown mean in both directions. So
 * hidden and empty cells never rise to the top of a "highest first" sort.
 */
export function measureSortValue(cell: HeatmapCell): number | undefined {
  const status = cellStatus(cell);
  return status.kind === 'shown' ? status.mean : undefined;
}

const nameCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Group names in reading order: case-insensitive, "Team 2" before "Team 10". */
export function compareGroupNames(a: string, b: string): number {
  return nameCollator.compare(a, b);
}

/** Ascending numeric order. TanStack reverses it for descending; never reverse here. */
export function compareMeans(a: number, b: number): number {
  return a - b;
}

/**
 * A measure's first sort direction puts the concerning end on top: highest first for
 * burnout and secondary traumatic stress, lowest first for compassion satisfaction and
 * vicarious resilience.
 */
export function measureSortsDescFirst(measure: MeasureKey): boolean {
  return CONCERNING_LEVEL[measure] === 'high';
}

/** The column id of the group-name column; measure columns use the measure key. */
export const GROUP_COLUMN_ID = 'group';

export interface HeatmapRenderers<R> {
  groupCell: (row: HeatmapRow) => R;
  measureCell: (measure: MeasureKey, cell: HeatmapCell, row: HeatmapRow) => R;
}

const helper = createColumnHelper<HeatmapFeatures, HeatmapRowWithPillars>();

/**
 * Column definitions: the group name (A to Z first) and one column per measure, sorted by
 * mean with hidden cells last. The header is the plain label; the component wraps it in a
 * sort button. `render` supplies the cells, so this stays free of React.
 */
export function heatmapColumns<R>(measureLabels: Readonly<Record<MeasureKey, string>>, render: HeatmapRenderers<R>) {
  return helper.columns([
    helper.accessor((row) => row.groupName, {
      id: GROUP_COLUMN_ID,
      header: 'Group',
      sortDescFirst: false,
      sortFn: (a, b, id) => compareGroupNames(a.getValue<string>(id), b.getValue<string>(id)),
      cell: (ctx) => render.groupCell(ctx.row.original),
    }),
    ...MEASURE_KEYS.map((measure) =>
      helper.accessor((row) => measureSortValue(row.cells[measure]), {
        id: measure,
        header: measureLabels[measure],
        sortDescFirst: measureSortsDescFirst(measure),
        sortUndefined: 'last',
        // Only called when both values are defined (sortUndefined handles the rest).
        sortFn: (a, b, id) => compareMeans(a.getValue<number>(id), b.getValue<number>(id)),
        cell: (ctx) => render.measureCell(measure, ctx.row.original.cells[measure], ctx.row.original),
      }),
    ),
  ]);
}

/** Column ids of pillar columns: the pillar code with this prefix, so they never clash with a measure key. */
export const PILLAR_COLUMN_PREFIX = 'pillar:';

/**
 * The organizational check's pillar columns (issue 15), after the measure columns: each
 * sorted by its published 1–5 mean, lowest first (the concerning end of an agreement
 * scale), hidden and missing cells last. `render` supplies the cells.
 */
export function pillarColumns<R>(
  columns: readonly { code: PillarCode; name: string }[],
  render: (code: PillarCode, cell: PillarHeatCell | undefined, row: HeatmapRowWithPillars) => R,
) {
  return helper.columns(
    columns.map(({ code, name }) =>
      helper.accessor((row) => (row.pillars?.[code]?.hidden === null ? (row.pillars[code]!.mean ?? undefined) : undefined), {
        id: `${PILLAR_COLUMN_PREFIX}${code}`,
        header: name,
        sortDescFirst: false,
        sortUndefined: 'last',
        sortFn: (a, b, id) => compareMeans(a.getValue<number>(id), b.getValue<number>(id)),
        cell: (ctx) => render(code, ctx.row.original.pillars?.[code], ctx.row.original),
      }),
    ),
  );
}

/** aria-sort for a column header. */
export function ariaSortValue(sorted: false | SortDirection): 'ascending' | 'descending' | 'none' {
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

/**
 * The sentence a polite live region reads after a sort (aria-sort changes are not
 * announced by every screen reader).
 *
 * @example sortAnnouncement('Burnout', false, 'desc') // "Sorted by Burnout, highest first. Hidden results last."
 */
export function sortAnnouncement(label: string, isGroupColumn: boolean, sorted: false | SortDirection): string {
  if (!sorted) return 'Sorted in the original order, whole agency first.';
  if (isGroupColumn) return `Sorted by ${label}, ${sorted === 'asc' ? 'A to Z' : 'Z to A'}.`;
  return `Sorted by ${label}, ${sorted === 'asc' ? 'lowest' : 'highest'} first. Hidden results last.`;
}

export interface ChangeFlag {
  /** ▲ or ▼, shown but hidden from screen readers. */
  symbol: '▲' | '▼';
  /** "+2.1 since last cycle (p = .03, n 48 → 52)", shown after the symbol. */
  text: string;
  /** "Up 2.1 since last cycle (p = .03, n 48 then 52)", for screen readers. */
  spoken: string;
}

/**
 * A flagged within-person change since the previous cycle (among the people who answered
 * both; flagged only when its false-discovery-rate-adjusted q < .05 across the release),
 * with its 95% CI and number of people. `difference` is current − previous.
 */
export function describeChangeFlag(change: NonNullable<HeatmapCell['change']>): ChangeFlag {
  const ci = `95% CI ${formatMean(change.ci95[0])} to ${formatMean(change.ci95[1])}`;
  const up = change.direction === 'increase';
  return {
    symbol: up ? '▲' : '▼',
    text: `${formatSignedChange(change.difference)} since last cycle among the ${change.nPairs} who answered both (${ci})`,
    spoken: `${up ? 'Up' : 'Down'} ${formatMean(Math.abs(change.difference))} since last cycle among the ${change.nPairs} people who answered both (${ci})`,
  };
}

/** The table's caption: a short title, then how to read it. */
export function heatmapCaption(k: number): { title: string; details: string } {
  return {
    title: 'Mean score per group and measure, latest closed cycle',
    details: `Each mean has its 95% confidence interval (CI) and number of responses (n). Groups with fewer than ${k} responses are hidden to protect privacy. Use the column headings to sort.`,
  };
}
