'use client';

import type { Chart, ChartData, ChartOptions, Plugin } from 'chart.js';
import { useId, useMemo } from 'react';
import { Line } from 'react-chartjs-2';
import styles from './charts.module.css';
import { cellStatus, formatFullDate, formatMean, tableToggleLabel } from './dashboard-model';
import type { TrendChartProps } from './dashboard-types';
import {
  alignSeries,
  buildCycleAxis,
  cycleTickLabels,
  fitMarkerLabel,
  formatCiRange,
  isolatedIntervals,
  notShownText,
  numberMarkers,
  seriesPointText,
  seriesValues,
  summarizeTrend,
  trendSeriesStyle,
  xBounds,
  type CycleSlot,
  type NumberedMarker,
  type TrendSeriesStyle,
} from './trend-model';
import './register-trend-chart';

const TEXT = '#1d2327';
const MUTED = '#4a555c';
const GRID = '#dde2e4';
/** Cut-point lines: faint, but still 3:1 against white so they can be found. */
const CUT_LINE = '#8a959b';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

type XY = { x: number; y: number | null };
type TrendData = ChartData<'line', XY[]>;

/** What each chart.js dataset is, by dataset index, for tooltips. */
type DatasetRole = { kind: 'mean'; series: number } | { kind: 'band'; series: number };

interface Annotations {
  cutPoints: TrendChartProps['cutPoints'];
  markers: { time: number; number: number; label: string }[];
  /** 95% CI bars for means with no neighbour to make a band with. */
  intervals: { time: number; lower: number; upper: number; color: string }[];
}

/** Draws text on a translucent white box so it stays readable over bands and lines. */
function drawLabel(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, align: 'left' | 'right') {
  ctx.font = `12px ${FONT}`;
  const width = ctx.measureText(text).width;
  const left = align === 'left' ? x : x - width;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(left - 2, y - 1, width + 4, 15);
  ctx.fillStyle = TEXT;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(text, left, y);
}

/**
 * An inline plugin (no annotation dependency): faint horizontal lines at the level cut
 * points under the data, and a dashed vertical line with a numbered label for each action
 * marker over it. react-chartjs-2 reads `plugins` only when it creates the chart, so the
 * component re-keys the chart when these change.
 */
function annotationPlugin(annotations: Annotations): Plugin<'line'> {
  return {
    id: 'sustainTrendAnnotations',
    beforeDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea, scales } = chart;
      const y = scales.y;
      if (!y) return;
      ctx.save();
      ctx.strokeStyle = CUT_LINE;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      const cuts = annotations.cutPoints ? [annotations.cutPoints.lowMax, annotations.cutPoints.highMin] : [];
      for (const value of cuts) {
        const py = y.getPixelForValue(value);
        if (py < chartArea.top || py > chartArea.bottom) continue;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
      }
      const x = scales.x;
      if (x && y) {
        ctx.setLineDash([]);
        ctx.lineWidth = 2;
        for (const interval of annotations.intervals) {
          const px = x.getPixelForValue(interval.time);
          const top = y.getPixelForValue(interval.upper);
          const bottom = y.getPixelForValue(interval.lower);
          ctx.strokeStyle = interval.color;
          ctx.beginPath();
          ctx.moveTo(px, top);
          ctx.lineTo(px, bottom);
          ctx.moveTo(px - 5, top);
          ctx.lineTo(px + 5, top);
          ctx.moveTo(px - 5, bottom);
          ctx.lineTo(px + 5, bottom);
          ctx.stroke();
        }
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      const y = scales.y;
      ctx.save();
      if (annotations.cutPoints && y) {
        const { lowMax, highMin } = annotations.cutPoints;
        const lowY = y.getPixelForValue(lowMax);
        const highY = y.getPixelForValue(highMin);
        if (lowY >= chartArea.top && lowY <= chartArea.bottom - 16) {
          drawLabel(ctx, `Low ≤ ${lowMax}`, chartArea.right - 4, lowY + 2, 'right');
        }
        if (highY >= chartArea.top + 16 && highY <= chartArea.bottom) {
          drawLabel(ctx, `High ≥ ${highMin}`, chartArea.right - 4, highY - 16, 'right');
        }
      }
      if (x) {
        annotations.markers.forEach((marker, i) => {
          const px = x.getPixelForValue(marker.time);
          if (px < chartArea.left || px > chartArea.right) return;
          ctx.strokeStyle = TEXT;
          ctx.lineWidth = 1.5;
          ctx.setLineDash([3, 3]);
          ctx.beginPath();
          ctx.moveTo(px, chartArea.top);
          ctx.lineTo(px, chartArea.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          // Stagger labels down the chart so markers close together do not overwrite each other.
          const labelY = chartArea.top + 2 + (i % 3) * 17;
          ctx.font = `12px ${FONT}`;
          const measure = (text: string) => ctx.measureText(text).width;
          const spaceRight = chartArea.right - px - 8;
          const spaceLeft = px - chartArea.left - 8;
          const full = `${marker.number} ${marker.label}`;
          // Right of the line when the label fits there or there is more room there; never outside the plot.
          const right = measure(full) <= spaceRight || spaceRight >= spaceLeft;
          const text = fitMarkerLabel(marker.number, marker.label, right ? spaceRight : spaceLeft, measure);
          drawLabel(ctx, text, right ? px + 4 : px - 4, labelY, right ? 'left' : 'right');
        });
      }
      ctx.restore();
    },
  };
}

