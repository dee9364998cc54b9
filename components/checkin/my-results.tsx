import { concernOf } from '@/components/charts/dashboard-model';
import type { MyScore } from '@/lib/checkin/types';
import styles from './checkin.module.css';
import { describeChange, formatScore, levelLabel, orderScores, telHref, webHref } from './results-format';

export interface SupportResources {
  eap: string | null;
  crisis: string | null;
  text: string | null;
}

export interface StaffSuggestionView {
  title: string;
  body: string;
  reason: string;
}

/** A support line as a link when it is a phone number or a web address, else as text. */
function SupportLine({ line }: { line: string }) {
  const tel = telHref(line);
  if (tel) return <a href={tel}>{line}</a>;
  const web = webHref(line);
  if (web)
    return (
      <a href={web} rel="noopener noreferrer">
        {line}
      </a>
    );
  return <>{line}</>;
}

function ScoreCard({ score, isFirstCheckIn }: { score: MyScore; isFirstCheckIn?: boolean }) {
  const headingId = `score-${score.measure}`;
  const change = describeChange(score, isFirstCheckIn);
  return (
    <section className={`card ${styles.scoreCard}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{score.label}</h3>
      {score.value !== null ? (
        <>
          <p className={styles.scoreValue}>{formatScore(score.value)}</p>
          <p className="small muted">
            Possible range {score.range.min}–{score.range.max}
          </p>
          {score.level ? (
            <p>
              Level: <span className={`badge ${concernOf(score.measure, score.level)}`}>{levelLabel(score.level)}</span>
            </p>
          ) : null}
          {score.meaning ? <p>{score.meaning}</p> : null}
          {score.prorated ? (
            <p className="small muted">
              A few questions in this part were unanswered, so this score is estimated from your other answers
              (prorated).
            </p>
          ) : null}
        </>
      ) : (
        <>
          <p className={styles.notScored}>Not scored</p>
          {score.reason ? <p>{score.reason}</p> : null}
        </>
      )}
      {change ? <p className={`small ${styles.change}`}>{change}</p> : null}
    </section>
  );
}

/**
 * The staff member's private results for one check-in: a card per measure, a gentle note
 * when secondary traumatic stress is high, the agency's support resources, then
 * suggestions with the reason for each. Server-renderable.
 */
export function MyResults({
  scores,
  supportResources,
  suggestions,
  highSts,
  isFirstCheckIn,
}: {
  scores: MyScore[];
  supportResources: SupportResources;
  suggestions: StaffSuggestionView[];
  highSts: boolean;
  /**
   * Whether this is the person's first check-in. Tells "first check-in" apart from "the
   * earlier score could not be compared" when a change is null. Defaults to true.
   */
  isFirstCheckIn?: boolean;
}) {
  const { eap, crisis, text } = supportResources;
  const hasSupport = Boolean(eap || crisis || text);
  return (
    <div>
      <p className="muted">
        These results are private. Only you can see them. Your agency sees only anonymized totals for groups of several
        people, never your answers or scores.
      </p>

      <h2>Your scores</h2>
      <div className={styles.scoreGrid}>
        {orderScores(scores).map((score) => (
          <ScoreCard key={score.measure} score={score} isFirstCheckIn={isFirstCheckIn} />
        ))}
      </div>

      {highSts ? (
        <div className="alert info">
          <p>
            Your secondary traumatic stress score is in the high range this time. This is a common response to hearing
            about other people&rsquo;s trauma, and it is not a diagnosis or a judgement of you. It may help to talk it
            through with someone you trust, such as your supervisor or a colleague
            {eap ? (
              <>
                , or your employee assistance programme (<SupportLine line={eap} />)
              </>
            ) : null}
            .
            {crisis ? (
              <>
                {' '}
                If things ever feel like too much, you can contact the crisis line: <SupportLine line={crisis} />.
              </>
            ) : null}{' '}
            <a href="#support">See all support options</a>.
          </p>
        </div>
      ) : null}

      <h2 id="support">Support</h2>
      {hasSupport ? (
        <div className="card">
          {eap || crisis ? (
            <ul className={styles.resourceList}>
              {eap ? (
                <li>
                  Employee assistance programme (EAP): <SupportLine line={eap} />
                </li>
              ) : null}
              {crisis ? (
                <li>
                  Crisis line: <SupportLine line={crisis} />
                </li>
              ) : null}
            </ul>
          ) : null}
          {text ? <p className={styles.resourceText}>{text}</p> : null}
        </div>
      ) : (
        <div className="card">
          <p>
            Your agency has not added support contacts here yet. Your supervisor or human resources team can tell you what
            support is available to you.
          </p>
        </div>
      )}

      <h2>Suggestions</h2>
      {suggestions.length > 0 ? (
        <ul className={styles.suggestions}>
          {suggestions.map((s) => (
            <li key={s.title}>
              <h3>{s.title}</h3>
              <p>{s.body}</p>
              <p className="small muted">Why this suggestion: {s.reason}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No suggestions this time. Keep doing what helps you.</p>
      )}
    </div>
  );
}
