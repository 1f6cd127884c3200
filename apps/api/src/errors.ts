import { z } from "@hono/zod-openapi";

/** Error codes of the API and their HTTP statuses (one table for every route). */
export const errorStatus = {
  bad_request: 400,
  invalid_query: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_report: 404,
  unsupported_media_type: 415,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof errorStatus;

/** The one error class of the API: a code from {@link errorStatus}, a message, optional details. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
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
export function errorResponses(...codes: (400 | 404 | 500)[]) {
  const descriptions = { 400: "Invalid request", 404: "Not found", 500: "Internal error" } as const;
  return Object.fromEntries(
    codes.map((c) => [c, { description: descriptions[c], content: { "application/json": { schema: ErrorBody } } }]),
  );
}
