import type { StepProgress, WizardStep } from './wizard-model';

/**
 * Answered and unanswered counts for every step, each with a button back to it.
 * Skipping is allowed; this is a chance to look again, not a gate.
 */
export function ReviewStep({
  steps,
  progress,
  onGoTo,
}: {
  steps: readonly WizardStep[];
  progress: readonly StepProgress[];
  onGoTo: (index: number) => void;
}) {
  const rows = steps
    .map((step, index) => ({ step, index, ...progress[index] }))
    .filter((row) => row.step.kind !== 'review');
  const unansweredItems = rows
    .filter((r) => r.step.kind === 'items')
    .reduce((sum, r) => sum + (r.total - r.answered), 0);
  return (
    <div>
      <p>
        {unansweredItems === 0
          ? 'You have answered every question. You can still go back and change any answer before you submit.'
          : `${unansweredItems === 1 ? '1 question is' : `${unansweredItems} questions are`} unanswered. You can go back to them, or submit as it is.`}
      </p>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Your answers so far, by step</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="num">
                Answered
              </th>
              <th scope="col" className="num">
                Unanswered
              </th>
              <th scope="col">
                <span className="visually-hidden">Go to step</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ step, index, answered, total }) => (
              <tr key={step.id}>
                <th scope="row">{step.shortTitle}</th>
                <td className="num">
                  {answered} of {total}
                </td>
                <td className="num">{step.kind === 'profile' ? `${total - answered} (optional)` : total - answered}</td>
                <td>
                  <button type="button" className="button secondary small" onClick={() => onGoTo(index)}>
                    Go to this step<span className="visually-hidden"> ({step.shortTitle})</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        A score can still be worked out when a few of its questions are unanswered. If too many are unanswered, that
        score is left out, and your results page says why.
      </p>
      <p>When you submit, your answers are sent and you will see your results.</p>
    </div>
  );
}
