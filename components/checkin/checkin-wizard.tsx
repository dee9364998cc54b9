'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { submitCheckInAction } from '@/lib/actions/checkin';
import { draftStorageKey, type CheckInFormProps } from '@/lib/checkin/types';
import styles from './checkin.module.css';
import {
  clearDraft,
  getBrowserStorage,
  hasAnyAnswer,
  loadDraft,
  newDraft,
  saveDraft,
  type DraftShape,
  type DraftStorage,
} from './draft';
import { ItemStep } from './item-step';
import { ProfileStep } from './profile-step';
import { ReviewStep } from './review-step';
import {
  EMPTY_ANSWERS,
  buildPayload,
  buildSteps,
  countStep,
  draftMin,
  setAnswer,
  unansweredItemIds,
  unansweredMessage,
  type DraftAnswers,
  type ProfileDraft,
} from './wizard-model';

const closesAtFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

type StorageState = 'pending' | 'available' | 'unavailable';
type RestoreNotice = 'restored' | 'corrupt' | null;

interface ServerError {
  message: string;
  details: string[];
}

const NETWORK_ERROR =
  'We could not send your answers. Please check your connection and try again. Your answers are still saved on this device.';

/**
 * The staff check-in: ProQOL pages, the VR check, self-care, the optional profile, and
 * a review step with Submit. Answers stay in this browser (localStorage) until submit;
 * nothing is sent to the server before then.
 */
