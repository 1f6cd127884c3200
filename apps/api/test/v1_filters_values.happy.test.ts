/**
 * `GET /api/v1/filters/{name}/values` on the hand-made call log (packages/report-defs/test/fixtures
 * calls-small.tsv: 13 calls of campaign anonbank) and a small generated data set (chats): the
 * values listed are the data's, counted by hand on the log, and each one is a value the filter
 * matches: a report filtered by it counts exactly the listed rows.
 *
 * The log by hand: queue (its `type` column) PS on 11 calls, NW on #3, NE on #7; agents ALICE on
 * #1, #5, #10, #12, #13 (5), BOB on #2, #8 (2), CAROL on AA0103#1 (1), no agent on the 5 others;
 * outcomes: answered 8 (#1, #2, #5, #8, AA0103#1, #10, #12, #13), abandoned 3 (#3, #7, #11: hung
 * up after queueing), ivr 2 (#4 hung up in the menu, #6 PHANTOM).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterValues } from "../src/routes/v1_filters_values";
import { httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp({ generated: true });
});
afterAll(() => t.close());

const values = async (path: string) => {
  const res = await t.get(`/api/v1/filters/${path}`);
  expect(res.status).toBe(200);
  return FilterValues.parse(await res.json());
};

describe("values of the hand-made call log", () => {
  it("queues, most calls first", async () => {
    const { items } = await values("queue/values");
    const small = items.filter((i) => ["PS", "NW", "NE"].includes(i.value));
    expect(small).toEqual([
      { value: "PS", label: null, count: 11 },
      { value: "NE", label: null, count: 1 },
      { value: "NW", label: null, count: 1 },
    ]);
  });

  it("agents with their usernames and calls served", async () => {
    const { items } = await values("agent/values?q=anonbank");
    const byName = Object.fromEntries(items.map((i) => [i.label, i.count]));
    expect(byName).toMatchObject({ ALICE: 5, BOB: 2, CAROL: 1 });
  });

  it("the three call outcomes, partitioning the calls", async () => {
    const { items } = await values("outcome/values");
    const [generated] = await t.warehouse.query<{ n: number }>(
      "SELECT count(*)::INT AS n FROM calls WHERE campaign_id <> 'anonbank'",
    );
    const counts = Object.fromEntries(items.map((i) => [i.value, i.count]));
    expect(Object.keys(counts).sort()).toEqual(["abandoned", "answered", "ivr"]);
    expect((counts.answered ?? NaN) + (counts.abandoned ?? NaN) + (counts.ivr ?? NaN)).toBe(13 + (generated?.n ?? NaN));
  });

  it("searches value and label in any case, and caps the list", async () => {
    expect((await values("queue/values?q=ps")).items.map((i) => i.value)).toContain("PS");
    expect((await values("agent/values?q=alIce")).items.map((i) => i.label)).toEqual(["ALICE"]);
    const one = await values("queue/values?limit=1");
    expect(one.items).toHaveLength(1);
    expect(one.truncated).toBe(true);
    expect((await values("queue/values?q=no-such-queue")).items).toEqual([]);
  });
});

describe("every value listed is one the filter matches", () => {
  const ALL_1999 = { from: "1999-01-01", to: "1999-12-31", timezone: "UTC", compare: "none" };
  const offered = async (filters: Record<string, string[]>) => {
    const res = await t.post("/api/v1/report/calls.offered/fetch", { ...ALL_1999, filters });
    expect(res.status).toBe(200);
    return ((await res.json()) as { value: number }).value;
  };

  it("queues, agents and outcomes of the call log: the report filtered by each counts the listed calls", async () => {
    for (const [name, value, count] of [
      ["queue", "PS", 11],
      ["queue", "NW", 1],
      ["outcome", "ivr", 2],
    ] as const) {
      expect(await offered({ [name]: [value] })).toBe(count);
    }
    const alice = (await values("agent/values?q=alice")).items[0];
    expect(alice?.count).toBe(5);
    expect(await offered({ agent: [alice?.value ?? ""] })).toBe(5);
  });

  it("channels, languages and intents of the generated chats: each value's count is the conversations it filters", async () => {
    const list = await t.get("/api/v1/platform/report/list");
    const reports = ((await list.json()) as { items: { id: string; shape: string; measure: { id: string } }[] }).items;
    const report = reports.find((r) => r.shape === "kpi" && r.measure.id === "conversations");
    expect(report).toBeDefined();
    const [days] = await t.warehouse.query<{ f: string; l: string }>(
      "SELECT strftime(min(started_at) - INTERVAL 2 DAY, '%Y-%m-%d') AS f, strftime(max(started_at) + INTERVAL 2 DAY, '%Y-%m-%d') AS l FROM conversations",
    );
    for (const name of ["channel", "language", "intent"]) {
      const { items } = await values(`${name}/values?limit=3`);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const res = await t.post(`/api/v1/report/${report?.id}/fetch`, {
          from: days?.f,
          to: days?.l,
          timezone: "UTC",
          compare: "none",
          filters: { [name]: [item.value] },
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { value: number }).value, `${name} ${item.value}`).toBe(item.count);
      }
    }
  });

  it("teams and labels of the generated chats (issue 16): each value's count is what the filter keeps", async () => {
    const [days] = await t.warehouse.query<{ f: string; l: string }>(
      "SELECT strftime(min(assigned_at) - INTERVAL 2 DAY, '%Y-%m-%d') AS f, strftime(max(started_at) + INTERVAL 2 DAY, '%Y-%m-%d') AS l FROM assignments, (SELECT max(started_at) AS started_at FROM conversations)",
    );
    const window = { from: days?.f, to: days?.l, timezone: "UTC", compare: "none" };
    const kpi = async (id: string, filters: object) => {
      const res = await t.post(`/api/v1/report/${id}/fetch`, { ...window, filters });
      expect(res.status).toBe(200);
      return ((await res.json()) as { value: number }).value;
    };
    const teams = await values("team/values");
    expect(teams.items.length).toBeGreaterThan(1);
    for (const item of teams.items) {
      expect(item.label).not.toBeNull();
      expect(await kpi("contact_centre.conversations", { team: [item.value] }), item.value).toBe(item.count);
    }
    const labels = await values("label/values?limit=3");
    expect(labels.items.length).toBeGreaterThan(0);
    for (const item of labels.items) {
      expect(await kpi("engagement.conversations", { label: [item.value] }), item.value).toBe(item.count);
    }
  });

  it("campaigns and checks: ids with their names", async () => {
    const campaigns = await values("campaign/values");
    expect(campaigns.items.find((i) => i.value === "anonbank")?.count).toBe(13);
    const checks = await values("check/values?limit=2");
    for (const item of checks.items) {
      expect(item.label).not.toBeNull();
      const [row] = await t.warehouse.query<{ n: number }>(
        "SELECT count(*)::INT AS n FROM call_check_results WHERE check_id = $1",
        [item.value],
      );
      expect(item.count).toBe(row?.n);
    }
  });
});
