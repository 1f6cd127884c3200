import { Dialog } from "@kobalte/core/dialog";
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from "solid-js";
import { describeError } from "../lib/api";
import {
  type Attachments,
  type Bundle,
  cadenceText,
  FREQUENCIES,
  FREQUENCY_LABELS,
  type Frequency,
  fieldOfMessage,
  MAX_RECIPIENTS,
  parseRecipients,
  type Schedule,
  type ScheduleBody,
  type ScheduleField,
  schedulesApi,
  takesMonthDay,
  takesWeekday,
  WEEKDAYS,
} from "../lib/schedules";
import { filtersFromFields, SEGMENT_FILTERS, segmentsApi } from "../lib/segments";
import { browserZone, timeZones } from "../lib/view";

export interface ScheduleDialogProps {
  /** Open the dialog. */
  readonly open: boolean;
  /** The schedule to edit; undefined to create one. */
  readonly schedule?: Schedule;
  /** Dashboard categories a schedule may send instead of the seed 002 bundle (catalogue order). */
  readonly categories: readonly string[];
  /** Show the mail options (attachments, narrative summary): only when the API has them. */
  readonly mailOptions: boolean;
  readonly onClose: () => void;
  /** Called with the API's schedule after a successful create or change. */
  readonly onSaved: (schedule: Schedule) => void;
}

const humanise = (filter: string) => filter.charAt(0).toUpperCase() + filter.slice(1);
const NO_ATTACHMENTS: Attachments = { pdf: false, csv: false, xlsx: false };

/**
 * The create / edit dialog of a schedule (Kobalte Dialog): name, bundle (seed 002's three sections
 * or one dashboard category), frequency with the weekday or day of the month only when it takes
 * one, send time, IANA zone (a searchable list, the browser's by default), recipients (one per line
 * or separated by commas, each checked and its problem shown beside it), report filters, enabled,
 * and the mail options when the API has them. The API's 400 message is shown at the field it names
 * (a recipient's at that address).
 */
