/**
 * The shared suite of every cookie-authenticated write (STYLE.md: what every route must do, in one
 * place): without the page's Origin (or Referer), from a foreign origin, or without the CSRF header,
 * the write is refused with 403 before the route runs; with them it is not refused.
 */
import { expect } from "vitest";
import { ORIGIN, type TestApp } from "../harness";

/** A write to try: method, path and JSON body (fresh for every attempt when it consumes something). */
export type Write = () =>
  | Promise<{ method: string; path: string; body?: unknown }>
  | { method: string; path: string; body?: unknown };

const ATTEMPTS: { name: string; headers: Record<string, string> }[] = [
  { name: "no Origin or Referer", headers: { "x-tallyline-csrf": "1" } },
  { name: "a foreign Origin", headers: { origin: "https://evil.example", "x-tallyline-csrf": "1" } },
  { name: "Origin null", headers: { origin: "null", "x-tallyline-csrf": "1" } },
  { name: "a foreign Referer", headers: { referer: "https://evil.example/page", "x-tallyline-csrf": "1" } },
  { name: "no CSRF header", headers: { origin: ORIGIN } },
  { name: "a wrong CSRF header", headers: { origin: ORIGIN, "x-tallyline-csrf": "0" } },
];

/**
 * Sends `write` with the admin session `cookie` in every refused way and expects 403 `forbidden`
 * each time; then with the Referer of the site's own page and the header, and expects it is not
 * refused (its status is returned for the caller to check).
 */
export async function expectCrossSiteWritesRefused(t: TestApp, cookie: string, write: Write): Promise<number> {
  const send = async (headers: Record<string, string>) => {
    const { method, path, body } = await write();
    return t.app.request(path, {
      method,
      headers: { cookie, ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  for (const attempt of ATTEMPTS) {
    const res = await send(attempt.headers);
    const body = (await res.json()) as { error: { code: string } };
    expect({ attempt: attempt.name, status: res.status, code: body.error.code }).toEqual({
      attempt: attempt.name,
      status: 403,
      code: "forbidden",
    });
  }
  const ok = await send({ referer: `${ORIGIN}/settings`, "x-tallyline-csrf": "1" });
  expect(ok.status).not.toBe(403);
  return ok.status;
}
