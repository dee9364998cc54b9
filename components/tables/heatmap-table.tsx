'use client';

import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import {
  CONCERNING_END_NOTE,
  CONCERN_KEYS,
  CONCERN_LABELS,
  concernOf,
  type Concern,
  NO_RESPONSES_TEXT,
  UNAVAILABLE_TEXT,
  cellStatus,
  formatUncertainty,
  formatMean,
  hiddenText,
  levelLabel,
} from '@/components/charts/dashboard-model';
import type { HeatmapCell, HeatmapRow, MeasureKey } from '@/components/charts/dashboard-types';
import { formatQ, pillarShade, type PillarHeatCell, type PillarHeatmap } from '@/lib/dashboard/pillars';
import type { PillarCode } from '@/lib/instruments/org-check';
import {
  GROUP_COLUMN_ID,
  PILLAR_COLUMN_PREFIX,
  pillarColumns,
  agencyFirst,
  ariaSortValue,
  describeChangeFlag,
  heatmapCaption,
  heatmapColumns,
  heatmapFeatures,
  sortAnnouncement,
} from './heatmap-model';

export interface HeatmapTableProps {
  rows: HeatmapRow[];
  measureLabels: Record<MeasureKey, string>;
  /** The agency's minimum group size, named in the caption and legend. */
  k: number;
  /** The organizational check's pillar columns (issue 15): the latest check's published pillar cells per group. */
  pillars?: PillarHeatmap | null;
}

const CONCERN_BACKGROUND: Readonly<Record<Concern, string>> = {
  favourable: 'var(--level-low)',
  moderate: 'var(--level-moderate)',
  concerning: 'var(--level-high)',
};

/** A header button that looks like header text but keeps the global focus outline. */
const sortButtonStyle: CSSProperties = {
  background: 'none',
  border: 0,
  padding: '0.15rem 0',
  margin: 0,
  font: 'inherit',
  fontWeight: 600,
  color: 'inherit',
  cursor: 'pointer',
  textAlign: 'left',
};

const lineStyle: CSSProperties = { display: 'block' };

function sortIndicator(sorted: false | 'asc' | 'desc'): string {
  return sorted === 'asc' ? '↑' : sorted === 'desc' ? '↓' : '↕';
}

function cellBackground(cell: HeatmapCell, measure: MeasureKey): string | undefined {
  const status = cellStatus(cell);
  if (status.kind !== 'shown') return 'var(--suppressed)';
  return cell.level ? CONCERN_BACKGROUND[concernOf(measure, cell.level)] : undefined;
}

function GroupName({ row }: { row: HeatmapRow }) {
  return row.href ? <Link href={row.href}>{row.groupName}</Link> : <>{row.groupName}</>;
}

/** One measure for one group: mean, level in words, 95% CI and n, and a change flag; or why it is hidden. */
function MeasureCellContent({ cell }: { cell: HeatmapCell }) {
  const status = cellStatus(cell);
  if (status.kind === 'hidden') return <>{hiddenText(status.reason)}</>;
  if (status.kind === 'empty') return <>{NO_RESPONSES_TEXT}</>;
  if (status.kind === 'unavailable') return <>{UNAVAILABLE_TEXT}</>;
  const uncertainty = formatUncertainty(status.ci95, status.n);
  const change = cell.change ? describeChangeFlag(cell.change) : null;
  return (
    <>
      <span style={lineStyle}>
        <strong style={{ fontSize: '1.05rem', fontVariantNumeric: 'tabular-nums' }}>{formatMean(status.mean)}</strong>
        {cell.level ? <span className="small"> {levelLabel(cell.level)}</span> : null}
      </span>
      {uncertainty ? (
        <span className="small" style={lineStyle}>
          {uncertainty}
        </span>
      ) : null}
      {change ? (
        <span className="small" style={{ ...lineStyle, fontWeight: 600 }}>
          <span aria-hidden="true">
            {change.symbol} {change.text}
          </span>
          <span className="visually-hidden">{change.spoken}</span>
        </span>
      ) : null}
    </>
  );
}

