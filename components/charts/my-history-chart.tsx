'use client';

import type { ChartData, ChartOptions } from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { MyHistoryPoint } from '@/lib/checkin/types';
import styles from './charts.module.css';
import {
  PROQOL_SERIES,
  PROQOL_TICKS,
  VR_SERIES,
  formatCycleDate,
  formatHistoryValue,
  hasAnyScore,
  sortPoints,
  summarizeHistory,
  type SeriesStyle,
} from './history-model';
import './register-line-chart';

const TEXT = '#1d2327';
const MUTED = '#4a555c';
const GRID = '#dde2e4';

type LineData = ChartData<'line', (number | null)[], string>;

function datasets(points: readonly MyHistoryPoint[], series: readonly SeriesStyle[]): LineData['datasets'] {
  return series.map((s) => ({
    label: s.label,
    data: points.map((p) => p[s.measure]),
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
        ticks: { color: MUTED },
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
 * burnout, secondary traumatic stress) on the 10–50 scale, and vicarious resilience in a
 * second, smaller chart on its own scale (two y axes in one chart are easy to misread).
 * Each canvas is an image with a summary label; a table gives every number.
 */
export function MyHistoryChart({ points }: { points: MyHistoryPoint[] }) {
  if (points.length === 0) {
    return <div className="card empty">No check-ins yet. Your history appears after your first check-in.</div>;
  }
  const sorted = sortPoints(points);
  const labels = sorted.map((p) => formatCycleDate(p.cycleDate));
  const proqolData: LineData = { labels, datasets: datasets(sorted, PROQOL_SERIES) };
  const showVr = hasAnyScore(sorted, 'vr');
  const vrMax = Math.max(35, ...sorted.map((p) => p.vr ?? 0));
  const vrData: LineData = { labels, datasets: datasets(sorted, [VR_SERIES]) };

  return (
    <div className="card">
      <h3 className={styles.chartTitle}>Professional quality of life (ProQOL)</h3>
      <p className="small muted">
        Scores run from 10 to 50. The grid lines at 22 and 42 mark where the low, moderate and high levels begin.
      </p>
      <div className={styles.chartBox}>
        <Line
          data={proqolData}
          options={options(10, 50, 'Score (10–50)', PROQOL_TICKS)}
          role="img"
          aria-label={summarizeHistory(sorted, PROQOL_SERIES, 'ProQOL scores')}
        />
      </div>
      <Legend series={PROQOL_SERIES} />

      {showVr ? (
        <>
          <h3>Vicarious resilience</h3>
          <div className={styles.chartBoxSmall}>
            <Line
              data={vrData}
              options={options(0, vrMax, `Score (0–${vrMax})`)}
              role="img"
              aria-label={summarizeHistory(sorted, [VR_SERIES], 'vicarious resilience scores')}
            />
          </div>
          <Legend series={[VR_SERIES]} />
        </>
      ) : null}

      <details className={styles.tableToggle}>
        <summary>Show as a table</summary>
        <div className={`table-wrap ${styles.tableWrap}`}>
          <table className="data">
            <caption className={styles.caption}>Your scores at each check-in</caption>
            <thead>
              <tr>
                <th scope="col">Check-in</th>
                <th scope="col" className="num">
                  Compassion satisfaction (10–50)
                </th>
                <th scope="col" className="num">
                  Burnout (10–50)
                </th>
                <th scope="col" className="num">
                  Secondary traumatic stress (10–50)
                </th>
                <th scope="col" className="num">
                  Vicarious resilience
                </th>
                <th scope="col" className="num">
                  Self-care (average, 0–4)
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((p, i) => (
                <tr key={p.cycleId}>
                  <th scope="row">{labels[i]}</th>
                  <td className="num">{formatHistoryValue(p.cs)}</td>
                  <td className="num">{formatHistoryValue(p.bo)}</td>
                  <td className="num">{formatHistoryValue(p.sts)}</td>
                  <td className="num">{formatHistoryValue(p.vr)}</td>
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
