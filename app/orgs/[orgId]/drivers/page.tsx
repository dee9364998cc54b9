import type { Metadata } from 'next';
import Link from 'next/link';
import { CoefficientPlot } from '@/components/charts/coefficient-plot';
import { ActionItemForm } from '@/components/forms/action-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { OUTCOME_LABELS, type ModelResult } from '@/lib/drivers/analyze';
import { getDrivers } from '@/lib/server/drivers';
import { getDirectorRecommendations } from '@/lib/server/recommendations';

export const metadata: Metadata = { title: 'Drivers and recommendations' };

const fmt = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));
const fmtP = (p: number) => (p < 0.001 ? '< .001' : p.toFixed(3).replace(/^0/, ''));
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function NotEnough({ model }: { model: ModelResult }) {
  if (model.status === 'ok') return null;
  return (
    <p className="alert info">
      {model.message}
      {model.notes.length ? ` ${model.notes.join(' ')}` : ''}
    </p>
  );
}

export default async function DriversPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  const db = getDb();
  const drivers = await getDrivers(db, member);
  const recommendations = await getDirectorRecommendations(db, member, drivers);
  const today = new Date().toISOString().slice(0, 10);
  const models = drivers.outcomes.flatMap((o) => [o.main, ...o.practices.map((p) => p.model)]);
  const firstMain = drivers.outcomes[0]?.main;
  const noModel =
    firstMain?.status === 'insufficient' && models.every((m) => m.status === 'insufficient') ? firstMain.message : null;

  return (
    <>
      <h1>Drivers and recommendations</h1>
      <p className="lede">
        Which personal factors and self-care practices go with better outcomes in {member.orgName}, from each person&apos;s latest
        check-in in closed cycles of the last {drivers.windowMonths} months ({drivers.nRespondents} people). Agency-wide only:
        models are never run for a single team. These are associations, not proof of cause.
      </p>
      <p className="small muted">
        {drivers.asOf
          ? `Published when a cycle closed on ${new Date(drivers.asOf.closedAt).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' })}, from ${drivers.asOf.respondents} people. It is updated at a close only when at least ${drivers.k} people are new to it, so no one person's check-in, profile change or erasure can be seen in it; until then it stays as it is.`
          : 'Driver results are computed when a check-in cycle closes. No cycle has closed yet.'}
      </p>

      <section aria-labelledby="recs-heading">
        <h2 id="recs-heading">Recommendations</h2>
        {recommendations.length === 0 ? (
          <p className="muted">No recommendations yet.</p>
        ) : (
          <ol>
            {recommendations.map((r) => (
              <li key={r.id} className="card">
                <h3>{r.title}</h3>
                <p>{r.text}</p>
                <p className="small">
                  <strong>Why:</strong> {r.reason}
                </p>
                <ul className="small muted">
                  {r.evidence.map((e) => (
                    <li key={e.text}>{e.text}</li>
                  ))}
                </ul>
                <details>
                  <summary>Add &quot;{r.title}&quot; to the action plan</summary>
                  <ActionItemForm
                    orgId={orgId}
                    idPrefix={`rec-${r.id}`}
                    today={today}
                    prefill={{ title: r.title, recommendationId: r.id, rationale: `${r.text}\n\nWhy: ${r.reason}`, measure: r.measures[0] ?? null }}
                  />
                </details>
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link href={`/orgs/${orgId}/actions`}>Go to the action plan</Link>
        </p>
      </section>

      {noModel ? (
        // With too little data every model says the same; say it once.
        <section aria-labelledby="drivers-none" className="card">
          <h2 id="drivers-none">Driver analysis</h2>
          <p>{noModel}</p>
          <p className="small muted">
            Each model needs at least 30 people, and 10 per predictor, from closed cycles in the window, so that no result
            describes a few individuals.
          </p>
        </section>
      ) : null}

      {noModel ? null : drivers.outcomes.map((o) => {
        const label = title(OUTCOME_LABELS[o.outcome]);
        const practiceRows = o.practices.flatMap((p) => {
          if (p.model.status !== 'ok') return [];
          const t = p.model.terms.find((x) => x.term === p.practice)!;
          return [{ practice: p, term: t, n: p.model.n }];
        });
        const skipped = o.practices.filter((p) => p.model.status !== 'ok');
        return (
          <section key={o.outcome} aria-labelledby={`drivers-${o.outcome}`}>
            <h2 id={`drivers-${o.outcome}`}>{label}</h2>
            <div className="card">
              <h3>Main model</h3>
              <NotEnough model={o.main} />
              {o.main.status === 'ok' ? (
                <>
                  <p className="small muted">
                    n = {o.main.n} · R² = {o.main.rSquared.toFixed(2)} (adjusted {o.main.adjustedRSquared.toFixed(2)})
                  </p>
                  {o.main.notes.length ? <p className="alert info small">{o.main.notes.join(' ')}</p> : null}
                  <CoefficientPlot
                    title={`${label}: main model`}
                    unit={`Points of ${OUTCOME_LABELS[o.outcome]}`}
                    rows={o.main.terms.map((t) => ({
                      label: t.label,
                      estimate: t.estimate,
                      ci95: t.ci95,
                      pValue: t.pValue,
                      qValue: t.qValue,
                      standardizedBeta: t.standardizedBeta,
                      protective: t.protective,
                    }))}
                  />
                  <ul>
                    {o.main.terms.map((t) => (
                      <li key={t.term}>{t.sentence}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
            <div className="card">
              <h3>Self-care practices</h3>
              <p className="small muted">
                One model per practice: regular use (about weekly or more) adjusted for trauma history, years in the field and
                caseload share. q-values control the false discovery rate across the practices (Benjamini–Hochberg).
              </p>
              {practiceRows.length ? (
                <div className="table-wrap">
                  <table className="data">
                    <caption className="visually-hidden">{label}: per-practice models</caption>
                    <thead>
                      <tr>
                        <th scope="col">Practice (regular)</th>
                        <th scope="col" className="num">Estimate</th>
                        <th scope="col" className="num">95% CI</th>
                        <th scope="col" className="num">p</th>
                        <th scope="col" className="num">q</th>
                        <th scope="col" className="num">Std. β</th>
                        <th scope="col" className="num">n</th>
                      </tr>
                    </thead>
                    <tbody>
                      {practiceRows.map(({ practice, term, n }) => (
                        <tr key={practice.practice}>
                          <th scope="row">
                            {practice.label}
                            <div className="small muted">{term.sentence}</div>
                          </th>
                          <td className="num">{fmt(term.estimate)}</td>
                          <td className="num">
                            {fmt(term.ci95[0])} to {fmt(term.ci95[1])}
                          </td>
                          <td className="num">{fmtP(term.pValue)}</td>
                          <td className="num">{term.qValue === null ? '—' : fmtP(term.qValue)}</td>
                          <td className="num">{term.standardizedBeta === null ? '—' : fmt(term.standardizedBeta)}</td>
                          <td className="num">{n}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              {skipped.length ? (
                <ul className="small">
                  {skipped.map((p) => (
                    <li key={p.practice}>
                      {p.label}: {p.model.status === 'insufficient' ? p.model.message : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </section>
        );
      })}
    </>
  );
}
