/**
 * The Imports page (admins): upload a file (source, zone), follow its progress, the history of
 * imports with their warnings and errors, and delete one after a confirmation. File names, values
 * and messages from imported files are shown as text, never as markup.
 */
import { Progress } from "@kobalte/core/progress";
import { formatCount } from "@tallyline/ui";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { PageFrame } from "../components/PageFrame";
import { type ImportItem, importsApi, isActive } from "../lib/imports";

/** Sources offered in the upload form (adapter ids of packages/ingest; auto detects). */
const SOURCES = [
  "auto",
  "canonical",
  "anonbank",
  "mapped",
  "ibm-twitter",
  "c24-conversations",
  "c24-agent-activity",
  "c24-agent-performance",
  "c24-agents",
  "c24-invites",
  "c24-hosts",
  "c24-traffic",
  "c24-slots",
] as const;

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  } catch {
    return "UTC";
  }
};

const n = (v: number) => formatCount(v);

/** The Imports page. */
export function Imports() {
  const [history, { refetch }] = createResource(() => importsApi.list());
  const [file, setFile] = createSignal<File | undefined>();
  const [source, setSource] = createSignal<string>("auto");
  const [zone, setZone] = createSignal(browserZone());
  const [current, setCurrent] = createSignal<ImportItem | undefined>();
  const [error, setError] = createSignal<string | undefined>();
  const [busy, setBusy] = createSignal(false);
  const [toDelete, setToDelete] = createSignal<ImportItem | undefined>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const follow = async (id: string) => {
    const job = await importsApi.get(id);
    setCurrent(job);
    if (isActive(job)) timer = setTimeout(() => void follow(id).catch((e) => setError(String(e.message))), 400);
    else {
      setBusy(false);
      void refetch();
    }
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const chosen = file();
    if (!chosen) return;
    setError(undefined);
    setBusy(true);
    try {
      const job = await importsApi.upload(chosen, { source: source(), timezone: zone() });
      setCurrent(job);
      await follow(job.id);
    } catch (err) {
      setBusy(false);
      setError((err as Error).message);
    }
  };

  const confirmDelete = async () => {
    const item = toDelete();
    setToDelete(undefined);
    if (!item) return;
    try {
      await importsApi.remove(item.id);
    } catch (err) {
      setError((err as Error).message);
    }
    void refetch();
  };

  const percent = () => {
    const job = current();
    if (!job) return 0;
    if (!isActive(job)) return 100;
    return Math.round((job.fraction ?? 0) * 100);
  };

  return (
    <PageFrame
      title="Imports"
      mainClass="tl-imports"
      after={
        <ConfirmDialog
          open={toDelete() !== undefined}
          title="Delete this import?"
          body={
            <>
              The rows {toDelete()?.file} last wrote ({n(toDelete()?.rows ?? 0)}) are removed from every report.
            </>
          }
          onConfirm={() => void confirmDelete()}
          onCancel={() => setToDelete(undefined)}
          testid="import-delete-dialog"
          confirmTestid="import-delete-confirm"
        />
      }
    >
      <form class="tl-imports__form tl-panel" onSubmit={(e) => void submit(e)} data-testid="import-form">
        <label>
          File
          <input
            type="file"
            data-testid="import-file"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? undefined)}
          />
        </label>
        <label>
          Source
          <select value={source()} onChange={(e) => setSource(e.currentTarget.value)} data-testid="import-source">
            <For each={SOURCES}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label>
          Time zone of times without an offset
          <input
            type="text"
            value={zone()}
            onInput={(e) => setZone(e.currentTarget.value)}
            data-testid="import-timezone"
          />
        </label>
        <button type="submit" class="tl-button" disabled={busy() || !file()} data-testid="import-upload">
          Upload and import
        </button>
      </form>

      <Show when={error()}>
        {(message) => (
          <p class="tl-error" role="alert" data-testid="import-error">
            {message()}
          </p>
        )}
      </Show>

      <Show when={current()}>
        {(job) => (
          <Progress value={percent()} minValue={0} maxValue={100} class="tl-progress" data-testid="import-progress">
            <div class="tl-muted">
              <Progress.Label>{job().file}</Progress.Label>: {job().status} ({job().phase}) <Progress.ValueLabel />
            </div>
            <Progress.Track class="tl-progress__track">
              <Progress.Fill class="tl-progress__fill" style={{ width: `${percent()}%` }} />
            </Progress.Track>
          </Progress>
        )}
      </Show>

      <section class="tl-panel">
        <h2>History</h2>
        <Show when={history()} fallback={<p class="tl-muted">Loading...</p>}>
          {(items) => (
            <div class="tl-table__scroll">
              <table class="tl-table" data-testid="import-history">
                <thead>
                  <tr>
                    <th>File</th>
                    <th>Source</th>
                    <th>Rows</th>
                    <th>Data from</th>
                    <th>Status</th>
                    <th>Warnings</th>
                    <th>Errors</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  <For
                    each={items()}
                    fallback={
                      <tr>
                        <td colSpan={8}>No imports yet.</td>
                      </tr>
                    }
                  >
                    {(item) => (
                      <tr data-testid="import-row">
                        <td>{item.file}</td>
                        <td>{item.source}</td>
                        <td>{n(item.rows)}</td>
                        <td>{item.span ? `${item.span.firstDay} to ${item.span.lastDay}` : "-"}</td>
                        <td data-testid="import-status">{item.status}</td>
                        <td>{n(item.warnings.total)}</td>
                        <td>
                          <Show when={item.errors} fallback="-">
                            {(errors) => (
                              <ul class="tl-imports__issues">
                                <For each={errors().issues.slice(0, 5)} fallback={<li>{errors().message}</li>}>
                                  {(i) => (
                                    <li>
                                      line {i.line}, column {i.column}, value "{i.value}": {i.reason}
                                    </li>
                                  )}
                                </For>
                              </ul>
                            )}
                          </Show>
                        </td>
                        <td>
                          <Show when={!isActive(item)}>
                            <button
                              type="button"
                              class="tl-button tl-button--quiet tl-button--small"
                              onClick={() => setToDelete(item)}
                              data-testid="import-delete"
                            >
                              Delete
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Show>
      </section>
    </PageFrame>
  );
}
