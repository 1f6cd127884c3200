import { AlertDialog } from "@kobalte/core/alert-dialog";
import type { JSX } from "solid-js";

/** What {@link ConfirmDialog} takes. */
export type ConfirmDialogProps = {
  /** Shown while true; closing (Cancel, Escape, a click outside) calls `onCancel`. */
  open: boolean;
  /** The question, e.g. "Delete this import?". */
  title: JSX.Element;
  /** What the action does and does not touch. */
  body: JSX.Element;
  /** The label of the confirming button (default "Delete"). */
  action?: string;
  /** The confirming button in the danger colour (default: the plain button). */
  danger?: boolean;
  /** Called by the confirming button; the caller closes the dialog (usually by clearing `open`). */
  onConfirm: () => void;
  /** Called when the dialog is dismissed without confirming. */
  onCancel: () => void;
  /** `data-testid` of the dialog, of its confirming button and (optional) of its Cancel button. */
  testid: string;
  confirmTestid: string;
  cancelTestid?: string;
};

/**
 * A Kobalte AlertDialog asking to confirm a destructive action (delete a schedule, an import, a
 * report, a user or a key): the question, what it does, Cancel and the action. The one confirm
 * dialog of the app, so every one looks and behaves the same.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <AlertDialog open={props.open} onOpenChange={(open) => !open && props.onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay class="tl-dialog__overlay" />
        <AlertDialog.Content class="tl-dialog" data-testid={props.testid}>
          <AlertDialog.Title>{props.title}</AlertDialog.Title>
          <AlertDialog.Description>{props.body}</AlertDialog.Description>
          <div class="tl-dialog__actions">
            <AlertDialog.CloseButton
              class="tl-button tl-button--quiet"
              aria-label="Cancel"
              data-testid={props.cancelTestid}
            >
              Cancel
            </AlertDialog.CloseButton>
            <button
              type="button"
              class={props.danger ? "tl-button tl-button--danger" : "tl-button"}
              onClick={() => props.onConfirm()}
              data-testid={props.confirmTestid}
            >
              {props.action ?? "Delete"}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog>
  );
}
