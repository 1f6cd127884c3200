/**
 * Hostile values in every field of the access routes: each is refused with 400 and the field's path,
 * or (where the value is a legitimate name or password) stored verbatim as a bound parameter. None
 * changes a table it should not, and the app keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
let member: string;
beforeAll(async () => {
  t = await testApp([], "UTC", { access: { signInLimitAccount: 1000, signInLimitAddress: 1000 } });
  member = (await t.addUser("member")).user.id;
});
afterAll(() => t.close());

const pw = "correct horse battery staple";
const raw = (method: string, path: string, body: unknown) => ({
  method,
  path,
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const signIn = (body: unknown) => raw("POST", "/api/v1/auth/sign-in", body);
const newUser = (body: object) =>
  raw("POST", "/api/v1/users", { email: "h@example.com", password: pw, role: "member", ...body });
const change = (body: unknown) => raw("PATCH", "/api/v1/users/{member}", body);
const newKey = (body: object) => raw("POST", "/api/v1/keys", { name: "k", role: "member", ...body });
const setup = (body: object) =>
  raw("POST", "/api/v1/auth/setup", { token: "A".repeat(43), email: "s@example.com", password: pw, ...body });

const CASES: [string, { method: string; path: string; body: string }, string][] = [
  ["SQL in the e-mail", signIn({ email: "' OR 1=1 --", password: pw }), "email"],
  ["SQL after an e-mail", signIn({ email: "admin@example.com' --", password: pw }), "email"],
  ["NUL in the e-mail", signIn({ email: "a\u0000@example.com", password: pw }), "email"],
  ["full-width letters", signIn({ email: "ａdmin@example.com", password: pw }), "email"],
  ["an oversized e-mail", signIn({ email: `${"x".repeat(300)}@example.com`, password: pw }), "email"],
  ["a number for the e-mail", signIn({ email: 12345, password: pw }), "email"],
  ["an array for the e-mail", signIn({ email: ["a@example.com"], password: pw }), "email"],
  ["an operator object", signIn({ email: { $ne: null }, password: pw }), "email"],
  ["an operator for the password", signIn({ email: "a@example.com", password: { $gt: "" } }), "password"],
  ["a null password", signIn({ email: "a@example.com", password: null }), "password"],
  [
    "__proto__ at the top",
    signIn(`{"email":"a@example.com","password":"${pw}","__proto__":{"role":"admin"}}`),
    "__proto__",
  ],
  [
    "constructor at the top",
    signIn({ email: "a@example.com", password: pw, constructor: { prototype: {} } }),
    "constructor",
  ],
  ["markup as an e-mail", newUser({ email: "<script>alert(1)</script>@x.com" }), "email"],
  ["a bidi override in a name", newUser({ name: "invoice\u202Efdp.exe" }), "name"],
  ["a zero-width space in a name", newUser({ name: "ad\u200Bmin" }), "name"],
  ["a line break in a name", newUser({ name: "line\nbreak" }), "name"],
  ["NUL as a name", newUser({ name: "\u0000" }), "name"],
  ["SQL as a role", newUser({ role: "admin'--" }), "role"],
  ["a role in capitals", newUser({ role: "ADMIN" }), "role"],
  ["a 10,000-character password", newUser({ password: "x".repeat(10_000) }), "password"],
  ["NUL in a password", newUser({ password: "pass\u0000word-long-enough" }), "password"],
  ["__proto__ in a user", newUser(JSON.parse('{"__proto__":{"role":"admin"}}')), "__proto__"],
  ["a string for disabled", change({ disabled: "false" }), "disabled"],
  ["null for a role", change({ role: null }), "role"],
  ["__proto__ in a change", change(`{"__proto__":{"role":"admin"}}`), "__proto__"],
  ["an object for a name", change({ name: { toString: "x" } }), "name"],
  ["a huge expiry", newKey({ expiresInDays: 1e308 }), "expiresInDays"],
  ["a negative expiry", newKey({ expiresInDays: -1 }), "expiresInDays"],
  ["an expiry as text", newKey({ expiresInDays: "30" }), "expiresInDays"],
  ["101 emoji as a key name", newKey({ name: "😀".repeat(101) }), "name"],
  ["an object as a role", newKey({ role: { toString: "admin" } }), "role"],
  ["path traversal as a setup token", setup({ token: "../../../../etc/passwd" }), "token"],
  ["NUL in a setup token", setup({ token: `${"A".repeat(42)}\u0000` }), "token"],
  ["SQL in a user id", raw("PATCH", `/api/v1/users/${encodeURIComponent("' OR 1=1 --")}`, { name: "x" }), "userId"],
  ["path traversal in a user id", raw("DELETE", "/api/v1/users/..%2F..%2Fapp_users", undefined), "userId"],
  [
    "SQL in a key id",
    raw("DELETE", `/api/v1/keys/${encodeURIComponent("0123456789ab; DROP TABLE app_api_keys")}`, undefined),
    "keyId",
  ],
  ["200,000 nested arrays", signIn(`${"[".repeat(200_000)}${"]".repeat(200_000)}`), "request"],
  [
    "200,000 nested objects in a field",
    signIn(`{"email":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)},"password":"x"}`),
    "email",
  ],
];

const checksum = async () =>
  JSON.stringify(
    await Promise.all(
      ["app_users", "app_sessions", "app_api_keys", "app_setup_tokens"].map(async (table) =>
        t.warehouse.query(
          `SELECT '${table}' AS t, count(*) AS n, coalesce(sum(hash(x)), 0)::VARCHAR AS h FROM ${table} x`,
        ),
      ),
    ),
  );

describe("hostile values", () => {
  it(`refuses ${CASES.length} hostile values with 400 and the field's path, changing nothing`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    // The harness key's last use is written once (then not again within the minute): write it first.
    await t.request("/api/v1/auth/me");
    await t.accounts.flush();
    const before = await checksum();
    for (const [what, req, field] of CASES) {
      const res = await t.request(req.path.replace("{member}", member), {
        method: req.method,
        headers: { "content-type": "application/json" },
        ...(req.body === undefined ? {} : { body: req.body }),
      });
      const e = await errorOf(res);
      expect({ what, status: e.status, field: e.message.split(":")[0] }).toEqual({ what, status: 400, field });
    }
    expect(await checksum()).toBe(before);
    expect((await t.app.request("/api/v1/health")).status).toBe(200);
  });

  it("values that are legitimate text are stored verbatim, bound as parameters", async () => {
    const names = ["Robert'); DROP TABLE app_users;--", "名前 ünïcödé", "😀".repeat(50), "$1 $2 ? :name %s"];
    for (const name of names) {
      const res = await t.post("/api/v1/keys", { name, role: "member" });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { apiKey: { name: string } }).apiKey.name).toBe(name);
    }
    const user = await t.post("/api/v1/users", {
      email: "o'brien@example.com",
      password: "' OR '1'='1' -- pw",
      role: "member",
    });
    expect(user.status).toBe(201);
    expect((await t.signIn("o'brien@example.com", "' OR '1'='1' -- pw")).res.status).toBe(200);
    expect((await t.signIn("o'brien@example.com", "' OR '1'='1")).res.status).toBe(401);
    const stored = (await t.accounts.listKeys()).map((k) => k.name);
    for (const name of names) expect(stored).toContain(name);
    expect(await t.warehouse.query("SELECT count(*) AS n FROM app_users")).toEqual([{ n: 2 }]);
  });

  it("logs no unexpected errors", () => expect(t.errors).toEqual([]));
});
