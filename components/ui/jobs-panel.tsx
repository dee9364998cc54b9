import type { JobsPanelDto } from '@/lib/jobs/status';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const states = ['queued', 'running', 'failed', 'done'] as const;
const stateLabels = { queued: 'Waiting', running: 'Running', failed: 'Failed', done: 'Done (last 7 days)' };

/** The admin "Background jobs" panel: counts and the last error only, never a person. */
export function JobsPanel({ panel }: { panel: JobsPanelDto }) {
  const total = states.reduce((a, s) => a + panel.counts[s], 0);
  return (
    <section className="card" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Background jobs</h2>
      <p className="small muted">
        Closing and publishing cycles, reminders, emails and clean-up run in the background and are retried when they fail.
      </p>
      {total === 0 ? (
        <p className="empty">No background jobs yet. They appear when a cycle closes, reminders go out or old records are cleaned up.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Background jobs for this agency by kind and state</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                {states.map((s) => (
                  <th key={s} scope="col" className="num">
                    {stateLabels[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {panel.byKind.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{k.label}</th>
                  {states.map((s) => (
                    <td key={s} className="num">
                      {k.counts[s]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All</th>
                {states.map((s) => (
                  <td key={s} className="num">
                    {panel.counts[s]}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {panel.oldestQueuedAt ? <p className="small">Oldest waiting job is due since {timeFormat.format(new Date(panel.oldestQueuedAt))} UTC.</p> : null}
      <h3>Last error</h3>
      {panel.lastError ? (
        <p className="small">
          <strong>{panel.lastError.label}</strong>, {timeFormat.format(new Date(panel.lastError.at))} UTC, attempt {panel.lastError.attempts}
          {panel.lastError.state === 'failed' ? ' (gave up)' : panel.lastError.state === 'done' ? ' (later succeeded)' : ' (will retry)'}:{' '}
          <code>{panel.lastError.message}</code>
        </p>
      ) : (
        <p className="small">No errors.</p>
      )}
    </section>
  );
}