const NO_PILLAR_TEXT = 'No pillar results for this group in that check';

/** One pillar for one group: the 1–5 mean in words, 95% CI and n, a flagged within-person change; or why it is hidden. */
function PillarCellContent({ cell }: { cell: PillarHeatCell | undefined }) {
  if (!cell) return <>{NO_PILLAR_TEXT}</>;
  if (cell.mean === null || cell.ci95 === null) return <>{cell.hidden === 'no responses' ? NO_RESPONSES_TEXT : hiddenText(cell.hidden ?? '')}</>;
  const uncertainty = formatUncertainty(cell.ci95, cell.n);
  const ch = cell.change;
  return (
    <>
      <span style={lineStyle}>
        <strong style={{ fontSize: '1.05rem', fontVariantNumeric: 'tabular-nums' }}>{formatMean(cell.mean)}</strong>
        <span className="small"> of 5, {pillarShade(cell.mean).words}</span>
      </span>
      {uncertainty ? (
        <span className="small" style={lineStyle}>
          {uncertainty}
        </span>
      ) : null}
      {ch ? (
        <span className="small" style={{ ...lineStyle, fontWeight: 600 }}>
          <span aria-hidden="true">{ch.meanChange > 0 ? '▲' : '▼'} </span>
          {ch.meanChange > 0 ? 'Up' : 'Down'} {formatMean(Math.abs(ch.meanChange))} since the previous check among the {ch.nPairs} who
          answered both (95% CI {formatMean(ch.ci95[0])} to {formatMean(ch.ci95[1])}, {formatQ(ch.qValue)})
        </span>
      ) : null}
    </>
  );
}

function pillarBackground(cell: PillarHeatCell | undefined): string {
  return cell?.mean != null && cell.hidden === null ? CONCERN_BACKGROUND[pillarShade(cell.mean).concern] : 'var(--suppressed)';
}

const pillarDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

const swatchStyle = (background: string): CSSProperties => ({
  display: 'inline-block',
  width: '1.1rem',
  height: '1.1rem',
  background,
  border: '1px solid var(--text)',
  borderRadius: '3px',
  verticalAlign: 'middle',
});

function Legend({ k, pillars }: { k: number; pillars: PillarHeatmap | null }) {
  return (
    <div className="small" style={{ marginTop: '0.75rem' }}>
      <ul
        aria-label="Key"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.25rem', listStyle: 'none', padding: 0, margin: 0 }}
      >
        {CONCERN_KEYS.map((concern) => (
          <li key={concern} style={{ display: 'inline-flex', gap: '0.4rem', alignItems: 'center' }}>
            <span aria-hidden="true" style={swatchStyle(CONCERN_BACKGROUND[concern])} />
            {CONCERN_LABELS[concern]}
          </li>
        ))}
        <li style={{ display: 'inline-flex', gap: '0.4rem', alignItems: 'center' }}>
          <span aria-hidden="true" style={swatchStyle('var(--suppressed)')} />
          Hidden (fewer than {k} responses, or hidden so a smaller group cannot be worked out) or no responses
        </li>
      </ul>
      <p className="muted">
        Colours show concern: green is the favourable end of a measure, red the concerning end. {CONCERNING_END_NOTE} ▲ or ▼ marks a change since the last cycle that is unlikely to be chance alone (Welch&apos;s
        t-test, p &lt; .05); the p-value and both n are shown with it.
      </p>
      {pillars ? (
        <p className="muted">
          Pillar columns ({pillars.columns.map((c) => c.name).join(', ')}) are 1–5 agreement means (1 strongly disagree, 5
          strongly agree) from Sustain&apos;s brief organizational check of {pillarDate.format(new Date(pillars.cycleDate))}, three
          statements per pillar: not the validated VT-ORG. Green is 3.5 or more (staff lean towards agree), amber 2.5 to 3.4
          (mixed), red below 2.5 (staff lean towards disagree). ▲ or ▼ marks a within-person change since the previous check
          among the people who answered both, flagged when its false-discovery-rate-adjusted q is below .05. Hidden pillar cells
          say why, under the same privacy rules as the measures.
        </p>
      ) : null}
    </div>
  );
}

