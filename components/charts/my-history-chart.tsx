'use client';

import type { ChartData, ChartOptions } from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { MyHistoryPoint } from '@/lib/checkin/types';
import { measureTitle, type MeasureKey, type MeasureSpec } from '@/lib/measures';
import styles from './charts.module.css';
import {
  PROQOL_SERIES,
  axisTitle,
  formatCycleDate,
  formatHistoryValue,
  levelTicks,
  scaleNote,
  sortPoints,
  summarizeHistory,
  summarizeVrLine,
  vrHistoryLines,
  type SeriesStyle,
} from './history-model';
import './register-line-chart';

const TEXT = '#1d2327';
const MUTED = '#4a555c';
const GRID = '#dde2e4';

type LineData = ChartData<'line', (number | null)[], string>;

function datasets(points: readonly MyHistoryPoint[], series: readonly SeriesStyle[]): LineData['datasets'] {
  return lineDatasets(series.map((style) => ({ style, values: points.map((p) => p[style.measure]) })));
}

function lineDatasets(lines: readonly { style: SeriesStyle; values: readonly (number | null)[] }[]): LineData['datasets'] {
  return lines.map(({ style: s, values }) => ({
    label: s.label,
    data: [...values],
    borderColor: s.color,
    backgroundColor: s.color,
    borderDash: s.dash,
    borderWidth: 2.5,
    pointStyle: s.pointStyle,
    pointRadius: 5,
    pointHoverRadius: 7,
    // A check-in where a score could not be worked out is a gap, not a made-up line.
    spanGaps: false,
    tension: 0,
  }));
}

function options(yMin: number, yMax: number, yTitle: string, ticks?: readonly number[]): ChartOptions<'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    // Calm and predictable: no animation (also respects reduced-motion preferences).
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (ctx) => `${ctx.dataset.label}: ${formatHistoryValue(ctx.parsed.y)}`,
        },
      },
    },
    scales: {
      x: {
        // Never rotated; labels that would touch are skipped (the table has every date).
        ticks: { color: MUTED, autoSkip: true, autoSkipPadding: 12, maxRotation: 0 },
        grid: { color: GRID },
      },
      y: {
        min: yMin,
        max: yMax,
        title: { display: true, text: yTitle, color: TEXT },
        ticks: { color: MUTED, ...(ticks ? {} : { stepSize: 5 }) },
        grid: { color: GRID },
        ...(ticks
          ? {
              afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
                axis.ticks = ticks.map((value) => ({ value }));
              },
            }
          : {}),
      },
    },
  };
}

