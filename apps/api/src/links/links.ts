/**
 * Public links (issue 12): snapshots of one report or one dashboard page, and the tokenised links
 * that show them without an account. Storage in `app_snapshots`, `app_links`, `app_link_views`
 * (migration 16, packages/warehouse/src/app-schema.ts); the public document is built by public.ts.
 *
 * - A token is 32 bytes from the OS generator (256 bits), base64url (43 characters); only its
 *   SHA-256 is stored; it is shown once (on creation and on rotation).
 * - Every public request hashes the token and looks the hash up in memory (every link is held in
 *   memory: one server process owns the database file and every change goes through this class), then
 *   re-checks revoked and expired: unknown, malformed, revoked, expired and rotated-out tokens take
 *   the same path and answer the same 404.
 * - A snapshot is immutable: a 'snapshot' keeps its public document (already redacted) in the row;
 *   a 'live' one keeps only the frozen queries, re-run through the report runner (and its cache) at
 *   view time, the document kept at most {@link LIVE_TTL_MS} and never past a data change.
 * - Views are counted in memory and written off the request path (at most every second): a total,
 *   the last view, and per-UTC-day counts; no address or client identifier is stored.
 * - A document is sent as bytes made once per snapshot (per computation for a live link): its JSON
 *   as UTF-8 and its gzip and Brotli encodings ({@link EncodedDocument}).
 */
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlibConstants } from "node:zlib";
import { type Narrative, scopeLabel } from "@tallyline/narrative";
import {
  type QueryFilters,
  type Registry,
  type ReportDefinition,
  ReportError,
  type SegmentFilters,
} from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import type { Principal, Role } from "../auth/accounts";
import { RateLimiter } from "../auth/limiter";
import { hashPassword, verifyPassword } from "../auth/passwords";
import { ts } from "../auth/store";
import { randomSecret, sha256 } from "../auth/tokens";
import type { Services } from "../env";
import { ApiError } from "../errors";
import { rateLimited } from "../middleware/access";
import { segmentsOf, takeSegmentId } from "../segments/segments";
import { reportRunner } from "../services/reportRunner";
import { kpiBreakdowns } from "./breakdowns";
import { DEFAULT_VIEWS_PER_MINUTE } from "./defaults";
import { narrativeDocument } from "./narrative";
import { type ComputedReport, type PublishOptions, publicDocument } from "./public";

/** Default life of a link: 30 days. */
export const DEFAULT_EXPIRY_DAYS = 30;
/** How long a live link's computed document is reused (ms), unless the data changes first. */
export const LIVE_TTL_MS = 60_000;
/** Most links a workspace holds (all are kept in memory). */
export const MAX_LINKS = 10_000;
/** A public token: 43 base64url characters (32 random bytes). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The rate limits of the public path (per client address, and per link for passcodes). */
export interface PublicLimits {
  /** Failed public requests (404s and wrong passcodes) per client address per window (default 60). */
  readonly failuresPerAddress: number;
  /** Wrong passcodes per link per window (default 10). */
  readonly passcodeFailuresPerLink: number;
  /** The window, in seconds (default 600). */
  readonly windowSecs: number;
  /**
   * Successful views per client address per minute (default {@link DEFAULT_VIEWS_PER_MINUTE});
   * past it every public request from that address answers 429 with Retry-After until the minute ends.
   */
  readonly viewsPerAddressPerMinute?: number | undefined;
}

/** Successful public views one client address may make per minute unless configured (TALLYLINE_PUBLIC_VIEW_LIMIT); in ./defaults. */
export { DEFAULT_VIEWS_PER_MINUTE };

export const PUBLIC_LIMITS: PublicLimits = {
  failuresPerAddress: 60,
  passcodeFailuresPerLink: 10,
  windowSecs: 600,
  viewsPerAddressPerMinute: DEFAULT_VIEWS_PER_MINUTE,
};

/**
 * A public document ready to send, made once: its JSON as UTF-8 (`identity`) and the same bytes
 * gzip-compressed (level 9) and Brotli-compressed (quality 11). All three decode to the same JSON.
 */
