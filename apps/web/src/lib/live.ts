/**
 * The live view's data (`GET /api/v1/live`, apps/api/src/routes/v1_live.ts). Its types, definition
 * and the words of the freshness line are report-defs' (packages/report-defs/src/live.ts), shared
 * with the API and the CLI.
 */
import type { LiveView } from "@tallyline/report-defs";
import { request } from "./api";

/** The API's answer: the view, its definition sentence and the demo marker. */
export interface LiveAnswer extends LiveView {
  readonly definition: string;
  readonly demo: boolean;
  readonly notice?: string;
}

/** Seconds between reloads of the Live page. */
export const LIVE_REFRESH_SECS = 30;

/** `GET /api/v1/live`. Throws the API client's ApiError. */
export function fetchLive(): Promise<LiveAnswer> {
  return request<LiveAnswer>("/live");
}
