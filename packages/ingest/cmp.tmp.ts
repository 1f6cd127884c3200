import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { importFile } from "./src/index";

const REAL = "/work/shared/data/real/ibm-twitter-cdp/dev.json";
const dir = mkdtempSync(join(tmpdir(), "tl-cmp-"));
const a = await Warehouse.open(join(dir, "a.duckdb"));
const b = await Warehouse.open(join(dir, "b.duckdb"));
console.log((await importFile(a, REAL)).rowsByTable);
try {
  console.log((await importFile(b, REAL, { mapping: "mappings/ibm-twitter-chat.json" })).rowsByTable);
} catch (e) {
  console.error(e);
}
await a.close();
await b.close();
const c = await Warehouse.open(join(dir, "c.duckdb"));
await c.run(`ATTACH '${join(dir, "a.duckdb")}' AS a (READ_ONLY); ATTACH '${join(dir, "b.duckdb")}' AS b (READ_ONLY)`);
for (const [t, k, cols] of [
  [
    "conversations",
    "conversation_id",
    "campaign_id, contact_id, started_at, ended_at, channel, handled_by, first_agent_id, last_agent_id, message_count, duration_secs",
  ],
  [
    "messages",
    "message_id",
    "conversation_id, seq, sent_at, sender, agent_id, length_chars, text, campaign_id, contact_id",
  ],
  [
    "assignments",
    "assignment_id",
    "conversation_id, seq, agent_id, assigned_at, first_response_at, missed, campaign_id",
  ],
  ["contacts", "contact_id", "campaign_id, first_seen_at, display_name"],
  ["agents", "agent_id", "username"],
  ["campaigns", "campaign_id", "name, channel"],
]) {
  for (const col of cols.split(", ")) {
    const [r] = await c.query(
      `SELECT count(*) AS n FROM a.${t} x FULL JOIN b.${t} y USING (${k}) WHERE x.${col} IS DISTINCT FROM y.${col}`,
    );
    if (r.n) console.log(t, col, r.n);
  }
  console.log(t, await c.query(`SELECT (SELECT count(*) FROM a.${t}) a, (SELECT count(*) FROM b.${t}) b`));
}
