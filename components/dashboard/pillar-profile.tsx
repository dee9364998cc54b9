import type { CSSProperties } from 'react';
import { formatQ, type PillarEntry, type PillarProfile } from '@/lib/dashboard/pillars';
import { ORG_CHECK_SOURCE } from '@/lib/instruments/org-check';
import type { PillarAlpha } from '@/lib/privacy';
import { formatCi, formatFixed } from '@/lib/stats/format';

/**
 * The organizational check on the dashboard (issue 15): a plain-words summary, the
 * agency's pillar profile (means with 95% CIs and the within-person change since the
 * previous check), each team's within-person change (each team's means are the pillar
 * columns of the heatmap), and, for admins, Cronbach's alpha per pillar. Server
 * component: a table is the chart's own text form.
 */

const f1 = (x: number) => formatFixed(x, 1);

const hiddenLabel = (p: PillarEntry) => (p.hidden === 'no responses' ? 'No responses' : `Hidden: ${p.hidden}`);

const barTrack: CSSProperties = { display: 'block', height: '0.5rem', background: 'var(--border)', borderRadius: '3px', marginTop: '0.25rem', maxWidth: '12rem' };

function Mean({ p }: { p: PillarEntry }) {
  if (p.mean === null || p.ci95 === null) return <span className="small">{hiddenLabel(p)}</span>;
  return (
    <>
      <strong>{f1(p.mean)}</strong>
      <span className="small"> (95% CI {formatCi(p.ci95[0], p.ci95[1])}, n {p.n})</span>
      <span aria-hidden="true" style={barTrack}>
        <span style={{ display: 'block', height: '100%', width: `${((p.mean - 1) / 4) * 100}%`, background: 'var(--text)', borderRadius: '3px' }} />
      </span>
    </>
  );
}

function Change({ p }: { p: PillarEntry }) {
  const ch = p.change;
  if (!ch) return <span className="small">No earlier check to compare with</span>;
  if (ch.hidden !== null) return <span className="small">Change hidden: {ch.hidden}</span>;
  const sign = ch.meanChange > 0 ? '+' : ch.meanChange < 0 ? '−' : '±';
  return (
    <span className="small">
      {sign}
      {f1(Math.abs(ch.meanChange))} among the {ch.nPairs} people who answered both checks (95% CI {formatCi(ch.ci95[0], ch.ci95[1])}
      {ch.qValue !== null ? `, ${formatQ(ch.qValue)}` : ''}):{' '}
      {ch.flagged && ch.meanChange !== 0 ? <strong>clear {ch.meanChange > 0 ? 'rise' : 'fall'}</strong> : 'no clear change'}
    </span>
  );
}

export function PillarProfileSection({
  profile,
  dateLabel,
  alphas,
}: {
  profile: PillarProfile;
  dateLabel: string;
  alphas: { cycleDate: string; alphas: PillarAlpha[] } | null;
}) {
  const agency = profile.groups.find((g) => g.group === 'org');
  const teams = profile.groups.filter((g) => g.group !== 'org');
  const pillarNames = (agency ?? profile.groups[0])?.pillars.map((p) => ({ code: p.code, name: p.name })) ?? [];
  return (
    <section aria-labelledby="pillars-heading">
      <h2 id="pillars-heading">Organizational pillars: check of {dateLabel}</h2>
      <p className="small">
        How staff rate the agency on the five areas of a vicarious-trauma-informed organization, from 1 (strongly disagree) to 5
        (strongly agree). Sustain&apos;s brief check, three statements per pillar: not the validated VT-ORG. {ORG_CHECK_SOURCE}
      </p>
      <div className="card">
        <h3>In plain words</h3>
        <ul>
          {profile.summary.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        <p className="small">
          Change is within-person: among the people who answered both this check and the previous one, with a paired 95% CI. It is
          called clear only when its false-discovery-rate-adjusted q is below .05 across the pillar changes published together. A
          pillar that was low tends to move back up anyway (regression to the mean).
        </p>
      </div>
      {agency ? (
        <div className="table-wrap" role="region" aria-label="Pillar profile, whole agency" tabIndex={0}>
          <table>
            <caption>Pillar profile, whole agency</caption>
            <thead>
              <tr>
                <th scope="col">Pillar</th>
                <th scope="col">Mean of 5</th>
                <th scope="col">Since the previous check</th>
              </tr>
            </thead>
            <tbody>
              {agency.pillars.map((p) => (
                <tr key={p.code}>
                  <th scope="row">{p.name}</th>
                  <td>
                    <Mean p={p} />
                  </td>
                  <td>
                    <Change p={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {teams.length ? (
        <div className="table-wrap" role="region" aria-label="Pillar change by team" tabIndex={0} style={{ marginTop: '1rem' }}>
          <table>
            <caption>
              Change since the previous check by team, among the people who answered both (each team&apos;s means are in the
              heatmap above)
            </caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                {pillarNames.map((p) => (
                  <th scope="col" key={p.code}>
                    {p.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {teams.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.groupName}</th>
                  {g.pillars.map((p) => (
                    <td key={p.code}>
                      <Change p={p} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {alphas ? (
        <div className="table-wrap" role="region" aria-label="Reliability of each pillar (admins)" tabIndex={0} style={{ marginTop: '1rem' }}>
          <table>
            <caption>Reliability of each pillar (Cronbach&apos;s alpha, admins only), check of {alphas.cycleDate.slice(0, 10)}</caption>
            <thead>
              <tr>
                <th scope="col">Pillar</th>
                <th scope="col">Alpha</th>
              </tr>
            </thead>
            <tbody>
              {alphas.alphas.map((a) => (
                <tr key={a.measure}>
                  <th scope="row">{pillarNames.find((p) => p.code === a.measure)?.name ?? a.measure}</th>
                  <td>{a.alpha !== null ? `${formatFixed(a.alpha, 2)} (n ${a.n})` : `Not shown: ${a.withheld}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
