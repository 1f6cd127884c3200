/**
 * Narrative reports in the API and CLI: a scope's text or body resolved to a package scope (a
 * segment scope reads its filters from `app_segments`), and the AI configuration from the
 * environment. The engine is packages/narrative.
 */
import { parseScope, type Scope, ScopeError, type ScopeKind } from "@tallyline/narrative";
import { parseSegmentFilters } from "@tallyline/report-defs";
import type { Param, Row } from "@tallyline/warehouse";

/** What resolving needs of the database (Warehouse, Transaction or the read pool). */
interface Reader {
  query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
}

/**
 * The scope of `text` ('campaign:ID', 'segment:ID', 'check:ID', 'calls:ID,ID...', 'chat-campaign:ID',
 * 'chat-segment:ID', 'conversations:ID,...'), a segment's filters read from app_segments. Throws
 * {@link ScopeError} for bad text or an unknown segment.
 */
export async function resolveScope(db: Reader, text: string): Promise<Scope> {
  const parsed = parseScope(text);
  return resolveParsed(db, parsed.kind, parsed.ids);
}

/** As {@link resolveScope}, from a kind and ids. */
export async function resolveParsed(db: Reader, kind: ScopeKind, ids: readonly string[]): Promise<Scope> {
  if (kind !== "segment" && kind !== "chat_segment") return { kind, ids };
  const id = ids[0] ?? "";
  const [row] = await db.query<{ name: string; filters: string }>(
    "SELECT name, filters::VARCHAR AS filters FROM app_segments WHERE segment_id = $1",
    [id],
  );
  if (!row) throw new ScopeError(`No segment ${id}`);
  const filters = parseSegmentFilters(JSON.parse(row.filters));
  return { kind, ids: [id], segment: { id, name: row.name, filters } };
}
