/**
 * The grain a chart is fetched in, the pure part of fit.ts (tested in Node): the page's request
 * when the result's buckets fit the chart's pixels, else the same request at a coarser grain.
 */
// The JSX-free module, not the index: this file is tested in Node without Solid's transform.
import { fitGrain, type Grain } from "@tallyline/ui/chartPoints";
import type { PeriodRequest } from "./period";

/** A report request with the grain its chart is drawn in (absent: the report's own). */
export type GrainRequest = PeriodRequest & { grain?: Grain };

/** What a fitted chart shows: the request it was fetched with, and why its grain changed (if it did). */
export interface Fitted {
  readonly request: GrainRequest;
  /** The grain of the page's result, when the chart moved to a coarser one; else undefined. */
  readonly movedFrom?: Grain;
}

/**
 * The request a chart `widthPx` wide fetches, given the page's `request` and the result it gave
 * (`grain`, `from`, `to`): the same request when its buckets fit, else with the coarser `grain` that
 * fits, and `movedFrom` the result's grain.
 */
export function fittedRequest(
  request: PeriodRequest,
  result: { grain: Grain; from: string; to: string },
  widthPx: number,
): Fitted {
  const grain = fitGrain(result.grain, result.from, result.to, widthPx);
  return grain === result.grain ? { request } : { request: { ...request, grain }, movedFrom: result.grain };
}
