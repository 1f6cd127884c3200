import { createComputed, on } from "solid-js";

/**
 * Focus return for a dialog opened from state rather than from its own Dialog.Trigger (Kobalte
 * gives focus back only to a Trigger): notes the focused element (the button that opened it) the
 * moment `open()` turns true, before the dialog moves focus inside, and returns a handler for the
 * dialog content's `onCloseAutoFocus` that focuses it again when the dialog closes (if it is
 * still on the page; else Kobalte's default applies). Call inside a component.
 */
export function focusReturn(open: () => boolean): (event: Event) => void {
  let opener: HTMLElement | null = null;
  createComputed(
    on(open, (isOpen) => {
      if (isOpen && typeof document !== "undefined") opener = document.activeElement as HTMLElement | null;
    }),
  );
  return (event) => {
    const target = opener;
    opener = null;
    if (target?.isConnected && target !== document.body) {
      event.preventDefault();
      target.focus();
    }
  };
}
