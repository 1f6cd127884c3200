/** `GET /api/v1/live` refusals: bad segment ids, a segment the view cannot apply, too many ids. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./harness";
import { liveFixture } from "./testutil/live";

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp(liveFixture);
});
afterAll(() => t.close());

const error = async (query: string, status: number) => {
  const res = await t.request(`/api/v1/live${query}`);
  expect(res.status).toBe(status);
  return ((await res.json()) as { error: { code: string; message: string } }).error;
};

describe("GET /api/v1/live errors", () => {
  it("400 for a segment id that is not a UUID", async () => {
    expect(await error("?segmentId=nope", 400)).toMatchObject({ code: "invalid_query" });
  });

  it("404 for an unknown segment", async () => {
    expect((await error("?segmentId=00000000-0000-4000-8000-000000000000", 404)).code).toBe("not_found");
  });

  it("400 naming the filter a segment holds that the live view cannot apply", async () => {
    const made = await t.post("/api/v1/segments", {
      name: "Dutch",
      filters: { language: ["nl"], campaign: ["live:web"] },
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const e = await error(`?segmentId=${id}`, 400);
    expect(e.code).toBe("invalid_query");
    expect(e.message).toContain("'language'");
    expect(e.message).toContain("Dutch");
  });

  it("400 for more than 200 ids", async () => {
    const many = Array.from({ length: 201 }, (_, i) => `c${i}`).join(",");
    const e = await error(`?campaign=${many}`, 400);
    expect(e.message).toMatch(/^campaign: at most 200 ids/);
  });

  it("an unknown campaign is no error: no rows, zero totals", async () => {
    const res = await t.request("/api/v1/live?campaign=nope");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      rows: [],
      totals: { open: 0, unattended: 0, unassigned: 0, pending: 0, snoozed: 0 },
    });
  });
});
