import { Dialog } from "@kobalte/core/dialog";
import { createSignal, Show } from "solid-js";
import { type CreatedLink, describeError, linksApi, type NewLink } from "../lib/api";
import { focusReturn } from "../lib/focusReturn";
import type { PeriodRequest } from "../lib/period";

/** What is shared: one report or a page of several, over the dashboard's period and segment. */
export interface ShareTarget {
  /** Title of the public page (the report's name, or the category's). */
  readonly title: string;
  readonly reportIds: readonly string[];
  /** The dashboard's period request and segment; the zone is the server's, as on the dashboard. */
  readonly period: PeriodRequest & { segmentId?: string };
}

/**
 * The Share dialog (Kobalte): snapshot or live, expiry (30 days, 7, 90, never), an optional
 * passcode, "show agent names", "hide filters"; then the link's URL, shown this once, with a copy
 * button. The token is never kept by the page after the dialog closes.
 */
export function ShareDialog(props: { target: ShareTarget | undefined; onClose: () => void }) {
  const [made, setMade] = createSignal<CreatedLink>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const url = () => (made() ? `${window.location.origin}${made()?.path}` : "");
  /** Focus goes back to the Share button that opened the dialog. */
  const returnFocus = focusReturn(() => props.target !== undefined);
  const close = () => {
    setMade(undefined);
    setError(undefined);
    setCopied(false);
    props.onClose();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const target = props.target;
    if (!target) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const { segmentId, ...period } = target.period;
    const expiry = String(form.get("expiry") ?? "30");
    const passcode = String(form.get("passcode") ?? "");
    const body: NewLink = {
      label: String(form.get("label") ?? "").trim() || target.title,
      mode: form.get("mode") === "live" ? "live" : "snapshot",
      title: target.title,
      queries: target.reportIds.map((reportId) => ({ reportId, query: period })),
      expiresInDays: expiry === "never" ? null : Number(expiry),
      showAgentNames: form.get("agentNames") === "on",
      hideFilters: form.get("hideFilters") === "on",
      ...(segmentId ? { segmentId } : {}),
      ...(passcode ? { passcode } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      setMade(await linksApi.create(body));
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
    <Dialog open={props.target !== undefined} onOpenChange={(open) => !open && close()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog" data-testid="share-dialog" onCloseAutoFocus={returnFocus}>
          <Dialog.Title class="tl-sheet__title">Share “{props.target?.title}”</Dialog.Title>
          <Show
            when={made()}
            fallback={
              <form class="tl-form" onSubmit={(e) => void submit(e)}>
                <Dialog.Description class="tl-muted">
                  Anyone with the link sees these figures without signing in: no records, no names of contacts, no
                  message text.
                </Dialog.Description>
                <label>
                  Label{" "}
                  <input name="label" maxLength={100} placeholder={props.target?.title} data-testid="share-label" />
                </label>
                <fieldset>
                  <legend>What the link shows</legend>
                  <label>
                    <input type="radio" name="mode" value="snapshot" checked data-testid="share-snapshot" /> A snapshot:
                    the figures of now, frozen
                  </label>
                  <label>
                    <input type="radio" name="mode" value="live" data-testid="share-live" /> Live: the same query on
                    current data at each view
                  </label>
                </fieldset>
                <label>
                  Expires{" "}
                  <select name="expiry" data-testid="share-expiry">
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
                    data-testid="share-passcode"
                  />
                </label>
                <label>
                  <input type="checkbox" name="agentNames" data-testid="share-agent-names" /> Show agent names (else
                  Agent 1, Agent 2…)
                </label>
                <label>
                  <input type="checkbox" name="hideFilters" data-testid="share-hide-filters" /> Hide the filters and the
                  segment
                </label>
                <Show when={error()}>
                  <p class="tl-notice" role="alert" data-testid="share-error">
                    {error()}
                  </p>
                </Show>
                <div class="tl-dialog__actions">
                  <Dialog.CloseButton class="tl-button tl-button--quiet" aria-label="Cancel">
                    Cancel
                  </Dialog.CloseButton>
                  <button type="submit" class="tl-button" disabled={busy()} data-testid="share-create">
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
            <code class="tl-secret" data-testid="share-url">
              {url()}
            </code>
            <div class="tl-dialog__actions">
              <button
                type="button"
                class="tl-button tl-button--quiet"
                data-testid="share-copy"
                onClick={() => void copy()}
              >
                {copied() ? "Copied" : "Copy"}
              </button>
              <Dialog.CloseButton class="tl-button" aria-label="Done" data-testid="share-done">
                Done
              </Dialog.CloseButton>
            </div>
          </Show>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
