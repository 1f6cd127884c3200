/**
 * The security matrix: every route x every kind of caller gets the expected status, on the real app
 * over a real DuckDB file. The rows must cover every operation of the OpenAPI document and every
 * route the app registers (a new route without a row fails here), and the routes the document
 * marks open (`security: []`) must be exactly the rows anonymous callers may use.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateNarrative } from "@tallyline/narrative";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenRoute } from "../src/middleware/access";
import { unsubscribeToken } from "../src/schedules/unsubscribe";
import { type TestApp, testApp } from "./harness";
import { makeLink, OFFERED } from "./links";
import { headersOf, IDENTITIES, type Identity, type People, people } from "./testutil/identities";

type Expect = Record<Identity, number>;
type Built = { path: string; body?: unknown };

interface Row {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The route as the OpenAPI document (or, outside it, the router) names it. */
  route: string;
  /** The concrete request (fresh victims for writes that consume them). */
  build: (t: TestApp) => Promise<Built> | Built;
  expect: Expect;
}

const BAD = { revokedKey: 401, expiredKey: 401, expiredSession: 401, signedOutSession: 401 } as const;
/** Anyone, credentials ignored. */
const open = (status: number): Expect => Object.fromEntries(IDENTITIES.map((i) => [i, status])) as Expect;
/** Any signed-in user or key. */
const member = (status: number): Expect => ({
  anonymous: 401,
  memberSession: status,
  adminSession: status,
  memberKey: status,
  adminKey: status,
  ...BAD,
});
/** Admins only. */
const admin = (status: number): Expect => ({
  anonymous: 401,
  memberSession: 403,
  adminSession: status,
  memberKey: 403,
  adminKey: status,
  ...BAD,
});

let victims = 0;
const victimUser = async (t: TestApp) => (await t.addUser("member")).user.id;
const victimKey = async (t: TestApp) =>
  (await t.accounts.createKey({ name: `victim ${++victims}`, role: "member" })).info.id;
/** A segment made by a member key of its own (neither caller of the matrix owns it). */
const victimSegment = async (t: TestApp) => {
  const res = await t.post(
    "/api/v1/segments",
    { name: `victim ${++victims}`, filters: { queue: ["PS"] } },
    {
      "content-type": "application/json",
      authorization: await t.keyHeader("member"),
    },
  );
  return ((await res.json()) as { id: string }).id;
};
/** A schedule made by a member key of its own (neither caller of the matrix owns it). */
const victimSchedule = async (t: TestApp) => {
  const res = await t.post(
    "/api/v1/schedules",
    {
      name: `victim ${++victims}`,
      frequency: "daily",
      sendTime: "07:00",
      timezone: "UTC",
      recipients: ["victim@example.com"],
    },
    { "content-type": "application/json", authorization: await t.keyHeader("member") },
  );
  return ((await res.json()) as { id: string }).id;
};
/** A valid unsubscribe token of a fresh schedule's recipient (works once: each build makes a new one). */
const victimUnsubscribe = async (t: TestApp) => {
  const id = await victimSchedule(t);
  const [row] = await t.warehouse.query<{ s: string }>(
    "SELECT signing_secret AS s FROM app_schedules WHERE schedule_id = $1",
    [id],
  );
  return unsubscribeToken(id, "victim@example.com", row?.s ?? "");
};
/** A public link made by a member key of its own (neither caller of the matrix made it). */
const victimLink = async (t: TestApp, passcode?: string) =>
  makeLink(
    t,
    { label: `victim ${++victims}`, queries: [OFFERED], ...(passcode ? { passcode } : {}) },
    await t.keyHeader("member"),
  );
/** A finished narrative report made by a member key of its own (neither caller of the matrix made it). */
const victimNarrative = async (t: TestApp) =>
  (
    await generateNarrative({
      db: t.warehouse,
      execute: (sql, params) => t.warehouse.query(sql, params as never),
      scope: { kind: "campaign", ids: ["anonbank"] },
      period: { periodDays: 7 },
      author: { kind: "key", id: `victim-${++victims}` },
      ai: null,
    })
  ).id;
