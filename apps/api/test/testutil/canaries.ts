/**
 * Canaries for the leak tests of public links: personal data planted in every column that holds
 * it (agent names and e-mails, contact names, visitor ids, transcript and accept URLs, message
 * text, rating comments, block reasons). Every planted value matches {@link CANARY}; a public
 * answer or page must contain none.
 */

import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import type { Warehouse } from "@tallyline/warehouse";

/** Matches any planted value (case-insensitive). */
export const CANARY = /canary|leak-test\.example/i;

/** The options of the generated data the leak tests use (7 days ending 2026-10-27, Amsterdam). */
export const LEAK_DATA = { seed: 12, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 30 } as const;

/** The period of {@link LEAK_DATA}, as a report query. */
export const LEAK_QUERY = { from: "2026-10-21", to: "2026-10-27", timezone: "Europe/Amsterdam" } as const;

/** The statements that plant the canaries (each value names its row, so no two are equal). */
export const PLANT = [
  `UPDATE agents SET username = 'CanaryAgent ' || agent_id, first_name = 'CanaryFirst', last_name = 'CanaryLast',
     email = 'canary.' || replace(agent_id, ':', '-') || '@leak-test.example'`,
  "UPDATE contacts SET display_name = 'Canary Contact ' || contact_id",
  `UPDATE conversations SET visitor_identifier = 'canary-visitor-' || conversation_id,
     transcript_url = 'https://leak-test.example/transcript/' || conversation_id,
     accept_url = 'https://leak-test.example/accept/' || conversation_id,
     block_reason = 'canary block reason'`,
  "UPDATE messages SET text = 'canary message text: write to canary.msg@leak-test.example'",
  "UPDATE ratings SET comment = 'canary comment by canary.rater@leak-test.example'",
];

/** Generates {@link LEAK_DATA} into `dir`, imports it into `warehouse` and plants the canaries. */
export async function loadLeakData(warehouse: Warehouse, dir: string): Promise<void> {
  const out = join(dir, "generated");
  await writeGenerated(out, generate(LEAK_DATA));
  for (const t of GENERATED_TABLES) await importFile(warehouse, join(out, `${t}.csv`), { source: "canonical" });
  for (const sql of PLANT) await warehouse.run(sql);
  // The planting worked: every kind of canary is in the data.
  const [row] = await warehouse.query<{ n: number }>(
    "SELECT (SELECT count(*) FROM agents WHERE username LIKE 'CanaryAgent%')::INTEGER AS n",
  );
  if (!row || row.n === 0) throw new Error("no agent to plant a canary in");
}

/** The name the injection tests give the busiest agent: markup that must stay text. */
export const INJECTED_NAME = "<img src=x onerror=alert(1)>";

/**
 * A database file at `path` with {@link LEAK_DATA}, its canaries planted, and the busiest agent (by
 * assignments) renamed {@link INJECTED_NAME} (for browser tests, before a server opens the file).
 */
export async function prepareLeakDatabase(path: string, dir: string): Promise<void> {
  const { Warehouse } = await import("@tallyline/warehouse");
  const warehouse = await Warehouse.open(path);
  try {
    await loadLeakData(warehouse, dir);
    await warehouse.run(
      `UPDATE agents SET username = $1 WHERE agent_id = (
         SELECT agent_id FROM assignments WHERE agent_id IS NOT NULL GROUP BY agent_id ORDER BY count(*) DESC, agent_id LIMIT 1)`,
      [INJECTED_NAME],
    );
  } finally {
    await warehouse.close();
  }
}
