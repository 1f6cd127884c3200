/**
 * The narrative routes against the real app on a real DuckDB file (happy, error and security
 * cases): generate in the background and poll, list, get, regenerate and compare, usage, estimate,
 * delete by the creator or an admin only (call data untouched).
 */
import type { Narrative } from "@tallyline/narrative";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNNING } from "../src/narrative/service";
import { json, type TestApp, testApp } from "./harness";

let t: TestApp;
let campaign = "";
beforeAll(async () => {
  t = await testApp();
  campaign = String((await t.warehouse.query<{ c: string }>("SELECT min(campaign_id) AS c FROM calls"))[0]?.c);
});
afterAll(() => t.close());

const BODY = () => ({ scope: `campaign:${campaign}`, from: "1999-02-01", to: "1999-02-02", timezone: "UTC" });

async function generated(body: unknown, headers?: Record<string, string>): Promise<Narrative> {
  const res = await t.post("/api/v1/narratives", body, { "content-type": "application/json", ...headers });
  expect(res.status).toBe(202);
  const started = await json<Narrative>(res);
  expect(started.status).toBe("running");
  await Promise.all([...RUNNING]);
  for (let i = 0; i < 100; i++) {
    const n = await json<Narrative>(await t.request(`/api/v1/narratives/${started.id}`));
    if (n.status !== "running") return n;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("report still running");
}

describe("narrative routes: happy", () => {
  it("generate -> poll -> done by the rules narrator; listed; no calls with checks says insufficient data", async () => {
    const n = await generated(BODY());
    expect(n).toMatchObject({ status: "done", narrator: "rules", period: { from: "1999-02-01", to: "1999-02-02" } });
    expect(n.author.kind).toBe("key");
    expect((n.content?.sections.executiveSummary ?? []).join(" ")).toContain("insufficient data");
    const list = await json<{ items: Narrative[] }>(await t.request("/api/v1/narratives"));
    expect(list.items.map((x) => x.id)).toContain(n.id);
    expect(list.items.find((x) => x.id === n.id)?.content).toBeUndefined();
  });

  it("regenerate keeps the old report; compare gives fact deltas of the same scope", async () => {
    const a = await generated(BODY());
    const b = await generated({ regenerateFrom: a.id });
    expect(b.id).not.toBe(a.id);
    expect(b.regeneratedFrom).toBe(a.id);
    expect(b.period).toEqual(a.period);
    expect((await t.request(`/api/v1/narratives/${a.id}`)).status).toBe(200);
    const cmp = await json<{ deltas: { id: string; delta: number | null }[] }>(
      await t.request(`/api/v1/narratives/${a.id}/compare/${b.id}`),
    );
    expect(cmp.deltas.find((d) => d.id === "total_calls")).toMatchObject({ delta: 0 });
  });

  it("usage per month and the estimate before generating (no AI server: rules, 0 tokens)", async () => {
    expect(await json(await t.request("/api/v1/narratives/usage"))).toEqual({ months: [] });
    const est = await t.post("/api/v1/narratives/estimate", BODY());
    expect(est.status).toBe(200);
    expect(await json(est)).toEqual({ narrator: "rules", promptTokens: 0, maxCompletionTokens: 0, sampleSize: 0 });
  });
});

describe("narrative routes: errors", () => {
  it.each([
    [{ scope: "team:1" }, 400, /Scope "team:1"/],
    [{ scope: "segment:00000000-0000-4000-8000-000000000000" }, 400, /No segment/],
    [{ scope: "check:greet", from: "1999-02-05", to: "1999-02-02" }, 400, /after/],
    [{ scope: "check:greet", extra: 1 }, 400, /unknown field/],
    [{}, 400, /scope: required/],
    [{ regenerateFrom: "00000000-0000-4000-8000-000000000000" }, 404, /No narrative report/],
  ])("POST %j -> %i", async (body, status, message) => {
    const res = await t.post("/api/v1/narratives", body);
    expect(res.status).toBe(status);
    expect((await json<{ error: { message: string } }>(res)).error.message).toMatch(message);
  });

  it("unknown and malformed ids; comparing two scopes is refused", async () => {
    expect((await t.request("/api/v1/narratives/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await t.request("/api/v1/narratives/not-a-uuid")).status).toBe(400);
    const a = await generated(BODY());
    const b = await generated({ ...BODY(), scope: "check:greet" });
    const res = await t.request(`/api/v1/narratives/${a.id}/compare/${b.id}`);
    expect(res.status).toBe(400);
    expect((await json<{ error: { message: string } }>(res)).error.message).toContain("different scopes");
  });
});

describe("narrative routes: security", () => {
  it("a member may delete only their own report; an admin any; call data untouched", async () => {
    const calls = async () =>
      (await t.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM calls"))[0]?.n;
    const before = await calls();
    const ann = await t.keyHeader("member");
    const ben = await t.keyHeader("member");
    const mine = await generated(BODY(), { authorization: ann });
    const del = (id: string, authorization: string) =>
      t.request(`/api/v1/narratives/${id}`, { method: "DELETE", headers: { authorization } });
    expect((await del(mine.id, ben)).status).toBe(403);
    expect((await del(mine.id, ann)).status).toBe(204);
    expect((await del(mine.id, ann)).status).toBe(404);
    const other = await generated(BODY(), { authorization: ann });
    expect((await del(other.id, `Bearer ${t.adminKey}`)).status).toBe(204);
    expect(await calls()).toBe(before);
  });

  it("anonymous callers get 401 on every narrative route", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/narratives"],
      ["POST", "/api/v1/narratives"],
      ["GET", "/api/v1/narratives/usage"],
      ["POST", "/api/v1/narratives/estimate"],
    ] as const)
      expect((await t.app.request(path, { method })).status, path).toBe(401);
  });
});
