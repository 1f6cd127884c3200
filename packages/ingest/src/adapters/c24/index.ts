/**
 * The eight Conversation24 chat exports (seed 003), one adapter each, each detected from its CSV
 * header. Shared decisions (details in each module and in docs/ingest.md "Conversation24 exports"):
 * - CSV, comma-separated, RFC 4180 quoting, UTF-8 (a BOM is fine; UTF-16 with a BOM and Windows-1252
 *   are read too), LF, CRLF or CR; the header holds the seed's column names exactly (extra columns
 *   are ignored, order is free); a column whose value is optional may be missing (NULL, a warning).
 * - A value that does not read rejects its record, except in a field no report reads (`soft` in
 *   ./common.ts): left empty, with a warning. Negative numbers are refused everywhere.
 * - Every id is written 'c24:{id}' (agents, campaigns, accounts, hosts, sessions, visitors, ...),
 *   so the exports join each other; `source` is the adapter id.
 * - Timestamps, numbers and yes/no values: see ./parse.ts. Durations are seconds.
 */
import type { DelimitedAdapter } from "../../adapter";
import { agentActivity } from "./activity";
import { agents } from "./agents";
import { conversations } from "./conversations";
import { hosts } from "./hosts";
import { invites } from "./invites";
import { agentPerformance } from "./performance";
import { slots } from "./slots";
import { traffic } from "./traffic";

/** The Conversation24 adapters, ids c24-agent-activity ... c24-slots. */
export const c24Adapters: readonly DelimitedAdapter[] = [
  agentActivity,
  agentPerformance,
  agents,
  conversations,
  invites,
  hosts,
  traffic,
  slots,
];
