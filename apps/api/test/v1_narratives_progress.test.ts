/**
 * Generation progress and embeddings grouping over HTTP (issue 14): with the AI settings pointing at
 * the local OpenAI-protocol server (packages/narrative/test/aiServer.ts), whose answers are delayed,
 * polling `GET /api/v1/narratives/{id}` and the list sees the report running through distinct
 * steps with a rising percent, then done at 100 with its issues grouped by embeddings; the OpenAPI
 * document describes the progress.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import type { Narrative } from "@tallyline/narrative";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AiServer, startAiServer } from "../../../packages/narrative/test/aiServer";
import { RUNNING } from "../src/narrative/service";
import { json, type TestApp, testApp } from "./harness";

const PERIOD = { from: "2026-10-21", to: "2026-10-27", timezone: "Europe/Amsterdam" };
const ENV = [
  "TALLYLINE_AI_BASE_URL",
  "TALLYLINE_AI_MODEL",
  "TALLYLINE_AI_MAX_RETRIES",
  "TALLYLINE_AI_EMBEDDINGS_MODEL",
];
let t: TestApp;
let dir: string;
let ai: AiServer;
let campaign = "";
const saved = new Map(ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  ai = await startAiServer();
  t = await testApp([], "Europe/Amsterdam");
  dir = mkdtempSync(join(tmpdir(), "tl-nprog-"));
  await writeGenerated(
    dir,
    generate({ seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 40 }),
  );
  for (const f of GENERATED_TABLES) await importFile(t.warehouse, join(dir, `${f}.csv`), { source: "canonical" });
  campaign = String(
    (await t.warehouse.query<{ c: string }>("SELECT min(campaign_id) AS c FROM call_check_results"))[0]?.c,
  );
  Object.assign(process.env, {
    TALLYLINE_AI_BASE_URL: ai.url,
    TALLYLINE_AI_MODEL: "local-test",
    TALLYLINE_AI_MAX_RETRIES: "0",
    TALLYLINE_AI_EMBEDDINGS_MODEL: "local-embed",
  });
});
afterAll(async () => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await Promise.all([...RUNNING]);
  await t.close();
  await ai.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("narrative progress over HTTP", () => {
  it("a slowed generation is seen at two or more steps with a rising percent, then done at 100", async () => {
    ai.delayMs = 700;
    ai.embed = (input) => ({
      vectors: input.map((_, i) => Array.from({ length: 40 }, (_, k) => (k === i ? 1 : 0))),
      promptTokens: 9,
    });
    ai.replies = [
      { kind: "json", content: "not a report", usage: { prompt_tokens: 100, completion_tokens: 5 } },
      { kind: "json", content: "still not", usage: { prompt_tokens: 120, completion_tokens: 5 } },
    ];
    const res = await t.post("/api/v1/narratives", { scope: `campaign:${campaign}`, ...PERIOD });
    expect(res.status).toBe(202);
    const started = await json<Narrative>(res);
    expect(started.status).toBe("running");
    expect(started.progress).toMatchObject({ step: "queued", percent: 0 });
    const seen: Narrative["progress"][] = [];
    let last = started;
    for (let i = 0; i < 400 && last.status === "running"; i++) {
      last = await json<Narrative>(await t.request(`/api/v1/narratives/${started.id}`));
      if (last.status === "running" && seen.at(-1)?.label !== last.progress.label) seen.push(last.progress);
      if (i === 10) {
        const list = await json<{ items: Narrative[] }>(await t.request("/api/v1/narratives"));
        expect(list.items.find((n) => n.id === started.id)?.progress).toMatchObject({
          step: expect.any(String),
          percent: expect.any(Number),
        });
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    const steps = new Set(seen.map((p) => p.step));
    expect(steps.size).toBeGreaterThanOrEqual(2);
    // The delayed calls are seen: grouping by embeddings and the AI server writing.
    expect(seen.map((p) => p.label)).toContain("Grouping common issues by meaning (embeddings)");
    expect(seen.map((p) => p.label)).toContain("Writing the text with the AI server (attempt 1 of 2)");
    const percents = seen.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(last.status).toBe("done");
    expect(last.progress).toEqual({ step: "done", label: "Done", percent: 100 });
    expect(last.narrator).toBe("rules");
    const content = last.content as unknown as { grouping: { method: string; model: string } };
    expect(content.grouping).toMatchObject({ method: "embeddings", model: "local-embed" });
    // Both chat answers and the embeddings call are in the report's usage.
    expect(last.usage?.promptTokens).toBe(9 + 100 + 120);
  }, 30_000);

  it("the OpenAPI document describes the progress of a report", async () => {
    const doc = await json<{ components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>(
      await t.request("/api/v1/openapi.json"),
    );
    expect(Object.keys(doc.components.schemas.NarrativeProgress?.properties ?? {})).toEqual([
      "step",
      "label",
      "percent",
    ]);
    expect(doc.components.schemas.Narrative?.properties).toHaveProperty("progress");
  });
});
