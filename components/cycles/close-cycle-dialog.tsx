'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { SubmitButton } from '@/components/forms/submit-button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { closeCycleAction } from '@/lib/actions/cycles';
import { idleState } from '@/lib/validation/form';
import { participationSentence } from './participation-words';

/**
 * "Close now and publish results" behind a confirmation: closing is irreversible, so the
 * dialog shows the participation so far and says results are published once. Only the
 * confirm button submits; the server refuses a second close of the same cycle anyway.
 */
export function CloseCycleDialog({ orgId, cycleId, participated, invited }: { orgId: string; cycleId: string; participated: number; invited: number }) {
  const [state, formAction] = useActionState(closeCycleAction.bind(null, orgId), idleState);
  return (
      <ConfirmDialog triggerLabel="Close now and publish results" title="Close this cycle and publish its results?">
        {(close) => (
          <form action={formAction}>
            <p>
              <strong>{participationSentence(participated, invited)}</strong>
            </p>
            <p>
              Closing ends check-ins for this cycle now: people who have not checked in can no longer do so. Results are published
              once, at close, and cannot be changed afterwards, not even if more people would have checked in.
            </p>
            <input type="hidden" name="cycleId" value={cycleId} />
            <FormMessage state={state} />
            <DialogActions close={close} cancelLabel="Keep it open">
              <SubmitButton className="button" pendingText="Closing…">
                Close and publish
              </SubmitButton>
            </DialogActions>
          </form>
        )}
      </ConfirmDialog>
  );
}