function buildDatasets(
  axis: readonly CycleSlot[],
  values: ReturnType<typeof seriesValues>[],
  labels: readonly string[],
): { datasets: TrendData['datasets']; roles: DatasetRole[] } {
  const xy = (ys: (number | null)[]): XY[] => ys.map((y, i) => ({ x: axis[i].time, y }));
  const roles: DatasetRole[] = [];
  const datasets: TrendData['datasets'] = [];
  // chart.js draws earlier datasets on top, so the mean lines come first and the bands last.
  values.forEach((v, s) => {
    const st = trendSeriesStyle(s);
    roles.push({ kind: 'mean', series: s });
    datasets.push({
      label: labels[s],
      data: xy(v.mean),
      borderColor: st.color,
      backgroundColor: st.color,
      borderDash: st.dash,
      borderWidth: st.lineWidth,
      pointStyle: st.pointStyle,
      pointRadius: s === 0 ? 5 : 4.5,
      pointHoverRadius: 7,
      // A hidden cell is a gap, never a line drawn through it.
      spanGaps: false,
      tension: 0,
      fill: false,
    });
  });
  values.forEach((v, s) => {
    const st = trendSeriesStyle(s);
    const upperIndex = datasets.length;
    roles.push({ kind: 'band', series: s });
    datasets.push({
      label: `${labels[s]}, upper 95% CI`,
      data: xy(v.upper),
      borderColor: 'transparent',
      borderWidth: 0,
      pointRadius: 0,
      pointHoverRadius: 0,
      spanGaps: false,
      fill: false,
    });
    roles.push({ kind: 'band', series: s });
    datasets.push({
      label: `${labels[s]}, lower 95% CI`,
      data: xy(v.lower),
      borderColor: 'transparent',
      borderWidth: 0,
      pointRadius: 0,
      pointHoverRadius: 0,
      spanGaps: false,
      // Fill up to this series' upper bound (an absolute dataset index).
      fill: upperIndex,
      backgroundColor: st.bandColor,
    });
  });
  return { datasets, roles };
}

function PointShape({ style, x, y }: { style: TrendSeriesStyle; x: number; y: number }) {
  const c = style.color;
  switch (style.pointStyle) {
    case 'circle':
      return <circle cx={x} cy={y} r="4" fill={c} />;
    case 'rect':
      return <rect x={x - 4} y={y - 4} width="8" height="8" fill={c} />;
    case 'rectRounded':
      return <rect x={x - 4} y={y - 4} width="8" height="8" rx="2" fill={c} />;
    case 'triangle':
      return <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} fill={c} />;
    case 'rectRot':
      return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={c} />;
    case 'star':
      return (
        <polygon
          points={`${x},${y - 5} ${x + 1.5},${y - 1.5} ${x + 5},${y - 1.5} ${x + 2},${y + 1} ${x + 3},${y + 5} ${x},${y + 2.5} ${x - 3},${y + 5} ${x - 2},${y + 1} ${x - 5},${y - 1.5} ${x - 1.5},${y - 1.5}`}
          fill={c}
        />
      );
    case 'crossRot':
      return <path d={`M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x + 4} ${y - 4}L${x - 4} ${y + 4}`} stroke={c} strokeWidth="2" />;
    case 'cross':
      return <path d={`M${x} ${y - 5}V${y + 5}M${x - 5} ${y}H${x + 5}`} stroke={c} strokeWidth="2" />;
  }
}