/** An HTML legend: each line's colour, dash style and point shape, named in words too. */
function Legend({ series }: { series: readonly SeriesStyle[] }) {
  return (
    <ul className={styles.legend}>
      {series.map((s) => (
        <li key={s.measure}>
          <svg width="40" height="12" viewBox="0 0 40 12" aria-hidden="true" focusable="false">
            <line
              x1="0"
              y1="6"
              x2="40"
              y2="6"
              stroke={s.color}
              strokeWidth="2.5"
              strokeDasharray={s.svgDash || undefined}
            />
            {s.pointStyle === 'circle' ? <circle cx="20" cy="6" r="4" fill={s.color} /> : null}
            {s.pointStyle === 'rect' ? <rect x="16" y="2" width="8" height="8" fill={s.color} /> : null}
            {s.pointStyle === 'triangle' ? <polygon points="20,1 25,11 15,11" fill={s.color} /> : null}
          </svg>
          <span>
            {s.label} <span className="muted">({s.dashName} line)</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The staff member's own scores over their check-ins: ProQOL (compassion satisfaction,
 * burnout, secondary traumatic stress) on its scale, and vicarious resilience in a second,
 * smaller chart on its own scale (two y axes in one chart are easy to misread). VR gets one
 * chart per instrument the check-ins used, each with that instrument's range and cut points
 * (lib/measures): when the agency switched from the brief check to a VR pack, the scores are
 * on different scales and no line joins them. Each canvas is an image with a summary label;
 * a table gives every number.
 */
export function MyHistoryChart({
  points,
  measures,
  vrMeasures,
}: {
  points: MyHistoryPoint[];
  /** Each measure as the latest check-in measured it. */
  measures: Readonly<Record<MeasureKey, MeasureSpec>>;
  /** VR as each instrument in `points` measures it, keyed by MyHistoryPoint.vrInstrument. */
  vrMeasures: Readonly<Record<string, MeasureSpec>>;
}) {
  if (points.length === 0) {
    return <div className="card empty">No check-ins yet. Your history appears after your first check-in.</div>;
  }
  const sorted = sortPoints(points);
  const labels = sorted.map((p) => formatCycleDate(p.cycleDate));
  const proqolData: LineData = { labels, datasets: datasets(sorted, PROQOL_SERIES) };
  const proqol = measures.bo;
  const vrLines = vrHistoryLines(sorted, vrMeasures);
  const vrCharts = vrLines.filter((l) => l.hasScore);

  return (
    <div className="card">
      <h3 className={styles.chartTitle}>Professional quality of life (ProQOL)</h3>
      <p className="small muted">{scaleNote(proqol)}</p>
      <div className={styles.chartBox}>
        <Line
          data={proqolData}
          options={options(proqol.range.min, proqol.range.max, axisTitle(proqol), levelTicks(proqol))}
          role="img"
          aria-label={summarizeHistory(sorted, PROQOL_SERIES, 'ProQOL scores')}
        />
      </div>
      <Legend series={PROQOL_SERIES} />

      {vrCharts.length > 1 ? (
        <p className="small">
          Your agency changed how it measures {vrCharts[0]!.spec.noun}. The measures have different scales, so each has its own chart
          and their scores cannot be compared with each other.
        </p>
      ) : null}
      {vrCharts.map((line) => (
        <section key={line.instrument} aria-label={`${line.spec.label}: ${line.spec.instrumentName}`}>
          <h3>
            {line.spec.label} <span className="small muted">({line.spec.instrumentName})</span>
          </h3>
          <p className="small muted">{scaleNote(line.spec)}</p>
          <div className={styles.chartBoxSmall}>
            <Line
              data={{ labels, datasets: lineDatasets([{ style: line.style, values: line.values }]) }}
              options={options(line.spec.range.min, line.spec.range.max, axisTitle(line.spec), levelTicks(line.spec))}
              role="img"
              aria-label={summarizeVrLine(line)}
            />
          </div>
          <Legend series={[line.style]} />
        </section>
      ))}

      <details className={styles.tableToggle}>
        <summary>Show as a table</summary>
        <div className={`table-wrap ${styles.tableWrap}`}>
          <table className="data">
            <caption className={styles.caption}>Your scores at each check-in</caption>
            <thead>
              <tr>
                <th scope="col">Check-in</th>
                {PROQOL_SERIES.map((s) => (
                  <th key={s.measure} scope="col" className="num">
                    {measureTitle(measures[s.measure])}
                  </th>
                ))}
                {vrLines.map((line) => (
                  <th key={line.instrument} scope="col" className="num">
                    {measureTitle(line.spec)} <span className="small muted">{line.spec.instrumentName}</span>
                  </th>
                ))}
                <th scope="col" className="num">
                  Self-care (average, 0–4)
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((p, i) => (
                <tr key={p.cycleId}>
                  <th scope="row">{labels[i]}</th>
                  {PROQOL_SERIES.map((s) => (
                    <td key={s.measure} className="num">
                      {formatHistoryValue(p[s.measure])}
                    </td>
                  ))}
                  {vrLines.map((line) => (
                    <td key={line.instrument} className="num">
                      {p.vrInstrument === line.instrument ? formatHistoryValue(p.vr) : <span className="muted">Other measure</span>}
                    </td>
                  ))}
                  <td className="num">{formatHistoryValue(p.selfCareComposite, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
