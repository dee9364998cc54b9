'use client';

import { useCallback, useId, useRef, type ReactNode } from 'react';
import styles from './confirm-dialog.module.css';

/**
 * A button that opens a modal confirmation. The native <dialog> opened with showModal()
 * makes the rest of the page inert (focus stays inside), closes on Escape, and returns
 * focus to the button that opened it. Nothing happens until the confirm control inside
 * `children` is used; `children` gets `close` for its "Cancel" button.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerClassName = 'button secondary small',
  title,
  children,
}: {
  triggerLabel: ReactNode;
  triggerClassName?: string;
  title: string;
  children: (close: () => void) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const open = useCallback(() => ref.current?.showModal(), []);
  const close = useCallback(() => ref.current?.close(), []);
  return (
    <>
      <button type="button" className={triggerClassName} onClick={open} aria-haspopup="dialog">
        {triggerLabel}
      </button>
      <dialog ref={ref} className={styles.dialog} aria-labelledby={titleId} aria-modal="true">
        <h2 id={titleId}>{title}</h2>
        {children(close)}
      </dialog>
    </>
  );
}

/** The row of buttons at the foot of a confirmation: the confirm control, then Cancel. */
export function DialogActions({ children, close, cancelLabel = 'Cancel' }: { children: ReactNode; close: () => void; cancelLabel?: string }) {
  return (
    <div className={styles.actions}>
      {children}
      <button type="button" className="button secondary" onClick={close}>
        {cancelLabel}
      </button>
    </div>
  );
}
