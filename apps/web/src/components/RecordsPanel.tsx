import { Dialog } from "@kobalte/core/dialog";
import { formatCount } from "@tallyline/ui";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import "./records.css";
import { type ApiError, describeError, fetchRecords, type RecordsPage } from "../lib/api";
import { focusReturn } from "../lib/focusReturn";
import type { PeriodRequest } from "../lib/period";
import {
  countLabel,
  type DrillFilter,
  fieldText,
  RECORD_COLUMNS,
  type RecordRow,
  type RecordsSelector,
} from "../lib/records";
import { useView } from "../lib/view";

/** What the panel lists: the records behind one figure of one report over one period. */
export interface DrillTarget {
  readonly reportId: string;
  /** The report's name, the panel's title. */
  readonly reportName: string;
  /** Which figure was clicked, e.g. "Whole period" or "1999-02-02". */
  readonly figure: string;
  /** The same query as the figure's fetch. */
  readonly period: PeriodRequest;
  readonly selector: RecordsSelector;
  /** The zone the result is in (times are shown in it). */
  readonly timezone: string;
  /** The dimension value of a drilled row or series, which the panel offers to filter the page by. */
  readonly filter?: DrillFilter;
}

export interface RecordsPanelProps {
  /** The figure to list; null closes the panel. */
  target: DrillTarget | null;
  onClose: () => void;
}

/** Records per page of the panel. */
const PAGE = 50;

/**
 * The drill-down side panel (a Kobalte Dialog): the number of records behind the clicked figure
 * ("12 calls", `data-testid="records-total"` with `data-value`), a table of them with times in the
 * result's zone and durations in s / m s, and "Load more" while the route has a next page. For a
 * dimension value (an agent, a queue, a topic...), "Filter the page by this" adds it to the page's
 * view as its filter (lib/view.ts `addFilter`: `?agent=ID`, repeated for several values) and closes
 * the panel.
 */
export function RecordsPanel(props: RecordsPanelProps) {
  /** Focus goes back to the figure that opened the panel. */
  const returnFocus = focusReturn(() => props.target !== null);
  const [page, setPage] = createSignal<RecordsPage>();
  const [rows, setRows] = createSignal<RecordRow[]>([]);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let generation = 0;
  const controls = useView();
  const filterPage = (filter: DrillFilter) => {
    props.onClose();
    controls.addFilter(filter.name, filter.value);
  };

  const load = async (target: DrillTarget, cursor: string | null) => {
    const mine = generation;
    setLoading(true);
    setError(undefined);
    try {
      const next = await fetchRecords(target.reportId, target.period, target.selector, cursor, PAGE);
      if (mine !== generation) return;
      setPage(next);
      setRows((before) => (cursor ? [...before, ...next.items] : next.items));
    } catch (cause) {
      if (mine === generation) setError(cause);
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  createEffect(
    on(
      () => props.target,
      (target) => {
        generation += 1;
        setPage(undefined);
        setRows([]);
        setError(undefined);
        if (target) void load(target, null);
      },
    ),
  );

  const columns = () => {
    const kind = page()?.kind;
    return kind ? RECORD_COLUMNS[kind] : [];
  };

  return (
    <Dialog open={props.target !== null} onOpenChange={(open) => !open && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-sheet" data-testid="records-panel" onCloseAutoFocus={returnFocus}>
          <header class="tl-sheet__header">
            <div>
              <Dialog.Title class="tl-sheet__title">{props.target?.reportName}</Dialog.Title>
              <Dialog.Description class="tl-muted">
                {props.target?.figure} · times in {props.target?.timezone}
              </Dialog.Description>
            </div>
            <Dialog.CloseButton class="tl-button tl-button--quiet tl-button--small" aria-label="Close the records">
              Close
            </Dialog.CloseButton>
          </header>
          <Show when={props.target?.filter}>
            {(filter) => (
              <p class="tl-sheet__filter">
                <button
                  type="button"
                  class="tl-button tl-button--small"
                  data-testid="records-filter-page"
                  data-filter={filter().name}
                  data-value={filter().value}
                  onClick={() => filterPage(filter())}
                >
                  Filter the page by {filter().name} “{filter().label}”
                </button>
              </p>
            )}
          </Show>
          <Show when={page()}>
            {(p) => (
              <p class="tl-sheet__total" data-testid="records-total" data-value={p().total}>
                {countLabel(p().total, p().kind)}
                <Show when={p().total > rows().length}>
                  <span class="tl-muted"> · showing {formatCount(rows().length)}</span>
                </Show>
              </p>
            )}
          </Show>
          <Show when={error()}>
            {(e) => (
              <p class="tl-error" role="alert" data-testid="records-error">
                {describeError(e()).message}
                <Show when={(e() as ApiError).requestId}>
                  {(id) => <span class="tl-muted"> (request {id()})</span>}
                </Show>
              </p>
            )}
          </Show>
          <Show when={page() && rows().length === 0 && !loading()}>
            <p class="tl-notice">No records stand behind this figure.</p>
          </Show>
          <Show when={rows().length > 0}>
            {/* A scrolling region the keyboard can reach (Tab, then the arrow keys). */}
            <section class="tl-sheet__scroll" tabindex="0" aria-label="Records">
              <table class="tl-records" data-testid="records-table">
                <thead>
                  <tr>
                    <For each={columns()}>{(c) => <th scope="col">{c.label}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr data-testid="record-row">
                        <For each={columns()}>
                          {(c) => <td>{fieldText(c.field, row[c.field], props.target?.timezone ?? "UTC")}</td>}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
          </Show>
          <Show when={loading()}>
            <p class="tl-loading" aria-live="polite">
              Loading records…
            </p>
          </Show>
          <Show when={page()?.nextCursor && !loading()}>
            <button
              type="button"
              class="tl-button tl-sheet__more"
              data-testid="records-more"
              onClick={() => {
                const target = props.target;
                const cursor = page()?.nextCursor;
                if (target && cursor) void load(target, cursor);
              }}
            >
              Load more
            </button>
          </Show>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}
