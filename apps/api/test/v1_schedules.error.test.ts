/** Schedules' errors: wrong values refused with 400 and the field's path (nothing stored), unknown ids 404. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, json, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown) =>
  t.request(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
const count = async () =>
  Number((await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM app_schedules"))[0]?.n);
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const OK = { name: "s", frequency: "daily", sendTime: "07:30", timezone: "UTC", recipients: ["a@example.com"] };

describe("create refuses bad values with 400 naming the field, storing nothing", () => {
  const cases: [string, unknown, RegExp][] = [
    ["no recipients", { ...OK, recipients: [] }, /^recipients: needs at least one/],
    [
      "a recipient that is not an address",
      { ...OK, recipients: ["a@example.com", "not an address"] },
      /^recipients\.1/,
    ],
    [
      "a header injection in an address",
      { ...OK, recipients: ["a@example.com\r\nBcc: x@evil.test"] },
      /^recipients\.0/,
    ],
    ["51 recipients", { ...OK, recipients: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, /^recipients/],
    ["an unknown zone", { ...OK, timezone: "Mars/Olympus" }, /^timezone: must be an IANA/],
    ["a time of 24:00", { ...OK, sendTime: "24:00" }, /^sendTime/],
    ["a time without minutes", { ...OK, sendTime: "8" }, /^sendTime/],
    ["an unknown frequency", { ...OK, frequency: "hourly" }, /^frequency/],
    ["weekly without a weekday", { ...OK, frequency: "weekly" }, /^weekday: a weekly schedule needs/],
    ["daily with a weekday", { ...OK, weekday: 2 }, /^weekday: a daily schedule takes no weekday/],
    ["monthly without a day", { ...OK, frequency: "monthly" }, /^monthDay: a monthly schedule needs/],
    ["weekday 8", { ...OK, frequency: "weekly", weekday: 8 }, /^weekday/],
    ["day 32", { ...OK, frequency: "quarterly", monthDay: 32 }, /^monthDay/],
    ["an unknown filter", { ...OK, filters: { colour: ["red"] } }, /^filters/],
    ["an unknown field", { ...OK, secret: "x" }, /^secret: unknown field/],
    ["a bundle of an unknown kind", { ...OK, bundle: { kind: "everything" } }, /^bundle/],
  ];
  for (const [what, body, message] of cases) {
    it(what, async () => {
      const before = await count();
      const res = await send("POST", "/api/v1/schedules", body);
      expect(res.status).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe("invalid_query");
      expect(e.message).toMatch(message);
      expect(await count()).toBe(before);
    });
  }
});

describe("change and unknown ids", () => {
  it("a change that leaves the cadence inconsistent is refused and changes nothing", async () => {
    const res = await send("POST", "/api/v1/schedules", OK);
    const { id } = await json<{ id: string }>(res);
    const bad = await send("PATCH", `/api/v1/schedules/${id}`, { frequency: "weekly" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/^weekday/);
    expect((await send("PATCH", `/api/v1/schedules/${id}`, {})).status).toBe(400);
    expect(await json(await send("GET", `/api/v1/schedules/${id}`))).toMatchObject({ frequency: "daily" });
  });

  it("unknown ids are 404; ids that are not UUIDs 400", async () => {
    for (const [method, path] of [
      ["GET", `/api/v1/schedules/${UNKNOWN}`],
      ["GET", `/api/v1/schedules/${UNKNOWN}/runs`],
      ["DELETE", `/api/v1/schedules/${UNKNOWN}`],
    ] as const)
      expect((await send(method, path)).status).toBe(404);
    expect((await send("PATCH", `/api/v1/schedules/${UNKNOWN}`, { name: "x" })).status).toBe(404);
    expect((await send("GET", "/api/v1/schedules/nope")).status).toBe(400);
  });
});
