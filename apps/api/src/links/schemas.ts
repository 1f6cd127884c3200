import { z } from "@hono/zod-openapi";
import { NameSchema } from "../auth/schemas";
import { MAX_BATCH } from "../routes/v1_reports_batch";
import { SegmentIdSchema } from "../segments/segments";

/** A link id (a UUID; not the token). */
export const LinkIdSchema = z
  .uuid({ error: "must be a link id (a UUID)" })
  .openapi({ param: { name: "linkId", in: "path" }, example: "0f8e2a8c-4b4e-4d3c-9a51-2c7b2f6d9e21" });

/** A passcode: 4 to 200 characters. */
export const PasscodeSchema = z
  .string({ error: "must be a string" })
  .min(4, "must be at least 4 characters")
  .max(200, "must be at most 200 characters");

/** The body of `POST /api/v1/links`. */
export const NewLinkBody = z
  .strictObject({
    label: NameSchema.openapi({ example: "Board, December" }),
    mode: z.enum(["snapshot", "live"]).openapi({
      description:
        "'snapshot' freezes the results now; 'live' re-runs the same queries (same period rule, filters, zone) on current data at each view.",
    }),
    title: NameSchema.optional().openapi({
      description: "Title of the public page; default the report's name, or 'Dashboard' for a page.",
    }),
    queries: z
      .array(
        z.strictObject({
          reportId: z.string().min(1).max(200).openapi({ example: "calls.offered" }),
          query: z
            .unknown()
            .optional()
            .openapi({
              description: "The report query (schema ReportQuery, without segmentId); checked when the link is made.",
              example: { periodDays: 30, timezone: "Europe/Amsterdam" },
            }),
        }),
      )
      .min(1)
      .max(MAX_BATCH)
      .openapi({ description: `One report (a report link) or up to ${MAX_BATCH} (a dashboard page), in page order.` }),
    segmentId: SegmentIdSchema.optional().openapi({
      param: undefined,
      description: "A segment applied to every query; its name and filters are frozen into the link.",
    }),
    expiresInDays: z
      .int({ error: "must be a whole number of days or null" })
      .min(1, "must be at least 1")
      .max(3650, "must be at most 3650")
      .nullable()
      .optional()
      .openapi({ description: "Days until the link stops working; default 30; null for never." }),
    passcode: PasscodeSchema.optional().openapi({
      description: "Viewers must send it (header x-link-passcode or POST body); stored as argon2id.",
    }),
    showAgentNames: z.boolean().optional().openapi({ description: "Show agents by name (default: 'Agent 1..n')." }),
    hideFilters: z.boolean().optional().openapi({ description: "Leave filters and the segment's name out." }),
  })
  .openapi("NewLink");

const Instant = z.iso.datetime();

/** A link as the signed-in list shows it (never the token). */
export const LinkSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    kind: z.enum(["report", "page", "narrative"]),
    mode: z.enum(["snapshot", "live"]),
    title: z.string(),
    reportIds: z.array(z.string()),
    status: z.enum(["active", "expired", "revoked"]),
    passcode: z.boolean(),
    showAgentNames: z.boolean(),
    hideFilters: z.boolean(),
    createdBy: z.object({ kind: z.enum(["user", "key"]), id: z.string() }),
    manageable: z
      .boolean()
      .openapi({ description: "True when the caller may revoke or rotate it (creator or admin)." }),
    createdAt: Instant,
    expiresAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
    rotatedAt: Instant.nullable(),
    views: z.number().int(),
    lastViewAt: Instant.nullable(),
    viewsByDay: z.array(z.object({ day: z.string(), views: z.number().int() })),
  })
  .openapi("Link");

/** A new or rotated link: its token, shown this once, and its path. */
export const CreatedLink = z
  .object({
    token: z.string().openapi({ description: "The token, shown this once (only its SHA-256 is kept)." }),
    path: z.string().openapi({ example: "/r/Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5" }),
    link: LinkSchema,
  })
  .openapi("CreatedLink");
