/**
 * Readable at any range (issue 13): a chart never draws more points than it has pixels for. The
 * report is first fetched as the page asks (the cards read the same result); when its buckets at
 * the result's grain need more pixels than the chart has ({@link fitGrain}), the chart fetches the
 * same report at the coarser grain (the API's buckets: exact, and drillable with the same request).
 */
import { createAsync } from "@solidjs/router";
import type { ReportResult } from "@tallyline/ui";
import { catchError, createEffect, createMemo, createSignal, onCleanup } from "solid-js";
import { getReport } from "./api";
import { type Fitted, fittedRequest } from "./grain";
import type { PeriodRequest } from "./period";

/** Reads a query without suspending or throwing: undefined until it has a value or after a failure. */
const peek = <T>(read: () => T): T | undefined => catchError(read, () => undefined);

/**
 * The width of `element()` in CSS pixels (a signal: the element may be replaced, as a tile is when it
 * loads), followed as it changes, rounded down to steps of `step` pixels so that small changes refetch
 * nothing. 0 until an element is laid out; a width of 0 (an element taken out of the page while
 * its tile reloads) keeps the last width, so a chart does not go back and forth between two grains.
 */
export function createWidth(element: () => HTMLElement | undefined, step = 40): () => number {
  const [width, setWidth] = createSignal(0);
  createEffect(() => {
    const el = element();
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth / step) * step;
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver !== "function") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    onCleanup(() => observer.disconnect());
  });
  return width;
}

/**
 * A report fetched for a chart `width()` pixels wide: the page's result when its buckets fit, else
 * the same report at the coarser grain that fits (see grain.ts `fittedRequest`). `fitted()` is the
 * request the shown result answers (the records of a clicked bucket use it, so the bucket is the one
 * drawn), undefined until the page's result is known; `page()` the result of the page's request.
 */
export function createFittedReport(reportId: () => string, request: () => PeriodRequest, width: () => number) {
  const page = createAsync(() => getReport(reportId(), request()));
  const fitted = createMemo<Fitted | undefined>(
    () => {
      const result = peek(() => page.latest) as ReportResult | undefined;
      return result ? fittedRequest(request(), result, width()) : undefined;
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const result = createAsync(async () => {
    const f = fitted();
    return f?.movedFrom ? getReport(reportId(), f.request) : getReport(reportId(), request());
  });
  return { result, fitted, page };
}
