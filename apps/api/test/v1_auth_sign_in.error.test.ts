import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, type TestApp, testApp } from "./harness";

let t: TestApp;
let email: string;
const password = "correct horse battery staple";
beforeAll(async () => {
  t = await testApp([], "UTC", { access: { signInLimitAccount: 1000, signInLimitAddress: 1000 } });
  email = (await t.addUser("member", password)).user.email;
});
afterAll(() => t.close());

const signIn = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  t.app.request("/api/v1/auth/sign-in", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("sign-in errors", () => {
  it("401s a wrong password and an unknown e-mail with the same code and message, and sets no cookie", async () => {
    const wrong = await signIn({ email, password: "not the password" });
    const unknown = await signIn({ email: "nobody@example.com", password });
    for (const res of [wrong, unknown]) expect(res.headers.getSetCookie()).toEqual([]);
    expect(await errorOf(wrong)).toEqual({
      status: 401,
      code: "invalid_credentials",
      message: "E-mail or password is wrong",
    });
    expect(await errorOf(unknown)).toEqual(await errorOf(await signIn({ email, password: "still wrong!" })));
  });

  it("tells a disabled user, with the right password, that the account is disabled", async () => {
    const { user } = await t.addUser("member", password);
    await t.accounts.updateUser(user.id, { disabled: true });
    expect(await errorOf(await signIn({ email: user.email, password }))).toEqual({
      status: 401,
      code: "invalid_credentials",
      message: "This account is disabled; ask an admin",
    });
  });

  it("400s missing, empty, oversized and unknown fields with the field's path", async () => {
    const cases: [unknown, RegExp][] = [
      [{ password }, /^email: /],
      [{ email }, /^password: /],
      [{ email, password: "" }, /^password: must not be empty/],
      [{ email, password: "x".repeat(257) }, /^password: must be at most 256/],
      [{ email: "not-an-email", password }, /^email: must be an e-mail address/],
      [{ email, password, remember: true }, /^remember: unknown field/],
      [{}, /^email: /],
    ];
    for (const [body, message] of cases) {
      const e = await errorOf(await signIn(body));
      expect(e).toMatchObject({ status: 400, code: "invalid_query" });
      expect(e.message).toMatch(message);
    }
  });

  it("400s a body that is not JSON and 415s one sent as another type", async () => {
    expect(await errorOf(await signIn("{email"))).toMatchObject({ status: 400, code: "bad_request" });
    expect(
      await errorOf(await signIn(`email=${email}`, { "content-type": "application/x-www-form-urlencoded" })),
    ).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
    });
  });

  it("logs no unexpected errors", () => expect(t.errors).toEqual([]));
});
