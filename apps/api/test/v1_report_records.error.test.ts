/**
 * `POST /api/v1/report/{id}/records` errors: one body, the code, and the path of the field at fault
 * (in `details.path`, or first in the message), for every way a request can be wrong.
 */
import { encodeCursor } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ErrorJson, errorPath, httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
});
afterAll(() => t.close());

const WINDOW = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };

async function expectError(res: Response, status: number, code: string, path: string | undefined, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorJson;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(errorPath(body)).toBe(path);
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
}

const records = (id: string, body: unknown) => t.post(`/api/v1/report/${id}/records`, body);

describe("records errors", () => {
  it("404s an unknown report", async () => {
    await expectError(await records("calls.nope", {}), 404, "unknown_report", "reportId", /calls\.nope/);
  });

  it("400s a measure the report lacks, or one without records, saying why", async () => {
    await expectError(
      await records("calls.agents", { query: WINDOW, selector: { measure: "nope" } }),
      400,
      "invalid_query",
      "selector.measure",
      /no measure "nope".*answered, aht, csat, resolution_rate/,
    );
    await expectError(
      await records("engagement.messages", { query: WINDOW }),
      400,
      "invalid_query",
      "reportId",
      /engagement\.messages has no records behind messages: it counts messages/,
    );
    await expectError(
      await records("shifts.agents", { query: WINDOW, selector: { measure: "chats" } }),
      400,
      "invalid_query",
      "selector.measure",
      /aggregate export/,
    );
  });

  it("400s a selector that does not fit the report or the period", async () => {
    const bad = async (id: string, selector: object, path: string, message: RegExp, query: object = WINDOW) =>
      expectError(await records(id, { query, selector }), 400, "invalid_query", path, message);
    await bad("calls.offered", { key: "PS" }, "selector.key", /has no dimension/);
    await bad("calls.offered", { bucket: "1999-03-01" }, "selector.bucket", /not a day of 1999-02-01 to 1999-02-03/);
    await bad("calls.offered", { bucket: "1999-02-01T08:00" }, "selector.bucket", /not a day/);
    await bad("calls.offered", { bucket: "1999-02-01" }, "selector.bucket", /not a hour/, { ...WINDOW, grain: "hour" });
    await bad("calls.offered", { cell: { weekday: 1, hour: 8 } }, "selector.cell", /not a heatmap/);
    await bad("calls.heatmap", { cell: { weekday: 8, hour: 8 } }, "selector.cell.weekday", /7/);
    await bad("calls.offered", { previous: true }, "selector.previous", /does not compare/, {
      ...WINDOW,
      compare: "none",
    });
    await bad("contact_centre.first_response_histogram", { key: "7" }, "selector.key", /not a bucket/);
    await bad("calls.offered", { color: "red" }, "selector", /color/);
  });

  it("400s a bad cursor, or one of other records", async () => {
    await expectError(await records("calls.offered", { cursor: "%%%" }), 400, "invalid_query", "cursor", /cursor/);
    await expectError(await records("calls.offered", { cursor: "bm9wZQ" }), 400, "invalid_query", "cursor", /cursor/);
    const other = encodeCursor({ kind: "conversation", micros: 0, ids: ["c1"] });
    await expectError(
      await records("calls.offered", { cursor: other }),
      400,
      "invalid_query",
      "cursor",
      /not a cursor of these records/,
    );
  });

  it("400s a page size out of 1-500", async () => {
    for (const limit of [0, 501, 2.5, "10"])
      await expectError(await records("calls.offered", { limit }), 400, "invalid_query", "limit", /limit/);
  });

  it("400s a bad query with the path of its field in the body", async () => {
    await expectError(
      await records("calls.offered", { query: { from: "1999-02-30", to: "1999-03-01" } }),
      400,
      "invalid_query",
      "query.from",
      /query\.from/,
    );
    await expectError(
      await records("calls.offered", { query: { ...WINDOW, filters: { channel: ["chat"] } } }),
      400,
      "invalid_query",
      "query.filters.channel",
      /calls\.offered cannot be filtered by channel/,
    );
    await expectError(
      await records("calls.offered", { query: { from: "1999-02-03", to: "1999-02-01" } }),
      400,
      "invalid_query",
      "query.from",
      /after/,
    );
    await expectError(await records("calls.offered", { qurey: {} }), 400, "invalid_query", undefined, /qurey/);
  });

  it("400s a body that is not JSON and 415s one not sent as JSON", async () => {
    const res = await records("calls.offered", "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.message).toMatch(/JSON/i);
    const text = await t.post("/api/v1/report/calls.offered/records", "limit=3", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });

  it("logs no unexpected errors", () => {
    expect(t.errors).toEqual([]);
  });
});
