/**
 * Narrative reports over HTTP (issue 14): the request and answer schemas, the store of the
 * request's warehouse, background generation, and the rule of who may delete a report (its creator
 * or an admin). Reports are shared with the workspace: every member and key lists and reads them
 * (seed 000 "Who can see reports?").
 */
import { z } from "@hono/zod-openapi";
import {
  type Author,
  aiConfigFromEnv,
  estimateNarrative,
  type GenerateOptions,
  NarrativeNotFound,
  NarrativeStore,
  runNarrative,
  type Scope,
  ScopeError,
  startNarrative,
} from "@tallyline/narrative";
import type { Context } from "hono";
import type { Principal } from "../auth/accounts";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { principalOf } from "../middleware/access";
import { resolveScope } from "./scope";

/** A report id: a UUID. */
export const NarrativeIdSchema = z
  .uuid({ error: "must be a report id (a UUID)" })
  .openapi({ param: { name: "narrativeId", in: "path" }, example: "0b6f3c1e-2a4d-4f8e-9c51-7d2e8a9b1c03" });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

/** The body of generate and estimate: a scope and a period (default the last 30 days). */
export const NarrativeRequest = z
  .strictObject({
    scope: z.string().min(3).max(40_000).optional().openapi({
      description:
        "campaign:ID, segment:ID, check:ID, calls:ID,ID..., chat-campaign:ID, chat-segment:ID or conversations:ID,ID... (up to 1,000 ids). Required unless regenerateFrom is given.",
      example: "campaign:support",
    }),
    from: isoDate.optional(),
    to: isoDate.optional(),
    periodDays: z.number().int().min(1).max(3660).optional(),
    timezone: z.string().max(64).optional(),
    regenerateFrom: z.uuid().optional().openapi({
      description:
        "Regenerate this report: a new report with its scope and period (unless given); the old one is kept.",
    }),
  })
  .openapi("NarrativeRequest");
export type NarrativeRequest = z.infer<typeof NarrativeRequest>;

/** Where a report's generation is (migration 23): step, words, percent. */
export const NarrativeProgressSchema = z
  .object({
    step: z.enum(["queued", "facts", "issues", "writing", "checking", "saving", "done", "failed"]),
    label: z.string().openapi({ example: "Collecting facts: report 3 of 6" }),
    percent: z.number().int().min(0).max(100).openapi({ description: "Share of the work done, percent 0-100" }),
  })
  .openapi("NarrativeProgress");

/** A stored report as the API shows it (facts and sections only in `get`). */
export const NarrativeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.object({ kind: z.string(), key: z.string() }).passthrough(),
    period: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    status: z.enum(["running", "done", "failed"]),
    narrator: z.enum(["ai", "rules"]).nullable(),
    author: z.object({ kind: z.enum(["user", "key", "cli"]), id: z.string().nullable() }),
    regeneratedFrom: z.string().nullable(),
    createdAt: z.string(),
    generatedAt: z.string().nullable(),
    failure: z.string().nullable(),
    usage: z.unknown().nullable(),
    progress: NarrativeProgressSchema.openapi({
      description:
        "While `running`: the step it is at (facts n of m, grouping issues, writing, checking every number, saving) and a percent; `done` at 100 once finished; `failed` with the step it failed in.",
    }),
    content: z.unknown().optional().openapi({
      description:
        "Only in `get`: facts, issues, sections, templates, check and agent lines, and `grouping` (how failed-check reasons were grouped: `method` embeddings | lexical | none, `model`, `threshold`, `note` saying why lexical when embeddings failed).",
    }),
  })
  .openapi("Narrative");

/** The store of the request's warehouse. */
export function narrativesOf(c: Context<AppEnv>): NarrativeStore {
  const { warehouse, now } = c.get("services");
  return new NarrativeStore(warehouse, now);
}

/** Who asks, as a report's author. */
export function authorOf(p: Principal): Author {
  return p.kind === "session" ? { kind: "user", id: p.user.id } : { kind: "key", id: p.key.id };
}

/** Runs `fn`, turning the narrative package's errors into API errors. */
export async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ScopeError) throw new ApiError("invalid_query", e.message, { path: "scope" });
    if (e instanceof NarrativeNotFound) throw new ApiError("not_found", e.message);
    throw e;
  }
}

/** The generation options of a request (scope resolved, regeneration filled in from the old report). */
export async function optionsOf(c: Context<AppEnv>, body: NarrativeRequest): Promise<GenerateOptions> {
  const services = c.get("services");
  let scope: Scope;
  let period: GenerateOptions["period"] = {
    ...(body.from !== undefined ? { from: body.from } : {}),
    ...(body.to !== undefined ? { to: body.to } : {}),
    ...(body.periodDays !== undefined ? { periodDays: body.periodDays } : {}),
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
  };
  if (body.regenerateFrom) {
    const old = await narrativesOf(c).get(body.regenerateFrom);
    scope = await resolveScope(services.warehouse, body.scope ?? old.scope.key);
    if (body.from === undefined && body.to === undefined && body.periodDays === undefined)
      period = { from: old.period.from, to: old.period.to, timezone: body.timezone ?? old.period.timezone };
  } else {
    if (!body.scope) throw new ApiError("invalid_query", "scope: required (or regenerateFrom)", { path: "scope" });
    scope = await resolveScope(services.warehouse, body.scope);
  }
  return {
    db: services.warehouse,
    execute: (sql, params) => services.warehouse.query(sql, params),
    scope,
    period,
    author: authorOf(principalOf(c)),
    ai: aiConfigFromEnv(),
    now: services.now,
    defaultTimezone: services.defaultTimezone,
    registry: services.registry,
    regeneratedFrom: body.regenerateFrom ?? null,
  };
}

/** Reports being generated in this process (tests and shutdown may wait for them). */
export const RUNNING = new Set<Promise<void>>();

/** Stores the report as running and computes it in the background; returns its id. */
export async function startInBackground(options: GenerateOptions): Promise<string> {
  const store = new NarrativeStore(options.db, options.now ?? Date.now);
  const id = await startNarrative(options, store);
  const job = runNarrative(options, store, id).finally(() => RUNNING.delete(job));
  RUNNING.add(job);
  return id;
}

export { estimateNarrative };

/** Throws 403 unless `p` created the report or is an admin. */
export function mayDelete(p: Principal, author: Author): void {
  if (p.role === "admin") return;
  const me = authorOf(p);
  if (me.kind !== author.kind || me.id !== author.id)
    throw new ApiError("forbidden", "Only the report's creator or an admin may delete it");
}