/** The import of the harness's call log. */
const anImport = async (t: TestApp) =>
  (await t.warehouse.query<{ import_id: string }>("SELECT import_id FROM imports ORDER BY started_at LIMIT 1"))[0]
    ?.import_id ?? "";
/** A recorded import without rows, made to be deleted. */
const victimImport = async (t: TestApp) => {
  const id = `00000000-0000-4000-8000-${String(++victims).padStart(12, "0")}`;
  await t.warehouse.run(
    `INSERT INTO imports (import_id, source, file_name, sha256, started_at, finished_at, rows_by_table, status)
     VALUES ($1, 'canonical', 'victim.csv', $1, now(), now(), '{}', 'succeeded')`,
    [id],
  );
  return id;
};
let signInPassword = "";
let signInEmail = "";

/** Routes of the OpenAPI document. */
const DOCUMENTED: Row[] = [
  { method: "GET", route: "/api/v1/health", build: () => ({ path: "/api/v1/health" }), expect: open(200) },
  {
    method: "POST",
    route: "/api/v1/auth/sign-in",
    build: () => ({ path: "/api/v1/auth/sign-in", body: { email: signInEmail, password: signInPassword } }),
    expect: open(200),
  },
  {
    method: "POST",
    route: "/api/v1/auth/setup",
    build: () => ({
      path: "/api/v1/auth/setup",
      body: { token: "A".repeat(43), email: "late@example.com", password: "correct horse battery staple" },
    }),
    // Users exist: setup is over for everyone.
    expect: open(409),
  },
  {
    method: "POST",
    route: "/api/v1/auth/sign-out",
    build: () => ({ path: "/api/v1/auth/sign-out" }),
    expect: { ...member(204), memberKey: 400, adminKey: 400 },
  },
  { method: "GET", route: "/api/v1/auth/me", build: () => ({ path: "/api/v1/auth/me" }), expect: member(200) },
  { method: "GET", route: "/api/v1/users", build: () => ({ path: "/api/v1/users" }), expect: admin(200) },
  {
    method: "POST",
    route: "/api/v1/users",
    build: () => ({
      path: "/api/v1/users",
      body: { email: `made${++victims}@example.com`, password: "correct horse battery staple", role: "member" },
    }),
    expect: admin(201),
  },
  {
    method: "PATCH",
    route: "/api/v1/users/{userId}",
    build: async (t) => ({ path: `/api/v1/users/${await victimUser(t)}`, body: { name: "Renamed" } }),
    expect: admin(200),
  },
  {
    method: "DELETE",
    route: "/api/v1/users/{userId}",
    build: async (t) => ({ path: `/api/v1/users/${await victimUser(t)}` }),
    expect: admin(204),
  },
  { method: "GET", route: "/api/v1/keys", build: () => ({ path: "/api/v1/keys" }), expect: admin(200) },
  {
    method: "POST",
    route: "/api/v1/keys",
    build: () => ({ path: "/api/v1/keys", body: { name: "made", role: "member" } }),
    expect: admin(201),
  },
  {
    method: "DELETE",
    route: "/api/v1/keys/{keyId}",
    build: async (t) => ({ path: `/api/v1/keys/${await victimKey(t)}` }),
    expect: admin(204),
  },
  {
    method: "GET",
    route: "/api/v1/platform/report/list",
    build: () => ({ path: "/api/v1/platform/report/list" }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/report/{reportId}/fetch",
    build: () => ({ path: "/api/v1/report/calls.offered/fetch", body: { from: "1999-02-01", to: "1999-02-03" } }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/report/{reportId}/export",
    build: () => ({
      path: "/api/v1/report/calls.offered/export?format=csv",
      body: { from: "1999-02-01", to: "1999-02-03" },
    }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/report/{reportId}/records",
    build: () => ({
      path: "/api/v1/report/calls.offered/records",
      body: { query: { from: "1999-02-01", to: "1999-02-03" }, selector: {} },
    }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/reports/batch",
    build: () => ({
      path: "/api/v1/reports/batch",
      body: { queries: [{ reportId: "calls.offered", query: { from: "1999-02-01", to: "1999-02-03" } }] },
    }),
    expect: member(200),
  },
  {
    // This app has no printer (no server listens): 503 once authenticated; v1_pdf.*.test.ts print for real.
    method: "POST",
    route: "/api/v1/pdf",
    build: () => ({ path: "/api/v1/pdf", body: { page: "/", from: "1999-02-01", to: "1999-02-03" } }),
    expect: member(503),
  },
  { method: "GET", route: "/api/v1/segments", build: () => ({ path: "/api/v1/segments" }), expect: member(200) },
  {
    method: "GET",
    route: "/api/v1/filters/{name}/values",
    build: () => ({ path: "/api/v1/filters/queue/values?q=p&limit=5" }),
    expect: member(200),
  },
  {
    method: "GET",
    route: "/api/v1/live",
    build: () => ({ path: "/api/v1/live?campaign=anonbank" }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/segments",
    build: () => ({ path: "/api/v1/segments", body: { name: `made ${++victims}`, filters: { queue: ["PS"] } } }),
    expect: member(201),
  },
  {
    method: "GET",
    route: "/api/v1/segments/{segmentId}",
    build: async (t) => ({ path: `/api/v1/segments/${await victimSegment(t)}` }),
    expect: member(200),
  },
  {
    // A segment another user made: members may not change it, admins may.
    method: "PATCH",
    route: "/api/v1/segments/{segmentId}",
    build: async (t) => ({ path: `/api/v1/segments/${await victimSegment(t)}`, body: { name: "Renamed" } }),
    expect: admin(200),
  },
  {
    method: "DELETE",
    route: "/api/v1/segments/{segmentId}",
    build: async (t) => ({ path: `/api/v1/segments/${await victimSegment(t)}` }),
    expect: admin(204),
  },
  { method: "GET", route: "/api/v1/schedules", build: () => ({ path: "/api/v1/schedules" }), expect: member(200) },
  {
    method: "POST",
    route: "/api/v1/schedules",
    build: () => ({
      path: "/api/v1/schedules",
      body: {
        name: `made ${++victims}`,
        frequency: "daily",
        sendTime: "07:00",
        timezone: "UTC",
        recipients: ["m@example.com"],
      },
    }),
    expect: member(201),
  },
  {
    method: "GET",
    route: "/api/v1/schedules/{scheduleId}",
    build: async (t) => ({ path: `/api/v1/schedules/${await victimSchedule(t)}` }),
    expect: member(200),
  },
  {
    // A schedule another caller made: members may not change it, admins may.
    method: "PATCH",
    route: "/api/v1/schedules/{scheduleId}",
    build: async (t) => ({ path: `/api/v1/schedules/${await victimSchedule(t)}`, body: { name: "Renamed" } }),
    expect: admin(200),
  },
  {
    method: "DELETE",
    route: "/api/v1/schedules/{scheduleId}",
    build: async (t) => ({ path: `/api/v1/schedules/${await victimSchedule(t)}` }),
    expect: admin(204),
  },
  {
    method: "GET",
    route: "/api/v1/schedules/{scheduleId}/runs",
    build: async (t) => ({ path: `/api/v1/schedules/${await victimSchedule(t)}/runs` }),
    expect: member(200),
  },
  {
    // Run-now of a schedule another caller made: members may not, admins may (503 here: no SMTP server configured).
    method: "POST",
    route: "/api/v1/schedules/{scheduleId}/runs",
    build: async (t) => ({ path: `/api/v1/schedules/${await victimSchedule(t)}/runs`, body: {} }),
    expect: admin(503),
  },
  {
    // Open: the signed token is the credential; each build makes a fresh one (a token works once).
    method: "POST",
    route: "/api/v1/unsubscribe/{token}",
    build: async (t) => ({ path: `/api/v1/unsubscribe/${await victimUnsubscribe(t)}` }),
    expect: open(200),
  },
  {
    method: "GET",
    route: "/api/v1/unsubscribe/{token}",
    build: async (t) => ({ path: `/api/v1/unsubscribe/${await victimUnsubscribe(t)}` }),
    expect: open(200),
  },
  { method: "GET", route: "/api/v1/narratives", build: () => ({ path: "/api/v1/narratives" }), expect: member(200) },
  {
    method: "POST",
    route: "/api/v1/narratives",
    build: () => ({ path: "/api/v1/narratives", body: { scope: "campaign:anonbank", periodDays: 7 } }),
    expect: member(202),
  },
  {
    method: "GET",
    route: "/api/v1/narratives/usage",
    build: () => ({ path: "/api/v1/narratives/usage" }),
    expect: member(200),
  },
  {
    method: "GET",
    route: "/api/v1/narratives/scopes",
    build: () => ({ path: "/api/v1/narratives/scopes" }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/narratives/estimate",
    build: () => ({ path: "/api/v1/narratives/estimate", body: { scope: "campaign:anonbank", periodDays: 7 } }),
    expect: member(200),
  },
  {
    method: "GET",
    route: "/api/v1/narratives/{narrativeId}",
    build: async (t) => ({ path: `/api/v1/narratives/${await victimNarrative(t)}` }),
    expect: member(200),
  },
  {
    method: "GET",
    route: "/api/v1/narratives/{narrativeId}/compare/{otherId}",
    build: async (t) => ({
      path: `/api/v1/narratives/${await victimNarrative(t)}/compare/${await victimNarrative(t)}`,
    }),
    expect: member(200),
  },
  {
    method: "POST",
    route: "/api/v1/narratives/{narrativeId}/link",
    build: async (t) => ({
      path: `/api/v1/narratives/${await victimNarrative(t)}/link`,
      body: { label: "Shared report" },
    }),
    expect: member(201),
  },
  {
    // A report another key made: members may not delete it, admins may.
    method: "DELETE",
    route: "/api/v1/narratives/{narrativeId}",
    build: async (t) => ({ path: `/api/v1/narratives/${await victimNarrative(t)}` }),
    expect: admin(204),
  },
  {
    method: "GET",
    route: "/api/v1/imports",
    build: () => ({ path: "/api/v1/imports" }),
    expect: member(200),
  },
  {
    // The matrix sends JSON: an admin gets past access to the upload's own check (415, not multipart).
    method: "POST",
    route: "/api/v1/imports",
    build: () => ({ path: "/api/v1/imports", body: { file: "calls.csv" } }),
    expect: admin(415),
  },
  {
    method: "GET",
    route: "/api/v1/imports/{importId}",
    build: async (t) => ({ path: `/api/v1/imports/${await anImport(t)}` }),
    expect: member(200),
  },
  {
    method: "GET",
    route: "/api/v1/imports/{importId}/events",
    build: async (t) => ({ path: `/api/v1/imports/${await anImport(t)}/events` }),
    expect: member(200),
  },
  {
    method: "DELETE",
    route: "/api/v1/imports/{importId}",
    build: async (t) => ({ path: `/api/v1/imports/${await victimImport(t)}` }),
    expect: admin(204),
  },
  { method: "GET", route: "/api/v1/links", build: () => ({ path: "/api/v1/links" }), expect: member(200) },
  {
    method: "POST",
    route: "/api/v1/links",
    build: () => ({
      path: "/api/v1/links",
      body: { label: `made ${++victims}`, mode: "snapshot", queries: [OFFERED] },
    }),
    expect: member(201),
  },
  {
    // A link another caller made: members may not revoke it, admins may.
    method: "DELETE",
    route: "/api/v1/links/{linkId}",
    build: async (t) => ({ path: `/api/v1/links/${(await victimLink(t)).link.id}` }),
    expect: admin(204),
  },
  {
    method: "POST",
    route: "/api/v1/links/{linkId}/rotate",
    build: async (t) => ({ path: `/api/v1/links/${(await victimLink(t)).link.id}/rotate` }),
    expect: admin(200),
  },
  {
    // The token is the credential: anyone holding it, whatever else they send.
    method: "GET",
    route: "/api/v1/public/{token}",
    build: async (t) => ({ path: `/api/v1/public/${(await victimLink(t)).token}` }),
    expect: open(200),
  },
  {
    method: "POST",
    route: "/api/v1/public/{token}",
    build: async (t) => ({
      path: `/api/v1/public/${(await victimLink(t, "open sesame")).token}`,
      body: { passcode: "open sesame" },
    }),
    expect: open(200),
  },
  {
    method: "GET",
    route: "/api/v1/exports/c24/{file}",
    build: () => ({ path: "/api/v1/exports/c24/conversations.csv" }),
    expect: admin(200),
  },
  {
    method: "GET",
    route: "/api/v1/exports/manifest",
    build: () => ({ path: "/api/v1/exports/manifest" }),
    expect: admin(200),
  },
  {
    method: "GET",
    route: "/api/v1/exports/{table}",
    build: () => ({ path: "/api/v1/exports/calls?format=csv" }),
    expect: admin(200),
  },
];

/** Routes outside the OpenAPI document, listed here on purpose. */
const OUTSIDE: Row[] = [
  { method: "GET", route: "/api/v1/openapi.json", build: () => ({ path: "/api/v1/openapi.json" }), expect: open(200) },
  { method: "GET", route: "/api/v1/docs", build: () => ({ path: "/api/v1/docs" }), expect: open(200) },
  {
    method: "GET",
    route: "/api/v1/docs/:asset",
    build: () => ({ path: "/api/v1/docs/init.js" }),
    expect: open(200),
  },
  // The dashboard's files hold no data.
  { method: "GET", route: "/*", build: () => ({ path: "/assets/app.js" }), expect: open(200) },
  { method: "GET", route: "*", build: () => ({ path: "/sign-in" }), expect: open(200) },
  // A public link page's HTML: the app shell (no data; the token is checked by the API it calls).
  { method: "GET", route: "/r/*", build: () => ({ path: "/r/any-token" }), expect: open(200) },
  // Unknown API paths, and open paths under another method, are closed like any other route.
  { method: "GET", route: "/api/*", build: () => ({ path: "/api/v1/nothing" }), expect: member(404) },
  { method: "POST", route: "/api/v1/health", build: () => ({ path: "/api/v1/health" }), expect: member(404) },
];

let t: TestApp;
let p: People;
let web: string;
beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), "tl-web-"));
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>Tallyline</title>");
  writeFileSync(join(web, "assets/app.js"), "export {};");
  t = await testApp(undefined, "UTC", { access: { keyFailureLimit: 10_000 }, webDist: web });
  p = await people(t);
  signInPassword = "correct horse battery staple";
  signInEmail = p.member.email;
});
afterAll(async () => {
  await t.close();
  rmSync(web, { recursive: true, force: true });
});

describe("security matrix", () => {
  for (const row of [...DOCUMENTED, ...OUTSIDE]) {
    it(`${row.method} ${row.route}`, async () => {
      const got: Partial<Record<Identity, number>> = {};
      for (const who of IDENTITIES) {
        const headers = await headersOf(t, p, who);
        const { path, body } = await row.build(t);
        const res = await t.app.request(path, {
          method: row.method,
          headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        got[who] = res.status;
        if (res.status === 401) expect((await res.json()) as object).toMatchObject({ error: { code: "unauthorized" } });
      }
      expect(got).toEqual(row.expect);
    });
  }

  it("has a row for every operation of the OpenAPI document, and no row for an operation it lacks", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(DOCUMENTED.map((r) => `${r.method} ${r.route}`).sort()).toEqual(documented.sort());
  });

  it("every route the app registers is in the document or listed outside it", () => {
    const asRouter = (route: string) => route.replace(/\{(\w+)\}/g, ":$1");
    const listed = new Set([...DOCUMENTED, ...OUTSIDE].map((r) => `${r.method} ${asRouter(r.route)}`));
    const registered = new Set(t.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect([...registered].filter((r) => !listed.has(r))).toEqual([]);
  });

  it("the document marks open exactly the routes anonymous callers may use", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.security).toEqual([{ apiKey: [] }, { sessionCookie: [] }]);
    for (const row of DOCUMENTED) {
      const op = doc.paths[row.route]?.[row.method.toLowerCase()];
      const openInDoc = op?.security !== undefined && op.security.length === 0;
      expect({ route: `${row.method} ${row.route}`, open: openInDoc }).toEqual({
        route: `${row.method} ${row.route}`,
        open: row.expect.anonymous !== 401,
      });
      const sample = (await row.build(t)).path;
      expect(isOpenRoute(row.method, sample)).toBe(openInDoc);
    }
  });

  it("logs no unexpected errors", () => {
    expect(t.errors).toEqual([]);
  });
});
