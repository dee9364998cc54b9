'use client';

import { BarController, BarElement, CategoryScale, Chart, LinearScale, PointElement, ScatterController, Tooltip, type Plugin } from 'chart.js';
import { Chart as ReactChart } from 'react-chartjs-2';

Chart.register(BarController, BarElement, ScatterController, PointElement, LinearScale, CategoryScale, Tooltip);

export interface CoefficientRow {
  label: string;
  estimate: number;
  ci95: [number, number];
  /** q for practice models, p otherwise; shown in the table. */
  pValue: number;
  qValue: number | null;
  standardizedBeta: number | null;
  /** Protective (better for the outcome) with a CI excluding 0. */
  protective: boolean;
}

const fmt = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));
const fmtP = (p: number) => (p < 0.001 ? '< .001' : p.toFixed(3).replace(/^0/, ''));

/** A vertical line at zero: an interval crossing it is consistent with no association. */
const zeroLine: Plugin<'bar'> = {
  id: 'zeroLine',
  afterDatasetsDraw(chart) {
    const x = chart.scales.x;
    if (!x) return;
    const px = x.getPixelForValue(0);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = '#4a555c';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/**
 * Coefficient plot: each predictor's estimate (dot) with its 95% CI (horizontal bar),
 * and the same numbers in a table. Units are points on the outcome's scale.
 */
export function CoefficientPlot({ title, unit, rows }: { title: string; unit: string; rows: CoefficientRow[] }) {
  const labels = rows.map((r) => r.label);
  const summary = rows
    .map((r) => `${r.label}: ${fmt(r.estimate)} (95% CI ${fmt(r.ci95[0])} to ${fmt(r.ci95[1])})`)
    .join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ height: `${Math.max(140, rows.length * 42 + 60)}px`, position: 'relative' }}>
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
                data: rows.map((r) => [r.ci95[0], r.ci95[1]] as [number, number]),
                backgroundColor: rows.map((r) => (r.protective ? 'rgba(15, 92, 90, 0.45)' : 'rgba(74, 85, 92, 0.35)')),
                borderColor: rows.map((r) => (r.protective ? '#0f5c5a' : '#4a555c')),
                borderWidth: 1,
                barThickness: 10,
              },
              {
                type: 'scatter',
                label: 'Estimate',
                data: rows.map((r) => ({ x: r.estimate, y: r.label })),
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
              x: { type: 'linear', title: { display: true, text: unit } },
              y: { type: 'category', labels },
            },
            plugins: {
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: (item) => {
                    const r = rows[item.dataIndex]!;
                    return `${fmt(r.estimate)} (95% CI ${fmt(r.ci95[0])} to ${fmt(r.ci95[1])})`;
                  },
                },
              },
            },
          }}
          plugins={[zeroLine as Plugin<'bar'>]}
        />
      </div>
      <figcaption className="small muted">Dots are estimates, bars 95% confidence intervals; the dashed line is zero (no association).</figcaption>
      <details>
        <summary>Show &quot;{title}&quot; as a table</summary>
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Predictor</th>
                <th scope="col" className="num">Estimate</th>
                <th scope="col" className="num">95% CI</th>
                <th scope="col" className="num">p</th>
                <th scope="col" className="num">q</th>
                <th scope="col" className="num">Standardized β</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{fmt(r.estimate)}</td>
                  <td className="num">
                    {fmt(r.ci95[0])} to {fmt(r.ci95[1])}
                  </td>
                  <td className="num">{fmtP(r.pValue)}</td>
                  <td className="num">{r.qValue === null ? '—' : fmtP(r.qValue)}</td>
                  <td className="num">{r.standardizedBeta === null ? '—' : fmt(r.standardizedBeta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
