/**
 * `GET /api/v1/narratives/scopes` against the real app on a real DuckDB file: the campaigns (with
 * their channel) and quality checks of the data by name, as the generate dialog offers them; names
 * from imported files come back as the same text; without a key 401.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
  const row = "'test', 'imp-1'";
  await t.warehouse.run(
    `INSERT INTO campaigns (campaign_id, source, import_id, name, channel) VALUES
       ('c-2', ${row}, 'support line', 'call'), ('c-1', ${row}, '<b>Sales</b> chat', 'chat'), ('c-3', ${row}, 'Billing', 'call')`,
  );
  await t.warehouse.run(
    `INSERT INTO quality_checks (check_id, source, import_id, campaign_id, name) VALUES
       ('k-9', ${row}, 'c-2', 'Verification'), ('k-1', ${row}, NULL, 'greeting')`,
  );
});
afterAll(() => t.close());

describe("GET /api/v1/narratives/scopes", () => {
  it("lists campaigns and checks by name (case-insensitive), names as text", async () => {
    const res = await t.request("/api/v1/narratives/scopes");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      campaigns: [
        { id: "c-1", name: "<b>Sales</b> chat", channel: "chat" },
        { id: "c-3", name: "Billing", channel: "call" },
        { id: "c-2", name: "support line", channel: "call" },
      ],
      checks: [
        { id: "k-1", name: "greeting", campaignId: null },
        { id: "k-9", name: "Verification", campaignId: "c-2" },
      ],
    });
  });

  it("an empty database lists nothing; no key is 401", async () => {
    const empty = await testApp([]);
    try {
      expect(await json(await empty.request("/api/v1/narratives/scopes"))).toEqual({ campaigns: [], checks: [] });
      expect((await empty.app.request("/api/v1/narratives/scopes")).status).toBe(401);
    } finally {
      await empty.close();
    }
  });
});
