import type { Metadata } from 'next';
import Link from 'next/link';
import { CoefficientPlot } from '@/components/charts/coefficient-plot';
import styles from '@/components/drivers/drivers.module.css';
import { ModelGlossary } from '@/components/drivers/model-glossary';
import { RecommendationPlanControl } from '@/components/forms/action-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { JOINT_MODEL_MIN_N, OUTCOME_LABELS, type ModelResult, type OutcomeDrivers, type TermResult } from '@/lib/drivers/analyze';
import { formatProbability } from '@/lib/drivers/format';
import { formatCi, formatFixed } from '@/lib/stats/format';
import { normalizeDriverAnalysis } from '@/lib/drivers/normalize';
import { getDrivers } from '@/lib/server/drivers';
import { listPlannedRecommendationIds } from '@/lib/server/actions-plan';
import { listOwnerOptions } from '@/lib/server/members';
import { getDirectorRecommendations } from '@/lib/server/recommendations';

export const metadata: Metadata = { title: 'Drivers and recommendations' };

/** The strongest recommendations are shown in full; the rest are one click away, so the page stays short. */
const SHOWN_RECOMMENDATIONS = 3;

/**
 * True when `extra` restates a statistic `reason` already gives (the pillar line after a
 * "Why" that is itself the pillar result), so a recommendation never says the same finding twice.
 */
function repeats(reason: string, extra: string): boolean {
  const stats = extra.match(/\d+(\.\d+)? of \d+ \(95% CI [^)]*\)/g) ?? [];
  return stats.length > 0 && stats.every((st) => reason.includes(st));
}

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
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
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

const percent = (x: number) => `${Math.round(Math.max(0, x) * 100)}%`;

function OutcomeSection({ o, mid, tests }: { o: OutcomeDrivers; mid: number; tests: number }) {
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
      <details className="card">
        <summary>
          {flagged.length
            ? `${flagged.length === 1 ? 'One clear signal' : `${flagged.length} clear signals`}: ${flagged.map((t) => t.label.toLowerCase()).join(', ')}.`
            : 'No clear signal for anything tested.'}{' '}
          Show the {OUTCOME_LABELS[o.outcome]} models
        </summary>
        <ModelGlossary mid={mid} tests={tests} />

        <h3>Main model</h3>
        <NotEnough model={o.main} />
        {o.main.status === 'ok' ? (
          <>
            <p className="small muted">
              Trauma history, the self-care composite, years in the field and caseload share together, from {o.main.n} people.
              Together they account for {percent(o.main.rSquared)} of the differences in {OUTCOME_LABELS[o.outcome]} between people
              (R² {formatFixed(o.main.rSquared, 2)}; adjusted R² {formatFixed(o.main.adjustedRSquared, 2)}).
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
  const [recommendations, planned, owners] = await Promise.all([
    getDirectorRecommendations(db, member, drivers),
    listPlannedRecommendationIds(db, member.orgId),
    listOwnerOptions(db, member.orgId),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const mid = drivers.mid;
  const models = drivers.outcomes.flatMap((o) => [o.main, o.joint, ...o.practices.map((p) => p.model)]);
  const firstMain = drivers.outcomes[0]?.main;
  const noModel =
    firstMain?.status === 'insufficient' && models.every((m) => m.status === 'insufficient') ? firstMain.message : null;
  const mainN = drivers.outcomes.find((o) => o.main.status === 'ok')?.main.n ?? drivers.nRespondents;
  const jointMissing = drivers.outcomes.find((o) => o.joint.status !== 'ok')?.joint;
  const pointWord = mid === 1 ? 'point' : 'points';
  const renderRecommendation = (r: (typeof recommendations)[number]) => (
    <li key={r.id} className="card">
      <h3>
        {r.title}
        {planned.has(r.id) ? (
          <>
            {' '}
            <span className="badge favourable">In your plan</span>
          </>
        ) : null}
      </h3>
      <p>{r.text}</p>
      <p className="small">
        <strong>Why:</strong> {r.reason}
        {repeats(r.reason, r.pillarReason) ? null : (
          <>
            {' '}
            <strong>Pillar:</strong> {r.pillarReason}
          </>
        )}
      </p>
      <div className={styles.recActions}>
        {r.evidence.length ? (
          <details className="small">
            <summary>
              Evidence<span className="visually-hidden"> for &quot;{r.title}&quot;</span>
            </summary>
            <ul className="muted">
              {r.evidence.map((e) => (
                <li key={e.text}>{e.text}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <RecommendationPlanControl
          orgId={orgId}
          planned={planned.has(r.id)}
          idPrefix={`rec-${r.id}`}
          today={today}
          owners={owners}
          prefill={{ title: r.title, recommendationId: r.id, rationale: `${r.text}\n\nWhy: ${r.reason}`, measure: r.measures[0] ?? null }}
        />
      </div>
    </li>
  );

  return (
    <>
      <h1>Drivers and recommendations</h1>
      <p className="lede">
        What goes with better or worse outcomes in {member.orgName}, from each person&apos;s latest check-in in closed cycles of the
        last {drivers.windowMonths} months ({drivers.nRespondents} people), agency-wide only.
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
              {drivers.findings.length === 1 ? 'The one clear signal' : 'The clear signals'} among {drivers.family.tests} possible
              drivers checked together. Everything else: no clear signal yet, which is not the same as no effect.
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
        <p className="small muted">
          {drivers.asOf
            ? `Published ${new Date(drivers.asOf.closedAt).toLocaleDateString('en', { dateStyle: 'medium', timeZone: 'UTC' })} from ${drivers.asOf.respondents} people; updated at a close only when at least ${drivers.k} people are new to it, so no one person's check-in or erasure shows.`
            : 'Driver results are computed when a check-in cycle closes. No cycle has closed yet.'}
        </p>
      </section>

      <section aria-labelledby="recs-heading">
        <h2 id="recs-heading">Recommendations</h2>
        {recommendations.length === 0 ? (
          <p className="muted">No recommendations yet.</p>
        ) : (
          <ol>
            {recommendations.slice(0, SHOWN_RECOMMENDATIONS).map(renderRecommendation)}
          </ol>
        )}
        {recommendations.length > SHOWN_RECOMMENDATIONS ? (
          <details>
            <summary>
              {recommendations.length - SHOWN_RECOMMENDATIONS} more recommendation{recommendations.length - SHOWN_RECOMMENDATIONS === 1 ? '' : 's'}
            </summary>
            <ol start={SHOWN_RECOMMENDATIONS + 1}>{recommendations.slice(SHOWN_RECOMMENDATIONS).map(renderRecommendation)}</ol>
          </details>
        ) : null}
        <p>
          <Link href={`/orgs/${orgId}/actions`}>Go to the action plan</Link>
        </p>
      </section>

      {noModel ? null : (
        <>
          {drivers.outcomes.map((o) => (
            <OutcomeSection key={o.outcome} o={o} mid={mid} tests={drivers.family.tests} />
          ))}
        </>
      )}
    </>
  );
}
