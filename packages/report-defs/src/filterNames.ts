/**
 * The names of the query filters (filters.ts has what each means and how it applies), in one tiny
 * module without imports so that the dashboard's bundle can read them (apps/web segments.ts) without
 * pulling zod or anything else of report-defs' runtime.
 */

/** Filters a query or segment may apply, by name, in the order the dashboard's segment dialog shows them. */
export const FILTER_NAMES = [
  "campaign",
  "agent",
  "queue",
  "topic",
  "channel",
  "language",
  "intent",
  "outcome",
  "check",
  "call",
  "conversation",
  "team",
  "label",
] as const;
/** One of {@link FILTER_NAMES}. */
export type FilterName = (typeof FILTER_NAMES)[number];
