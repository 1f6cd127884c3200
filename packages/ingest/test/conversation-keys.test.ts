import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { expect, it } from "vitest";
import { writeImport } from "../src/index";

const at = new Date("2026-03-01T10:00:00Z");
const conv = {
  conversation_id: "c1",
  source: "t",
  import_id: "i1",
  campaign_id: "camp",
  contact_id: "u1",
  started_at: at,
  channel: "chat",
};
const msg = (id: string, sender: string) => ({
  message_id: id,
  source: "t",
  import_id: "i2",
  conversation_id: "c1",
  seq: Number(id.slice(1)),
  sent_at: at,
  sender,
});
const asg = {
  assignment_id: "a1",
  source: "t",
  import_id: "i2",
  conversation_id: "c1",
  seq: 1,
  assigned_at: at,
  missed: false,
};

it.each([
  ["conversations first", true],
  ["messages first", false],
])("fills campaign and contact keys from the conversation (%s)", async (_name, conversationsFirst) => {
  const dir = mkdtempSync(join(tmpdir(), "tl-keys-"));
  const wh = await Warehouse.open(join(dir, "t.duckdb"));
  const imports = [
    { importId: "i1", file: "conversations", sha256: "a", rows: { conversations: [conv] } },
    {
      importId: "i2",
      file: "messages",
      sha256: "b",
      rows: { messages: [msg("m1", "contact"), msg("m2", "agent")], assignments: [asg] },
    },
  ];
  for (const w of conversationsFirst ? imports : imports.reverse())
    await writeImport(wh, { ...w, source: "t", started: Date.now() });
  expect(await wh.query("SELECT message_id, campaign_id, contact_id FROM messages ORDER BY message_id")).toEqual([
    { message_id: "m1", campaign_id: "camp", contact_id: "u1" },
    { message_id: "m2", campaign_id: "camp", contact_id: null },
  ]);
  expect(await wh.query("SELECT campaign_id FROM assignments")).toEqual([{ campaign_id: "camp" }]);
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = {
  call_id: "k1",
  source: "t",
  import_id: "i1",
  campaign_id: "camp",
  agent_id: "ag",
  started_at: at,
  answered: true,
  abandoned: false,
};
const check = { call_id: "k1", check_id: "greet", source: "t", import_id: "i2", passed: true, score: 90 };

it.each([
  ["calls first", true],
  ["results first", false],
])("fills call start, agent and campaign on quality-check results (%s)", async (_name, callsFirst) => {
  const dir = mkdtempSync(join(tmpdir(), "tl-keys-"));
  const wh = await Warehouse.open(join(dir, "t.duckdb"));
  const imports = [
    { importId: "i1", file: "calls", sha256: "a", rows: { calls: [call] } },
    { importId: "i2", file: "checks", sha256: "b", rows: { call_check_results: [check] } },
  ];
  for (const w of callsFirst ? imports : imports.reverse())
    await writeImport(wh, { ...w, source: "t", started: Date.now() });
  expect(await wh.query("SELECT call_started_at, agent_id, campaign_id FROM call_check_results")).toEqual([
    { call_started_at: at.toISOString(), agent_id: "ag", campaign_id: "camp" },
  ]);
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});