export function ScheduleDialog(props: ScheduleDialogProps) {
  const zones = timeZones();
  const [name, setName] = createSignal("");
  const [bundle, setBundle] = createSignal("seed002");
  const [frequency, setFrequency] = createSignal<Frequency>("weekly");
  const [weekday, setWeekday] = createSignal(1);
  const [monthDay, setMonthDay] = createSignal(1);
  const [sendTime, setSendTime] = createSignal("08:00");
  const [zone, setZone] = createSignal(browserZone() ?? "UTC");
  const [recipients, setRecipients] = createSignal("");
  const [filters, setFilters] = createSignal<Record<string, string>>({});
  const [enabled, setEnabled] = createSignal(true);
  const [attachments, setAttachments] = createSignal<Attachments>(NO_ATTACHMENTS);
  const [summary, setSummary] = createSignal(false);
  const [segment, setSegment] = createSignal("");
  const [publicLink, setPublicLink] = createSignal(false);
  // The workspace's segments for the select, read when the dialog opens (none when they cannot be read).
  const [segments] = createResource(
    () => props.open,
    () => segmentsApi.list().catch(() => []),
  );
  const [errors, setErrors] = createSignal<Partial<Record<ScheduleField | "form", string>>>({});
  /** API messages about one recipient, by its address. */
  const [apiRecipient, setApiRecipient] = createSignal<Record<string, string>>({});
  const [checked, setChecked] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  // Fill the form each time it opens: from the schedule edited, or the defaults.
  createEffect(
    on(
      () => [props.open, props.schedule] as const,
      ([open, s]) => {
        if (!open) return;
        setErrors({});
        setApiRecipient({});
        setChecked(false);
        setName(s?.name ?? "");
        setBundle(s?.bundle.kind === "category" ? `category:${s.bundle.category}` : "seed002");
        setFrequency(s?.frequency ?? "weekly");
        setWeekday(s?.weekday ?? 1);
        setMonthDay(s?.monthDay ?? 1);
        setSendTime(s?.sendTime ?? "08:00");
        setZone(s?.timezone ?? browserZone() ?? "UTC");
        setRecipients(s ? s.recipients.join("\n") : "");
        setFilters(Object.fromEntries(Object.entries(s?.filters ?? {}).map(([k, v]) => [k, v.join(", ")])));
        setEnabled(s?.enabled ?? true);
        setAttachments(s?.attachments ?? NO_ATTACHMENTS);
        setSummary(s?.narrativeSummary ?? false);
        setSegment(s?.segment?.id ?? "");
        setPublicLink(s?.publicLink ?? false);
      },
    ),
  );

  const parsed = createMemo(() => parseRecipients(recipients()));
  const recipientProblems = () =>
    parsed()
      .map((r) => ({ address: r.address, problem: r.problem ?? apiRecipient()[r.address] }))
      .filter((r): r is { address: string; problem: string } => r.problem !== undefined);
  const chosenBundle = (): Bundle =>
    bundle().startsWith("category:") ? { kind: "category", category: bundle().slice(9) } : { kind: "seed002" };
  const body = (): ScheduleBody => ({
    name: name().trim(),
    bundle: chosenBundle(),
    frequency: frequency(),
    weekday: takesWeekday(frequency()) ? weekday() : null,
    monthDay: takesMonthDay(frequency()) ? monthDay() : null,
    sendTime: sendTime(),
    timezone: zone(),
    recipients: parsed().map((r) => r.address),
    filters: filtersFromFields(filters()),
    enabled: enabled(),
    ...(props.mailOptions
      ? {
          attachments: attachments(),
          narrativeSummary: summary(),
          segmentId: segment() || null,
          publicLink: publicLink(),
        }
      : {}),
  });

  /** Problems found before sending, by field. */
  const localProblems = (): Partial<Record<ScheduleField, string>> => {
    const out: Partial<Record<ScheduleField, string>> = {};
    if (name().trim() === "") out.name = "Give the schedule a name.";
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(sendTime())) out.sendTime = "Give a time as HH:MM.";
    if (!zones.includes(zone())) out.timezone = "Choose a time zone from the list.";
    const list = parsed();
    if (list.length === 0) out.recipients = "Add at least one recipient.";
    else if (list.length > MAX_RECIPIENTS) out.recipients = `At most ${MAX_RECIPIENTS} recipients.`;
    else if (list.some((r) => r.problem)) out.recipients = "Correct the addresses marked below.";
    return out;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setChecked(true);
    setApiRecipient({});
    const local = localProblems();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      const first = Object.keys(local)[0];
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const b = body();
    setBusy(true);
    try {
      const saved = props.schedule ? await schedulesApi.update(props.schedule.id, b) : await schedulesApi.create(b);
      props.onSaved(saved);
    } catch (e) {
      const { message } = describeError(e);
      const at = fieldOfMessage(message);
      if (at.field === "recipients" && at.index !== undefined && b.recipients[at.index] !== undefined) {
        const address = b.recipients[at.index] as string;
        setApiRecipient({ [address]: at.text });
        setErrors({ recipients: "Correct the addresses marked below." });
      } else if (at.field) setErrors({ [at.field]: at.text });
      else setErrors({ form: message });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: ScheduleField) => (
    <Show when={errors()[field]}>
      {(m) => (
        <span class="tl-sched__error" id={`sched-${field}-error`} data-testid={`schedule-error-${field}`}>
          {m()}
        </span>
      )}
    </Show>
  );
  const describedBy = (field: ScheduleField) => (errors()[field] ? `sched-${field}-error` : undefined);

  return (
    <Dialog open={props.open} onOpenChange={(open) => !open && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog tl-sched__dialog" data-testid="schedule-dialog">
          <Dialog.Title class="tl-sheet__title">{props.schedule ? "Edit schedule" : "New schedule"}</Dialog.Title>
          <form class="tl-form" onSubmit={(e) => void submit(e)} novalidate>
            <Dialog.Description class="tl-muted">
              The mail reports on the last complete period before each send day, in the schedule's time zone.
            </Dialog.Description>
            <label class="tl-sched__field">
              <span>Name</span>
              <input
                value={name()}
                onInput={(e) => setName(e.currentTarget.value)}
                maxlength={100}
                data-field="name"
                aria-invalid={errors().name ? true : undefined}
                aria-describedby={describedBy("name")}
                data-testid="schedule-name"
              />
              {fieldError("name")}
            </label>
            <label class="tl-sched__field">
              <span>Sends</span>
              <select
                value={bundle()}
                onChange={(e) => setBundle(e.currentTarget.value)}
                data-field="bundle"
                aria-describedby={describedBy("bundle")}
                data-testid="schedule-bundle"
              >
                <option value="seed002">Activity, Chatbot and Contact Center (seed 002)</option>
                <For each={props.categories}>{(c) => <option value={`category:${c}`}>Dashboard: {c}</option>}</For>
              </select>
              {fieldError("bundle")}
            </label>
            <div class="tl-sched__row">
              <label class="tl-sched__field">
                <span>Frequency</span>
                <select
                  value={frequency()}
                  onChange={(e) => setFrequency(e.currentTarget.value as Frequency)}
                  data-field="frequency"
                  aria-describedby={describedBy("frequency")}
                  data-testid="schedule-frequency"
                >
                  <For each={FREQUENCIES}>{(f) => <option value={f}>{FREQUENCY_LABELS[f]}</option>}</For>
                </select>
                {fieldError("frequency")}
              </label>
              <Show when={takesWeekday(frequency())}>
                <label class="tl-sched__field">
                  <span>Day of the week</span>
                  <select
                    value={String(weekday())}
                    onChange={(e) => setWeekday(Number(e.currentTarget.value))}
                    data-field="weekday"
                    aria-describedby={describedBy("weekday")}
                    data-testid="schedule-weekday"
                  >
                    <For each={WEEKDAYS}>{(d, i) => <option value={String(i() + 1)}>{d}</option>}</For>
                  </select>
                  {fieldError("weekday")}
                </label>
              </Show>
              <Show when={takesMonthDay(frequency())}>
                <label class="tl-sched__field">
                  <span>Day of the month</span>
                  <select
                    value={String(monthDay())}
                    onChange={(e) => setMonthDay(Number(e.currentTarget.value))}
                    data-field="monthDay"
                    aria-describedby={describedBy("monthDay")}
                    data-testid="schedule-monthday"
                  >
                    <For each={Array.from({ length: 31 }, (_, i) => i + 1)}>
                      {(d) => <option value={String(d)}>{d}</option>}
                    </For>
                  </select>
                  {fieldError("monthDay")}
                </label>
              </Show>
              <label class="tl-sched__field">
                <span>Send time</span>
                <input
                  type="time"
                  value={sendTime()}
                  onInput={(e) => setSendTime(e.currentTarget.value)}
                  data-field="sendTime"
                  aria-invalid={errors().sendTime ? true : undefined}
                  aria-describedby={describedBy("sendTime")}
                  data-testid="schedule-time"
                />
                {fieldError("sendTime")}
              </label>
            </div>
            <label class="tl-sched__field">
              <span>Time zone (type to search the list)</span>
              <input
                list="tl-sched-zones"
                value={zone()}
                onInput={(e) => setZone(e.currentTarget.value.trim())}
                autocomplete="off"
                spellcheck={false}
                data-field="timezone"
                aria-invalid={errors().timezone ? true : undefined}
                aria-describedby={describedBy("timezone")}
                data-testid="schedule-zone-input"
              />
              <datalist id="tl-sched-zones">
                <For each={zones}>{(z) => <option value={z} />}</For>
              </datalist>
              {fieldError("timezone")}
            </label>
            <p class="tl-muted tl-sched__preview" data-testid="schedule-preview">
              {cadenceText({
                frequency: frequency(),
                weekday: takesWeekday(frequency()) ? weekday() : null,
                monthDay: takesMonthDay(frequency()) ? monthDay() : null,
                sendTime: sendTime() || "--:--",
                timezone: zone(),
              })}
            </p>
            <label class="tl-sched__field">
              <span>Recipients (one per line, or separated by commas)</span>
              <textarea
                rows={3}
                value={recipients()}
                onInput={(e) => {
                  setRecipients(e.currentTarget.value);
                  setApiRecipient({});
                }}
                data-field="recipients"
                aria-invalid={errors().recipients ? true : undefined}
                aria-describedby={describedBy("recipients")}
                data-testid="schedule-recipients"
              />
              {fieldError("recipients")}
            </label>
            <Show when={checked() && recipientProblems().length > 0}>
              <ul class="tl-sched__problems" data-testid="schedule-recipient-problems">
                <For each={recipientProblems()}>
                  {(r) => (
                    <li data-testid="schedule-recipient-problem" data-address={r.address}>
                      <code>{r.address}</code> {r.problem}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <details class="tl-sched__filters" open={Object.keys(props.schedule?.filters ?? {}).length > 0}>
              <summary>Filters (optional)</summary>
              <p class="tl-muted">Values separated by commas; leave blank what the mail does not filter on.</p>
              <For each={SEGMENT_FILTERS}>
                {(filter) => (
                  <label class="tl-sched__field">
                    <span>{humanise(filter)}</span>
                    <input
                      value={filters()[filter] ?? ""}
                      onInput={(e) => setFilters({ ...filters(), [filter]: e.currentTarget.value })}
                      data-testid={`schedule-filter-${filter}`}
                    />
                  </label>
                )}
              </For>
              {fieldError("filters")}
            </details>
            <Show when={props.mailOptions}>
              <label class="tl-sched__field">
                <span>Segment</span>
                <select
                  value={segment()}
                  onChange={(e) => setSegment(e.currentTarget.value)}
                  data-field="segmentId"
                  aria-invalid={errors().segmentId ? true : undefined}
                  aria-describedby={describedBy("segmentId")}
                  data-testid="schedule-segment"
                >
                  <option value="">None</option>
                  <Show when={segment() && !(segments() ?? []).some((x) => x.id === segment())}>
                    <option value={segment()}>{props.schedule?.segment?.name ?? "(deleted segment)"}</option>
                  </Show>
                  <For each={segments() ?? []}>{(x) => <option value={x.id}>{x.name}</option>}</For>
                </select>
                {fieldError("segmentId")}
              </label>
            </Show>
            <Show when={props.mailOptions}>
              <fieldset class="tl-sched__options" data-testid="schedule-mail-options">
                <legend>In the mail</legend>
                <For each={["pdf", "csv", "xlsx"] as const}>
                  {(kind) => (
                    <label class="tl-sched__check">
                      <input
                        type="checkbox"
                        checked={attachments()[kind]}
                        onChange={(e) => setAttachments({ ...attachments(), [kind]: e.currentTarget.checked })}
                        data-testid={`schedule-attach-${kind}`}
                      />{" "}
                      Attach {kind.toUpperCase()}
                    </label>
                  )}
                </For>
                <label class="tl-sched__check">
                  <input
                    type="checkbox"
                    checked={summary()}
                    onChange={(e) => setSummary(e.currentTarget.checked)}
                    data-testid="schedule-summary"
                  />{" "}
                  Narrative executive summary
                </label>
                <label class="tl-sched__check">
                  <input
                    type="checkbox"
                    checked={publicLink()}
                    onChange={(e) => setPublicLink(e.currentTarget.checked)}
                    data-testid="schedule-public-link"
                  />{" "}
                  Include a public link (a new snapshot link each mail, no sign-in needed, works 90 days)
                </label>
                {fieldError("attachments")}
                {fieldError("publicLink")}
                {fieldError("narrativeSummary")}
              </fieldset>
            </Show>
            <label class="tl-sched__check">
              <input
                type="checkbox"
                checked={enabled()}
                onChange={(e) => setEnabled(e.currentTarget.checked)}
                data-testid="schedule-enabled"
              />{" "}
              Enabled (unticked: paused, nothing is sent)
            </label>
            <Show when={errors().form}>
              <p class="tl-notice" role="alert" data-testid="schedule-error-form">
                {errors().form}
              </p>
            </Show>
            <div class="tl-dialog__actions">
              <Dialog.CloseButton class="tl-button tl-button--quiet" aria-label="Cancel" data-testid="schedule-cancel">
                Cancel
              </Dialog.CloseButton>
              <button type="submit" class="tl-button" disabled={busy()} data-testid="schedule-save">
                {props.schedule ? "Save changes" : "Create schedule"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
