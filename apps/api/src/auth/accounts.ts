import { randomUUID } from "node:crypto";
import type { Warehouse } from "@tallyline/warehouse";
import { hashPassword, verifyPassword } from "./passwords";
import { exec, type KeyRow, type Role, type SessionRow, store, type UserRow } from "./store";
import { newApiKey, newSessionToken, parseApiKey, parseSessionToken, randomSecret, sameHash, sha256 } from "./tokens";

export type { Role } from "./store";

/** A user as the API shows it (never the password hash). Instants are ISO-8601 UTC. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSignInAt: string | null;
}

/** An API key as the API shows it (never the secret or its hash). Instants are ISO-8601 UTC. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The key's visible start, `tl_<id>_`, to recognise it in a configuration file. */
  readonly prefix: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** Who is calling: a signed-in user (dashboard session) or a program (API key). */
export type Principal =
  | {
      readonly kind: "session";
      readonly role: Role;
      readonly user: User;
      readonly session: { readonly id: string; readonly expiresAt: string; readonly idleExpiresAt: string };
    }
  | { readonly kind: "key"; readonly role: Role; readonly key: ApiKeyInfo };

/** Why a credential was refused. */
export type Refusal = "malformed" | "unknown" | "revoked" | "expired" | "disabled";

/** Outcome of checking a credential: the principal, or why not. */
export type Verdict = { ok: true; principal: Principal } | { ok: false; reason: Refusal };

/** Codes of {@link AccountError}; the API maps each to the status of the same code (errors.ts). */
export type AccountErrorCode = "invalid_credentials" | "invalid_setup_token" | "conflict" | "not_found";

/** A refused account operation: wrong password, used setup link, e-mail taken, last admin, unknown id. */
export class AccountError extends Error {
  override readonly name = "AccountError";
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link Accounts}. */
export interface AccountsOptions {
  /** Current instant in ms (tests move it). */
  now: () => number;
  /** A session ends this long after its last request (ms). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however used (ms). */
  sessionMaxMs: number;
  /** Where failures of background writes (last-used times) are reported. */
  log?: (message: string, error: unknown) => void;
}

/** Fields of a new user. `email` is normalised (trimmed, NFC, lower-case). */
export interface NewUser {
  email: string;
  password: string;
  role: Role;
  name?: string | null;
}

/** A change to a user; absent fields stay. A new password or disabling ends the user's sessions. */
export interface UserChange {
  role?: Role;
  disabled?: boolean;
  name?: string | null;
  password?: string;
}

/** A new session: the cookie value (shown once) and when it ends. */
export interface NewSession {
  readonly token: string;
  readonly user: User;
  readonly principal: Principal & { kind: "session" };
}

/** Last-used and last-seen times are written at most this often per key or session (ms). */
const TOUCH_EVERY_MS = 60_000;
/** Verified credentials are re-read from the database at least this often (ms of real time). */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;
const DAY_MS = 86_400_000;

/** A setup link is valid this long after the server printed it (ms). */
export const SETUP_LINK_MS = DAY_MS;

/** An e-mail address as stored and compared: trimmed, Unicode NFC, lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function userOf(r: UserRow): User {
  return {
    id: r.user_id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.disabled,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    lastSignInAt: iso(r.last_sign_in_at),
  };
}

function keyOf(r: KeyRow): ApiKeyInfo {
  return {
    id: r.key_id,
    name: r.name,
    role: r.role,
    prefix: `tl_${r.key_id}_`,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
  };
}

interface CachedSession {
  row: SessionRow;
  user: UserRow;
  lastSeen: number;
  written: number;
  loaded: number;
}

interface CachedKey {
  row: KeyRow;
  lastUsed: number | null;
  loaded: number;
}

/**
 * Users, sessions, API keys and the first-admin setup link, over the `app_` tables of the one
 * DuckDB file (the server process owns it, so every write goes through here and the in-memory
 * cache of verified credentials is dropped on each write; it is also re-read every 30 s).
 *
 * Secrets: passwords as argon2id hashes; session tokens `<id>.<secret>` and API keys
 * `tl_<id>_<secret>` with 256-bit secrets stored as SHA-256 and compared in constant time after a
 * lookup by id; the setup token as SHA-256.
 */
