import { Dialog } from "@kobalte/core/dialog";
import { createSignal, Show } from "solid-js";
import { type CreatedLink, describeError } from "../lib/api";
import { narrativesApi } from "../lib/narratives";

/**
 * Share a narrative report (Kobalte Dialog): a frozen public link of the report as it is, with a
 * label, an expiry (30 days, 7, 90, never), an optional passcode and "show agent names"; then its
 * URL, shown this once. The public page holds no call ids or personal data (docs/public-links.md).
 */
export function NarrativeShareDialog(props: { report: { id: string; name: string } | undefined; onClose: () => void }) {
  const [made, setMade] = createSignal<CreatedLink>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const url = () => (made() ? `${window.location.origin}${made()?.path}` : "");
  const close = () => {
    setMade(undefined);
    setError(undefined);
    props.onClose();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const report = props.report;
    if (!report) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const expiry = String(form.get("expiry") ?? "30");
    const passcode = String(form.get("passcode") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      setMade(
        await narrativesApi.share(report.id, {
          label: String(form.get("label") ?? "").trim() || "Narrative report",
          expiresInDays: expiry === "never" ? null : Number(expiry),
          showAgentNames: form.get("agentNames") === "on",
          ...(passcode ? { passcode } : {}),
        }),
      );
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.report !== undefined} onOpenChange={(open) => !open && close()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog" data-testid="report-share-dialog">
          <Dialog.Title class="tl-sheet__title">Share this report</Dialog.Title>
          <Show
            when={made()}
            fallback={
              <form class="tl-form" onSubmit={(e) => void submit(e)}>
                <Dialog.Description class="tl-muted">
                  Anyone with the link sees this report as it is now, without signing in: its text and figures, agents
                  as Agent 1, Agent 2… unless you show names; no calls, no e-mail addresses.
                </Dialog.Description>
                <label>
                  Label <input name="label" maxLength={100} required data-testid="report-share-label" />
                </label>
                <label>
                  Expires{" "}
                  <select name="expiry">
                    <option value="30">in 30 days</option>
                    <option value="7">in 7 days</option>
                    <option value="90">in 90 days</option>
                    <option value="never">never</option>
                  </select>
                </label>
                <label>
                  Passcode (optional){" "}
                  <input name="passcode" type="password" minLength={4} autocomplete="new-password" />
                </label>
                <label>
                  <input type="checkbox" name="agentNames" /> Show agent names
                </label>
                <Show when={error()}>
                  <p class="tl-notice" role="alert">
                    {error()}
                  </p>
                </Show>
                <div class="tl-dialog__actions">
                  <Dialog.CloseButton class="tl-button tl-button--quiet">Cancel</Dialog.CloseButton>
                  <button type="submit" class="tl-button" disabled={busy()} data-testid="report-share-create">
                    Create link
                  </button>
                </div>
              </form>
            }
          >
            <p class="tl-notice" role="note">
              Copy the link now: it will not be shown again. Revoke it any time on the Links page.
            </p>
            <code class="tl-secret" data-testid="report-share-url">
              {url()}
            </code>
            <div class="tl-dialog__actions">
              <Dialog.CloseButton class="tl-button" data-testid="report-share-done">
                Done
              </Dialog.CloseButton>
            </div>
          </Show>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
