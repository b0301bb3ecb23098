import { useEffect, useRef } from "react";

/**
 * A native <dialog> shown as a modal while `open`: the browser then keeps focus inside it, closes it on
 * Escape and makes the page behind it inert. Returns the ref to put on the <dialog>.
 */
export function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return dialog;
}
