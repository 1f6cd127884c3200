/** The admin pages, the pure parts: how times and a key's state are shown. */
import type { ApiKeyInfo } from "./api";
import { timeText } from "./records";

/** The browser's zone (times on the admin pages are the viewer's), UTC when unknown. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** An ISO instant as "YYYY-MM-DD HH:MM" in `timeZone`, or `never` when null. */
export function whenText(iso: string | null, timeZone: string, never = "Never"): string {
  return iso === null ? never : timeText(iso, timeZone).slice(0, 16);
}

/** A key's state at `now`: revoked (whenever it was), else expired once `expiresAt` has passed, else active. */
export function keyState(
  key: Pick<ApiKeyInfo, "revokedAt" | "expiresAt">,
  now: Date,
): "revoked" | "expired" | "active" {
  if (key.revokedAt !== null) return "revoked";
  if (key.expiresAt !== null && new Date(key.expiresAt).getTime() <= now.getTime()) return "expired";
  return "active";
}

/**
 * The optional expiry field of the key form: blank = never (undefined); else whole days 1-3650.
 * Throws an Error naming the field for anything else.
 */
export function parseExpiryDays(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (!/^\d+$/.test(trimmed)) throw new Error("Expires in: whole days from 1 to 3650, or blank for never.");
  const days = Number(trimmed);
  if (days < 1 || days > 3650) throw new Error("Expires in: whole days from 1 to 3650, or blank for never.");
  return days;
}