export class Accounts {
  readonly #sessions = new Map<string, CachedSession>();
  readonly #keys = new Map<string, CachedKey>();
  readonly #pending = new Set<Promise<void>>();
  #hasUsers = false;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly options: AccountsOptions,
  ) {}

  get #db() {
    return exec(this.warehouse);
  }

  /** True when at least one user exists (then setup links are refused). */
  async hasUsers(): Promise<boolean> {
    if (!this.#hasUsers) this.#hasUsers = (await store.countUsers(this.#db)) > 0;
    return this.#hasUsers;
  }

  // ---- users ------------------------------------------------------------------------------

  /** Every user, oldest first. */
  async listUsers(): Promise<User[]> {
    return (await store.listUsers(this.#db)).map(userOf);
  }

  /** One user. Throws {@link AccountError} not_found. */
  async user(id: string): Promise<User> {
    return userOf(await this.#userRow(id));
  }

  /** Creates a user. Throws {@link AccountError} conflict when the e-mail is taken. */
  async createUser(input: NewUser): Promise<User> {
    const hash = await hashPassword(input.password);
    const now = this.options.now();
    const row: UserRow = {
      user_id: randomUUID(),
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      role: input.role,
      password_hash: hash,
      disabled: false,
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
    };
    await this.warehouse.transaction(async (tx) => {
      if (await store.userByEmail(tx, row.email))
        throw new AccountError("conflict", `A user with e-mail ${row.email} exists`);
      await store.insertUser(tx, row);
    });
    this.#hasUsers = true;
    return userOf(row);
  }

  /**
   * Changes a user's role, name, password or disabled flag. Disabling or a new password ends the
   * user's sessions. Throws not_found, or conflict when it would leave no active admin.
   */
  async updateUser(id: string, change: UserChange): Promise<User> {
    const hash = change.password === undefined ? undefined : await hashPassword(change.password);
    const updated = await this.warehouse.transaction(async (tx) => {
      const row = await store.userById(tx, id);
      if (!row) throw new AccountError("not_found", `No user ${id}`);
      const next: UserRow = {
        ...row,
        role: change.role ?? row.role,
        disabled: change.disabled ?? row.disabled,
        name: change.name === undefined ? row.name : change.name,
        password_hash: hash ?? row.password_hash,
        updated_at: this.options.now(),
      };
      const wasActiveAdmin = row.role === "admin" && !row.disabled;
      const isActiveAdmin = next.role === "admin" && !next.disabled;
      if (wasActiveAdmin && !isActiveAdmin && (await store.countActiveAdmins(tx)) <= 1) {
        throw new AccountError("conflict", `${row.email} is the last active admin; make another user admin first`);
      }
      await store.updateUser(tx, next);
      if (next.disabled || hash !== undefined) await store.deleteSessionsOf(tx, id);
      return next;
    });
    this.#sessions.clear();
    return userOf(updated);
  }

  /** Deletes a user and ends their sessions. Throws not_found, or conflict for the last active admin. */
  async deleteUser(id: string): Promise<void> {
    await this.warehouse.transaction(async (tx) => {
      const row = await store.userById(tx, id);
      if (!row) throw new AccountError("not_found", `No user ${id}`);
      if (row.role === "admin" && !row.disabled && (await store.countActiveAdmins(tx)) <= 1) {
        throw new AccountError("conflict", `${row.email} is the last active admin; make another user admin first`);
      }
      await store.deleteSessionsOf(tx, id);
      await store.deleteUser(tx, id);
    });
    this.#sessions.clear();
  }

  async #userRow(id: string): Promise<UserRow> {
    const row = await store.userById(this.#db, id);
    if (!row) throw new AccountError("not_found", `No user ${id}`);
    return row;
  }

  // ---- sessions ---------------------------------------------------------------------------

  /**
   * Checks e-mail and password and opens a session. The same error for an unknown e-mail and a
   * wrong password (and the same time: see verifyPassword); a disabled user is told so only after
   * the right password. `previous` (the caller's current session token) is ended: the session id
   * rotates at every sign-in. Throws {@link AccountError} invalid_credentials.
   */
  async signIn(email: string, password: string, previous?: string): Promise<NewSession> {
    const row = await store.userByEmail(this.#db, normaliseEmail(email));
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row || !ok) throw new AccountError("invalid_credentials", "E-mail or password is wrong");
    if (row.disabled) throw new AccountError("invalid_credentials", "This account is disabled; ask an admin");
    if (previous) await this.endSession(previous);
    const now = this.options.now();
    await store.deleteEndedSessions(this.#db, now, this.options.sessionIdleMs);
    await store.markSignIn(this.#db, row.user_id, now);
    this.#sessions.clear();
    return this.#openSession({ ...row, last_sign_in_at: now });
  }

  /** Opens a session for a user without a password (the setup link, and tests). */
  async openSession(userId: string): Promise<NewSession> {
    return this.#openSession(await this.#userRow(userId));
  }

  async #openSession(user: UserRow): Promise<NewSession> {
    const { id, secret, token } = newSessionToken();
    const now = this.options.now();
    const row: SessionRow = {
      session_id: id,
      secret_hash: sha256(secret),
      user_id: user.user_id,
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.options.sessionMaxMs,
    };
    await store.insertSession(this.#db, row);
    return { token, user: userOf(user), principal: this.#sessionPrincipal(row, user, now) };
  }

  /**
   * The principal of a session token, or why it is refused: malformed, unknown (no such session or
   * wrong secret), expired (idle too long or past its absolute end), disabled. Slides the idle
   * expiry (written at most once a minute).
   */
  async verifySession(token: string): Promise<Verdict> {
    const parts = parseSessionToken(token);
    if (!parts) return { ok: false, reason: "malformed" };
    const cached = await this.#cachedSession(parts.id);
    if (!cached || !sameHash(sha256(parts.secret), cached.row.secret_hash)) return { ok: false, reason: "unknown" };
    const now = this.options.now();
    if (now >= cached.row.expires_at || now >= cached.lastSeen + this.options.sessionIdleMs) {
      await this.endSession(token);
      return { ok: false, reason: "expired" };
    }
    if (cached.user.disabled) return { ok: false, reason: "disabled" };
    cached.lastSeen = Math.max(cached.lastSeen, now);
    if (now - cached.written >= TOUCH_EVERY_MS) {
      cached.written = now;
      this.#background(store.touchSession(this.#db, parts.id, now), "last-seen time of a session");
    }
    return { ok: true, principal: this.#sessionPrincipal(cached.row, cached.user, cached.lastSeen) };
  }

  /** Ends the session of `token` (sign-out). Unknown tokens are ignored. */
  async endSession(token: string): Promise<void> {
    const parts = parseSessionToken(token);
    if (!parts) return;
    await store.deleteSession(this.#db, parts.id);
    this.#sessions.delete(parts.id);
  }

  #sessionPrincipal(row: SessionRow, user: UserRow, lastSeen: number): Principal & { kind: "session" } {
    return {
      kind: "session",
      role: user.role,
      user: userOf(user),
      session: {
        id: row.session_id,
        expiresAt: new Date(row.expires_at).toISOString(),
        idleExpiresAt: new Date(Math.min(row.expires_at, lastSeen + this.options.sessionIdleMs)).toISOString(),
      },
    };
  }

  async #cachedSession(id: string): Promise<CachedSession | undefined> {
    const hit = this.#sessions.get(id);
    if (hit && performance.now() - hit.loaded < CACHE_MS) return hit;
    const row = await store.session(this.#db, id);
    const user = row && (await store.userById(this.#db, row.user_id));
    if (!row || !user) {
      this.#sessions.delete(id);
      return undefined;
    }
    const entry: CachedSession = {
      row,
      user,
      lastSeen: Math.max(row.last_seen_at, hit?.lastSeen ?? 0),
      written: row.last_seen_at,
      loaded: performance.now(),
    };
    if (this.#sessions.size >= CACHE_MAX) this.#sessions.clear();
    this.#sessions.set(id, entry);
    return entry;
  }

  // ---- API keys ---------------------------------------------------------------------------

  /** Every key, newest first, revoked ones included (never secrets). */
  async listKeys(): Promise<ApiKeyInfo[]> {
    return (await store.listKeys(this.#db)).map(keyOf);
  }

  /**
   * Creates a key; `key` is the only time the secret is seen. `expiresAt` (ms) is optional;
   * `createdBy` is the creating user's id (undefined on the command line).
   */
  async createKey(input: {
    name: string;
    role: Role;
    expiresAt?: number | null;
    createdBy?: string | null;
  }): Promise<{ key: string; info: ApiKeyInfo }> {
    const { id, secret, key } = newApiKey();
    const row: KeyRow = {
      key_id: id,
      name: input.name,
      role: input.role,
      secret_hash: sha256(secret),
      created_by: input.createdBy ?? null,
      created_at: this.options.now(),
      last_used_at: null,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
    };
    await store.insertKey(this.#db, row);
    return { key, info: keyOf(row) };
  }

  /** Revokes a key at once (a revoked key is refused from the next request). Throws not_found. */
  async revokeKey(id: string): Promise<ApiKeyInfo> {
    const row = await this.warehouse.transaction(async (tx) => {
      if (!(await store.key(tx, id))) throw new AccountError("not_found", `No API key ${id}`);
      await store.revokeKey(tx, id, this.options.now());
      return store.key(tx, id);
    });
    this.#keys.delete(id);
    if (!row) throw new AccountError("not_found", `No API key ${id}`);
    return keyOf(row);
  }

  /**
   * The principal of an API key, or why it is refused: malformed, unknown (no such id or wrong
   * secret), revoked, expired. Records the last use (written at most once a minute).
   */
  async verifyKey(key: string): Promise<Verdict> {
    const parts = parseApiKey(key);
    if (!parts) return { ok: false, reason: "malformed" };
    const cached = await this.#cachedKey(parts.id);
    if (!cached || !sameHash(sha256(parts.secret), cached.row.secret_hash)) return { ok: false, reason: "unknown" };
    if (cached.row.revoked_at !== null) return { ok: false, reason: "revoked" };
    const now = this.options.now();
    if (cached.row.expires_at !== null && now >= cached.row.expires_at) return { ok: false, reason: "expired" };
    if (cached.lastUsed === null || now - cached.lastUsed >= TOUCH_EVERY_MS) {
      cached.lastUsed = now;
      this.#background(store.touchKey(this.#db, parts.id, now), "last-used time of an API key");
    }
    return { ok: true, principal: { kind: "key", role: cached.row.role, key: keyOf(cached.row) } };
  }

  async #cachedKey(id: string): Promise<CachedKey | undefined> {
    const hit = this.#keys.get(id);
    if (hit && performance.now() - hit.loaded < CACHE_MS) return hit;
    const row = await store.key(this.#db, id);
    if (!row) {
      this.#keys.delete(id);
      return undefined;
    }
    const entry: CachedKey = {
      row,
      lastUsed: Math.max(row.last_used_at ?? 0, hit?.lastUsed ?? 0) || null,
      loaded: performance.now(),
    };
    if (this.#keys.size >= CACHE_MAX) this.#keys.clear();
    this.#keys.set(id, entry);
    return entry;
  }

  // ---- first admin ------------------------------------------------------------------------

  /**
   * A new one-time setup token (256-bit, valid {@link SETUP_LINK_MS}); unused older ones stop
   * working. Only its SHA-256 is stored.
   */
  async createSetupToken(): Promise<string> {
    const token = randomSecret(32);
    const now = this.options.now();
    await this.warehouse.transaction((tx) =>
      store.replaceSetupToken(tx, {
        token_hash: sha256(token),
        created_at: now,
        expires_at: now + SETUP_LINK_MS,
        used_at: null,
      }),
    );
    return token;
  }

  /**
   * Creates the first admin with a setup token and opens their session. Throws conflict when a
   * user exists already, invalid_setup_token when the token is unknown, used or expired.
   */
  async setup(token: string, input: Omit<NewUser, "role">): Promise<NewSession> {
    const hash = await hashPassword(input.password);
    const now = this.options.now();
    const row: UserRow = {
      user_id: randomUUID(),
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      role: "admin",
      password_hash: hash,
      disabled: false,
      created_at: now,
      updated_at: now,
      last_sign_in_at: now,
    };
    await this.warehouse.transaction(async (tx) => {
      if ((await store.countUsers(tx)) > 0) {
        throw new AccountError("conflict", "Tallyline is set up already: sign in, or ask an admin for an account");
      }
      const t = await store.setupToken(tx, sha256(token));
      if (!t || t.used_at !== null || now >= t.expires_at) {
        throw new AccountError(
          "invalid_setup_token",
          "This setup link is unknown, used or expired: restart the server to print a new one",
        );
      }
      await store.useSetupToken(tx, t.token_hash, now);
      await store.insertUser(tx, row);
    });
    this.#hasUsers = true;
    return this.#openSession(row);
  }

  // ---- background writes ------------------------------------------------------------------

  /** Resolves when every background write started so far has finished (tests; shutdown). */
  async flush(): Promise<void> {
    await Promise.all(this.#pending);
  }

  #background(write: Promise<void>, what: string): void {
    const p = write
      .catch((error: unknown) =>
        (this.options.log ?? ((m, e) => console.error(m, e)))(`could not write the ${what}`, error),
      )
      .finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }
}
