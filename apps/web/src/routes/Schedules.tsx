/**
 * `/schedules`: scheduled report e-mails (issue 15; docs/schedules.md). Every schedule of the
 * workspace with what it sends, its cadence in words, recipients, state, owner, last run and next
 * run (the API's `nextRun`, shown in the schedule's own zone); create and edit in a dialog; pause
 * or resume; "Send now" when the API has that route; delete after a confirmation; each schedule's
 * run history. Only the owner or an admin may change one: the API says so per schedule
 * (`editable`), and the page disables the buttons of the others.
 */
import { createAsync } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { PageFrame } from "../components/PageFrame";
import { ScheduleDialog } from "../components/ScheduleDialog";
import { describeError, getMe, getReportList, type Principal } from "../lib/api";
import { categoriesOf } from "../lib/categories";
import {
  bundleText,
  cadenceText,
  isMissingRoute,
  localTime,
  ownerText,
  type Schedule,
  type ScheduleRun,
  scheduleFeatures,
  schedulesApi,
} from "../lib/schedules";

/** How often a schedule's history is asked again while one of its runs is sending, in ms. */
export const RUN_POLL_MS = 1500;

/** Recipients shown in the list before "and N more". */
const SHOWN_RECIPIENTS = 3;

const STATUS: Record<ScheduleRun["status"], string> = {
  sending: "Sending…",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
};

const whoAmI = (p: Principal | undefined): { kind: "user" | "key"; id: string } | undefined =>
  p === undefined ? undefined : p.kind === "session" ? { kind: "user", id: p.user.id } : { kind: "key", id: p.key.id };

