/**
 * One-click unsubscribe (RFC 8058) for scheduled mail: each recipient's token is
 * `<payload>.<signature>`, the payload base64url JSON `{ s: scheduleId, e: email }` and the signature
 * HMAC-SHA256 of the payload with the schedule's own random `signing_secret` (so deleting the schedule
 * voids its tokens and no token names another schedule). A token works once: the first use records
 * the recipient in `app_unsubscribes` with the token's hash; the scheduler never mails them again.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Warehouse } from "@tallyline/warehouse";
import { ts } from "../auth/store";

/** The signed token of `email` for schedule `scheduleId`. */
export function unsubscribeToken(scheduleId: string, email: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ s: scheduleId, e: email })).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

/** The outcome of {@link unsubscribe}. */
export type UnsubscribeOutcome =
  | { readonly status: "unsubscribed"; readonly email: string; readonly scheduleName: string }
  | { readonly status: "already" }
  | { readonly status: "invalid" };

/**
 * Uses a token: 'unsubscribed' the first time, 'already' after (the same token or another of the
 * same recipient), 'invalid' for a malformed token, a bad signature or a deleted schedule.
 */
export async function unsubscribe(warehouse: Warehouse, token: string, now: number): Promise<UnsubscribeOutcome> {
  const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return { status: "invalid" };
  let claims: { s?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(m[1], "base64url").toString("utf8")) as { s?: unknown; e?: unknown };
  } catch {
    return { status: "invalid" };
  }
  if (typeof claims.s !== "string" || typeof claims.e !== "string") return { status: "invalid" };
  const [row] = await warehouse.query<{ secret: string; name: string }>(
    "SELECT signing_secret AS secret, name FROM app_schedules WHERE schedule_id = $1",
    [claims.s],
  );
  if (!row) return { status: "invalid" };
  // Compared as text: base64url has several spellings of one byte string (the last character's spare bits).
  const expected = Buffer.from(createHmac("sha256", row.secret).update(m[1]).digest("base64url"));
  const given = Buffer.from(m[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: "invalid" };
  const inserted = await warehouse.query(
    `INSERT INTO app_unsubscribes (schedule_id, email, token_hash, created_at) VALUES ($1, $2, $3, $4::TIMESTAMP)
     ON CONFLICT DO NOTHING RETURNING email`,
    [claims.s, claims.e, createHash("sha256").update(token).digest("hex"), ts(now)],
  );
  return inserted.length ? { status: "unsubscribed", email: claims.e, scheduleName: row.name } : { status: "already" };
}

/** The addresses that left schedule `scheduleId`. */
export async function unsubscribed(warehouse: Warehouse, scheduleId: string): Promise<Set<string>> {
  const rows = await warehouse.query<{ email: string }>("SELECT email FROM app_unsubscribes WHERE schedule_id = $1", [
    scheduleId,
  ]);
  return new Set(rows.map((r) => r.email));
}
