import type { Metadata } from 'next';
import Link from 'next/link';
import { CoefficientPlot } from '@/components/charts/coefficient-plot';
import { ActionItemForm } from '@/components/forms/action-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { JOINT_MODEL_MIN_N, OUTCOME_LABELS, type ModelResult, type OutcomeDrivers, type TermResult } from '@/lib/drivers/analyze';
import { formatProbability } from '@/lib/drivers/format';
import { formatCi, formatFixed } from '@/lib/stats/format';
import { normalizeDriverAnalysis } from '@/lib/drivers/normalize';
import { getDrivers } from '@/lib/server/drivers';
import { getDirectorRecommendations } from '@/lib/server/recommendations';

export const metadata: Metadata = { title: 'Drivers and recommendations' };

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

const signal = (t: TermResult) =>
  t.flagged ? (t.direction === 'favourable' ? 'Clear: better' : 'Clear: worse') : t.qValue === null ? 'Not tested' : 'No clear signal';

/** One table of practice terms (joint model or the descriptive one-at-a-time models). */
function PracticeTable({ caption, rows, tested }: { caption: string; rows: { key: string; label: string; term: TermResult; n: number }[]; tested: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Practice (about weekly or more vs less)</th>
            <th scope="col" className="num">Estimate</th>
            <th scope="col" className="num">95% CI</th>
            <th scope="col" className="num">p</th>
            {tested ? <th scope="col" className="num">q (family-wide)</th> : null}
            <th scope="col" className="num">n</th>
            {tested ? <th scope="col">Signal</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, term, n }) => (
            <tr key={key}>
              <th scope="row">
                {label}
                <div className="small muted">{term.sentence}</div>
                {term.reverseCausation ? <div className="small">{term.reverseCausation}</div> : null}
              </th>
              <td className="num">{formatFixed(term.effect, 2)}</td>
              <td className="num">
                {formatCi(term.effectCi95[0], term.effectCi95[1], 2)}
              </td>
              <td className="num">{formatProbability(term.pValue)}</td>
              {tested ? <td className="num">{term.qValue === null ? '—' : formatProbability(term.qValue)}</td> : null}
              <td className="num">{n}</td>
              {tested ? <td>{signal(term)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeSection({ o, mid }: { o: OutcomeDrivers; mid: number }) {
  const label = title(OUTCOME_LABELS[o.outcome]);
  const flagged = [o.main, o.joint].flatMap((m) => (m.status === 'ok' ? m.terms.filter((t) => t.flagged) : []));
  const jointPractices =
    o.joint.status === 'ok'
      ? o.joint.terms
          .filter((t) => t.qValue !== null)
          .map((t) => ({ key: t.term, label: t.label, term: t, n: o.joint.n }))
      : [];
  const jointAdjustments = o.joint.status === 'ok' ? o.joint.terms.filter((t) => t.qValue === null) : [];
  const descriptive = o.practices.flatMap((p) => {
    if (p.model.status !== 'ok') return [];
    const t = p.model.terms.find((x) => x.term === p.practice)!;
    return [{ key: p.practice, label: p.label, term: t, n: p.model.n }];
  });
  const skipped = o.practices.filter((p) => p.model.status !== 'ok');
  return (
    <section aria-labelledby={`drivers-${o.outcome}`}>
      <h2 id={`drivers-${o.outcome}`}>{label}</h2>
      <p>
        {flagged.length
          ? `${flagged.length === 1 ? 'One clear signal' : `${flagged.length} clear signals`}: ${flagged.map((t) => t.label.toLowerCase()).join(', ')}. No clear signal for anything else tested.`
          : 'No clear signal for anything tested.'}
      </p>
      <details className="card">
        <summary>Show the {OUTCOME_LABELS[o.outcome]} models</summary>

        <h3>Main model</h3>
        <NotEnough model={o.main} />
        {o.main.status === 'ok' ? (
          <>
            <p className="small muted">
              Trauma history, the self-care composite, years in the field and caseload share together. n = {o.main.n} · R² ={' '}
              {formatFixed(o.main.rSquared, 2)} (adjusted {formatFixed(o.main.adjustedRSquared, 2)})
            </p>
            {o.main.notes.length ? <p className="alert info small">{o.main.notes.join(' ')}</p> : null}
            <CoefficientPlot
              title={`${label}: main model`}
              unit={`Points of ${OUTCOME_LABELS[o.outcome]}`}
              mid={mid}
              rows={o.main.terms.map((t) => ({
                label: `${t.label} (${t.contrast})`,
                effect: t.effect,
                effectCi95: t.effectCi95,
                pValue: t.pValue,
                qValue: t.qValue,
                standardizedBeta: t.standardizedBeta,
                flagged: t.flagged,
                direction: t.direction,
              }))}
            />
            <ul>
              {o.main.terms.map((t) => (
                <li key={t.term}>{t.sentence}</li>
              ))}
            </ul>
          </>
        ) : null}

        <h3>Self-care practices together (joint model)</h3>
        <p className="small muted">
          All twelve practices in one model, with trauma history, years in the field and caseload share held constant. Only here
          can a practice be named a driver.
        </p>
        <NotEnough model={o.joint} />
        {o.joint.status === 'ok' ? (
          <>
            {o.joint.notes.length ? <p className="alert info small">{o.joint.notes.join(' ')}</p> : null}
            <PracticeTable caption={`${label}: all practices together (joint model)`} rows={jointPractices} tested />
            {jointAdjustments.length ? (
              <p className="small muted">Held constant in this model: {jointAdjustments.map((t) => t.sentence).join(' ')}</p>
            ) : null}
          </>
        ) : null}

        <h3>Each practice alone (descriptive, not tested)</h3>
        <p className="small muted">
          One model per practice, adjusted for trauma history, years in the field and caseload share but not for the other
          practices. A practice that often goes with another can look helpful here for the other one&apos;s sake, so these rows
          are never flagged and never drive a recommendation.
        </p>
        {descriptive.length ? <PracticeTable caption={`${label}: each practice alone (descriptive)`} rows={descriptive} tested={false} /> : null}
        {skipped.length ? (
          <ul className="small">
            {skipped.map((p) => (
              <li key={p.practice}>
                {p.label}: {p.model.status === 'insufficient' ? p.model.message : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </section>
  );
}

export default async function DriversPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  const db = getDb();
  // Releases stored before issue 11 have an older shape: read them with nothing flagged.
  const drivers = normalizeDriverAnalysis(await getDrivers(db, member));
  const recommendations = await getDirectorRecommendations(db, member, drivers);
  const today = new Date().toISOString().slice(0, 10);
  const mid = drivers.mid;
  const models = drivers.outcomes.flatMap((o) => [o.main, o.joint, ...o.practices.map((p) => p.model)]);
  const firstMain = drivers.outcomes[0]?.main;
  const noModel =
    firstMain?.status === 'insufficient' && models.every((m) => m.status === 'insufficient') ? firstMain.message : null;
  const mainN = drivers.outcomes.find((o) => o.main.status === 'ok')?.main.n ?? drivers.nRespondents;
  const jointMissing = drivers.outcomes.find((o) => o.joint.status !== 'ok')?.joint;
  const pointWord = mid === 1 ? 'point' : 'points';

  return (
    <>
      <h1>Drivers and recommendations</h1>
      <p className="lede">
        Which personal factors and self-care practices go with better or worse outcomes in {member.orgName}, from each
        person&apos;s latest check-in in closed cycles of the last {drivers.windowMonths} months ({drivers.nRespondents} people).
        Agency-wide only: models are never run for a single team.
      </p>
      <p className="small muted">
        {drivers.asOf
          ? `Published when a cycle closed on ${new Date(drivers.asOf.closedAt).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' })}, from ${drivers.asOf.respondents} people. It is updated at a close only when at least ${drivers.k} people are new to it, so no one person's check-in, profile change or erasure can be seen in it; until then it stays as it is.`
          : 'Driver results are computed when a check-in cycle closes. No cycle has closed yet.'}
      </p>

      <section aria-labelledby="stands-out-heading" className="card">
        <h2 id="stands-out-heading">What stands out</h2>
        {drivers.legacyRelease ? (
          <p className="alert info">
            This release was published before Sustain checked all its results together, so nothing in it is marked as a clear
            signal. The next release will be.
          </p>
        ) : null}
        {noModel ? (
          <p>
            <strong>Not enough data yet.</strong> {noModel} Each model needs at least 30 people, and 10 per predictor, from closed
            cycles in the window, so that no result describes a few individuals.
          </p>
        ) : drivers.findings.length ? (
          <>
            <ul>
              {drivers.findings.map((f) => (
                <li key={`${f.outcome}-${f.model}-${f.term}`}>{f.sentence}</li>
              ))}
            </ul>
            <p className="small">
              {drivers.findings.length === 1 ? 'This is the one clear signal' : 'These are the clear signals'} among{' '}
              {drivers.family.tests} possible drivers checked together across the four measures. Everything else shows no clear
              signal: the data cannot yet tell it apart from chance, or from a difference smaller than {mid} {pointWord}. That is not
              the same as having no effect.
            </p>
          </>
        ) : drivers.legacyRelease ? null : (
          <p>
            <strong>No clear signal yet.</strong> That does not mean nothing matters: it means that, with {mainN} people, these data
            cannot yet tell any factor&apos;s difference of at least {mid} {pointWord} apart from chance, across the{' '}
            {drivers.family.tests} possible drivers checked together. More people, or more months of check-ins from new staff, make
            smaller differences visible.
          </p>
        )}
        {jointMissing && jointMissing.status === 'insufficient' && !noModel ? (
          <p className="small">
            <strong>Self-care practices:</strong> {jointMissing.message}{' '}
            {jointMissing.nNeeded === JOINT_MODEL_MIN_N ? 'Until then, practice results below are descriptive only.' : ''}
          </p>
        ) : null}
        <p className="small">
          <strong>Association, not cause.</strong> This is an association in your agency, not proof of cause. Staff who differ in
          one respect may differ in others the survey does not ask about, and strain can lead people to a practice as well as the
          other way round (staff under strain seek therapy).
        </p>
      </section>

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

      {noModel ? null : (
        <>
          <section aria-labelledby="glossary-heading">
            <h2 id="glossary-heading">How to read the models</h2>
            <dl className="small">
              <dt>
                <strong>Estimate</strong>
              </dt>
              <dd>
                The average difference in points on the measure for the stated contrast (for example &quot;yes vs no&quot; or
                &quot;per 10 years&quot;), with the other factors in the model held constant.
              </dd>
              <dt>
                <strong>95% CI</strong>
              </dt>
              <dd>The range of differences the data are compatible with. A wide range means the data cannot pin the size down.</dd>
              <dt>
                <strong>q (family-wide)</strong>
              </dt>
              <dd>
                Every result that could be named a driver, across all four measures ({drivers.family.tests} in this release), is
                checked together, so that chance findings stay rare however many are looked at. Sustain uses the
                Benjamini–Yekutieli method, which holds even though the results share the same people and the measures are related
                (the more common Benjamini–Hochberg method does not promise that). q below .05 passes this check. p is the same
                test before that check and is never used on its own.
              </dd>
              <dt>
                <strong>MID (minimally important difference)</strong>
              </dt>
              <dd>
                {mid} {pointWord}: one answer moving one step on one question, the smallest change a person can register on the
                questionnaire. An effect that cannot be told apart from less than that is not worth acting on. On the ProQOL&apos;s
                10–50 scales it is about 0.15–0.2 standard deviations.
              </dd>
              <dt>
                <strong>Clear signal</strong>
              </dt>
              <dd>q below .05 and the whole 95% CI beyond {mid} {pointWord} in one direction.</dd>
              <dt>
                <strong>No clear signal</strong>
              </dt>
              <dd>
                The data cannot yet tell this apart from chance or from a difference smaller than {mid} {pointWord}. It is not
                evidence of no effect.
              </dd>
            </dl>
          </section>
          {drivers.outcomes.map((o) => (
            <OutcomeSection key={o.outcome} o={o} mid={mid} />
          ))}
        </>
      )}
    </>
  );
}