export interface EncodedDocument {
  readonly identity: Uint8Array;
  readonly gzip: Uint8Array;
  readonly br: Uint8Array;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Encodes a public document's JSON text once, in the thread pool (off the event loop). */
export async function encodeDocument(json: string): Promise<EncodedDocument> {
  const identity = utf8(json);
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.byteLength,
      },
    }),
  ]);
  return { identity, gzip: new Uint8Array(gz), br: new Uint8Array(br) };
}

/** What a link shows: one report or a page of several, frozen or live. */
export interface NewLink {
  readonly label: string;
  readonly mode: "snapshot" | "live";
  /** Title of the public page; default: the report's name, or "Dashboard" for a page. */
  readonly title?: string | undefined;
  /** The reports and their queries (report-defs ReportQuery, untrusted), in page order; one = a report link. */
  readonly queries: readonly { reportId: string; query?: unknown }[];
  /** A saved segment applied to every query; frozen (its name and filters) at creation. */
  readonly segmentId?: string | undefined;
  /** Days until the link stops working; null: never; undefined: {@link DEFAULT_EXPIRY_DAYS}. */
  readonly expiresInDays?: number | null | undefined;
  readonly passcode?: string | undefined;
  readonly showAgentNames?: boolean | undefined;
  readonly hideFilters?: boolean | undefined;
}

/** A link as the (signed-in) list shows it: never the token or its hash. Instants ISO-8601 UTC. */
export interface LinkInfo {
  readonly id: string;
  readonly label: string;
  /** 'narrative': a frozen narrative report (issue 14; migration 21). */
  readonly kind: "report" | "page" | "narrative";
  readonly mode: "snapshot" | "live";
  readonly title: string;
  readonly reportIds: string[];
  readonly status: "active" | "expired" | "revoked";
  readonly passcode: boolean;
  readonly showAgentNames: boolean;
  readonly hideFilters: boolean;
  readonly createdBy: { kind: "user" | "key"; id: string };
  /** True when the caller may revoke or rotate it (its creator, or an admin). */
  readonly manageable: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly rotatedAt: string | null;
  readonly views: number;
  readonly lastViewAt: string | null;
  /** Views per UTC day, oldest first (days without views left out). */
  readonly viewsByDay: { day: string; views: number }[];
}

interface LinkRow {
  link_id: string;
  token_hash: string;
  snapshot_id: string;
  label: string;
  passcode_hash: string | null;
  creator_kind: "user" | "key";
  creator_id: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  rotated_at: number | null;
  views: number;
  last_view_at: number | null;
}

interface SnapshotRow {
  snapshot_id: string;
  kind: "report" | "page" | "narrative";
  mode: "snapshot" | "live";
  title: string;
  queries: { reportId: string; query: unknown }[];
  segment: { name: string; filters: QueryFilters } | null;
  options: PublishOptions;
  creator_role: Role;
}

const TIME = (col: string) => `epoch_ms(${col})::DOUBLE AS ${col}`;
const LINK_SELECT = `SELECT link_id, token_hash, snapshot_id, label, passcode_hash, creator_kind, creator_id,
  ${TIME("created_at")}, ${TIME("expires_at")}, ${TIME("revoked_at")}, ${TIME("rotated_at")}, views::DOUBLE AS views,
  ${TIME("last_view_at")} FROM app_links`;

/** A link that never matches: the work of a miss is the work of a hit up to the checks. */
const NO_LINK: LinkRow = {
  link_id: "",
  token_hash: "",
  snapshot_id: "",
  label: "",
  passcode_hash: null,
  creator_kind: "user",
  creator_id: "",
  created_at: 0,
  expires_at: 0,
  revoked_at: 0,
  rotated_at: null,
  views: 0,
  last_view_at: null,
};

/** The one answer of every token that shows nothing (unknown, malformed, revoked, expired, rotated out). */
export const GONE_MESSAGE = "This link does not exist, has expired or was revoked";

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Who makes, lists or manages a link, as links.ts records it: a user or an API key by id, with the
 * role it has now (an admin manages every link; a snapshot is computed as that role may see it).
 * A signed-in request's is {@link creatorOf} its principal; a schedule's is its owner's.
 */
