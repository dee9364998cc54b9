'use client';

import { BarController, BarElement, CategoryScale, Chart, LinearScale, PointElement, ScatterController, Tooltip, type Plugin } from 'chart.js';
import { Chart as ReactChart } from 'react-chartjs-2';
import { formatProbability } from '@/lib/drivers/format';
import { formatCi, formatFixed } from '@/lib/stats/format';
import { wrapLabel } from './wrap-label';

Chart.register(BarController, BarElement, ScatterController, PointElement, LinearScale, CategoryScale, Tooltip);

export interface CoefficientRow {
  /** Predictor with its contrast, e.g. "Years in the field (per 10 years)". */
  label: string;
  /** Effect on the stated contrast, in points, and its 95% CI. */
  effect: number;
  effectCi95: [number, number];
  /** Unadjusted p: shown, never used to highlight. */
  pValue: number;
  /** Family-wide Benjamini–Yekutieli q; null outside the family. */
  qValue: number | null;
  standardizedBeta: number | null;
  /** Flagged: q < .05 and the whole CI beyond the minimally important difference. */
  flagged: boolean;
  direction: 'favourable' | 'unfavourable' | null;
}

const colours = {
  favourable: { fill: 'rgba(15, 92, 90, 0.45)', line: '#0f5c5a' },
  unfavourable: { fill: 'rgba(150, 60, 20, 0.4)', line: '#8a3a12' },
  none: { fill: 'rgba(74, 85, 92, 0.3)', line: '#4a555c' },
};
const colourOf = (r: CoefficientRow) => (r.flagged && r.direction ? colours[r.direction] : colours.none);

/** Dashed line at zero (no association) and dotted lines at ±MID (smallest difference worth acting on). */
function referenceLines(mid: number): Plugin<'bar'> {
  return {
    id: 'referenceLines',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (!x) return;
      const { top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#4a555c';
      for (const [value, dash] of [
        [0, [4, 4]],
        [-mid, [1, 3]],
        [mid, [1, 3]],
      ] as const) {
        if (value < x.min || value > x.max) continue;
        const px = x.getPixelForValue(value);
        ctx.setLineDash([...dash]);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

const signalText = (r: CoefficientRow) =>
  r.flagged ? (r.direction === 'favourable' ? 'Clear: better' : 'Clear: worse') : r.qValue === null ? 'Not tested' : 'No clear signal';

/**
 * Coefficient plot: each predictor's effect on its stated contrast (dot) with its 95% CI
 * (horizontal bar), coloured only when flagged, and the same numbers in a table.
 */
export function CoefficientPlot({ title, unit, rows, mid }: { title: string; unit: string; rows: CoefficientRow[]; mid: number }) {
  const labels = rows.map((r) => r.label);
  const wrapped = rows.map((r) => wrapLabel(r.label));
  const lineCount = wrapped.reduce((sum, l) => sum + l.length, 0);
  const summary = rows
    .map((r) => `${r.label}: ${formatFixed(r.effect)} (95% CI ${formatCi(r.effectCi95[0], r.effectCi95[1])}), ${signalText(r).toLowerCase()}`)
    .join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ height: `${Math.max(140, rows.length * 24 + lineCount * 14 + 60)}px`, position: 'relative', maxWidth: '100%' }}>
        <ReactChart
          type="bar"
          role="img"
          aria-label={`${title}. ${summary}.`}
          data={{
            labels,
            datasets: [
              {
                type: 'bar',
                label: '95% CI',
                data: rows.map((r) => [r.effectCi95[0], r.effectCi95[1]] as [number, number]),
                backgroundColor: rows.map((r) => colourOf(r).fill),
                borderColor: rows.map((r) => colourOf(r).line),
                borderWidth: 1,
                barThickness: 10,
              },
              {
                type: 'scatter',
                label: 'Estimate',
                data: rows.map((r) => ({ x: r.effect, y: r.label })),
                backgroundColor: '#1d2327',
                pointRadius: 5,
              },
            ] as never,
          }}
          options={{
            indexAxis: 'y',
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: {
              x: { type: 'linear', title: { display: true, text: unit }, suggestedMin: -mid - 0.5, suggestedMax: mid + 0.5 },
              y: { type: 'category', labels, ticks: { autoSkip: false, font: { size: 11 }, callback: (_value, index) => wrapped[index] ?? '' } },
            },
            plugins: {
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: (item) => {
                    const r = rows[item.dataIndex]!;
                    return `${formatFixed(r.effect)} (95% CI ${formatCi(r.effectCi95[0], r.effectCi95[1])}): ${signalText(r)}`;
                  },
                },
              },
            },
          }}
          plugins={[referenceLines(mid) as Plugin<'bar'>]}
        />
      </div>
      <figcaption className="small muted">
        Dots are estimates on each predictor&apos;s stated contrast, bars 95% confidence intervals. The dashed line is zero (no
        association); the dotted lines are ±{mid} point, the smallest difference worth acting on. A bar is coloured only when it
        is a clear signal.
      </figcaption>
      <details>
        <summary>Show &quot;{title}&quot; as a table</summary>
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Predictor (contrast)</th>
                <th scope="col" className="num">Estimate</th>
                <th scope="col" className="num">95% CI</th>
                <th scope="col" className="num">p</th>
                <th scope="col" className="num">q (family-wide)</th>
                <th scope="col" className="num">Standardized β</th>
                <th scope="col">Signal</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{formatFixed(r.effect, 2)}</td>
                  <td className="num">
                    {formatCi(r.effectCi95[0], r.effectCi95[1], 2)}
                  </td>
                  <td className="num">{formatProbability(r.pValue)}</td>
                  <td className="num">{r.qValue === null ? '—' : formatProbability(r.qValue)}</td>
                  <td className="num">{r.standardizedBeta === null ? '—' : formatFixed(r.standardizedBeta, 2)}</td>
                  <td>{signalText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
