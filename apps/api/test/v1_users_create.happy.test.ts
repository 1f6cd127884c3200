import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp([]);
});
afterAll(() => t.close());

describe("POST /api/v1/users", () => {
  it("creates a user who can then sign in; the e-mail is stored trimmed and lower-case", async () => {
    const res = await t.post("/api/v1/users", {
      email: " Bo@Example.COM ",
      password: "a long enough password",
      role: "member",
      name: "  Bo  ",
    });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: "bo@example.com",
      name: "Bo",
      role: "member",
      disabled: false,
      createdAt: new Date(START).toISOString(),
      updatedAt: new Date(START).toISOString(),
      lastSignInAt: null,
    });
    expect((await t.signIn("bo@example.com", "a long enough password")).res.status).toBe(200);
  });
});
