import { z } from "@hono/zod-openapi";

/** Error codes of the API and their HTTP statuses (one table for every route). */
export const errorStatus = {
  bad_request: 400,
  /** The client closed the request (nginx logs 499, which Hono cannot send); no one reads this answer. */
  cancelled: 400,
  invalid_query: 400,
  host_not_allowed: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  /** A public link with a passcode was opened without one. */
  passcode_required: 401,
  forbidden: 403,
  invalid_setup_token: 403,
  not_found: 404,
  unknown_report: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** Overloaded (the report queue is full): comes with Retry-After. */
  busy: 503,
  /** A report's statement ran past its time limit and was stopped. */
  timeout: 504,
} as const;
export type ApiErrorCode = keyof typeof errorStatus;

/**
 * The one error class of the API: a code from {@link errorStatus}, a message, optional details, and
 * for a retryable refusal the seconds after which to retry (sent as `Retry-After`).
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly retryAfterSecs: number | undefined;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; headers?: Record<string, string>; retryAfterSecs?: number },
  ) {
    super(message, options);
    this.retryAfterSecs = options?.retryAfterSecs;
    this.headers = {
      ...(options?.headers ?? {}),
      ...(options?.retryAfterSecs === undefined
        ? {}
        : { "Retry-After": String(Math.max(1, Math.ceil(options.retryAfterSecs))) }),
    };
  }
  /** Headers the error response carries, e.g. `Retry-After` of a rate limit. */
  readonly headers: Record<string, string>;
  get status(): (typeof errorStatus)[ApiErrorCode] {
    return errorStatus[this.code];
  }
}

/** The one error body: `{ error: { code, message, requestId, details? } }`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_query" }),
      message: z.string().openapi({ example: "from: a calendar date YYYY-MM-DD" }),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

/** OpenAPI response entries for the errors a route can return. */
export function errorResponses(...codes: (400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503 | 504)[]) {
  const descriptions = {
    400: "Invalid request",
    401: "No valid session or API key (or wrong e-mail or password)",
    403: "Not allowed for this role, or a cookie-authenticated write without the CSRF header and a known Origin",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "Request body over the size limit",
    429: "Too many failed attempts; retry after the Retry-After seconds",
    500: "Internal error",
    503: "Busy: too many reports wait; retry after the seconds in Retry-After",
    504: "The report ran past its time limit and was stopped",
  } as const;
  return Object.fromEntries(
    codes.map((c) => [c, { description: descriptions[c], content: { "application/json": { schema: ErrorBody } } }]),
  );
}