/** The chart's key in HTML: each line's colour, dash and point shape in words too, and what the band and lines mean. */
function Legend({
  labels,
  cutPoints,
  hasMarkers,
}: {
  labels: readonly string[];
  cutPoints: TrendChartProps['cutPoints'];
  hasMarkers: boolean;
}) {
  return (
    <ul className={styles.legend}>
      {labels.map((label, i) => {
        const st = trendSeriesStyle(i);
        return (
          <li key={`${i}-${label}`}>
            <svg width="40" height="14" viewBox="0 0 40 14" aria-hidden="true" focusable="false">
              <rect x="0" y="2" width="40" height="10" fill={st.bandColor} />
              <line x1="0" y1="7" x2="40" y2="7" stroke={st.color} strokeWidth={st.lineWidth} strokeDasharray={st.svgDash || undefined} />
              <PointShape style={st} x={20} y={7} />
            </svg>
            <span>
              {label}{' '}
              <span className="muted">
                ({st.dashName} line, {st.pointName})
              </span>
            </span>
          </li>
        );
      })}
      <li>
        <svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" focusable="false">
          <rect x="0" y="1" width="24" height="12" fill={trendSeriesStyle(0).bandColor} />
        </svg>
        <span>Shaded band (a bar for a single cycle): 95% confidence interval</span>
      </li>
      {cutPoints ? (
        <li>
          <svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" focusable="false">
            <line x1="0" y1="7" x2="24" y2="7" stroke={CUT_LINE} strokeWidth="1" strokeDasharray="4 4" />
          </svg>
          <span>
            Grey lines: level cut points (low ≤ {cutPoints.lowMax}, high ≥ {cutPoints.highMin})
          </span>
        </li>
      ) : null}
      {hasMarkers ? (
        <li>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <line x1="7" y1="0" x2="7" y2="14" stroke={TEXT} strokeWidth="1.5" strokeDasharray="3 3" />
          </svg>
          <span>Numbered vertical lines: when an action started</span>
        </li>
      ) : null}
    </ul>
  );
}