export interface LinkCreator {
  readonly kind: "user" | "key";
  /** `app_users.user_id` or `app_api_keys.key_id`. */
  readonly id: string;
  readonly role: Role;
}

/** The {@link LinkCreator} of a signed-in principal (a session's user, or an API key). */
export function creatorOf(p: Principal): LinkCreator {
  return p.kind === "session"
    ? { kind: "user", id: p.user.id, role: p.role }
    : { kind: "key", id: p.key.id, role: p.role };
}

/**
 * The links of one workspace (one per warehouse: {@link linksOf}). Errors: ApiError 'not_found'
 * (unknown link id; and every token that shows nothing), 'forbidden' (neither creator nor admin),
 * 'invalid_query' (a bad report query, naming `queries.<i>.query...`), 'unknown_report',
 * 'conflict' (past {@link MAX_LINKS}), 'passcode_required' / 'invalid_credentials' (401) and
 * 'rate_limited' (429) on the public path, and the report runner's 'busy' and 'timeout'.
 */
export class Links {
  readonly #byHash = new Map<string, LinkRow>();
  readonly #byId = new Map<string, LinkRow>();
  readonly #snapshots = new Map<string, SnapshotRow>();
  /**
   * Public documents encoded once (JSON, gzip, Brotli: {@link EncodedDocument}), sent as they are,
   * by snapshot id: frozen ones for good; live ones with the data version and time they were computed at.
   */
  readonly #documents = new Map<string, { doc: EncodedDocument; version: string; at: number }>();
  readonly #pending = new Map<string, { views: number; last: number; days: Map<string, number> }>();
  #loaded: Promise<void> | undefined;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly failures: RateLimiter;
  readonly passcodeFailures: RateLimiter;
  /** Successful views per client address (per minute). */
  readonly views: RateLimiter;

  constructor(
    private readonly services: Services,
    limits: PublicLimits = PUBLIC_LIMITS,
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
  ) {
    const windowMs = limits.windowSecs * 1000;
    this.failures = new RateLimiter(limits.failuresPerAddress, windowMs, services.now);
    this.passcodeFailures = new RateLimiter(limits.passcodeFailuresPerLink, windowMs, services.now);
    this.views = new RateLimiter(limits.viewsPerAddressPerMinute ?? DEFAULT_VIEWS_PER_MINUTE, 60_000, services.now);
  }

