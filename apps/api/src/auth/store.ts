import type { Param, Transaction, Warehouse } from "@tallyline/warehouse";

/** A role: admins manage users and keys and read everything; members read reports. */
export type Role = "admin" | "member";

/** A row of `app_users` (instants as ms since the epoch). */
export interface UserRow {
  readonly user_id: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly password_hash: string;
  readonly disabled: boolean;
  readonly created_at: number;
  readonly updated_at: number;
  readonly last_sign_in_at: number | null;
}

/** A row of `app_sessions` (instants as ms). */
export interface SessionRow {
  readonly session_id: string;
  readonly secret_hash: string;
  readonly user_id: string;
  readonly created_at: number;
  readonly last_seen_at: number;
  readonly expires_at: number;
}

/** A row of `app_api_keys` (instants as ms). */
export interface KeyRow {
  readonly key_id: string;
  readonly name: string;
  readonly role: Role;
  readonly secret_hash: string;
  readonly created_by: string | null;
  readonly created_at: number;
  readonly last_used_at: number | null;
  readonly expires_at: number | null;
  readonly revoked_at: number | null;
}

/** A row of `app_setup_tokens` (instants as ms). */
export interface SetupTokenRow {
  readonly token_hash: string;
  readonly created_at: number;
  readonly expires_at: number;
  readonly used_at: number | null;
}

type Exec = Pick<Transaction, "query" | "run">;

/** An instant (ms) as a TIMESTAMP parameter ('YYYY-MM-DD HH:MM:SS.sss', UTC); null stays null. */
export function ts(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** The TIMESTAMP columns of every app table, read back as ms. */
const TIME_COLUMNS = new Set([
  "created_at",
  "updated_at",
  "last_sign_in_at",
  "last_seen_at",
  "expires_at",
  "last_used_at",
  "revoked_at",
  "used_at",
]);

async function rows<T>(db: Exec, sql: string, params: readonly Param[] = []): Promise<T[]> {
  const out = await db.query(sql, params);
  return out.map((r) => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) row[k] = TIME_COLUMNS.has(k) && typeof v === "string" ? Date.parse(v) : v;
    return row as T;
  });
}

/**
 * SQL over the `app_` tables (packages/warehouse/src/app-schema.ts), every value bound as a
 * parameter. Each method takes the warehouse or an open transaction; it has no rules of its own
 * (those are {@link Accounts}').
 */