function MarkerList({ markers }: { markers: readonly NumberedMarker[] }) {
  return (
    <>
      <p className="small">Actions marked on the chart:</p>
      <ol className="small">
        {markers.map((m) => (
          <li key={`${m.number}-${m.date}`}>
            {m.label}, started <time dateTime={m.date}>{formatFullDate(m.date)}</time>
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * The mean of one measure per closed cycle, for the agency (first series) and optionally
 * teams, each with a shaded 95% confidence band. Hidden cells are gaps. Faint lines mark the
 * level cut points; numbered vertical lines mark when actions started. The canvas is an
 * image with a summary label, and a table in a <details> gives every number.
 *
 * Renders an <h3> with `title`; place it inside a card (the dashboard page does).
 */
export function TrendChart({ measure, title, range, cutPoints, series, markers }: TrendChartProps) {
  const captionId = useId();
  const axis = useMemo(() => buildCycleAxis(series), [series]);
  const aligned = useMemo(() => alignSeries(series, axis), [series, axis]);
  const numbered = useMemo(() => numberMarkers(markers), [markers]);
  const labels = useMemo(() => series.map((s) => s.label), [series]);

  const values = useMemo(() => aligned.map(seriesValues), [aligned]);
  const { data, options } = useMemo(() => {
    const built = buildDatasets(axis, values, labels);
    const bounds = xBounds(axis, numbered);
    const tickLabels = new Map(cycleTickLabels(axis).map((label, i) => [axis[i].time, label]));
    const chartOptions: ChartOptions<'line'> = {
      responsive: true,
      maintainAspectRatio: false,
      // Calm and predictable: no animation (also respects reduced-motion preferences).
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          usePointStyle: true,
          filter: (item) => built.roles[item.datasetIndex]?.kind === 'mean',
          callbacks: {
            title: (items) => (items.length ? formatFullDate(axis[items[0].dataIndex].date) : ''),
            label: (item) => {
              const role = built.roles[item.datasetIndex];
              return seriesPointText(labels[role.series], aligned[role.series][item.dataIndex]);
            },
            // Series with no point at this cycle get no tooltip item; say why they are missing.
            footer: (items) => {
              if (!items.length) return '';
              const index = items[0].dataIndex;
              return aligned
                .map((points, s) => {
                  const p = points[index];
                  return p && cellStatus(p).kind === 'shown' ? null : seriesPointText(labels[s], p);
                })
                .filter((line): line is string => line !== null);
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: bounds?.min,
          max: bounds?.max,
          grid: { color: GRID },
          ticks: {
            color: MUTED,
            // One label style ("Apr 2026"), never rotated; labels that would touch are skipped.
            autoSkip: true,
            autoSkipPadding: 12,
            maxRotation: 0,
            minRotation: 0,
            callback: (value) => tickLabels.get(Number(value)) ?? '',
          },
          // One tick per cycle, at its opening date, instead of evenly spaced numbers.
          afterBuildTicks: (scale) => {
            scale.ticks = axis.map((slot) => ({ value: slot.time }));
          },
        },
        y: {
          min: range.min,
          max: range.max,
          title: { display: true, text: `Mean score (${range.min}–${range.max})`, color: TEXT },
          ticks: { color: MUTED, ...(range.max - range.min <= 50 ? { stepSize: 5 } : {}) },
          grid: { color: GRID },
        },
      },
    };
    const chartData: TrendData = { datasets: built.datasets };
    return { data: chartData, options: chartOptions };
  }, [aligned, axis, labels, numbered, range.min, range.max, values]);

  // A string key: the plugin (and so the chart) is rebuilt only when what it draws changes.
  const annotationKey = JSON.stringify({
    cutPoints,
    markers: numbered.map((m) => ({ time: m.time, number: m.number, label: m.label })),
    intervals: values.flatMap((v, s) =>
      isolatedIntervals(v).map((i) => ({
        time: axis[i].time,
        lower: v.lower[i]!,
        upper: v.upper[i]!,
        color: trendSeriesStyle(s).color,
      })),
    ),
  } satisfies Annotations);
  const plugins = useMemo(() => [annotationPlugin(JSON.parse(annotationKey) as Annotations)], [annotationKey]);

  if (axis.length === 0 || series.length === 0) {
    return (
      <>
        <h3 className={styles.chartTitle}>{title}</h3>
        <p className="empty">No closed cycles yet. Results appear when the first cycle closes.</p>
      </>
    );
  }

  return (
    <>
      <h3 className={styles.chartTitle}>{title}</h3>
      <div className={styles.chartBox}>
        <Line
          key={annotationKey}
          data={data}
          options={options}
          plugins={plugins}
          role="img"
          aria-label={summarizeTrend({ title, series, markers })}
          data-measure={measure}
        />
      </div>
      <Legend labels={labels} cutPoints={cutPoints} hasMarkers={numbered.length > 0} />

      <details className={styles.tableToggle}>
        <summary>{tableToggleLabel(title)}</summary>
        <div className={`table-wrap ${styles.tableWrap}`} role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="data">
            <caption id={captionId} className={styles.caption}>
              {title}: mean per cycle, with its 95% confidence interval (CI) and number of responses (n)
            </caption>
            <colgroup>
              <col />
            </colgroup>
            {series.map((s) => (
              <colgroup key={s.groupId} span={3} />
            ))}
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  Cycle
                </th>
                {series.map((s) => (
                  <th key={s.groupId} scope="colgroup" colSpan={3}>
                    {s.label}
                  </th>
                ))}
              </tr>
              <tr>
                {series.map((s) => [
                  <th key={`${s.groupId}-mean`} scope="col" className="num">
                    Mean
                  </th>,
                  <th key={`${s.groupId}-ci`} scope="col" className="num" style={{ whiteSpace: 'nowrap' }}>
                    95% CI
                  </th>,
                  <th key={`${s.groupId}-n`} scope="col" className="num">
                    n
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {axis.map((slot, i) => (
                <tr key={slot.cycleId}>
                  <th scope="row" style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={slot.date}>{formatFullDate(slot.date)}</time>
                  </th>
                  {series.map((s, si) => {
                    const point = aligned[si][i];
                    const status = point ? cellStatus(point) : null;
                    if (status?.kind !== 'shown') {
                      return (
                        <td key={s.groupId} colSpan={3}>
                          {notShownText(point)}
                        </td>
                      );
                    }
                    return [
                      <td key={`${s.groupId}-mean`} className="num">
                        {formatMean(status.mean)}
                      </td>,
                      <td key={`${s.groupId}-ci`} className="num" style={{ whiteSpace: 'nowrap' }}>
                        {formatCiRange(status.ci95)}
                      </td>,
                      <td key={`${s.groupId}-n`} className="num">
                        {status.n ?? '–'}
                      </td>,
                    ];
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {numbered.length ? <MarkerList markers={numbered} /> : null}
      </details>
    </>
  );
}
