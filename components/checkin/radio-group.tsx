import { useRef, type ReactNode } from 'react';
import styles from './checkin.module.css';

export interface RadioOption<V extends string | number> {
  value: V;
  label: string;
}

/**
 * One question as a <fieldset> of native radios. Native radios give the keyboard
 * behaviour people expect: Tab enters and leaves the group, arrow keys move within it.
 *
 * "Clear answer" appears only once the question is answered, so unanswered questions
 * add no extra Tab stop. Radios cannot be unticked, and someone may want to take back
 * an answer to a question they would rather not answer; after clearing, focus goes to
 * the first option so it is not lost.
 */
export function RadioGroup<V extends string | number>({
  name,
  legend,
  hint,
  options,
  value,
  onChange,
  layout = 'vertical',
  clearLabel,
  className,
}: {
  /** Unique within the form; also the base of the option ids. */
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  options: readonly RadioOption<V>[];
  value: V | undefined;
  onChange: (value: V | undefined) => void;
  layout?: 'horizontal' | 'vertical';
  /** Visually hidden end of the clear button's name, e.g. "for question 4". */
  clearLabel: string;
  className?: string;
}) {
  const fieldsetRef = useRef<HTMLFieldSetElement>(null);
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <fieldset
      ref={fieldsetRef}
      className={[styles.question, className].filter(Boolean).join(' ')}
      aria-describedby={hintId}
      data-question={name}
    >
      <legend className={styles.legend}>{legend}</legend>
      {hint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      <div className={layout === 'horizontal' ? styles.scale : styles.options}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <label key={String(option.value)} htmlFor={id} className={styles.option}>
              <input
                id={id}
                type="radio"
                name={name}
                value={String(option.value)}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
              />
              <span>{option.label}</span>
            </label>
          );
        })}
      </div>
      {value !== undefined ? (
        <button
          type="button"
          className={styles.clear}
          onClick={() => {
            onChange(undefined);
            fieldsetRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
          }}
        >
          Clear answer<span className="visually-hidden"> {clearLabel}</span>
        </button>
      ) : null}
    </fieldset>
  );
}
