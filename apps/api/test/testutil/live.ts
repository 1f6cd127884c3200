import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The hand-made live-view fixture (test/fixtures/live, canonical CSV; the states and counts are
 * worked out in live.golden.test.ts), in an order that imports parents first.
 */
export const liveFixture: string[] = (() => {
  const dir = join(import.meta.dirname, "../fixtures/live");
  const order = ["campaigns", "teams", "agents", "conversations", "assignments", "messages", "conversation_events"];
  const rank = (f: string) => order.indexOf(f.split(".")[0] ?? "");
  return readdirSync(dir)
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => join(dir, f));
})();

/** The totals of the fixture, by hand (live.golden.test.ts). */
export const LIVE_TOTALS = { open: 9, unattended: 5, unassigned: 3, pending: 1, snoozed: 1 } as const;
