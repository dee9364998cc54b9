'use client';

import { useActionState } from 'react';
import { eraseMyDataAction } from '@/lib/actions/checkin';
import { idleState } from '@/lib/validation/form';
import { TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

export function EraseMyDataForm({ orgId }: { orgId: string }) {
  const [state, formAction] = useActionState(eraseMyDataAction.bind(null, orgId), idleState);
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <TextField
        name="confirm"
        label="Type DELETE to confirm"
        autoComplete="off"
        hint="This deletes all your check-in answers, scores and your profile in this agency. It cannot be undone."
        errors={state.fieldErrors?.confirm}
      />
      <SubmitButton className="button danger" pendingText="Deleting…">
        Delete all my check-ins
      </SubmitButton>
    </form>
  );
}
