/**
 * The callers of the security tests, each made fresh (a sign-in or sign-out by one request must not
 * change the next): the request headers each sends. Session callers send what the dashboard sends
 * (the cookie, the page's Origin and the CSRF header); key callers send `Authorization: Bearer`.
 */
import type { User } from "../../src/auth/accounts";
import { BROWSER_WRITE, cookieOf, type TestApp } from "../harness";

export const IDENTITIES = [
  "anonymous",
  "memberSession",
  "adminSession",
  "memberKey",
  "adminKey",
  "revokedKey",
  "expiredKey",
  "expiredSession",
  "signedOutSession",
] as const;
export type Identity = (typeof IDENTITIES)[number];

/** The member and admin users the identities sign in as (one of each per app). */
export interface People {
  member: User;
  admin: User;
}

/** Creates the two people of {@link People}. */
export async function people(t: TestApp): Promise<People> {
  return { member: (await t.addUser("member")).user, admin: (await t.addUser("admin")).user };
}

/** Fresh request headers of `who` (the credentials are new for every call). */
export async function headersOf(t: TestApp, p: People, who: Identity): Promise<Record<string, string>> {
  const session = async (userId: string) => ({ cookie: await t.sessionCookie(userId), ...BROWSER_WRITE });
  switch (who) {
    case "anonymous":
      return {};
    case "memberSession":
      return session(p.member.id);
    case "adminSession":
      return session(p.admin.id);
    case "memberKey":
      return { authorization: await t.keyHeader("member") };
    case "adminKey":
      return { authorization: await t.keyHeader("admin") };
    case "revokedKey": {
      const { key, info } = await t.accounts.createKey({ name: "to revoke", role: "admin" });
      await t.accounts.revokeKey(info.id);
      return { authorization: `Bearer ${key}` };
    }
    case "expiredKey":
      return { authorization: await t.keyHeader("admin", t.clock.now - 1000) };
    case "expiredSession": {
      const now = t.clock.now;
      t.clock.now = now - 8 * 86_400_000;
      try {
        return await session(p.admin.id);
      } finally {
        t.clock.now = now;
      }
    }
    case "signedOutSession": {
      const headers = await session(p.admin.id);
      const res = await t.app.request("/api/v1/auth/sign-out", { method: "POST", headers });
      if (res.status !== 204) throw new Error(`sign-out answered ${res.status}`);
      if (cookieOf(res) !== "tallyline_session=") throw new Error("sign-out did not clear the cookie");
      return headers;
    }
  }
}
