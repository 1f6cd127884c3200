import { Dialog } from "@kobalte/core/dialog";
import { createAsync } from "@solidjs/router";
import { formatCount } from "@tallyline/ui";
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { describeError, getReportList } from "../lib/api";
import {
  type NarrativeRequest,
  narrativesApi,
  SCOPE_CHOICES,
  type ScopeKind,
  type ScopeValues,
  scopeText,
} from "../lib/narratives";
import { rangeProblem } from "../lib/period";
import { getSegments } from "../lib/segments";

export interface GenerateDialogProps {
  open: boolean;
  onClose: () => void;
  /** Called once the server has stored the report as running. */
  onStarted: (id: string) => void;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";

/**
 * The generate dialog (Kobalte Dialog): the scope kind (campaign, segment, check, selected calls,
 * and the chat equivalents) with the values of the data (campaigns and checks by name, saved
 * segments) or ids for a selected set; the period (the last 30 days by default, 7, 90, or a custom
 * range) and its time zone (the server's by default); the estimate of the tokens it would use,
 * asked as soon as the scope is chosen; and Generate, which starts the report in the background.
 */
export function GenerateDialog(props: GenerateDialogProps) {
  const catalogue = createAsync(() => getReportList());
  const [values] = createResource(
    () => props.open,
    () => narrativesApi.scopes(),
  );
  const segments = createAsync(() => (props.open ? getSegments() : Promise.resolve([])));
  const [kind, setKind] = createSignal<ScopeKind>("campaign");
  const [value, setValue] = createSignal("");
  const [preset, setPreset] = createSignal("30");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [zone, setZone] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const timezone = () => zone() ?? catalogue()?.data.timezone ?? browserZone();

  /** The choices of the value field for kinds chosen from a list; undefined for typed id sets. */
  const options = createMemo((): { id: string; name: string }[] | undefined => {
    const v: ScopeValues | undefined = values.latest;
    switch (kind()) {
      case "campaign":
        return (v?.campaigns ?? []).filter((c) => c.channel !== "chat");
      case "chat_campaign":
        return (v?.campaigns ?? []).filter((c) => c.channel === "chat");
      case "check":
        return [...(v?.checks ?? [])];
      case "segment":
      case "chat_segment":
        return (segments() ?? []).map((s) => ({ id: s.id, name: s.name }));
      default:
        return undefined;
    }
  });

  const periodProblem = () => (preset() === "custom" ? rangeProblem(from(), to()) : undefined);
  /** The request of the form as it stands, or undefined while it lacks a scope or a valid period. */
  const body = createMemo((): NarrativeRequest | undefined => {
    const scope = scopeText(kind(), value());
    if (!scope || periodProblem()) return undefined;
    const period = preset() === "custom" ? { from: from(), to: to() } : { periodDays: Number(preset()) };
    return { scope, ...period, timezone: timezone() };
  });
  const [estimate] = createResource(
    () => (props.open ? body() : undefined),
    (b) => narrativesApi.estimate(b),
  );

  const close = () => {
    setError(undefined);
    setValue("");
    props.onClose();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const b = body();
    if (!b) {
      setError(periodProblem() ?? "Choose what the report is about.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const n = await narrativesApi.generate(b);
      setValue("");
      props.onStarted(n.id);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onOpenChange={(open) => !open && close()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog" data-testid="generate-dialog">
          <Dialog.Title class="tl-sheet__title">Generate a report</Dialog.Title>
          <form class="tl-form" onSubmit={(e) => void submit(e)}>
            <Dialog.Description class="tl-muted">
              The report is computed in the background: you can leave the page, it stays listed as running.
            </Dialog.Description>
            <label>
              Report type{" "}
              <select
                value={kind()}
                onChange={(e) => {
                  setKind(e.currentTarget.value as ScopeKind);
                  setValue("");
                }}
                data-testid="generate-kind"
              >
                <For each={SCOPE_CHOICES}>{(c) => <option value={c.kind}>{c.label}</option>}</For>
              </select>
            </label>
            <Show
              when={options()}
              fallback={
                <label>
                  {kind() === "calls" ? "Call ids" : "Conversation ids"} (separated by commas or new lines, at most
                  1,000){" "}
                  <textarea
                    rows={3}
                    value={value()}
                    onInput={(e) => setValue(e.currentTarget.value)}
                    data-testid="generate-ids"
                  />
                </label>
              }
            >
              {(list) => (
                <label>
                  {SCOPE_CHOICES.find((c) => c.kind === kind())?.label}{" "}
                  <select
                    value={value()}
                    onChange={(e) => setValue(e.currentTarget.value)}
                    data-testid="generate-value"
                  >
                    <option value="">{list().length === 0 ? "None in the data" : "Choose…"}</option>
                    <For each={list()}>
                      {(o) => <option value={o.id}>{o.name === o.id ? o.name : `${o.name} (${o.id})`}</option>}
                    </For>
                  </select>
                </label>
              )}
            </Show>
            <label>
              Period{" "}
              <select value={preset()} onChange={(e) => setPreset(e.currentTarget.value)} data-testid="generate-period">
                <option value="30">Last 30 days</option>
                <option value="7">Last 7 days</option>
                <option value="90">Last 90 days</option>
                <option value="custom">Custom range</option>
              </select>
            </label>
            <Show when={preset() === "custom"}>
              <div class="tl-narr__range">
                <label>
                  From{" "}
                  <input
                    type="date"
                    value={from()}
                    onInput={(e) => setFrom(e.currentTarget.value)}
                    data-testid="generate-from"
                  />
                </label>
                <label>
                  To{" "}
                  <input
                    type="date"
                    value={to()}
                    onInput={(e) => setTo(e.currentTarget.value)}
                    data-testid="generate-to"
                  />
                </label>
              </div>
            </Show>
            <label>
              Time zone{" "}
              <input
                value={timezone()}
                onInput={(e) => setZone(e.currentTarget.value)}
                data-testid="generate-timezone"
              />
            </label>
            <div class="tl-narr__estimate" role="status" data-testid="generate-estimate">
              <Switch fallback={<span class="tl-muted">Choose the scope to see the estimate.</span>}>
                <Match when={estimate.loading}>
                  <span class="tl-muted">Estimating…</span>
                </Match>
                <Match when={estimate.error}>
                  <span>{describeError(estimate.error).message}</span>
                </Match>
                <Match when={estimate()}>
                  {(e) => (
                    <span data-narrator={e().narrator} data-prompt-tokens={e().promptTokens}>
                      {formatCount(e().sampleSize)}{" "}
                      {kind().startsWith("chat") || kind() === "conversations" ? "conversations" : "calls"} in the
                      period.{" "}
                      {e().narrator === "ai"
                        ? `Estimate: about ${formatCount(e().promptTokens)} prompt tokens and at most ${formatCount(e().maxCompletionTokens)} completion tokens.`
                        : e().sampleSize === 0
                          ? "No data: the report will say so (no tokens used)."
                          : "No AI server is configured: the rules narrator writes it (no tokens used)."}
                    </span>
                  )}
                </Match>
              </Switch>
            </div>
            <Show when={error()}>
              <p class="tl-notice" role="alert" data-testid="generate-error">
                {error()}
              </p>
            </Show>
            <div class="tl-dialog__actions">
              <Dialog.CloseButton class="tl-button tl-button--quiet">Cancel</Dialog.CloseButton>
              <button type="submit" class="tl-button" disabled={busy() || !body()} data-testid="generate-submit">
                Generate
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
