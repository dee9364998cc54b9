import type { FormState } from '@/lib/validation/form';

/** The form-level result, announced politely. Always rendered so the live region exists before it changes. */
export function FormMessage({ state, id }: { state: FormState; id?: string }) {
  return (
    <div id={id} aria-live="polite" aria-atomic="true">
      {state.status === 'error' && state.message ? <p className="alert error">{state.message}</p> : null}
      {state.status === 'success' && state.message ? <p className="alert success">{state.message}</p> : null}
    </div>
  );
}
