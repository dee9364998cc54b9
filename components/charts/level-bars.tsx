'use client';

import type { Chart, ChartData, ChartOptions, Plugin } from 'chart.js';
import { useId, useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import styles from './charts.module.css';
import {
  CONCERNING_END_NOTE,
  CONCERN_FILL,
  CONCERN_KEYS,
  CONCERN_LABELS,
  LEVEL_KEYS,
  concernOf,
  levelLabel,
  tableToggleLabel,
} from './dashboard-model';
import type { LevelBarsRow } from './dashboard-types';
import {
  levelPartText,
  levelRowStatus,
  noBarText,
  rowHeading,
  summarizeLevelBars,
  withoutLevelText,
  type LevelRowStatus,
} from './level-bars-model';
import './register-bar-chart';

const TEXT = '#1d2327';
const MUTED = '#4a555c';
const GRID = '#dde2e4';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

type BarData = ChartData<'bar', (number | null)[], string>;

/**
 * Writes each segment's percentage on it (and the level's name when there is room), so the
 * colour is never the only way to tell segments apart, and writes the reason across the row
 * of a measure that has no bar. Reads the statuses from a closure: the chart is re-keyed
 * when they change, because react-chartjs-2 reads `plugins` only on creation.
 */
function barLabelsPlugin(statuses: readonly LevelRowStatus[]): Plugin<'bar'> {
  return {
    id: 'sustainLevelBarLabels',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = TEXT;
      ctx.textBaseline = 'middle';
      statuses.forEach((status, row) => {
        if (status.kind !== 'shown') {
          ctx.textAlign = 'left';
          ctx.fillText(noBarText(status), chartArea.left + 6, scales.y.getPixelForValue(row));
          return;
        }
        status.parts.forEach((part, d) => {
          const bar = chart.getDatasetMeta(d).data[row];
          if (!bar || part.count === 0) return;
          const { x, base, y } = bar.getProps(['x', 'base', 'y'], true) as { x: number; base: number; y: number };
          const width = Math.abs(x - base);
          const long = `${levelLabel(part.level)} ${part.percent}%`;
          const short = `${part.percent}%`;
          const text = ctx.measureText(long).width + 8 <= width ? long : ctx.measureText(short).width + 6 <= width ? short : null;
          if (!text) return;
          ctx.textAlign = 'center';
          ctx.fillText(text, (x + base) / 2, y);
        });
      });
      ctx.restore();
    },
  };
}

/**
 * Horizontal 100%-stacked bars: the share of people at the low, moderate and high level for
 * each measure, with counts and n in the tooltips and the table. A measure hidden for privacy
 * (or with no responses) shows why instead of a bar. Renders a card with an <h3> `title`.
 */
export function LevelBars({ rows, title }: { rows: LevelBarsRow[]; title: string }) {
  const captionId = useId();
  const statuses = useMemo(() => rows.map(levelRowStatus), [rows]);

  const { data, options } = useMemo(() => {
    const chartData: BarData = {
      labels: rows.map((r) => r.label),
      datasets: LEVEL_KEYS.map((level, d) => ({
        label: levelLabel(level),
        data: statuses.map((s) => (s.kind === 'shown' ? s.parts[d].share : null)),
        // Colour by concern per measure (high VR is good, high burnout is not).
        backgroundColor: rows.map((r) => CONCERN_FILL[concernOf(r.measure, level)]),
        // Pale fills need a dark edge to be seen against white and against each other.
        borderColor: TEXT,
        borderWidth: 1,
        borderSkipped: false,
        barPercentage: 0.9,
        categoryPercentage: 0.85,
      })),
    };
    const chartOptions: ChartOptions<'bar'> = {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false, axis: 'y' },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => {
            const s = statuses[item.dataIndex];
            return s?.kind === 'shown' && s.parts[item.datasetIndex].count > 0;
          },
          callbacks: {
            title: (items) => (items.length ? rowHeading(rows[items[0].dataIndex]) : ''),
            label: (item) => {
              const s = statuses[item.dataIndex];
              return s.kind === 'shown' ? levelPartText(s.parts[item.datasetIndex], s.total) : '';
            },
            footer: (items) => {
              const s = items.length ? statuses[items[0].dataIndex] : null;
              return s?.kind === 'shown' ? (withoutLevelText(s) ?? '') : '';
            },
          },
        },
      },
      scales: {
        x: {
          stacked: true,
          min: 0,
          max: 100,
          ticks: { color: MUTED, stepSize: 25, callback: (value) => `${value}%` },
          grid: { color: GRID },
          title: { display: true, text: 'Share of people with a level', color: TEXT },
        },
        y: {
          stacked: true,
          ticks: { color: TEXT },
          grid: { display: false },
        },
      },
    };
    return { data: chartData, options: chartOptions };
  }, [rows, statuses]);

  const pluginKey = JSON.stringify(statuses);
  const plugins = useMemo(() => [barLabelsPlugin(JSON.parse(pluginKey) as LevelRowStatus[])], [pluginKey]);

  if (rows.length === 0) {
    return (
      <div className="card">
        <h3 className={styles.chartTitle}>{title}</h3>
        <p className="empty">No results yet. Level shares appear when the first cycle closes.</p>
      </div>
    );
  }

  return (
    <div className="card">
      <h3 className={styles.chartTitle}>{title}</h3>
      <div className={styles.chartBox} style={{ height: `${Math.max(8, rows.length * 3 + 4)}rem` }}>
        <Bar
          key={pluginKey}
          data={data}
          options={options}
          plugins={plugins}
          role="img"
          aria-label={summarizeLevelBars(title, rows)}
        />
      </div>
      <ul className={styles.legend}>
        {CONCERN_KEYS.map((concern) => (
          <li key={concern}>
            <svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="17" height="13" fill={CONCERN_FILL[concern]} stroke={TEXT} />
            </svg>
            <span>{CONCERN_LABELS[concern]}</span>
          </li>
        ))}
      </ul>
      <p className="small muted">
        Bars run from low (left) to high (right); each segment names its level. Colours show concern: green is the
        favourable end, red the concerning end. {CONCERNING_END_NOTE}
      </p>

      <details className={styles.tableToggle}>
        <summary>{tableToggleLabel(title)}</summary>
        <div className={`table-wrap ${styles.tableWrap}`} role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="data">
            <caption id={captionId} className={styles.caption}>
              {title}: number and share of people at each level
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" className="num">
                  n
                </th>
                {LEVEL_KEYS.map((level) => (
                  <th key={level} scope="col" className="num">
                    {levelLabel(level)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const status = statuses[i];
                return (
                  <tr key={row.measure}>
                    <th scope="row">{row.label}</th>
                    {status.kind === 'shown' ? (
                      <>
                        <td className="num">
                          {status.n ?? '–'}
                          {withoutLevelText(status) ? (
                            <span className="small muted"> ({withoutLevelText(status)})</span>
                          ) : null}
                        </td>
                        {status.parts.map((part) => (
                          <td key={part.level} className="num">
                            {part.count} ({part.percent}%)
                          </td>
                        ))}
                      </>
                    ) : (
                      <td colSpan={4}>{noBarText(status)}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
