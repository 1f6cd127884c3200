/**
 * The IBM Twitter format read two ways: by the dedicated ibm-twitter adapter and through the shipped
 * chat mapping mappings/ibm-twitter-chat.json. Each file is imported into two DuckDB files, which are
 * compared row by row with SQL (EXCEPT ALL both ways) on every column both fill. The columns the
 * mapping cannot fill are checked for what docs/mapping.md says of them:
 * - conversations.ended_at: the adapter's is conversationDateTime + the header's `duration`; a mapping
 *   derives a conversation's end from its messages, so its ended_at is the last message with a time
 *   (the final reply has none);
 * - conversations.duration_secs: the header's `duration`, which a mapping does not read (NULL);
 * - messages.text: not stored by the shipped mapping (storeText false); with storeText it is equal.
 * Runs on the small fixture always, and on the real dev file (525 sessions) when ../shared is present.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/index";

const fixture = join(import.meta.dirname, "fixtures/ibm/sessions.json");
const REAL = join(import.meta.dirname, "../../../../shared/data/real/ibm-twitter-cdp/dev.json");
const mapping = join(import.meta.dirname, "../mappings/ibm-twitter-chat.json");
const hasReal = existsSync(REAL);
if (!hasReal)
  console.warn(`SKIPPED: IBM chat-mapping comparison on the real file needs ${REAL} (../shared/data/real is absent)`);

/** Columns only the adapter fills (see the module comment). */
const ADAPTER_ONLY: Record<string, string[]> = {
  conversations: ["ended_at", "duration_secs"],
  messages: ["text"],
};
const TABLES = ["campaigns", "conversations", "messages", "assignments", "agents", "contacts"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-ibm-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports `file` by the adapter into a.duckdb and through `map` into b.duckdb; returns a connection with both attached. */
async function both(file: string, name: string, map = mapping): Promise<Warehouse> {
  const a = join(dir, `${name}-adapter.duckdb`);
  const b = join(dir, `${name}-mapping.duckdb`);
  const wa = await Warehouse.open(a);
  expect((await importFile(wa, file, { source: "ibm-twitter" })).status).toBe("imported");
  await wa.close();
  const wb = await Warehouse.open(b);
  expect((await importFile(wb, file, { source: "mapped", mapping: map })).status).toBe("imported");
  await wb.close();
  const cmp = await Warehouse.open(":memory:", { migrate: false });
  await cmp.run(`ATTACH '${a}' AS a (READ_ONLY)`);
  await cmp.run(`ATTACH '${b}' AS b (READ_ONLY)`);
  return cmp;
}

/** Per table: rows in each file, and rows of each that the other lacks, on every column but import_id and `except`. */
async function differences(cmp: Warehouse, except: Record<string, string[]> = ADAPTER_ONLY) {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) {
    const cols = ["import_id", ...(except[t] ?? [])].join(", ");
    const side = (x: string) => `FROM ${x}.${t} SELECT * EXCLUDE (${cols})`;
    const [r] =
      await cmp.query(`SELECT (SELECT count(*) FROM a.${t}) AS adapter, (SELECT count(*) FROM b.${t}) AS mapping,
      (SELECT count(*) FROM (${side("a")} EXCEPT ALL ${side("b")})) AS only_adapter,
      (SELECT count(*) FROM (${side("b")} EXCEPT ALL ${side("a")})) AS only_mapping`);
    out[t] = r;
  }
  return out;
}

/** The columns only the adapter fills, as the mapping fills them (module comment). */
async function adapterOnlyColumns(cmp: Warehouse) {
  const [r] = await cmp.query(`SELECT
    count(*) FILTER (WHERE y.ended_at IS DISTINCT FROM (SELECT max(sent_at) FROM b.messages m WHERE m.conversation_id = y.conversation_id)) AS end_not_last_message,
    count(*) FILTER (WHERE y.duration_secs IS NOT NULL) AS durations,
    (SELECT count(*) FROM b.messages WHERE text IS NOT NULL) AS texts
    FROM a.conversations x JOIN b.conversations y USING (conversation_id)`);
  return r;
}

