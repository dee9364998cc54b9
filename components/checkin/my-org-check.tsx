import { ORG_CHECK } from '@/lib/instruments/org-check';
import type { MyOrgCheckDto } from '@/lib/server/pillars';
import { formatCi, formatFixed } from '@/lib/stats/format';

const labelOf = (v: number | null) =>
  v === null ? "Skipped or don't know" : `${v} ${ORG_CHECK.responseScale.labels.find((l) => l.value === v)?.label ?? ''}`.trim();

/**
 * The staff member's own organizational-check answers and pillar scores beside the
 * agency's published pillar means (issue 15). Own answers come from their own response;
 * the agency's means are the published, suppressed cells (never a team's), shown to staff
 * only when the agency allows staff to see agency results (`data.agencyShown`); otherwise
 * the table holds the staff member's own scores alone.
 */
export function MyOrgCheck({ data }: { data: MyOrgCheckDto }) {
  const caption = data.agencyShown ? 'Your pillar scores and the agency average' : 'Your pillar scores';
  return (
    <section aria-labelledby="my-org-heading" className="card">
      <h2 id="my-org-heading">About the agency: your answers</h2>
      <p className="small">
        Your pillar score is the mean of your answers to its three statements (1 strongly disagree to 5 strongly agree).{' '}
        {data.agencyShown
          ? 'The agency average is published when the cycle closes, for the whole agency only.'
          : 'Your agency has chosen not to show agency-wide results to staff, so you see your own answers only.'}{' '}
        {ORG_CHECK.attribution}
      </p>
      <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Pillar</th>
              <th scope="col">You</th>
              {data.agencyShown ? <th scope="col">Agency average</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.pillars.map((p) => (
              <tr key={p.code}>
                <th scope="row">{p.name}</th>
                <td>{p.mine !== null ? formatFixed(p.mine, 2) : <span className="small">{p.reason}</span>}</td>
                {data.agencyShown ? (
                  <td>
                    {p.agency ? (
                      <>
                        {formatFixed(p.agency.mean, 1)}{' '}
                        <span className="small">
                          (95% CI {formatCi(p.agency.ci95[0], p.agency.ci95[1])}, n {p.agency.n})
                        </span>
                      </>
                    ) : (
                      <span className="small">{p.agencyNote}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details>
        <summary>Your answers to each statement</summary>
        <ol>
          {data.items.map((i) => (
            <li key={i.id} value={i.id}>
              {i.text} <strong>{labelOf(i.answer)}</strong>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