export const store = {
  countUsers: async (db: Exec): Promise<number> =>
    Number((await db.query("SELECT count(*) AS n FROM app_users"))[0]?.n ?? 0),

  countActiveAdmins: async (db: Exec): Promise<number> =>
    Number((await db.query("SELECT count(*) AS n FROM app_users WHERE role = 'admin' AND NOT disabled"))[0]?.n ?? 0),

  userById: async (db: Exec, id: string): Promise<UserRow | undefined> =>
    (await rows<UserRow>(db, "SELECT * FROM app_users WHERE user_id = $1", [id]))[0],

  userByEmail: async (db: Exec, email: string): Promise<UserRow | undefined> =>
    (await rows<UserRow>(db, "SELECT * FROM app_users WHERE email = $1", [email]))[0],

  listUsers: (db: Exec): Promise<UserRow[]> => rows<UserRow>(db, "SELECT * FROM app_users ORDER BY created_at, email"),

  insertUser: (db: Exec, u: UserRow): Promise<void> =>
    db.run(
      `INSERT INTO app_users (user_id, email, name, role, password_hash, disabled, created_at, updated_at, last_sign_in_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $8::TIMESTAMP, $9::TIMESTAMP)`,
      [
        u.user_id,
        u.email,
        u.name,
        u.role,
        u.password_hash,
        u.disabled,
        ts(u.created_at),
        ts(u.updated_at),
        ts(u.last_sign_in_at),
      ],
    ),

  updateUser: (db: Exec, u: UserRow): Promise<void> =>
    db.run(
      `UPDATE app_users SET name = $2, role = $3, password_hash = $4, disabled = $5, updated_at = $6::TIMESTAMP,
       last_sign_in_at = $7::TIMESTAMP WHERE user_id = $1`,
      [u.user_id, u.name, u.role, u.password_hash, u.disabled, ts(u.updated_at), ts(u.last_sign_in_at)],
    ),

  markSignIn: (db: Exec, id: string, at: number): Promise<void> =>
    db.run("UPDATE app_users SET last_sign_in_at = $2::TIMESTAMP WHERE user_id = $1", [id, ts(at)]),

  deleteUser: (db: Exec, id: string): Promise<void> => db.run("DELETE FROM app_users WHERE user_id = $1", [id]),

  session: async (db: Exec, id: string): Promise<SessionRow | undefined> =>
    (await rows<SessionRow>(db, "SELECT * FROM app_sessions WHERE session_id = $1", [id]))[0],

  insertSession: (db: Exec, s: SessionRow): Promise<void> =>
    db.run(
      `INSERT INTO app_sessions (session_id, secret_hash, user_id, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4::TIMESTAMP, $5::TIMESTAMP, $6::TIMESTAMP)`,
      [s.session_id, s.secret_hash, s.user_id, ts(s.created_at), ts(s.last_seen_at), ts(s.expires_at)],
    ),

  touchSession: (db: Exec, id: string, at: number): Promise<void> =>
    db.run("UPDATE app_sessions SET last_seen_at = $2::TIMESTAMP WHERE session_id = $1", [id, ts(at)]),

  deleteSession: (db: Exec, id: string): Promise<void> =>
    db.run("DELETE FROM app_sessions WHERE session_id = $1", [id]),

  deleteSessionsOf: (db: Exec, userId: string): Promise<void> =>
    db.run("DELETE FROM app_sessions WHERE user_id = $1", [userId]),

  /** Deletes sessions past their absolute expiry or idle for at least `idleMs`. */
  deleteEndedSessions: (db: Exec, now: number, idleMs: number): Promise<void> =>
    db.run("DELETE FROM app_sessions WHERE expires_at <= $1::TIMESTAMP OR last_seen_at <= $2::TIMESTAMP", [
      ts(now),
      ts(now - idleMs),
    ]),

  key: async (db: Exec, id: string): Promise<KeyRow | undefined> =>
    (await rows<KeyRow>(db, "SELECT * FROM app_api_keys WHERE key_id = $1", [id]))[0],

  listKeys: (db: Exec): Promise<KeyRow[]> =>
    rows<KeyRow>(db, "SELECT * FROM app_api_keys ORDER BY created_at DESC, key_id"),

  insertKey: (db: Exec, k: KeyRow): Promise<void> =>
    db.run(
      `INSERT INTO app_api_keys (key_id, name, role, secret_hash, created_by, created_at, last_used_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7::TIMESTAMP, $8::TIMESTAMP, $9::TIMESTAMP)`,
      [
        k.key_id,
        k.name,
        k.role,
        k.secret_hash,
        k.created_by,
        ts(k.created_at),
        ts(k.last_used_at),
        ts(k.expires_at),
        ts(k.revoked_at),
      ],
    ),

  revokeKey: (db: Exec, id: string, at: number): Promise<void> =>
    db.run("UPDATE app_api_keys SET revoked_at = $2::TIMESTAMP WHERE key_id = $1 AND revoked_at IS NULL", [id, ts(at)]),

  touchKey: (db: Exec, id: string, at: number): Promise<void> =>
    db.run("UPDATE app_api_keys SET last_used_at = $2::TIMESTAMP WHERE key_id = $1", [id, ts(at)]),

  setupToken: async (db: Exec, hash: string): Promise<SetupTokenRow | undefined> =>
    (await rows<SetupTokenRow>(db, "SELECT * FROM app_setup_tokens WHERE token_hash = $1", [hash]))[0],

  /** Replaces every unused setup token by this one. */
  replaceSetupToken: async (db: Exec, t: SetupTokenRow): Promise<void> => {
    await db.run("DELETE FROM app_setup_tokens WHERE used_at IS NULL");
    await db.run(
      "INSERT INTO app_setup_tokens (token_hash, created_at, expires_at, used_at) VALUES ($1, $2::TIMESTAMP, $3::TIMESTAMP, NULL)",
      [t.token_hash, ts(t.created_at), ts(t.expires_at)],
    );
  },

  useSetupToken: (db: Exec, hash: string, at: number): Promise<void> =>
    db.run("UPDATE app_setup_tokens SET used_at = $2::TIMESTAMP WHERE token_hash = $1", [hash, ts(at)]),
};

/** The warehouse as an executor of {@link store} calls outside a transaction. */
export function exec(warehouse: Warehouse): Exec {
  return { query: (sql, params) => warehouse.query(sql, params), run: (sql, params) => warehouse.run(sql, params) };
}
