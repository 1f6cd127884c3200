import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { defaultRegistry } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";
import { createApp } from "../src/app";
import type { Role } from "../src/auth/accounts";
import type { AccessConfig } from "../src/auth/config";
import { createSecurity } from "../src/auth/security";
import { Links, type PublicLimits } from "../src/links/links";
import type { PdfRouteOptions } from "../src/routes/v1_pdf";
import type { Scheduler } from "../src/schedules/scheduler";

/** The hand-made call log of the report-defs golden tests (values worked out there). */
export const smallCallLog = join(import.meta.dirname, "../../../packages/report-defs/test/fixtures/calls-small.tsv");

/** The real anonbank February log, when ../shared is present beside the repo. */
export const realAnonbank = join(
  import.meta.dirname,
  "../../../../shared/data/real/anonbank-feb1999/data_anonymous_bank_february.txt",
);

/** The instant the test app's clock starts at (reports' "today" is 1999-02-03 in UTC). */
export const START = Date.parse("1999-02-03T12:00:00Z");

/** The Origin of pages the test app allows (it answers to loopback names on port 80). */
export const ORIGIN = "http://localhost";

/** Headers the dashboard sends with a cookie-authenticated write. */
export const BROWSER_WRITE = { origin: ORIGIN, "x-tallyline-csrf": "1" } as const;

/** Options of {@link testApp}. */
export interface TestAppOptions {
  /** Access configuration over the defaults (limits, session expiry, hosts). */
  access?: Partial<AccessConfig>;
  /** A built dashboard folder to serve. */
  webDist?: string;
  /** The public links' rate limits (default links/links.ts PUBLIC_LIMITS). */
  publicLimits?: PublicLimits;
  /** The PDF route's options (no printer: it answers 503). */
  pdf?: PdfRouteOptions;
  /** The scheduler run-now uses (none: 503); read on each request. */
  scheduler?: () => Scheduler | null | undefined;
}

/**
 * A real app over a real DuckDB file in a temp folder, with `files` imported. Call `close()` after.
 * `post` and `request` authenticate with an admin API key made for the test (override with your
 * own `authorization` or `cookie` header); `app.request` is the bare app (anonymous).
 * `clock.now` (ms) is the app's clock: move it to expire sessions and keys.
 */
export async function testApp(files: string[] = [smallCallLog], timezone = "UTC", options: TestAppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tl-api-"));
  const warehouse = await Warehouse.open(join(dir, "t.duckdb"));
  for (const f of files) await importFile(warehouse, f, { timezone: "UTC" });
  const errors: unknown[] = [];
  const logs: string[] = [];
  const log = (m: string, e: unknown) => {
    logs.push(m);
    errors.push(e);
  };
  const clock = { now: START };
  const now = () => clock.now;
  const security = createSecurity(warehouse, { now, log, ...(options.access ? { access: options.access } : {}) });
  security.site.listening("127.0.0.1", 80);
  const services = { warehouse, registry: defaultRegistry(), now, defaultTimezone: timezone };
  const links = new Links(services, options.publicLimits, log);
  const app = createApp({
    services,
    log,
    security,
    links,
    ...(options.webDist ? { webDist: options.webDist } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  });
  const { key: adminKey } = await security.accounts.createKey({ name: "test harness", role: "admin" });
  const authorization = `Bearer ${adminKey}`;
  const withAuth = (headers: RequestInit["headers"]): Headers => {
    const h = new Headers(headers);
    if (!h.has("authorization") && !h.has("cookie")) h.set("authorization", authorization);
    return h;
  };
  const request = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: withAuth(init.headers) });
  const post = (
    path: string,
    body?: unknown,
    headers: Record<string, string> = { "content-type": "application/json" },
  ) =>
    request(path, {
      method: "POST",
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });

  let users = 0;
  /** A new user (through the service) and its password. */
  const addUser = async (role: Role, password = "correct horse battery staple") => {
    const user = await security.accounts.createUser({ email: `user${++users}-${role}@example.com`, password, role });
    return { user, password };
  };
  /** The cookie header of a new session of `userId` (opened through the service, no password). */
  const sessionCookie = async (userId: string) =>
    `tallyline_session=${(await security.accounts.openSession(userId)).token}`;
  /** Signs in through the real route; returns the response and its cookie header. */
  const signIn = async (email: string, password: string, headers: Record<string, string> = {}) => {
    const res = await app.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    });
    return { res, cookie: cookieOf(res) };
  };
  /** A new API key's `Authorization` header value. */
  const keyHeader = async (role: Role, expiresAt?: number) =>
    `Bearer ${(await security.accounts.createKey({ name: `test ${role}`, role, ...(expiresAt ? { expiresAt } : {}) })).key}`;

  return {
    app,
    warehouse,
    security,
    accounts: security.accounts,
    clock,
    errors,
    logs,
    post,
    request,
    adminKey,
    addUser,
    sessionCookie,
    signIn,
    keyHeader,
    links,
    close: async () => {
      await security.accounts.flush();
      await links.flush();
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The harness of {@link testApp}. */
export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** The `cookie` request header that sends back the session cookie a response set ('' when none). */
export function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?tallyline_session=/.test(c));
  return set ? (set.split(";")[0] ?? "") : "";
}

/** The JSON body of a response, typed by the caller. */
export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Asserts the one error body: status, code, a message matching `message`, the request id echoed. */
export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  if (body.error.requestId !== res.headers.get("x-request-id")) {
    throw new Error(`request id ${body.error.requestId} is not the x-request-id ${res.headers.get("x-request-id")}`);
  }
  return { status: res.status, code: body.error.code, message: body.error.message };
}