describe("fixture sessions.json: the chat mapping gives the ibm-twitter adapter's rows", () => {
  let cmp: Warehouse;
  beforeAll(async () => {
    cmp = await both(fixture, "fixture");
  });
  afterAll(() => cmp?.close());

  it("every row of every table is equal on the columns both fill", async () => {
    // 3 sessions: 2 of AcmeCare, 1 of ShopHelp; 9 messages (6 in dialogContent, 3 final replies);
    // agents ^JS, *MS, ~ Olivia; contacts Alice_W = alice_w (handles ignore case), bob (client1), carol.
    expect(await differences(cmp)).toEqual({
      campaigns: { adapter: 2, mapping: 2, only_adapter: 0, only_mapping: 0 },
      conversations: { adapter: 3, mapping: 3, only_adapter: 0, only_mapping: 0 },
      messages: { adapter: 9, mapping: 9, only_adapter: 0, only_mapping: 0 },
      assignments: { adapter: 3, mapping: 3, only_adapter: 0, only_mapping: 0 },
      agents: { adapter: 3, mapping: 3, only_adapter: 0, only_mapping: 0 },
      contacts: { adapter: 3, mapping: 3, only_adapter: 0, only_mapping: 0 },
    });
  });

  it("the columns the mapping cannot fill: ended_at is the last timed message, no duration, no text", async () => {
    expect(await adapterOnlyColumns(cmp)).toEqual({ end_not_last_message: 0, durations: 0, texts: 0 });
    // The comparison is not blind: the adapter's ended_at is the start plus the header's duration, later
    // than the mapping's (its final reply, untimed, comes after the last timed message); S2's negative
    // duration gives it no end at all, while the mapping's is S2's last timed message.
    const [d] =
      await cmp.query(`SELECT count(*) FILTER (WHERE x.ended_at = x.started_at + to_microseconds(CAST(x.duration_secs * 1e6 AS BIGINT))) AS by_duration,
      count(*) FILTER (WHERE x.ended_at > y.ended_at) AS later, count(*) AS n
      FROM a.conversations x JOIN b.conversations y USING (conversation_id)`);
    expect(d).toEqual({ by_duration: 2, later: 2, n: 3 });
  });

  it("with storeText the text is the adapter's too", async () => {
    const m = JSON.parse(readFileSync(mapping, "utf8"));
    const withText = join(dir, "ibm-with-text.json");
    writeFileSync(withText, JSON.stringify({ ...m, storeText: true }));
    const c = await both(fixture, "fixture-text", withText);
    try {
      const diff = await differences(c, { conversations: ADAPTER_ONLY.conversations as string[] });
      expect(diff.messages).toEqual({ adapter: 9, mapping: 9, only_adapter: 0, only_mapping: 0 });
    } finally {
      await c.close();
    }
  });
});

describe.skipIf(!hasReal)("real IBM dev file: the chat mapping gives the ibm-twitter adapter's rows", () => {
  let cmp: Warehouse;
  beforeAll(async () => {
    cmp = await both(REAL, "real");
  }, 60_000);
  afterAll(() => cmp?.close());

  it("525 conversations, 1,211 messages, 525 assignments, 119 agents, 539 contacts, 24 campaigns: every row equal", async () => {
    expect(await differences(cmp)).toEqual({
      campaigns: { adapter: 24, mapping: 24, only_adapter: 0, only_mapping: 0 },
      conversations: { adapter: 525, mapping: 525, only_adapter: 0, only_mapping: 0 },
      messages: { adapter: 1211, mapping: 1211, only_adapter: 0, only_mapping: 0 },
      assignments: { adapter: 525, mapping: 525, only_adapter: 0, only_mapping: 0 },
      agents: { adapter: 119, mapping: 119, only_adapter: 0, only_mapping: 0 },
      contacts: { adapter: 539, mapping: 539, only_adapter: 0, only_mapping: 0 },
    });
  });

  it("the columns the mapping cannot fill behave as documented", async () => {
    expect(await adapterOnlyColumns(cmp)).toEqual({ end_not_last_message: 0, durations: 0, texts: 0 });
  });
});
