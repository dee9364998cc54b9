import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface BaseProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  /** Makes ids unique when one page has several forms with the same field name. */
  idPrefix?: string;
}

function ids(name: string, idPrefix?: string) {
  const id = `${idPrefix ? `${idPrefix}-` : ''}${name}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function describedBy(hint: ReactNode | undefined, errors: string[] | undefined, hintId: string, errorId: string) {
  return [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined;
}

/** The error region is always rendered so screen readers announce new errors (aria-live). */
function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} aria-live="polite">
      {errors?.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  errors,
  idPrefix,
  ...input
}: BaseProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const { id, hintId, errorId } = ids(name, idPrefix);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type="text"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, errors, hintId, errorId)}
        {...input}
      />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  idPrefix,
  children,
  ...select
}: BaseProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  const { id, hintId, errorId } = ids(name, idPrefix);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, errors, hintId, errorId)}
        {...select}
      >
        {children}
      </select>
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  idPrefix,
  ...area
}: BaseProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const { id, hintId, errorId } = ids(name, idPrefix);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(hint, errors, hintId, errorId)}
        {...area}
      />
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}
