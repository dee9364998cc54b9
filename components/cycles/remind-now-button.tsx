'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { SubmitButton } from '@/components/forms/submit-button';
import { remindNowAction } from '@/lib/actions/cycles';
import { idleState } from '@/lib/validation/form';

/** "Remind now": reminds staff who have not checked in; the reply gives counts, never names. */
export function RemindNowButton({ orgId, cycleId }: { orgId: string; cycleId: string }) {
  const [state, formAction] = useActionState(remindNowAction.bind(null, orgId), idleState);
  return (
    <form action={formAction}>
      <input type="hidden" name="cycleId" value={cycleId} />
      <SubmitButton className="button secondary small" pendingText="Queuing reminders…">
        Remind now
      </SubmitButton>
      <p className="hint">Emails everyone who has not checked in yet, once per cycle. You see how many, never who.</p>
      <FormMessage state={state} />
    </form>
  );
}