export function CheckInWizard(props: CheckInFormProps) {
  const { orgId, cycleId, closesAt, proqol, vr, selfCare, profileDue } = props;
  const orgCheck = props.orgCheck ?? null;
  const router = useRouter();

  const steps = useMemo(
    () => buildSteps({ proqol, vr, selfCare, orgCheck, profileDue }),
    [proqol, vr, selfCare, orgCheck, profileDue],
  );
  const shape = useMemo<DraftShape>(() => {
    const sectionShape = (i: typeof proqol | null) =>
      i ? { itemIds: i.items.map((item) => item.id), min: draftMin(i), max: i.scale.max } : null;
    return {
      sections: { proqol: sectionShape(proqol), vr: sectionShape(vr), selfCare: sectionShape(selfCare), orgCheck: sectionShape(orgCheck) },
      stepIds: steps.map((s) => s.id),
      profileDue,
    };
  }, [proqol, vr, selfCare, orgCheck, profileDue, steps]);
  const storageKey = draftStorageKey(cycleId, props.draftOwner);

  const [answers, setAnswers] = useState<DraftAnswers>(EMPTY_ANSWERS);
  const [profile, setProfile] = useState<ProfileDraft>({});
  const [stepIndex, setStepIndex] = useState(0);
  const [storageState, setStorageState] = useState<StorageState>('pending');
  const [restoreNotice, setRestoreNotice] = useState<RestoreNotice>(null);
  const [saveFailed, setSaveFailed] = useState(false);
  /** The step whose unanswered-items note is showing, if any. */
  const [noteStepId, setNoteStepId] = useState<string | null>(null);
  /** Steps where the person already chose to continue with unanswered items: not asked again. */
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(() => new Set());
  /** Set when the person jumped here from the review step, to offer a way straight back. */
  const [fromReview, setFromReview] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<ServerError | null>(null);

  const storageRef = useRef<DraftStorage | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const submitButtonRef = useRef<HTMLButtonElement>(null);
  const focusHeadingRef = useRef(false);
  // A ref, not state: two clicks in the same frame both see state as "not submitting".
  const submittingRef = useRef(false);
  const submittedRef = useRef(false);

  const step = steps[Math.min(stepIndex, steps.length - 1)];
  const isLast = stepIndex === steps.length - 1;

  // Restore once on mount. Reading storage during render would differ between the
  // server render and the browser, so it happens here.
  useEffect(() => {
    const storage = getBrowserStorage();
    storageRef.current = storage;
    const result = loadDraft(storage, storageKey, shape);
    if (result.status === 'restored') {
      setAnswers(result.draft.answers);
      setProfile(result.draft.profile);
      setStepIndex(Math.max(0, shape.stepIds.indexOf(result.draft.stepId)));
      setRestoreNotice('restored');
    } else if (result.status === 'corrupt') {
      setRestoreNotice('corrupt');
    }
    setStorageState(storage ? 'available' : 'unavailable');
    // Keyed on the cycle only: a server re-render hands us new (equal) instrument
    // objects, and restoring again then would only repeat the notice.
  }, [storageKey]);

  // Save on every change, once the restore has run (so the empty start never overwrites a draft).
  useEffect(() => {
    if (storageState !== 'available' || submittedRef.current) return;
    const draft = newDraft(steps[stepIndex]?.id ?? steps[0].id, answers, profile);
    if (!hasAnyAnswer(draft)) {
      // Nothing worth keeping (a fresh start, or after "clear the saved answers").
      clearDraft(storageRef.current, storageKey);
      return;
    }
    setSaveFailed(!saveDraft(storageRef.current, storageKey, draft));
  }, [answers, profile, stepIndex, storageState, storageKey, steps]);

  // Move focus to the new step's heading, but only after a step change the person made.
  useEffect(() => {
    if (!focusHeadingRef.current) return;
    focusHeadingRef.current = false;
    headingRef.current?.focus();
  }, [stepIndex]);

  const progress = useMemo(() => steps.map((s) => countStep(s, answers, profile)), [steps, answers, profile]);
  const unanswered = step.kind === 'items' ? unansweredItemIds(step, answers) : [];
  const showNote = noteStepId === step.id && unanswered.length > 0;

  function goTo(index: number) {
    const target = Math.max(0, Math.min(index, steps.length - 1));
    if (target === steps.length - 1) setFromReview(false);
    setNoteStepId(null);
    setServerError(null);
    focusHeadingRef.current = true;
    setStepIndex(target);
  }

  function goNext() {
    if (unanswered.length > 0 && !acknowledged.has(step.id) && noteStepId !== step.id) {
      // Not a block: one note, then Next (or "Continue") moves on.
      setNoteStepId(step.id);
      return;
    }
    continueAnyway();
  }

  function continueAnyway() {
    if (unanswered.length > 0) setAcknowledged((prev) => new Set(prev).add(step.id));
    goTo(stepIndex + 1);
  }

  function focusFirstUnanswered() {
    if (step.kind !== 'items' || unanswered.length === 0) return;
    const name = `${step.section}-${unanswered[0]}`;
    const input = formRef.current?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  }

  function discardDraft() {
    if (!window.confirm('Clear all your answers to this check-in from this device? This cannot be undone.')) return;
    clearDraft(storageRef.current, storageKey);
    setAnswers(EMPTY_ANSWERS);
    setProfile({});
    setAcknowledged(new Set());
    setRestoreNotice(null);
    setFromReview(false);
    goTo(0);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Only the Submit button sends: not Enter in some field, not a button that changed under the pointer.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    if (!isLast || submittingRef.current || submitter !== submitButtonRef.current) return;
    submittingRef.current = true;
    setSubmitting(true);
    setServerError(null);
    try {
      const result = await submitCheckInAction(orgId, cycleId, buildPayload(props, answers, profile));
      if (result.status === 'success') {
        submittedRef.current = true;
        clearDraft(storageRef.current, storageKey);
        router.push(result.resultsUrl);
        // Stay disabled while the results page loads.
        return;
      }
      setServerError({
        message: result.message,
        details: Object.values(result.fieldErrors ?? {}).flat(),
      });
    } catch {
      setServerError({ message: NETWORK_ERROR, details: [] });
    }
    submittingRef.current = false;
    setSubmitting(false);
  }

  const instrument = step.kind === 'items' ? (props[step.section] ?? null) : null;
  const closesOn = Number.isNaN(Date.parse(closesAt)) ? null : closesAtFormat.format(new Date(closesAt));

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate aria-labelledby="checkin-step-heading">
      <div aria-live="polite">
        {restoreNotice === 'restored' ? (
          <p className="alert info">We brought back the answers you saved on this device. Carry on where you left off.</p>
        ) : null}
        {restoreNotice === 'corrupt' ? (
          <p className="alert info">We could not read the answers saved on this device earlier, so this check-in starts fresh.</p>
        ) : null}
        {storageState === 'unavailable' || saveFailed ? (
          <p className="alert warning">
            This browser is not letting us save your answers as you go. If you can, finish the check-in in one sitting.
          </p>
        ) : null}
      </div>

      <div className={styles.progress}>
        <label htmlFor="checkin-progress">
          Step {stepIndex + 1} of {steps.length}
        </label>
        <progress id="checkin-progress" max={steps.length} value={stepIndex + 1} />
      </div>

      <h2 id="checkin-step-heading" ref={headingRef} tabIndex={-1} className={styles.stepHeading}>
        {step.title}
      </h2>

      {step.kind === 'items' && instrument ? (
        <ItemStep
          step={step}
          instrument={instrument}
          answers={answers[step.section]}
          onAnswer={(itemId, value) => setAnswers((prev) => setAnswer(prev, step.section, itemId, value))}
        />
      ) : null}
      {step.kind === 'profile' ? <ProfileStep value={profile} onChange={setProfile} /> : null}
      {step.kind === 'review' ? (
        <>
          <ReviewStep
            steps={steps}
            progress={progress}
            onGoTo={(index) => {
              goTo(index);
              setFromReview(true);
            }}
          />
          {closesOn ? (
            <p className="muted">
              This check-in is open until {closesOn}.
              {storageState === 'available' ? ' Your answers stay saved on this device until you submit.' : null}
            </p>
          ) : null}
        </>
      ) : null}

      {isLast ? (
        <div>
          {serverError ? (
            <div role="alert" className="alert error">
              <p>{serverError.message}</p>
              {serverError.details.length > 0 ? (
                <ul>
                  {serverError.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}

      <div className={styles.nav}>
        {stepIndex > 0 ? (
          <button type="button" className="button secondary" onClick={() => goTo(stepIndex - 1)} disabled={submitting}>
            Back
          </button>
        ) : null}
        {/* Distinct keys: without them React would turn the clicked "Next: review" button into
            the submit button during the click, and the browser would then submit the form. */}
        {isLast ? (
          <button
            key="submit"
            ref={submitButtonRef}
            type="submit"
            className={`button ${styles.next}`}
            disabled={submitting}
            aria-disabled={submitting || undefined}
          >
            {submitting ? 'Submitting…' : 'Submit check-in'}
          </button>
        ) : (
          <>
            {fromReview && stepIndex < steps.length - 2 ? (
              <button key="to-review" type="button" className="button secondary" onClick={() => goTo(steps.length - 1)}>
                Back to review
              </button>
            ) : null}
            <button key="next" type="button" className={`button ${styles.next}`} onClick={goNext}>
              {stepIndex === steps.length - 2 ? 'Next: review' : 'Next'}
            </button>
          </>
        )}
      </div>

      <div aria-live="polite" className={styles.note}>
        {showNote ? (
          <div className="alert info">
            <p>{unansweredMessage(unanswered.length)} You can go back to them, or continue.</p>
            <div className={styles.noteActions}>
              <button type="button" className="button secondary small" onClick={focusFirstUnanswered}>
                Go to the first unanswered item
              </button>
              <button type="button" className="button small" onClick={continueAnyway}>
                Continue
              </button>
            </div>
          </div>
        ) : null}
      </div>

      {storageState === 'available' ? (
        <p className={`muted small ${styles.saveNote}`}>
          Your answers are saved on this device as you go, and sent only when you submit. On a shared computer you can{' '}
          <button type="button" className={styles.linkButton} onClick={discardDraft}>
            clear the saved answers
          </button>
          .
        </p>
      ) : null}
    </form>
  );
}