/**
 * Every group's mean per measure in the latest cycle, coloured by level with the level also
 * written out, each mean with its 95% CI and n, flagged changes, and hidden cells saying why.
 * Sortable by group name and by each measure's mean (header buttons; hidden cells sort last);
 * unsorted, the agency row comes first.
 */
export function HeatmapTable({ rows, measureLabels, k, pillars = null }: HeatmapTableProps) {
  const data = useMemo(() => agencyFirst(rows).map((r) => ({ ...r, pillars: pillars?.byGroup[r.groupId] })), [rows, pillars]);
  const columns = useMemo(
    () => [
      ...heatmapColumns<ReactNode>(measureLabels, {
        groupCell: (row) => <GroupName row={row} />,
        measureCell: (_measure, cell) => <MeasureCellContent cell={cell} />,
      }),
      ...(pillars ? pillarColumns<ReactNode>(pillars.columns, (_code, cell) => <PillarCellContent cell={cell} />) : []),
    ],
    [measureLabels, pillars],
  );
  const [sorting, setSorting] = useState<SortingState>([]);
  const [hasSorted, setHasSorted] = useState(false);
  const onSortingChange = (updater: Updater<SortingState>) => {
    setHasSorted(true);
    setSorting(updater);
  };

  const table = useTable({
    features: heatmapFeatures,
    columns,
    data,
    state: { sorting },
    onSortingChange,
    enableMultiSort: false,
    getRowId: (row) => row.groupId,
  });

  if (rows.length === 0) {
    return <p className="card empty">No results for the latest cycle yet. They appear when a cycle closes.</p>;
  }

  const caption = heatmapCaption(k);
  const active = sorting[0];
  const activeColumn = active ? table.getColumn(active.id) : undefined;
  const activeLabel = activeColumn
    ? typeof activeColumn.columnDef.header === 'string'
      ? activeColumn.columnDef.header
      : activeColumn.id
    : '';
  const announcement = hasSorted
    ? sortAnnouncement(activeLabel, active?.id === GROUP_COLUMN_ID, active ? (active.desc ? 'desc' : 'asc') : false)
    : '';

  return (
    <div>
      <div className="table-wrap">
        <table className="data">
          <caption style={{ textAlign: 'left', padding: '0.5rem 0.6rem' }}>
            <span style={{ fontWeight: 600, display: 'block' }}>{caption.title}</span>
            <span className="small muted">{caption.details}</span>
            {pillars ? (
              <span className="small muted" style={{ display: 'block' }}>
                Pillar columns: organizational check of {pillarDate.format(new Date(pillars.cycleDate))}, 1–5 agreement means.
              </span>
            ) : null}
          </caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const ariaSort = ariaSortValue(sorted);
                  return (
                    <th key={header.id} scope="col" aria-sort={ariaSort === 'none' ? undefined : ariaSort}>
                      {header.isPlaceholder ? null : (
                        <button type="button" style={sortButtonStyle} onClick={header.column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <span aria-hidden="true"> {sortIndicator(sorted)}</span>
                        </button>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => {
                  if (cell.column.id === GROUP_COLUMN_ID) {
                    return (
                      <th key={cell.id} scope="row">
                        <table.FlexRender cell={cell} />
                      </th>
                    );
                  }
                  if (cell.column.id.startsWith(PILLAR_COLUMN_PREFIX)) {
                    const code = cell.column.id.slice(PILLAR_COLUMN_PREFIX.length) as PillarCode;
                    return (
                      <td key={cell.id} style={{ background: pillarBackground(row.original.pillars?.[code]), color: 'var(--text)' }}>
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  }
                  const measureCell = row.original.cells[cell.column.id as MeasureKey];
                  return (
                    <td key={cell.id} style={{ background: cellBackground(measureCell, cell.column.id as MeasureKey), color: 'var(--text)' }}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <Legend k={k} pillars={pillars} />
    </div>
  );
}