  get #warehouse(): Warehouse {
    return this.services.warehouse;
  }

  get #registry(): Registry {
    return this.services.registry;
  }

  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      const rows = await this.#warehouse.query(LINK_SELECT);
      for (const r of rows) this.#remember(linkRow(r));
    })().catch((e: unknown) => {
      this.#loaded = undefined;
      throw e;
    });
    return this.#loaded;
  }

  #remember(row: LinkRow): void {
    const old = this.#byId.get(row.link_id);
    if (old) this.#byHash.delete(old.token_hash);
    this.#byId.set(row.link_id, row);
    this.#byHash.set(row.token_hash, row);
  }

  // ---- signed-in side ---------------------------------------------------------------------

  /**
   * Takes the snapshot (running every query now, through the report runner) and makes its link.
   * Returns the token (shown this once) and the link. A query that fails fails the whole request.
   */
  async create(input: NewLink, caller: LinkCreator): Promise<{ token: string; link: LinkInfo }> {
    await this.#load();
    this.#checkRoom();
    const now = this.services.now();
    const defs = input.queries.map((q, i) => {
      try {
        return this.#registry.get(q.reportId);
      } catch (e) {
        if (e instanceof ReportError)
          throw new ApiError("unknown_report", e.message, { path: `queries.${i}.reportId` });
        throw e;
      }
    });
    const queries = input.queries.map((q, i) => ({ reportId: q.reportId, query: frozenQuery(q.query, i) }));
    let segment: SnapshotRow["segment"] = null;
    if (input.segmentId !== undefined) {
      const s = await segmentsOf({ get: () => this.services }).resolve(input.segmentId);
      segment = { name: s.name, filters: s.filters };
    }
    const options: PublishOptions = {
      showAgentNames: input.showAgentNames ?? false,
      hideFilters: input.hideFilters ?? false,
    };
    const kind = queries.length === 1 ? "report" : "page";
    const title = input.title ?? (kind === "report" ? (defs[0] as ReportDefinition).name : "Dashboard");
    const snapshot: SnapshotRow = {
      snapshot_id: randomUUID(),
      kind,
      mode: input.mode,
      title,
      queries,
      segment,
      options,
      creator_role: caller.role,
    };
    // Both kinds run now: a query the reports refuse is refused here, not at the first view.
    const computed = await this.#compute(snapshot, now, true);
    return this.#publish(snapshot, input.mode === "snapshot" ? computed : null, input, caller, now);
  }

  /**
   * Freezes the finished narrative report `n` as a public snapshot (kind 'narrative', always a
   * snapshot: a report is itself a snapshot, seed 000) and makes its link. The document holds its
   * sections and facts without personal data (links/narrative.ts): agent names and usernames of the
   * workspace are hidden from its texts. Throws ApiError 409 when the report is not done.
   */
  async createNarrative(
    n: Narrative,
    input: Pick<NewLink, "label" | "title" | "expiresInDays" | "passcode" | "showAgentNames">,
    caller: LinkCreator,
  ): Promise<{ token: string; link: LinkInfo }> {
    await this.#load();
    this.#checkRoom();
    if (n.status !== "done")
      throw new ApiError("conflict", `Report ${n.id} is ${n.status}: only a finished report can be shared`);
    const now = this.services.now();
    const names = (
      await this.#warehouse.query<{ name: string }>(
        `SELECT DISTINCT name FROM (SELECT username AS name FROM agents UNION ALL SELECT first_name FROM agents
           UNION ALL SELECT last_name FROM agents) WHERE name IS NOT NULL`,
      )
    ).map((r) => String(r.name));
    const showAgentNames = input.showAgentNames ?? false;
    const title = input.title ?? `${scopeLabel(n.scope.kind)}, ${n.period.from} to ${n.period.to}`;
    const document = JSON.stringify(
      narrativeDocument(n, names, { title, at: now, creatorRole: caller.role, showAgentNames }),
    );
    const snapshot: SnapshotRow = {
      snapshot_id: randomUUID(),
      kind: "narrative",
      mode: "snapshot",
      title,
      queries: [],
      segment: null,
      options: { showAgentNames, hideFilters: true },
      creator_role: caller.role,
    };
    return this.#publish(snapshot, document, input, caller, now);
  }

  /** Room for one more link, else ApiError 'conflict' (past {@link MAX_LINKS}). */
  #checkRoom(): void {
    if (this.#byId.size >= MAX_LINKS)
      throw new ApiError("conflict", `The workspace already holds ${MAX_LINKS} links; revoke and delete some first`);
  }

  /**
   * Stores `snapshot` and a new link to it in one transaction, then holds both in memory. `document`:
   * the public document's JSON for a frozen snapshot (encoded once here), null for a live one.
   * Returns the token (shown this once) and the link as `caller` sees it.
   */
  async #publish(
    snapshot: SnapshotRow,
    document: string | null,
    input: Pick<NewLink, "label" | "expiresInDays" | "passcode">,
    caller: LinkCreator,
    now: number,
  ): Promise<{ token: string; link: LinkInfo }> {
    const token = randomSecret(32);
    const link: LinkRow = {
      link_id: randomUUID(),
      token_hash: sha256(token),
      snapshot_id: snapshot.snapshot_id,
      label: input.label,
      passcode_hash: input.passcode === undefined ? null : await hashPassword(input.passcode),
      creator_kind: caller.kind,
      creator_id: caller.id,
      created_at: now,
      expires_at: input.expiresInDays === null ? null : now + (input.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * 86_400_000,
      revoked_at: null,
      rotated_at: null,
      views: 0,
      last_view_at: null,
    };
    await this.#warehouse.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO app_snapshots (snapshot_id, kind, mode, title, queries, segment, options, document, creator_kind,
           creator_id, creator_role, created_at)
         VALUES ($1, $2, $3, $4, $5::JSON, $6::JSON, $7::JSON, $8::JSON, $9, $10, $11, $12::TIMESTAMP)`,
        [
          snapshot.snapshot_id,
          snapshot.kind,
          snapshot.mode,
          snapshot.title,
          JSON.stringify(snapshot.queries),
          snapshot.segment === null ? null : JSON.stringify(snapshot.segment),
          JSON.stringify(snapshot.options),
          document,
          caller.kind,
          caller.id,
          caller.role,
          ts(now),
        ],
      );
      await tx.run(
        `INSERT INTO app_links (link_id, token_hash, snapshot_id, label, passcode_hash, creator_kind, creator_id,
           created_at, expires_at, views)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9::TIMESTAMP, 0)`,
        [
          link.link_id,
          link.token_hash,
          link.snapshot_id,
          link.label,
          link.passcode_hash,
          link.creator_kind,
          link.creator_id,
          ts(link.created_at),
          ts(link.expires_at),
        ],
      );
    });
    this.#snapshots.set(snapshot.snapshot_id, snapshot);
    if (document !== null)
      this.#documents.set(snapshot.snapshot_id, { doc: await encodeDocument(document), version: "", at: now });
    this.#remember(link);
    return { token, link: await this.#info(link, caller) };
  }

  /** Every link of the workspace, newest first, with its views (pending counts written first). */
  async list(caller: LinkCreator): Promise<LinkInfo[]> {
    await this.#load();
    await this.flush();
    const rows = [...this.#byId.values()].sort(
      (a, b) => b.created_at - a.created_at || (a.link_id < b.link_id ? -1 : 1),
    );
    const days = await this.#warehouse.query<{ link_id: string; day: string; views: number }>(
      "SELECT link_id, day, views::DOUBLE AS views FROM app_link_views ORDER BY link_id, day",
    );
    const byLink = new Map<string, { day: string; views: number }[]>();
    for (const d of days) {
      const list = byLink.get(d.link_id) ?? [];
      list.push({ day: d.day, views: Number(d.views) });
      byLink.set(d.link_id, list);
    }
    return Promise.all(rows.map((r) => this.#info(r, caller, byLink.get(r.link_id) ?? [])));
  }

  async #manageable(id: string, caller: LinkCreator): Promise<LinkRow> {
    await this.#load();
    const row = this.#byId.get(id);
    if (!row) throw new ApiError("not_found", `No link ${id}`);
    if (!canManage(row, caller)) throw new ApiError("forbidden", "Only the link's creator or an admin may change it");
    return row;
  }

  /** Revokes a link at once (its token answers 404 from the next request). Creator or admin; idempotent. */
  async revoke(id: string, caller: LinkCreator): Promise<void> {
    const row = await this.#manageable(id, caller);
    if (row.revoked_at !== null) return;
    const now = this.services.now();
    // Memory first: the token is dead before the write lands (a failed write is logged, the link stays dead here).
    this.#remember({ ...row, revoked_at: now });
    await this.#warehouse.run("UPDATE app_links SET revoked_at = $2::TIMESTAMP WHERE link_id = $1", [id, ts(now)]);
  }

  /**
   * A new token for the link (shown this once); the old one answers 404 at once. Creator or admin;
   * a revoked link cannot be rotated (409).
   */
  async rotate(id: string, caller: LinkCreator): Promise<{ token: string; link: LinkInfo }> {
    const row = await this.#manageable(id, caller);
    if (row.revoked_at !== null) throw new ApiError("conflict", "A revoked link cannot be rotated; make a new one");
    const token = randomSecret(32);
    const now = this.services.now();
    const next: LinkRow = { ...row, token_hash: sha256(token), rotated_at: now };
    await this.#warehouse.run("UPDATE app_links SET token_hash = $2, rotated_at = $3::TIMESTAMP WHERE link_id = $1", [
      id,
      next.token_hash,
      ts(now),
    ]);
    this.#remember(next);
    return { token, link: await this.#info(next, caller) };
  }

  // ---- public side ------------------------------------------------------------------------

  /**
   * The public document of `token` (its encodings) for a client at `address`, counting a view.
   * `passcode` is the one sent (header or POST body), if any. Every token that shows nothing takes
   * the same path (hash, one map lookup, the same checks) and throws the same 'not_found'. Past
   * the address's successful views per minute it throws 'rate_limited' (nothing counted).
   */
  async open(token: string, passcode: string | undefined, address: string): Promise<EncodedDocument> {
    const wait = this.failures.retryAfter(address);
    if (wait > 0) throw rateLimited(wait, "Too many failed requests for links from this address");
    await this.#load();
    // Hash whatever was sent (a malformed token costs what a well-formed one does).
    const hash = sha256(token);
    const found = this.#byHash.get(hash);
    const row = found ?? NO_LINK;
    const now = this.services.now();
    const dead =
      found === undefined ||
      !TOKEN_PATTERN.test(token) ||
      row.revoked_at !== null ||
      (row.expires_at !== null && now >= row.expires_at);
    if (dead) {
      this.failures.hit(address);
      throw new ApiError("not_found", GONE_MESSAGE);
    }
    if (row.passcode_hash !== null) {
      const tries = this.passcodeFailures.retryAfter(row.link_id);
      if (tries > 0) throw rateLimited(tries, "Too many wrong passcodes for this link");
      if (passcode === undefined || passcode === "")
        throw new ApiError("passcode_required", "This link needs its passcode");
      if (!(await verifyPassword(row.passcode_hash, passcode))) {
        this.passcodeFailures.hit(row.link_id);
        this.failures.hit(address);
        throw new ApiError("invalid_credentials", "Wrong passcode");
      }
    }
    const viewWait = this.views.retryAfter(address);
    if (viewWait > 0) throw rateLimited(viewWait, "Too many views of public links from this address");
    const doc = await this.#document(row.snapshot_id, now);
    this.views.hit(address);
    this.#countView(row, now);
    return doc;
  }

  async #snapshot(id: string): Promise<SnapshotRow> {
    const hit = this.#snapshots.get(id);
    if (hit) return hit;
    const [r] = await this.#warehouse.query(
      `SELECT snapshot_id, kind, mode, title, queries::VARCHAR AS queries, segment::VARCHAR AS segment,
         options::VARCHAR AS options, creator_role FROM app_snapshots WHERE snapshot_id = $1`,
      [id],
    );
    if (!r) throw new ApiError("not_found", GONE_MESSAGE);
    const row: SnapshotRow = {
      snapshot_id: String(r.snapshot_id),
      kind: r.kind as SnapshotRow["kind"],
      mode: r.mode as SnapshotRow["mode"],
      title: String(r.title),
      queries: JSON.parse(String(r.queries)),
      segment: r.segment === null ? null : JSON.parse(String(r.segment)),
      options: JSON.parse(String(r.options)),
      creator_role: r.creator_role as Role,
    };
    this.#snapshots.set(id, row);
    return row;
  }

  async #document(snapshotId: string, now: number): Promise<EncodedDocument> {
    const cached = this.#documents.get(snapshotId);
    const snapshot = await this.#snapshot(snapshotId);
    if (snapshot.mode === "snapshot") {
      if (cached) return cached.doc;
      const [r] = await this.#warehouse.query<{ document: string }>(
        "SELECT document::VARCHAR AS document FROM app_snapshots WHERE snapshot_id = $1",
        [snapshotId],
      );
      if (!r?.document) throw new ApiError("not_found", GONE_MESSAGE);
      const doc = await encodeDocument(r.document);
      this.#documents.set(snapshotId, { doc, version: "", at: now });
      return doc;
    }
    const version = this.#warehouse.dataVersion;
    if (cached && cached.version === version && now - cached.at < LIVE_TTL_MS) return cached.doc;
    const doc = await encodeDocument(await this.#compute(snapshot, now, false));
    this.#documents.set(snapshotId, { doc, version, at: now });
    return doc;
  }

  /**
   * Runs the snapshot's queries at `now` and returns its public document as JSON text. `strict`
   * (at creation): a failing query fails the whole call; else (a live view) its report shows an error.
   */
  async #compute(snapshot: SnapshotRow, now: number, strict: boolean): Promise<string> {
    // A narrative snapshot's document is stored when it is made (createNarrative); nothing to run.
    if (snapshot.kind === "narrative") throw new Error(`Snapshot ${snapshot.snapshot_id} is a frozen narrative report`);
    const runner = reportRunner(this.services);
    const segment: SegmentFilters | undefined = snapshot.segment
      ? { id: "frozen", name: snapshot.segment.name, filters: snapshot.segment.filters }
      : undefined;
    const segmentKey = snapshot.segment
      ? `frozen:${sha256(JSON.stringify([snapshot.segment.name, snapshot.segment.filters]))}`
      : null;
    const reports: ComputedReport[] = [];
    let filters: QueryFilters = {};
    for (const [i, q] of snapshot.queries.entries()) {
      const def = this.#registry.get(q.reportId);
      try {
        const run = await runner.run(def, q.query, {
          now,
          defaultTimezone: this.services.defaultTimezone,
          segmentId: segmentKey,
          ...(segment ? { segment } : {}),
        });
        if (run.status !== "ok") throw new Error("unexpected not_modified without If-None-Match");
        // A frozen snapshot also freezes its KPIs' breakdowns by queue, topic and agent (breakdowns.ts).
        const breakdowns =
          snapshot.mode === "snapshot"
            ? await kpiBreakdowns(this.#registry, def, q.query, async (d, query) => {
                const r = await runner.run(d, query, {
                  now,
                  defaultTimezone: this.services.defaultTimezone,
                  segmentId: segmentKey,
                  ...(segment ? { segment } : {}),
                });
                if (r.status !== "ok") throw new Error("unexpected not_modified without If-None-Match");
                return r.result;
              })
            : [];
        reports.push({ def, result: run.result, ...(breakdowns.length > 0 ? { breakdowns } : {}) });
        if (i === 0) filters = mergedFilters(q.query, snapshot.segment?.filters);
      } catch (e) {
        if (strict) throw withPath(e, i);
        this.log(`live link: report ${q.reportId} failed`, e);
        reports.push({ def, errorCode: e instanceof ApiError ? e.code : "internal" });
      }
    }
    return JSON.stringify(
      publicDocument(reports, {
        kind: snapshot.kind,
        mode: snapshot.mode,
        title: snapshot.title,
        at: now,
        filters,
        segmentName: snapshot.segment?.name ?? null,
        creatorRole: snapshot.creator_role,
        options: snapshot.options,
      }),
    );
  }

  // ---- view log ---------------------------------------------------------------------------

  #countView(row: LinkRow, now: number): void {
    row.views++;
    row.last_view_at = now;
    const p = this.#pending.get(row.link_id) ?? { views: 0, last: now, days: new Map<string, number>() };
    p.views++;
    p.last = now;
    const day = new Date(now).toISOString().slice(0, 10);
    p.days.set(day, (p.days.get(day) ?? 0) + 1);
    this.#pending.set(row.link_id, p);
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      this.flush().catch((e: unknown) => this.log("writing the view counts of public links", e));
    }, 1000).unref();
  }

  /** Writes the view counts held in memory (the list calls it; call it before closing the warehouse). */
  async flush(): Promise<void> {
    const run = async () => {
      if (this.#pending.size === 0) return;
      const pending = [...this.#pending.entries()];
      this.#pending.clear();
      await this.#warehouse.transaction(async (tx) => {
        for (const [id, p] of pending) {
          await tx.run(
            `UPDATE app_links SET views = views + $2, last_view_at = greatest(coalesce(last_view_at, $3::TIMESTAMP), $3::TIMESTAMP)
             WHERE link_id = $1`,
            [id, p.views, ts(p.last)],
          );
          for (const [day, n] of p.days) {
            await tx.run(
              `INSERT INTO app_link_views (link_id, day, views) VALUES ($1, $2, $3)
               ON CONFLICT (link_id, day) DO UPDATE SET views = app_link_views.views + excluded.views`,
              [id, day, n],
            );
          }
        }
      });
    };
    this.#flushing = this.#flushing.then(run, run);
    return this.#flushing;
  }

  async #info(row: LinkRow, caller: LinkCreator, viewsByDay?: { day: string; views: number }[]): Promise<LinkInfo> {
    const s = await this.#snapshot(row.snapshot_id);
    const now = this.services.now();
    return {
      id: row.link_id,
      label: row.label,
      kind: s.kind,
      mode: s.mode,
      title: s.title,
      reportIds: s.queries.map((q) => q.reportId),
      status:
        row.revoked_at !== null ? "revoked" : row.expires_at !== null && now >= row.expires_at ? "expired" : "active",
      passcode: row.passcode_hash !== null,
      showAgentNames: s.options.showAgentNames,
      hideFilters: s.options.hideFilters,
      createdBy: { kind: row.creator_kind, id: row.creator_id },
      manageable: canManage(row, caller),
      createdAt: iso(row.created_at) as string,
      expiresAt: iso(row.expires_at),
      revokedAt: iso(row.revoked_at),
      rotatedAt: iso(row.rotated_at),
      views: row.views,
      lastViewAt: iso(row.last_view_at),
      viewsByDay: viewsByDay ?? [],
    };
  }
}

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

function canManage(row: LinkRow, caller: LinkCreator): boolean {
  return caller.role === "admin" || (caller.kind === row.creator_kind && caller.id === row.creator_id);
}

function linkRow(r: Record<string, unknown>): LinkRow {
  return {
    link_id: String(r.link_id),
    token_hash: String(r.token_hash),
    snapshot_id: String(r.snapshot_id),
    label: String(r.label),
    passcode_hash: r.passcode_hash === null ? null : String(r.passcode_hash),
    creator_kind: r.creator_kind as "user" | "key",
    creator_id: String(r.creator_id),
    created_at: Number(r.created_at),
    expires_at: num(r.expires_at),
    revoked_at: num(r.revoked_at),
    rotated_at: num(r.rotated_at),
    views: Number(r.views),
    last_view_at: num(r.last_view_at),
  };
}

/**
 * The query to freeze: the untrusted query as sent, without the seed's `userId`; a `segmentId`
 * inside it is refused (a link names one segment for the whole page, beside its queries).
 */
function frozenQuery(query: unknown, i: number): unknown {
  if (query === undefined || query === null) return {};
  const { segmentId } = takeSegmentId(query, `queries.${i}.query.segmentId`);
  if (segmentId !== undefined)
    throw new ApiError(
      "invalid_query",
      `queries.${i}.query.segmentId: name the segment once, as the link's segmentId`,
      {
        path: `queries.${i}.query.segmentId`,
      },
    );
  if (typeof query !== "object" || Array.isArray(query)) return query;
  const { userId: _ignored, ...rest } = query as Record<string, unknown>;
  return rest;
}

