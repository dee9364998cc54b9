'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { SubmitButton } from '@/components/forms/submit-button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { removePackAction, setPackDisabledAction } from '@/lib/actions/admin';
import { idleState } from '@/lib/validation/form';

/** Disable / enable a pack, and remove it when no cycle used it. */
export function PackActions({ orgId, pack }: { orgId: string; pack: { id: string; name: string; version: string; disabled: boolean; cyclesUsing: number } }) {
  const [state, toggle] = useActionState(setPackDisabledAction.bind(null, orgId), idleState);
  const [removeState, remove] = useActionState(removePackAction.bind(null, orgId), idleState);
  const label = `${pack.name} v${pack.version}`;
  return (
    <div className="row">
      <form action={toggle}>
        <input type="hidden" name="packId" value={pack.id} />
        <input type="hidden" name="intent" value={pack.disabled ? 'enable' : 'disable'} />
        <SubmitButton className="button secondary small" pendingText="Saving…">
          {pack.disabled ? 'Enable' : 'Disable'}
          <span className="visually-hidden"> {label}</span>
        </SubmitButton>
      </form>
      {pack.cyclesUsing === 0 ? (
        <ConfirmDialog
          triggerLabel={
            <>
              Remove<span className="visually-hidden"> {label}</span>
            </>
          }
          title={`Remove ${label}?`}
        >
          {(close) => (
            <form action={remove}>
              <p>No cycle has used this pack, so removing it loses no results. You can install it again later.</p>
              <input type="hidden" name="packId" value={pack.id} />
              <FormMessage state={removeState} />
              <DialogActions close={close}>
                <SubmitButton className="button danger" pendingText="Removing…">
                  Remove pack
                </SubmitButton>
              </DialogActions>
            </form>
          )}
        </ConfirmDialog>
      ) : null}
      <FormMessage state={state} />
    </div>
  );
}
