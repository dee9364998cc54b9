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

/** Label, hint and error region around one control, with the ids tied together. */
function FieldShell({
  name,
  label,
  hint,
  errors,
  idPrefix,
  render,
}: BaseProps & { render: (a11y: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const { id, hintId, errorId } = ids(name, idPrefix);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {render({
        id,
        'aria-invalid': errors?.length ? true : undefined,
        'aria-describedby': describedBy(hint, errors, hintId, errorId),
      })}
      <FieldError id={errorId} errors={errors} />
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
  return (
    <FieldShell
      {...{ name, label, hint, errors, idPrefix }}
      render={(a11y) => <input name={name} type="text" {...a11y} {...input} />}
    />
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
  return (
    <FieldShell
      {...{ name, label, hint, errors, idPrefix }}
      render={(a11y) => (
        <select name={name} {...a11y} {...select}>
          {children}
        </select>
      )}
    />
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
  return (
    <FieldShell {...{ name, label, hint, errors, idPrefix }} render={(a11y) => <textarea name={name} {...a11y} {...area} />} />
  );
}
