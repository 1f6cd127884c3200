/**
 * All data access of the dashboard: a typed client of the Tallyline JSON API (docs/api.md) and
 * the keyed queries that components read with `createAsync`. Nothing else calls `fetch`.
 */
import { query } from "@solidjs/router";
import type { ReportDefinition, ReportResult, ReportShape, ShapeResults } from "@tallyline/ui";
import type { DataDays, PeriodRequest } from "./period";
import type { RecordKind, RecordRow, RecordsSelector } from "./records";

/** Where the API lives; the Vite dev and preview servers proxy it to the API server. */
export const API_BASE = "/api/v1";

/**
 * Sent on every request: the API refuses cookie-authenticated writes without it (a page of another
 * site cannot add it to a cross-site form).
 */
export const CSRF_HEADER = { "x-tallyline-csrf": "1" } as const;

/** Pages that work without a session (a 401 there is shown, not redirected). */
const PUBLIC_PAGES = ["/sign-in", "/setup"];

/**
 * Where to go after signing in: `next` when it is a path of this site (not `//host`, not a
 * public page), else the dashboard.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return PUBLIC_PAGES.some((p) => next === p || next.startsWith(`${p}?`) || next.startsWith(`${p}#`)) ? "/" : next;
}

/** The sign-in page, asked to come back to `next` afterwards. */
export function signInHref(next: string): string {
  const back = safeNext(next);
  return back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`;
}

/**
 * What happens when the API answers 401 to a page that needs a session: the browser goes to the
 * sign-in page, which brings the user back here afterwards. Public pages stay.
 */
function onUnauthorized(): void {
  if (typeof window === "undefined") return;
  const { pathname, search } = window.location;
  if (PUBLIC_PAGES.includes(pathname) || pathname.startsWith("/r/")) return;
  window.location.assign(signInHref(`${pathname}${search}`));
}

/** The one error body of the API: `{ error: { code, message, requestId, details? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

/**
 * A failed API call. `code` and `message` come from the API's error body when there is one;
 * otherwise `code` is `network_error` (no response, `status` 0), `http_error` (a status without
 * the error body) or `invalid_response` (a success whose body is not JSON).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; cause: unknown } {
  try {
    return { ok: true, value: text === "" ? undefined : JSON.parse(text) };
  } catch (cause) {
    return { ok: false, cause };
  }
}

/**
 * Sends one request (with the CSRF header, and JSON content type when there is a body) and returns
 * the response when it is a success; otherwise throws an {@link ApiError} with the API's error
 * body (`network_error` without a response). A 401 outside sign-in and setup goes to sign-in.
 */
async function send(path: string, init: RequestInit, accept: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      ...init,
      headers: {
        accept,
        ...CSRF_HEADER,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
    });
  } catch (cause) {
    throw new ApiError(0, "network_error", "The Tallyline API could not be reached.", undefined, { cause });
  }
  if (response.status === 401 && !path.startsWith("/auth/sign-in") && !path.startsWith("/auth/setup")) onUnauthorized();
  if (!response.ok) {
    const body = parseJson(await response.text());
    if (body.ok && isErrorBody(body.value)) {
      const { code, message, requestId } = body.value.error;
      throw new ApiError(response.status, code, message, requestId);
    }
    const status = `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, "http_error", `The API answered ${status}.`);
  }
  return response;
}

/** Sends one request and returns the parsed JSON body, or throws an {@link ApiError}. */
export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init, "application/json");
  const body = parseJson(response.status === 204 ? "" : await response.text());
  if (!body.ok) {
    throw new ApiError(
      response.status,
      "invalid_response",
      "The API answered with a body that is not JSON.",
      undefined,
      {
        cause: body.cause,
      },
    );
  }
  return body.value as T;
}

/** Formats of `POST /report/{reportId}/export`. */
export type ExportFormat = "csv" | "json" | "xlsx";

/** A file the API sent as an attachment: its bytes and the name from Content-Disposition. */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * The file name of a `Content-Disposition: attachment; filename="..."` header (the API sends safe
 * characters only), or `fallback`.
 */
export function attachmentName(header: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(header ?? "");
  const name = match?.[1] ?? "";
  return /^[A-Za-z0-9._-]+$/.test(name) ? name : fallback;
}

/**
 * The report list as the API sends it: the catalogue, whether the database holds the built-in demo
 * data (with the API's one-line notice), and the days the data spans in the API's zone.
 */
export interface ReportCatalogue {
  /** Each report; `hasData` (newer servers) says whether the table it counts holds any row. */
  readonly items: (ReportDefinition & { readonly hasData?: boolean })[];
  readonly demo: boolean;
  readonly notice?: string;
  readonly data: DataDays & { readonly timezone?: string };
}

/** One answer of `POST /reports/batch`: the query's result, or its own error (status 400, 404, 500, 503, 504). */
export type BatchAnswer =
  | { readonly reportId: string; readonly status: 200; readonly result: ReportResult }
  | { readonly reportId: string; readonly status: number; readonly error: ApiErrorBody["error"] };

/** The {@link ApiError} of a failed batch answer (undefined for a result). */
export function batchError(answer: BatchAnswer): ApiError | undefined {
  return "error" in answer
    ? new ApiError(answer.status, answer.error.code, answer.error.message, answer.error.requestId)
    : undefined;
}

/** A signed-in user, as the API shows it. */
export interface User {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
}

/** A user as the admin pages show it (`GET /users`): times are ISO-8601 UTC, null when never. */
export interface AdminUser extends User {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
}

/** An API key as listed (`GET /keys`); the secret itself is never listed. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  role: "admin" | "member";
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** One page of `POST /report/{id}/records`: `total` is the number of records behind the figure. */
export interface RecordsPage {
  reportId: string;
  measure: string;
  kind: RecordKind;
  items: RecordRow[];
  nextCursor: string | null;
  total: number;
}

/** Who is calling: a dashboard session, or an API key. */
export type Principal =
  | { kind: "session"; role: "admin" | "member"; user: User; session: { expiresAt: string; idleExpiresAt: string } }
  | { kind: "key"; role: "admin" | "member"; key: { id: string; name: string } };

/** The typed client: one function per route used. */
export const api = {
  /** `GET /health`: whether the first admin is still to be created. */
  health(): Promise<{ status: "ok"; setupRequired: boolean }> {
    return request("/health");
  },

  /** `POST /auth/sign-in`: sets the session cookie. */
  signIn(email: string, password: string): Promise<{ user: User }> {
    return request("/auth/sign-in", { method: "POST", body: JSON.stringify({ email, password }) });
  },

  /** `POST /auth/setup`: creates the first admin from the setup link's token, signed in. */
  setup(input: { token: string; email: string; password: string; name?: string }): Promise<{ user: User }> {
    return request("/auth/setup", { method: "POST", body: JSON.stringify(input) });
  },

  /** `POST /auth/sign-out`: ends the session on the server. */
  async signOut(): Promise<void> {
    await request("/auth/sign-out", { method: "POST" });
  },

  /** `GET /auth/me`: the signed-in user. */
  me(): Promise<Principal> {
    return request("/auth/me");
  },

  /**
   * `GET /platform/report/list`: every report with its definition, the demo marker and the data's
   * days (a server that sends neither: no demo, days unknown).
   */
  async listReports(): Promise<ReportCatalogue> {
    const body = await request<Partial<ReportCatalogue> & { items: ReportDefinition[] }>("/platform/report/list");
    return {
      items: body.items,
      demo: body.demo === true,
      ...(body.notice ? { notice: body.notice } : {}),
      data: body.data ?? { firstDay: null, lastDay: null },
    };
  },

  /**
   * `POST /report/{reportId}/export?format=...[&bom=1]` over the same request as fetch (period and
   * segment): the file as a Blob, through the session and the CSRF header like every call.
   */
  async exportReport(
    reportId: string,
    period: PeriodRequest,
    format: ExportFormat,
    options: { bom?: boolean } = {},
  ): Promise<Download> {
    const query = `format=${format}${options.bom ? "&bom=1" : ""}`;
    const response = await send(
      `/report/${encodeURIComponent(reportId)}/export?${query}`,
      { method: "POST", body: JSON.stringify(period) },
      "*/*",
    );
    return {
      blob: await response.blob(),
      fileName: attachmentName(response.headers.get("content-disposition"), `${reportId}.${format}`),
    };
  },

  /**
   * `GET /filters/{name}/values?q=&limit=`: the values of a filter in the data (value, display
   * label or null, rows carrying it over all the data), most rows first; `truncated` when more matched.
   */
  filterValues(
    name: string,
    q = "",
    limit = 50,
  ): Promise<{ items: { value: string; label: string | null; count: number }[]; truncated: boolean }> {
    const query = new URLSearchParams({ limit: String(limit), ...(q ? { q } : {}) });
    return request(`/filters/${encodeURIComponent(name)}/values?${query}`);
  },

  /** `POST /report/{reportId}/fetch` over a period: the result in the report's shape. */
  fetchReport(reportId: string, period: PeriodRequest): Promise<ReportResult> {
    return request<ReportResult>(`/report/${encodeURIComponent(reportId)}/fetch`, {
      method: "POST",
      body: JSON.stringify(period),
    });
  },
};

/** A public link as the signed-in list shows it (`GET /links`; never its token). */
export interface LinkInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: "report" | "page";
  readonly mode: "snapshot" | "live";
  readonly title: string;
  readonly reportIds: string[];
  readonly status: "active" | "expired" | "revoked";
  readonly passcode: boolean;
  readonly showAgentNames: boolean;
  readonly hideFilters: boolean;
  readonly manageable: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly rotatedAt: string | null;
  readonly views: number;
  readonly lastViewAt: string | null;
  readonly viewsByDay: { day: string; views: number }[];
}

/** What the Share dialog sends (`POST /links`). */
export interface NewLink {
  label: string;
  mode: "snapshot" | "live";
  title?: string;
  queries: { reportId: string; query: PeriodRequest }[];
  segmentId?: string;
  expiresInDays?: number | null;
  passcode?: string;
  showAgentNames?: boolean;
  hideFilters?: boolean;
}

/** A new or rotated link: its token, shown this once, and the path of its page. */
export interface CreatedLink {
  readonly token: string;
  readonly path: string;
  readonly link: LinkInfo;
}

/** The public-link routes of signed-in users. */
export const linksApi = {
  /** `GET /links`: every link of the workspace, newest first, with views. */
  async list(): Promise<LinkInfo[]> {
    return (await request<{ items: LinkInfo[] }>("/links")).items;
  },
  /** `POST /links`: takes the snapshot and makes the link. */
  create(body: NewLink): Promise<CreatedLink> {
    return request<CreatedLink>("/links", { method: "POST", body: JSON.stringify(body) });
  },
  /** `DELETE /links/{id}`: the token answers 404 at once. */
  async revoke(id: string): Promise<void> {
    await request<unknown>(`/links/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  /** `POST /links/{id}/rotate`: a new token; the old one answers 404 at once. */
  rotate(id: string): Promise<CreatedLink> {
    return request<CreatedLink>(`/links/${encodeURIComponent(id)}/rotate`, { method: "POST" });
  },
};

/**
 * `GET /public/{token}` (or POST with the passcode in the body: never in the URL), without any
 * session: the public document. Throws {@link ApiError} (404 for every token that shows nothing,
 * 401 `passcode_required` / `invalid_credentials`, 429).
 */
export function openPublicLink<T>(token: string, passcode?: string): Promise<T> {
  const path = `/public/${encodeURIComponent(token)}`;
  return request<T>(path, passcode === undefined ? {} : { method: "POST", body: JSON.stringify({ passcode }) });
}

/** The admin routes (`/users`, `/keys`); the API refuses them to members (403). */
export const adminApi = {
  /** `GET /users`: every user, oldest first. */
  async listUsers(): Promise<AdminUser[]> {
    return (await request<{ items: AdminUser[] }>("/users")).items;
  },
  /** `POST /users`: 201 the new user; 409 when the e-mail exists. */
  createUser(input: { email: string; password: string; role: "admin" | "member"; name?: string }): Promise<AdminUser> {
    return request("/users", { method: "POST", body: JSON.stringify(input) });
  },
  /** `PATCH /users/{id}`: 409 when it would leave no active admin. */
  updateUser(id: string, patch: { role?: "admin" | "member"; disabled?: boolean }): Promise<AdminUser> {
    return request(`/users/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(patch) });
  },
  /** `DELETE /users/{id}`: 409 for the last active admin. */
  async deleteUser(id: string): Promise<void> {
    await request(`/users/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  /** `GET /keys`: every key, newest first, revoked ones included. */
  async listKeys(): Promise<ApiKeyInfo[]> {
    return (await request<{ items: ApiKeyInfo[] }>("/keys")).items;
  },
  /** `POST /keys`: the new key's secret (`key`, shown this once) and its listing. */
  createKey(input: { name: string; role: "admin" | "member"; expiresInDays?: number }): Promise<{
    key: string;
    apiKey: ApiKeyInfo;
  }> {
    return request("/keys", { method: "POST", body: JSON.stringify(input) });
  },
  /** `DELETE /keys/{id}`: revokes the key from the next request on. */
  async revokeKey(id: string): Promise<void> {
    await request(`/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
};

/**
 * `POST /report/{id}/records`: one page of the records behind a figure of the report over
 * `period` (the same query as its fetch), `cursor` the previous page's `nextCursor`.
 */
export function fetchRecords(
  reportId: string,
  period: PeriodRequest,
  selector: RecordsSelector,
  cursor?: string | null,
  limit = 50,
): Promise<RecordsPage> {
  return request(`/report/${encodeURIComponent(reportId)}/records`, {
    method: "POST",
    body: JSON.stringify({ query: period, selector, ...(cursor ? { cursor } : {}), limit }),
  });
}

/**
 * `POST /reports/batch`: up to 20 report queries in one request; each answer, in the order sent,
 * is its result (status 200) or its own error body (see {@link BatchAnswer}). Throws
 * {@link ApiError} only when the batch itself fails (its envelope, the network, the session).
 */
export async function fetchBatch(
  queries: readonly { reportId: string; query: PeriodRequest }[],
): Promise<BatchAnswer[]> {
  return (
    await request<{ results: BatchAnswer[] }>("/reports/batch", { method: "POST", body: JSON.stringify({ queries }) })
  ).results;
}

/** Keyed query of the signed-in user. */
export const getMe = query(() => api.me(), "me");

/** Keyed query of the server's health (whether setup is needed). */
export const getHealth = query(() => api.health(), "health");

/** Keyed query of the report list (the catalogue, the demo marker and the data's days). */
export const getReportList = query(() => api.listReports(), "reportList");

/** Keyed query of one `POST /reports/batch` (the Overview's headlines over one period). */
export const getBatch = query(
  (queries: readonly { reportId: string; query: PeriodRequest }[]) => fetchBatch(queries),
  "batch",
);

/**
 * Keyed query of one report over one period. Everything that shows a report (its card or panel,
 * the daily chart, the period in the header) reads this query with the same arguments, so each
 * report is fetched once per period while it is on screen.
 */
export const getReport = query(
  (reportId: string, period: PeriodRequest) => api.fetchReport(reportId, period),
  "report",
);

/**
 * The result as the shape its definition names. Throws an {@link ApiError} `unexpected_shape`
 * when the API answered with another shape (the list and the fetch route disagree).
 */
export function resultOfShape<S extends ReportShape>(result: ReportResult, shape: S): ShapeResults[S] {
  if (result.shape !== shape) {
    throw new ApiError(
      200,
      "unexpected_shape",
      `Report ${result.reportId} answered with a ${result.shape} result where its definition says ${shape}.`,
    );
  }
  return result as ShapeResults[S];
}

/** What to tell the user about a failure: the API's message, with its code and request id when known. */
export function describeError(error: unknown): { message: string; code?: string; requestId?: string } {
  if (error instanceof ApiError) return { message: error.message, code: error.code, requestId: error.requestId };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}
