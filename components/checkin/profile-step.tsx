import {
  CASELOAD_SHARE_OPTIONS,
  PREFER_NOT_TO_SAY,
  ROLE_OPTIONS,
  SUPERVISION_FREQUENCY_OPTIONS,
  TRAUMA_CATEGORY_OPTIONS,
  TRAUMA_HISTORY_OPTIONS,
  WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS,
  YEARS_IN_FIELD_OPTIONS,
  type ProfileAnswers,
  type TraumaCategory,
} from '@/lib/instruments/profile';
import styles from './checkin.module.css';
import { RadioGroup } from './radio-group';
import type { ProfileDraft } from './wizard-model';

type SingleChoiceKey = Exclude<keyof ProfileAnswers, 'traumaCategories'>;

/** The work-context questions, each a radio group over its option list. */
const CONTEXT_QUESTIONS: readonly {
  key: Exclude<SingleChoiceKey, 'traumaHistory'>;
  legend: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}[] = [
  {
    key: 'yearsInField',
    legend: 'How long have you worked with survivors of trauma or trafficking, in this agency or elsewhere?',
    options: YEARS_IN_FIELD_OPTIONS,
  },
  { key: 'role', legend: 'Which best describes your main role?', options: ROLE_OPTIONS },
  {
    key: 'caseloadShare',
    legend: 'About what share of the people you work with directly are survivors of human trafficking?',
    options: CASELOAD_SHARE_OPTIONS,
  },
  {
    key: 'weeklyDirectServiceHours',
    legend: 'In a typical week, about how many hours do you spend working directly with the people you serve?',
    options: WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS,
  },
  {
    key: 'supervisionFrequency',
    legend: 'How often do you have clinical or reflective supervision?',
    hint: 'Time with a supervisor or consultant to talk about the emotional side of your work, alone or in a group.',
    options: SUPERVISION_FREQUENCY_OPTIONS,
  },
];

/**
 * The optional profile. Every question can be skipped or answered "Prefer not to say".
 * Trauma categories are asked only after "Yes", as checkboxes with their own "Prefer not
 * to say", which clears (and is cleared by) the individual categories.
 */
export function ProfileStep({ value, onChange }: { value: ProfileDraft; onChange: (next: ProfileDraft) => void }) {
  function set<K extends SingleChoiceKey>(key: K, answer: string | undefined) {
    const next: ProfileDraft = { ...value };
    if (answer === undefined) delete next[key];
    else next[key] = answer as ProfileDraft[K];
    onChange(next);
  }

  const categories = value.traumaCategories;
  const chosen = new Set<string>(Array.isArray(categories) ? categories : []);
  const categoriesPreferNot = categories === PREFER_NOT_TO_SAY;

  function toggleCategory(category: TraumaCategory, checked: boolean) {
    const next = new Set(chosen);
    if (checked) next.add(category);
    else next.delete(category);
    onChange({
      ...value,
      traumaCategories: TRAUMA_CATEGORY_OPTIONS.map((o) => o.value).filter((v) => next.has(v)),
    });
  }

  function toggleCategoriesPreferNot(checked: boolean) {
    const next: ProfileDraft = { ...value };
    if (checked) next.traumaCategories = PREFER_NOT_TO_SAY;
    else delete next.traumaCategories;
    onChange(next);
  }

  return (
    <div>
      <div className="alert info">
        <p>
          <strong>These questions are optional.</strong> Skip any of them, or choose &ldquo;Prefer not to say&rdquo;.
          Your check-in counts either way.
        </p>
        <p>
          Why we ask: your answers help your agency learn which kinds of support and practice help staff in different
          situations. They are only ever analysed in groups large enough that no one can be picked out, and are never
          shown to anyone on their own. We ask about once a year.
        </p>
      </div>

      <h3>Your own experience</h3>
      <RadioGroup
        name="profile-traumaHistory"
        legend="Have you yourself been through trauma at any point in your life?"
        hint="For example abuse, violence, exploitation, a serious accident or a sudden loss. You do not need to give any details."
        options={TRAUMA_HISTORY_OPTIONS}
        value={value.traumaHistory}
        onChange={(v) => set('traumaHistory', v)}
        clearLabel="for the question about your own experience of trauma"
      />
      {value.traumaHistory === 'yes' ? (
        <fieldset className={`${styles.question} ${styles.subQuestion}`} aria-describedby="profile-traumaCategories-hint">
          <legend className={styles.legend}>Which kinds of trauma? (optional)</legend>
          <p id="profile-traumaCategories-hint" className={styles.hint}>
            Choose any that apply, or &ldquo;Prefer not to say&rdquo;.
          </p>
          <div className={styles.options}>
            {TRAUMA_CATEGORY_OPTIONS.map((option) => {
              const id = `profile-traumaCategories-${option.value}`;
              return (
                <label key={option.value} htmlFor={id} className={styles.option}>
                  <input
                    id={id}
                    type="checkbox"
                    name="profile-traumaCategories"
                    value={option.value}
                    checked={chosen.has(option.value)}
                    onChange={(e) => toggleCategory(option.value, e.currentTarget.checked)}
                  />
                  <span>{option.label}</span>
                </label>
              );
            })}
            <label htmlFor="profile-traumaCategories-preferNotToSay" className={styles.option}>
              <input
                id="profile-traumaCategories-preferNotToSay"
                type="checkbox"
                name="profile-traumaCategories"
                value={PREFER_NOT_TO_SAY}
                checked={categoriesPreferNot}
                onChange={(e) => toggleCategoriesPreferNot(e.currentTarget.checked)}
              />
              <span>Prefer not to say</span>
            </label>
          </div>
        </fieldset>
      ) : null}

      <h3>Your work</h3>
      {CONTEXT_QUESTIONS.map((q) => (
        <RadioGroup
          key={q.key}
          name={`profile-${q.key}`}
          legend={q.legend}
          hint={q.hint}
          options={q.options}
          value={value[q.key]}
          onChange={(v) => set(q.key, v)}
          clearLabel={`for: ${q.legend}`}
        />
      ))}
    </div>
  );
}
