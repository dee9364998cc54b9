import { concernOf } from '@/components/charts/dashboard-model';
import { formatFixed } from '@/lib/stats/format';
import { levelLabel } from '@/components/checkin/results-format';
import type { ViewCell, ViewChange } from '@/lib/dashboard/view';
import { rangeText, type MeasureSpec } from '@/lib/measures';

const fmt = (x: number) => formatFixed(x);

/**
 * One measure's agency mean (its label and range from lib/measures, for the cycle's instrument) with its 95% CI and n, and its within-person change since the
 * previous cycle (among the people who answered both), flagged only when it survives the
 * release's false-discovery-rate control.
 */
export function MeasureCard({ spec, cell, change }: { spec: MeasureSpec; cell: ViewCell | undefined; change: ViewChange | undefined }) {
  if (!cell) return null;
  const ch = change?.cell;
  return (
    <section className="card" aria-labelledby={`card-${cell.measure}`}>
      <h3 id={`card-${cell.measure}`}>{spec.label}</h3>
      {cell.suppressed ? (
        <p className="muted">Hidden: {cell.suppressed}.</p>
      ) : cell.mean === null ? (
        <p className="muted">No responses.</p>
      ) : (
        <>
          <p className="stat">
            {fmt(cell.mean)} <span className="small muted">of {rangeText(spec)}</span>
          </p>
          <p className="small">
            95% CI {fmt(cell.ci95[0])} to {fmt(cell.ci95[1])} · n = {cell.n}
            {cell.meanLevel ? (
              <>
                {' '}
                · <span className={`badge ${concernOf(spec.key, cell.meanLevel)}`}>{levelLabel(cell.meanLevel)}</span>
              </>
            ) : null}
          </p>
          {ch && ch.suppressed === null ? (
            ch.flagged ? (
              <p className="small">
                <strong>
                  {ch.meanChange > 0 ? '▲ Up' : '▼ Down'} {fmt(Math.abs(ch.meanChange))}
                </strong>{' '}
                since the previous cycle among the {ch.nPairs} people who answered both (95% CI {formatFixed(ch.ci95[0])} to{' '}
                {formatFixed(ch.ci95[1])}).
              </p>
            ) : (
              <p className="small muted">
                No clear change since the previous cycle among the {ch.nPairs} people who answered both ({formatFixed(ch.meanChange)}, 95% CI{' '}
                {formatFixed(ch.ci95[0])} to {formatFixed(ch.ci95[1])}).
              </p>
            )
          ) : ch ? (
            <p className="small muted">Change since the previous cycle: {ch.suppressed}.</p>
          ) : null}
        </>
      )}
    </section>
  );
}
