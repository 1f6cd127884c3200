/**
 * Schedules (`/api/v1/schedules`): create, list, read, change, pause, delete, run history. The app's
 * clock is 1999-02-03 12:00 UTC (a Wednesday); 1999-02-01 and 1999-02-08 are Mondays, and Amsterdam
 * is UTC+1 in February.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Schedule } from "../src/schedules/schedules";
import { BROWSER_WRITE, json, type TestApp, testApp } from "./harness";

let t: TestApp;
let memberAuth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  memberAuth = { authorization: await t.keyHeader("member") };
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = memberAuth) =>
  t.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const WEEKLY = {
  name: "  Weekly snapshot ",
  frequency: "weekly",
  weekday: 1,
  sendTime: "08:00",
  timezone: "Europe/Amsterdam",
  recipients: ["Manager@Example.com", "manager@example.com", "lead@example.org"],
};

describe("schedule CRUD", () => {
  it("a member creates a weekly schedule: seed 002 bundle by default, recipients lower-cased once, next run Monday 07:00 UTC for the week before", async () => {
    const res = await send("POST", "/api/v1/schedules", WEEKLY);
    expect(res.status).toBe(201);
    const s = await json<Schedule>(res);
    expect(s).toMatchObject({
      name: "Weekly snapshot",
      bundle: { kind: "seed002" },
      frequency: "weekly",
      weekday: 1,
      monthDay: null,
      sendTime: "08:00",
      timezone: "Europe/Amsterdam",
      recipients: ["manager@example.com", "lead@example.org"],
      filters: {},
      enabled: true,
      owner: { kind: "key" },
      editable: true,
      nextRun: { dueAt: "1999-02-08T07:00:00.000Z", from: "1999-02-01", to: "1999-02-07" },
      createdAt: new Date(t.clock.now).toISOString(),
    });
    expect(JSON.stringify(s)).not.toMatch(/secret/i);
    const other = { authorization: await t.keyHeader("member") };
    const list = await json<{ items: Schedule[] }>(await send("GET", "/api/v1/schedules", undefined, other));
    expect(list.items.find((x) => x.id === s.id)).toMatchObject({ name: "Weekly snapshot", editable: false });
    expect(await json<Schedule>(await send("GET", `/api/v1/schedules/${s.id}`))).toEqual(s);
    const runs = await send("GET", `/api/v1/schedules/${s.id}/runs`);
    expect(runs.status).toBe(200);
    expect(await json(runs)).toEqual({ items: [] });
  });

  it("the owner changes it to monthly on the 31st, pauses it, and deletes it; a session user owns theirs", async () => {
    const s = await json<Schedule>(await send("POST", "/api/v1/schedules", WEEKLY));
    const res = await send("PATCH", `/api/v1/schedules/${s.id}`, { frequency: "monthly", weekday: null, monthDay: 31 });
    expect(res.status).toBe(200);
    // The 31st of February 1999 is its last day, the 28th; it reports January.
    expect(await json<Schedule>(res)).toMatchObject({
      frequency: "monthly",
      weekday: null,
      monthDay: 31,
      nextRun: { dueAt: "1999-02-28T07:00:00.000Z", from: "1999-01-01", to: "1999-01-31" },
    });
    const paused = await json<Schedule>(await send("PATCH", `/api/v1/schedules/${s.id}`, { enabled: false }));
    expect(paused).toMatchObject({ enabled: false, nextRun: null });
    expect((await send("DELETE", `/api/v1/schedules/${s.id}`)).status).toBe(204);
    expect((await send("GET", `/api/v1/schedules/${s.id}`)).status).toBe(404);

    const { user } = await t.addUser("member");
    const cookie = await t.sessionCookie(user.id);
    const mine = await send(
      "POST",
      "/api/v1/schedules",
      { ...WEEKLY, frequency: "twice_monthly", weekday: undefined, filters: { queue: ["PS"] } },
      { cookie, ...BROWSER_WRITE },
    );
    expect(mine.status).toBe(201);
    expect(await json<Schedule>(mine)).toMatchObject({
      owner: { kind: "user", id: user.id },
      filters: { queue: ["PS"] },
      nextRun: { dueAt: "1999-02-16T07:00:00.000Z", from: "1999-02-01", to: "1999-02-15" },
    });
  });
});
