import { Dialog } from "@kobalte/core/dialog";
import { createSignal, type JSX, Show } from "solid-js";
import { type CreatedLink, describeError } from "../lib/api";
import { focusReturn } from "../lib/focusReturn";

/** What the link form asks, as read from it. Days: whole days; `expiresInDays` null = never. */
export interface LinkChoices {
  readonly label: string;
  /** 'snapshot' unless the dialog offers `modes` and "Live" is chosen. */
  readonly mode: "snapshot" | "live";
  readonly expiresInDays: number | null;
  /** Absent when left empty. */
  readonly passcode?: string;
  readonly showAgentNames: boolean;
  /** False unless the dialog offers `modes`. */
  readonly hideFilters: boolean;
}

/** What {@link LinkDialog} takes: the differences between sharing dashboard reports and a narrative report. */
export interface LinkDialogProps {
  open: boolean;
  /** Dialog title. */
  title: string;
  /** Prefix of every `data-testid` (`{testId}-dialog`, `-label`, `-create`, `-url`, `-done`...). */
  testId: string;
  /** What anyone with the link sees. */
  description: JSX.Element;
  /** Label used when the field is left empty (its placeholder); with `labelRequired` the field must be filled. */
  defaultLabel?: string;
  labelRequired?: boolean;
  /** Offers snapshot or live, and "hide the filters and the segment" (links over report queries). */
  modes?: boolean;
  /** Text after "Show agent names". */
  agentNamesHint?: string;
  /** Markup above the form's actions (e.g. which reports are shared without which filter). */
  notice?: JSX.Element;
  /** Makes the link from the form's choices; its error's message is shown in the dialog. */
  create: (choices: LinkChoices) => Promise<CreatedLink>;
  onClose: () => void;
}

/**
 * The share-a-link dialog (Kobalte Dialog) of the dashboard's reports (ShareDialog) and of a narrative
 * report (NarrativeShareDialog): a label, optionally snapshot or live, an expiry (30 days, 7, 90,
 * never), an optional passcode, "show agent names", optionally "hide filters"; then the link's URL,
 * shown this once, with a copy button. The token is never kept after the dialog closes; focus goes
 * back to the button that opened it.
 */
export function LinkDialog(props: LinkDialogProps) {
  const [made, setMade] = createSignal<CreatedLink>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const url = () => (made() ? `${window.location.origin}${made()?.path}` : "");
  const returnFocus = focusReturn(() => props.open);
  const id = (part: string) => `${props.testId}-${part}`;
  const close = () => {
    setMade(undefined);
    setError(undefined);
    setCopied(false);
    props.onClose();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const expiry = String(form.get("expiry") ?? "30");
    const passcode = String(form.get("passcode") ?? "");
    const choices: LinkChoices = {
      label: String(form.get("label") ?? "").trim() || (props.defaultLabel ?? ""),
      mode: form.get("mode") === "live" ? "live" : "snapshot",
      expiresInDays: expiry === "never" ? null : Number(expiry),
      showAgentNames: form.get("agentNames") === "on",
      hideFilters: form.get("hideFilters") === "on",
      ...(passcode ? { passcode } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      setMade(await props.create(choices));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url());
      setCopied(true);
    } catch {
      setError("The browser did not allow copying: select the link and copy it by hand.");
    }
  };
  return (
    <Dialog open={props.open} onOpenChange={(open) => !open && close()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog" data-testid={id("dialog")} onCloseAutoFocus={returnFocus}>
          <Dialog.Title class="tl-sheet__title">{props.title}</Dialog.Title>
          <Show
            when={made()}
            fallback={
              <form class="tl-form" onSubmit={(e) => void submit(e)}>
                <Dialog.Description class="tl-muted">{props.description}</Dialog.Description>
                <label>
                  Label{" "}
                  <input
                    name="label"
                    maxLength={100}
                    required={props.labelRequired}
                    placeholder={props.defaultLabel}
                    data-testid={id("label")}
                  />
                </label>
                <Show when={props.modes}>
                  <fieldset>
                    <legend>What the link shows</legend>
                    <label>
                      <input type="radio" name="mode" value="snapshot" checked data-testid={id("snapshot")} /> A
                      snapshot: the figures of now, frozen
                    </label>
                    <label>
                      <input type="radio" name="mode" value="live" data-testid={id("live")} /> Live: the same query on
                      current data at each view
                    </label>
                  </fieldset>
                </Show>
                <label>
                  Expires{" "}
                  <select name="expiry" data-testid={id("expiry")}>
                    <option value="30">in 30 days</option>
                    <option value="7">in 7 days</option>
                    <option value="90">in 90 days</option>
                    <option value="never">never</option>
                  </select>
                </label>
                <label>
                  Passcode (optional){" "}
                  <input
                    name="passcode"
                    type="password"
                    minLength={4}
                    autocomplete="new-password"
                    data-testid={id("passcode")}
                  />
                </label>
                <label>
                  <input type="checkbox" name="agentNames" data-testid={id("agent-names")} /> Show agent names
                  {props.agentNamesHint}
                </label>
                <Show when={props.modes}>
                  <label>
                    <input type="checkbox" name="hideFilters" data-testid={id("hide-filters")} /> Hide the filters and
                    the segment
                  </label>
                </Show>
                {props.notice}
                <Show when={error()}>
                  <p class="tl-notice" role="alert" data-testid={id("error")}>
                    {error()}
                  </p>
                </Show>
                <div class="tl-dialog__actions">
                  <Dialog.CloseButton class="tl-button tl-button--quiet" aria-label="Cancel">
                    Cancel
                  </Dialog.CloseButton>
                  <button type="submit" class="tl-button" disabled={busy()} data-testid={id("create")}>
                    Create link
                  </button>
                </div>
              </form>
            }
          >
            <p class="tl-notice" role="note">
              Copy the link now: it will not be shown again (Tallyline keeps only a hash of it). Revoke it any time on
              the Links page.
            </p>
            <code class="tl-secret" data-testid={id("url")}>
              {url()}
            </code>
            <div class="tl-dialog__actions">
              <button
                type="button"
                class="tl-button tl-button--quiet"
                data-testid={id("copy")}
                onClick={() => void copy()}
              >
                {copied() ? "Copied" : "Copy"}
              </button>
              <Dialog.CloseButton class="tl-button" aria-label="Done" data-testid={id("done")}>
                Done
              </Dialog.CloseButton>
            </div>
          </Show>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