/** The query's filters with the segment's added (what the results were computed with). */
function mergedFilters(query: unknown, segment: QueryFilters | undefined): QueryFilters {
  const own =
    query !== null && typeof query === "object" && "filters" in query
      ? ((query as { filters?: Record<string, string[]> }).filters ?? {})
      : {};
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(own)) if (Array.isArray(v)) out[k] = v.map(String);
  for (const [k, v] of Object.entries(segment ?? {})) out[k] = [...new Set([...(out[k] ?? []), ...(v as string[])])];
  return out as QueryFilters;
}

/** A query's error at creation, its path under `queries.<i>.query`. */
function withPath(e: unknown, i: number): unknown {
  if (e instanceof ReportError && e.code === "invalid_query")
    return new ApiError("invalid_query", `queries.${i}.query: ${e.message}`, {
      path: `queries.${i}.query${e.path ? `.${e.path}` : ""}`,
    });
  return e;
}

const workspaces = new WeakMap<Warehouse, Links>();

/** The links of `services`' warehouse (one per warehouse, made on first use). */
export function linksOf(
  services: Services,
  limits?: PublicLimits,
  log?: (message: string, error: unknown) => void,
): Links {
  let links = workspaces.get(services.warehouse);
  if (!links) {
    links = new Links(services, limits, log);
    workspaces.set(services.warehouse, links);
  }
  return links;
}
