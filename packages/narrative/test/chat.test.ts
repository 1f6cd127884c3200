/**
 * Chat scopes (seeds 001/002 figures) on generated data: a chat campaign and a set of
 * conversations give a stored report whose facts are the registry's reports over the same filters,
 * with intents and closing reasons as common issues.
 */
import { defaultRegistry, type KpiResult, runReport } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNarrative } from "../src/index";
import { generatedDb, PERIOD } from "./fixture";

let db: Awaited<ReturnType<typeof generatedDb>>;
beforeAll(async () => {
  db = await generatedDb();
});
afterAll(() => db.close());

const kpi = async (id: string, filters: Record<string, string[]>) =>
  (await runReport(defaultRegistry().get(id), { ...PERIOD, compare: "previous", filters }, db.execute)) as KpiResult;

describe("chat scopes", () => {
  it("a chat campaign: the seed 001/002 KPIs as facts, intents and closing reasons as issues", async () => {
    const [row] = await db.wh.query<{ c: string }>(
      "SELECT campaign_id AS c FROM conversations GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    );
    const c = String(row?.c);
    const n = await generateNarrative({
      db: db.wh,
      execute: db.execute,
      scope: { kind: "chat_campaign", ids: [c] },
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: null,
    });
    expect(n.failure).toBeNull();
    expect(n.status).toBe("done");
    const fact = (id: string) => n.content?.facts.find((f) => f.id === id)?.value;
    for (const [report, id] of [
      ["engagement.conversations", "conversations"],
      ["contact_centre.missed", "missed"],
      ["contact_centre.avg_wait_time", "avg_wait_time"],
      ["quality.positive_share", "positive_share"],
    ] as const)
      expect(fact(id), id).toBe((await kpi(report, { campaign: [c] })).value);
    expect(fact("conversations")).toBeGreaterThan(0);
    const sources = new Set(n.content?.issues.map((i) => i.source));
    expect(sources.has("chat_intent") || sources.has("closing_reason")).toBe(true);
    expect(n.content?.sections.executiveSummary).toHaveLength(3);
  });

  it("a set of conversations", async () => {
    const ids = (
      await db.wh.query<{ id: string }>(
        "SELECT conversation_id AS id FROM conversations ORDER BY started_at DESC, conversation_id LIMIT 25",
      )
    ).map((r) => r.id);
    const n = await generateNarrative({
      db: db.wh,
      execute: db.execute,
      scope: { kind: "conversations", ids },
      period: PERIOD,
      author: { kind: "cli", id: null },
      ai: null,
    });
    expect(n.status).toBe("done");
    const conversations = n.content?.facts.find((f) => f.id === "conversations")?.value;
    expect(conversations).toBe((await kpi("engagement.conversations", { conversation: ids })).value);
    expect(conversations).toBeGreaterThan(0);
    expect(conversations).toBeLessThanOrEqual(25);
  });
});
