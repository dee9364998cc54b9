import type { ViewCell, ViewChange } from '@/lib/dashboard/view';
import { MEASURE_ORDER } from '@/lib/dashboard/view';
import type { MeasureKey, MeasureSpec } from '@/lib/measures';
import { MeasureCard } from './measure-card';

/** One group's latest published numbers: a card per measure with its CI, n and within-person change. */
export function MeasureCards({
  specs,
  cells,
  changes,
  group,
}: {
  specs: Readonly<Record<MeasureKey, MeasureSpec>>;
  cells: readonly ViewCell[];
  changes: readonly ViewChange[];
  group: string;
}) {
  return (
    <div className="grid">
      {MEASURE_ORDER.map((m) => (
        <MeasureCard
          key={m}
          spec={specs[m]}
          cell={cells.find((c) => c.group === group && c.measure === m)}
          change={changes.find((c) => c.group === group && c.measure === m)}
        />
      ))}
    </div>
  );
}
