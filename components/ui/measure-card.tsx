import { concernOf } from '@/components/charts/dashboard-model';
import { levelLabel } from '@/components/checkin/results-format';
import type { ViewCell, ViewChange } from '@/lib/dashboard/view';
import { MEASURE_RANGES, MEASURE_TITLES } from '@/lib/dashboard/view';

const fmt = (x: number) => x.toFixed(1);

/** One measure's agency mean with its 95% CI and n, and a change flag only when Welch's p < .05. */
export function MeasureCard({ cell, change }: { cell: ViewCell | undefined; change: ViewChange | undefined }) {
  if (!cell) return null;
  const range = MEASURE_RANGES[cell.measure];
  const cmp = change?.comparison;
  return (
    <section className="card" aria-labelledby={`card-${cell.measure}`}>
      <h3 id={`card-${cell.measure}`}>{MEASURE_TITLES[cell.measure]}</h3>
      {cell.suppressed ? (
        <p className="muted">Hidden: {cell.suppressed}.</p>
      ) : cell.mean === null ? (
        <p className="muted">No responses.</p>
      ) : (
        <>
          <p className="stat">
            {fmt(cell.mean)} <span className="small muted">of {range.min}–{range.max}</span>
          </p>
          <p className="small">
            95% CI {fmt(cell.ci95![0])} to {fmt(cell.ci95![1])} · n = {cell.n}
            {cell.meanLevel ? (
              <>
                {' '}
                · <span className={`badge ${concernOf(cell.measure, cell.meanLevel)}`}>{levelLabel(cell.meanLevel)}</span>
              </>
            ) : null}
          </p>
          {cmp && cmp.comparable ? (
            cmp.flagged ? (
              <p className="small">
                <strong>
                  {cmp.direction === 'increase' ? '▲ Up' : '▼ Down'} {fmt(Math.abs(cmp.difference))}
                </strong>{' '}
                since the previous cycle (Welch p = {cmp.pValue < 0.001 ? '< .001' : cmp.pValue.toFixed(3).replace(/^0/, '')}; n{' '}
                {cmp.nPrevious} → {cmp.nCurrent}).
              </p>
            ) : (
              <p className="small muted">No clear change since the previous cycle (p ≥ .05).</p>
            )
          ) : cmp ? (
            <p className="small muted">{cmp.reason}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
