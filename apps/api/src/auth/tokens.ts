import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret of `bytes` bytes (default 32 = 256 bits), base64url (43 characters for 32 bytes). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** A random id of `bytes` bytes as lower-case hex (not secret on its own). */
export function randomHexId(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** SHA-256 of `text` (UTF-8), lower-case hex: how secrets are stored. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Compares two hex hashes in constant time (no early exit on the first differing character). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An API key's parts: the id shown in lists and the 256-bit secret. */
export interface ApiKeyParts {
  readonly id: string;
  readonly secret: string;
}

const API_KEY = /^tl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new API key: `tl_<12 hex id>_<43 base64url secret>` (the id is not secret; the rest is). */
export function newApiKey(): ApiKeyParts & { key: string } {
  const id = randomHexId(6);
  const secret = randomSecret(32);
  return { id, secret, key: `tl_${id}_${secret}` };
}

/** The parts of an API key, or undefined when `key` does not have the key format. */
export function parseApiKey(key: string): ApiKeyParts | undefined {
  const m = API_KEY.exec(key);
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}

/** The key id of an API key or of a bare id, or undefined (for `key revoke`, which takes either). */
export function apiKeyId(text: string): string | undefined {
  if (/^[0-9a-f]{12}$/.test(text)) return text;
  return parseApiKey(text)?.id ?? /^tl_([0-9a-f]{12})_?$/.exec(text)?.[1];
}

/** A session token's parts: the session id (the database row) and the secret. */
export interface SessionParts {
  readonly id: string;
  readonly secret: string;
}

const SESSION = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

/** A new session token `<32 hex id>.<43 base64url secret>`. */
export function newSessionToken(): SessionParts & { token: string } {
  const id = randomHexId(16);
  const secret = randomSecret(32);
  return { id, secret, token: `${id}.${secret}` };
}

/** The parts of a session token, or undefined when `token` does not have the token format. */
export function parseSessionToken(token: string): SessionParts | undefined {
  const m = SESSION.exec(token);
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}
