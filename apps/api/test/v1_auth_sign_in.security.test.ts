import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/auth/tokens";
import { errorOf, ORIGIN, type TestApp, testApp } from "./harness";

let t: TestApp;
const password = "correct horse battery staple";
beforeAll(async () => {
  t = await testApp([], "UTC", { access: { signInLimitAccount: 3, signInLimitAddress: 5, rateWindowSecs: 600 } });
});
afterAll(() => t.close());

/** The app called as from a client at `address` (what the Node server passes as env.incoming). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } as unknown as IncomingMessage });

const signIn = (email: string, pw: string, address = "10.0.0.1", headers: Record<string, string> = {}) =>
  t.app.request(
    "/api/v1/auth/sign-in",
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password: pw }),
    },
    from(address),
  );

describe("sign-in security", () => {
  it("limits failures per account: past 3 even the right password waits, with Retry-After, until the window ends", async () => {
    const { user } = await t.addUser("member", password);
    for (let i = 0; i < 3; i++) expect((await signIn(user.email, "wrong password", `10.1.0.${i}`)).status).toBe(401);
    const blocked = await signIn(user.email, password, "10.1.0.9");
    expect(await errorOf(blocked.clone())).toMatchObject({ status: 429, code: "rate_limited" });
    expect(blocked.headers.get("retry-after")).toBe("600");
    t.clock.now += 599_000;
    expect((await signIn(user.email, password, "10.1.0.9")).headers.get("retry-after")).toBe("1");
    t.clock.now += 1_000;
    expect((await signIn(user.email, password, "10.1.0.9")).status).toBe(200);
  });

  it("a success clears the account's failures", async () => {
    const { user } = await t.addUser("member", password);
    for (let i = 0; i < 2; i++) await signIn(user.email, "wrong password", "10.2.0.1");
    expect((await signIn(user.email, password, "10.2.0.2")).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await signIn(user.email, "wrong password", "10.2.0.3")).status).toBe(401);
    expect((await signIn(user.email, password, "10.2.0.4")).status).toBe(200);
  });

  it("limits failures per client address across accounts; other addresses still sign in", async () => {
    const { user } = await t.addUser("member", password);
    for (let i = 0; i < 5; i++)
      expect((await signIn(`someone${i}@example.com`, "wrong password", "10.3.0.1")).status).toBe(401);
    expect((await signIn(user.email, password, "10.3.0.1")).status).toBe(429);
    expect((await signIn(user.email, password, "10.3.0.2")).status).toBe(200);
  });

  it("refuses a sign-in posted from a page of another origin (login CSRF); programs send no Origin", async () => {
    const { user } = await t.addUser("member", password);
    expect(
      await errorOf(await signIn(user.email, password, "10.4.0.1", { origin: "https://evil.example" })),
    ).toMatchObject({
      status: 403,
      code: "forbidden",
    });
    expect((await signIn(user.email, password, "10.4.0.1", { origin: ORIGIN })).status).toBe(200);
    expect((await signIn(user.email, password, "10.4.0.1")).status).toBe(200);
  });

  it("stores only the SHA-256 of the cookie's secret, and never shows the password hash", async () => {
    const { user } = await t.addUser("member", password);
    const res = await signIn(user.email, password, "10.5.0.1");
    const text = await res.text();
    expect(text).not.toMatch(/argon2|password/i);
    const token = /tallyline_session=([^;]+)/.exec(res.headers.getSetCookie()[0] ?? "")?.[1] ?? "";
    const [id, secret] = token.split(".");
    const rows = await t.warehouse.query("SELECT secret_hash FROM app_sessions WHERE session_id = $1", [id ?? ""]);
    expect(rows).toEqual([{ secret_hash: sha256(secret ?? "") }]);
    const stored = await t.warehouse.query(
      "SELECT count(*) AS n FROM app_sessions WHERE secret_hash = $1 OR session_id = $1",
      [secret ?? ""],
    );
    expect(stored).toEqual([{ n: 0 }]);
  });

  it("an unknown e-mail costs about the time of a wrong password (no user enumeration by timing)", async () => {
    const wide = await testApp([], "UTC", { access: { signInLimitAccount: 100, signInLimitAddress: 100 } });
    try {
      const { user } = await wide.addUser("member", password);
      const time = async (email: string) => {
        const started = performance.now();
        await wide.signIn(email, "wrong password here");
        return performance.now() - started;
      };
      await time("warm@example.com");
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      const unknown: number[] = [];
      const known: number[] = [];
      for (let i = 0; i < 5; i++) {
        unknown.push(await time(`nobody${i}@example.com`));
        known.push(await time(user.email));
      }
      // Both verify an argon2id hash (tens of ms); without the dummy hash an unknown e-mail takes ~1 ms.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
    } finally {
      await wide.close();
    }
  });
});