/** The Schedules page. */
export function Schedules() {
  const me = createAsync(() => getMe());
  const catalogue = createAsync(() => getReportList());
  const [features] = createResource(() => scheduleFeatures());
  const [items, { refetch, mutate }] = createResource(() => schedulesApi.list());
  const [editing, setEditing] = createSignal<Schedule | undefined>();
  const [open, setOpen] = createSignal(false);
  const [toDelete, setToDelete] = createSignal<Schedule | undefined>();
  const [error, setError] = createSignal<string>();
  const [sendNowGone, setSendNowGone] = createSignal(false);
  const categories = createMemo(() => categoriesOf(catalogue()?.items ?? []).map((c) => c.name));
  /** The mail options show when the API's schedules carry them, or its OpenAPI document names them. */
  const mailOptions = () =>
    (features()?.mailOptions ?? false) ||
    (items.latest ?? []).some((s) => s.attachments !== undefined && s.narrativeSummary !== undefined);
  const sendNow = () => (features()?.sendNow ?? false) && !sendNowGone();

  const openCreate = () => {
    setEditing(undefined);
    setOpen(true);
  };
  const openEdit = (s: Schedule) => {
    setEditing(s);
    setOpen(true);
  };
  const saved = async () => {
    setOpen(false);
    setEditing(undefined);
    await refetch();
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      await refetch();
    } catch (e) {
      setError(describeError(e).message);
    }
  };
  const confirmDelete = async () => {
    const s = toDelete();
    setToDelete(undefined);
    if (!s) return;
    await act(async () => {
      await schedulesApi.remove(s.id);
      mutate((list) => list?.filter((x) => x.id !== s.id));
    });
  };

  return (
    <PageFrame
      title="Schedules"
      actions={
        <button type="button" class="tl-button" onClick={openCreate} data-testid="schedule-new">
          New schedule
        </button>
      }
      mainClass="tl-main tl-narr tl-sched"
      after={
        <>
          <ScheduleDialog
            open={open()}
            schedule={editing()}
            categories={categories()}
            mailOptions={editing() ? editing()?.attachments !== undefined : mailOptions()}
            onClose={() => {
              setOpen(false);
              setEditing(undefined);
            }}
            onSaved={() => void saved()}
          />

          <ConfirmDialog
            open={toDelete() !== undefined}
            title={<>Delete “{toDelete()?.name}”?</>}
            body="No further mail is sent, and its run history is deleted with it. Mail already sent stays sent."
            onConfirm={() => void confirmDelete()}
            onCancel={() => setToDelete(undefined)}
            testid="schedule-delete-dialog"
            confirmTestid="schedule-delete-confirm"
            cancelTestid="schedule-delete-cancel"
          />
        </>
      }
    >
      <Show when={error()}>
        <p class="tl-notice" role="alert" data-testid="schedules-error">
          {error()}
        </p>
      </Show>
      <Show when={items.error}>
        <p class="tl-notice" role="alert">
          Could not load the schedules: {describeError(items.error).message}
        </p>
      </Show>
      <Show when={items.latest} fallback={<p class="tl-loading">Loading…</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <section class="tl-sched__empty" data-testid="schedules-empty">
                <h2>No schedules yet</h2>
                <p>
                  A schedule e-mails a report to the addresses you list, on a cadence you choose (every day, every week,
                  twice a month, …) at a local time in a time zone. Each mail covers the last complete period before it
                  is sent (the week before a weekly mail, the month before a monthly one) and compares it with the
                  period before, with the dashboard's charts and figures.
                </p>
                <button type="button" class="tl-button" onClick={openCreate} data-testid="schedule-new-empty">
                  Create a schedule
                </button>
              </section>
            }
          >
            <ul class="tl-sched__list" data-testid="schedules-list">
              <For each={list()}>
                {(s) => (
                  <ScheduleCard
                    schedule={s}
                    me={whoAmI(me())}
                    sendNow={sendNow()}
                    onEdit={() => openEdit(s)}
                    onToggle={() => void act(() => schedulesApi.update(s.id, { enabled: !s.enabled }))}
                    onDelete={() => setToDelete(s)}
                    onSendNowMissing={() => setSendNowGone(true)}
                  />
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </PageFrame>
  );
}

interface CardProps {
  readonly schedule: Schedule;
  readonly me: { kind: "user" | "key"; id: string } | undefined;
  readonly sendNow: boolean;
  readonly onEdit: () => void;
  readonly onToggle: () => void;
  readonly onDelete: () => void;
  readonly onSendNowMissing: () => void;
}

/** One schedule: its facts, its last and next run, its actions and its run history. */
function ScheduleCard(props: CardProps) {
  const s = () => props.schedule;
  const [runs, { refetch }] = createResource(
    () => s().id,
    (id) => schedulesApi.runs(id),
  );
  const [message, setMessage] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const last = () => runs.latest?.[0];
  // Follow a run being sent.
  createEffect(() => {
    if (!(runs.latest ?? []).some((r) => r.status === "sending")) return;
    const timer = setTimeout(() => void refetch(), RUN_POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });
  const sendNow = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      await schedulesApi.sendNow(s().id);
      setMessage("Sending now: the run is in the history below.");
      await refetch();
    } catch (e) {
      if (isMissingRoute(e)) props.onSendNowMissing();
      else setMessage(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const locked = () => !s().editable;
  const headingId = () => `sched-${s().id}`;
  return (
    <li
      class="tl-sched__card"
      data-testid="schedule-row"
      data-id={s().id}
      data-enabled={String(s().enabled)}
      aria-labelledby={headingId()}
    >
      <div class="tl-sched__top">
        <h2 id={headingId()} data-testid="schedule-title">
          {s().name}
        </h2>
        <span class={`tl-sched__state tl-sched__state--${s().enabled ? "on" : "off"}`} data-testid="schedule-state">
          {s().enabled ? "Enabled" : "Paused"}
        </span>
      </div>
      <dl class="tl-sched__facts">
        <div>
          <dt>Sends</dt>
          <dd data-testid="schedule-bundle-text">{bundleText(s().bundle)}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd data-testid="schedule-cadence">{cadenceText(s())}</dd>
        </div>
        <div>
          <dt>Recipients</dt>
          <dd data-testid="schedule-recipients-text">
            {s().recipients.length} {s().recipients.length === 1 ? "recipient" : "recipients"}:{" "}
            {s().recipients.slice(0, SHOWN_RECIPIENTS).join(", ")}
            {s().recipients.length > SHOWN_RECIPIENTS ? ` and ${s().recipients.length - SHOWN_RECIPIENTS} more` : ""}
          </dd>
        </div>
        <Show when={Object.keys(s().filters).length > 0}>
          <div>
            <dt>Filters</dt>
            <dd data-testid="schedule-filters-text">
              {Object.entries(s().filters)
                .map(([k, v]) => `${k}: ${v.join(", ")}`)
                .join("; ")}
            </dd>
          </div>
        </Show>
        <Show when={s().segment}>
          {(seg) => (
            <div>
              <dt>Segment</dt>
              <dd data-testid="schedule-segment-text">
                {seg().name ?? `deleted (${seg().id}): runs fail until changed`}
              </dd>
            </div>
          )}
        </Show>
        <div>
          <dt>Owner</dt>
          <dd data-testid="schedule-owner">{ownerText(s().owner, props.me)}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd data-testid="schedule-next">
            <Show when={s().nextRun} fallback="none while paused">
              {(n) => (
                <>
                  <time dateTime={n().dueAt}>{localTime(n().dueAt, s().timezone)}</time> ({s().timezone}), reporting on{" "}
                  {n().from} to {n().to}
                </>
              )}
            </Show>
          </dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd data-testid="schedule-last">
            <Show when={last()} fallback={runs.loading ? "…" : "never"}>
              {(r) => (
                <>
                  <span class={`tl-status tl-status--${r().status}`}>{STATUS[r().status]}</span>,{" "}
                  <time dateTime={r().finishedAt ?? r().dueAt}>
                    {localTime(r().finishedAt ?? r().dueAt, s().timezone)}
                  </time>
                  , period {r().period.from} to {r().period.to}
                </>
              )}
            </Show>
          </dd>
        </div>
      </dl>
      <div class="tl-sched__actions">
        <button
          type="button"
          class="tl-button tl-button--small"
          disabled={locked()}
          onClick={() => props.onEdit()}
          data-testid="schedule-edit"
        >
          Edit
        </button>
        <button
          type="button"
          class="tl-button tl-button--small tl-button--quiet"
          disabled={locked()}
          onClick={() => props.onToggle()}
          data-testid="schedule-toggle"
        >
          {s().enabled ? "Pause" : "Resume"}
        </button>
        <Show when={props.sendNow}>
          <button
            type="button"
            class="tl-button tl-button--small tl-button--quiet"
            disabled={locked() || busy()}
            onClick={() => void sendNow()}
            data-testid="schedule-send-now"
          >
            Send now
          </button>
        </Show>
        <button
          type="button"
          class="tl-button tl-button--small tl-button--quiet"
          disabled={locked()}
          onClick={() => props.onDelete()}
          data-testid="schedule-delete"
        >
          Delete
        </button>
        <Show when={locked()}>
          <span class="tl-muted" data-testid="schedule-locked">
            Only its owner or an admin can change it.
          </span>
        </Show>
      </div>
      <Show when={message()}>
        <p class="tl-notice" role="status" data-testid="schedule-message">
          {message()}
        </p>
      </Show>
      <details class="tl-sched__history" data-testid="schedule-history">
        <summary>Run history ({runs.latest?.length ?? 0})</summary>
        <Show when={runs.error}>
          <p class="tl-notice" role="alert">
            Could not load the runs: {describeError(runs.error).message}
          </p>
        </Show>
        <Show
          when={(runs.latest ?? []).length > 0}
          fallback={<p class="tl-muted">No run yet: the first is due at the next run above.</p>}
        >
          <div class="tl-table__scroll">
            <table class="tl-table" data-testid="schedule-runs">
              <caption class="tl-visually-hidden">Runs of {s().name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Period</th>
                  <th scope="col">Recipients</th>
                  <th scope="col">Server's answer</th>
                </tr>
              </thead>
              <tbody>
                <For each={runs.latest ?? []}>
                  {(r) => (
                    <tr data-testid="schedule-run" data-status={r.status}>
                      <td>
                        <span class={`tl-status tl-status--${r.status}`}>{STATUS[r.status]}</span>
                        {r.trigger === "manual" ? " (sent now)" : ""}
                        {r.late ? " (late)" : ""}
                      </td>
                      <td>{localTime(r.dueAt, s().timezone)}</td>
                      <td>{r.finishedAt ? localTime(r.finishedAt, s().timezone) : "–"}</td>
                      <td>
                        {r.period.from} to {r.period.to}
                      </td>
                      <td>{r.recipients.length}</td>
                      <td class="tl-sched__answer">
                        {r.answer ?? "–"}
                        <Show when={(r.warnings ?? []).length > 0}>
                          <ul>
                            <For each={r.warnings ?? []}>{(w) => <li>{w}</li>}</For>
                          </ul>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </details>
    </li>
  );
}
