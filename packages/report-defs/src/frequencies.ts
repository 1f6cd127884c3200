/**
 * The frequencies of a scheduled report e-mail (issue 15; docs/schedules.md), the one list both the
 * API (apps/api schedules/periods.ts: each one's period and due instants) and the dashboard (the
 * schedule dialog) read. A tiny module without imports, like filterNames.ts, so the dashboard's
 * bundle can take it without pulling zod or anything else of report-defs' runtime.
 */

/**
 * A schedule's frequency, in the order the schedule dialog offers them. `twice_monthly` sends on
 * the 1st and the 16th, `every_two_months` in January, March, ...; periods.ts says which period
 * each one's run reports on.
 */
export const FREQUENCIES = [
  "daily",
  "weekly",
  "biweekly",
  "twice_monthly",
  "monthly",
  "every_two_months",
  "quarterly",
] as const;
/** One of {@link FREQUENCIES}. */
export type Frequency = (typeof FREQUENCIES)[number];
