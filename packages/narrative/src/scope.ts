/**
 * Scopes of a narrative report (seed 000 "Report Types"): campaign, segment, check or a selected set
 * of calls; for chats a campaign, a segment or a selected set of conversations. A scope turns into
 * report filters (report-defs filters.ts), so every figure is the registry's report over exactly
 * those filters. A segment is passed in resolved (its id, name and filters): this package reads no
 * API table.
 */
import { MAX_FILTER_VALUES, type QueryFilters, type SegmentFilters } from "@tallyline/report-defs";

/** Kinds of scope. Call scopes read quality checks; chat scopes read conversations (seeds 001/002). */
export const SCOPE_KINDS = [
  "campaign",
  "segment",
  "check",
  "calls",
  "chat_campaign",
  "chat_segment",
  "conversations",
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** A scope: its kind and ids (one id, or the selected calls/conversations); segments carry their filters. */
export interface Scope {
  readonly kind: ScopeKind;
  readonly ids: readonly string[];
  /** The resolved segment for 'segment' and 'chat_segment'. */
  readonly segment?: SegmentFilters;
}

/** Thrown for a scope that cannot be read or used; `message` says what and which value. */
export class ScopeError extends Error {
  override readonly name = "ScopeError";
}

/** Text prefixes of the CLI and API: `campaign:ID`, `chat-campaign:ID`, `calls:ID,ID...`. */
const PREFIX: Record<string, ScopeKind> = {
  campaign: "campaign",
  segment: "segment",
  check: "check",
  calls: "calls",
  "chat-campaign": "chat_campaign",
  "chat-segment": "chat_segment",
  conversations: "conversations",
};

/**
 * Parses `kind:ID` or `calls:ID,ID,...` / `conversations:ID,...`. Ids are trimmed, empty ones and
 * repeats dropped; a set holds 1 to {@link MAX_FILTER_VALUES} ids, other kinds exactly one.
 * Throws {@link ScopeError} naming the text.
 */
export function parseScope(text: string): { kind: ScopeKind; ids: string[] } {
  const at = text.indexOf(":");
  const prefix = at < 0 ? text : text.slice(0, at);
  const kind = PREFIX[prefix];
  if (!kind || at < 0)
    throw new ScopeError(
      `Scope "${text}": expected campaign:ID, segment:ID, check:ID, calls:ID,ID..., chat-campaign:ID, chat-segment:ID or conversations:ID,ID...`,
    );
  const ids = [
    ...new Set(
      text
        .slice(at + 1)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
  if (ids.length === 0) throw new ScopeError(`Scope "${text}": no id given`);
  const isSet = kind === "calls" || kind === "conversations";
  if (!isSet && ids.length > 1) throw new ScopeError(`Scope "${text}": ${prefix} takes one id`);
  if (ids.length > MAX_FILTER_VALUES) throw new ScopeError(`Scope "${text}": at most ${MAX_FILTER_VALUES} ids`);
  return { kind, ids };
}

/** True for chat scopes (conversations; seeds 001/002 figures), false for call scopes (quality checks). */
export function isChatScope(kind: ScopeKind): boolean {
  return kind === "chat_campaign" || kind === "chat_segment" || kind === "conversations";
}

/** The scope as text, the same for every report of the scope (reports are compared within one key). */
export function scopeKey(scope: Pick<Scope, "kind" | "ids">): string {
  const prefix = Object.entries(PREFIX).find(([, k]) => k === scope.kind)?.[0] ?? scope.kind;
  const ids = scope.kind === "calls" || scope.kind === "conversations" ? [...scope.ids].sort() : scope.ids;
  return `${prefix}:${ids.join(",")}`;
}

/**
 * The report filters of a scope: campaign -> `campaign`, check -> `check`, calls -> `call`,
 * conversations -> `conversation`, segment -> the segment's own filters. Throws {@link ScopeError}
 * when a segment scope has no resolved segment.
 */
export function scopeFilters(scope: Scope): QueryFilters {
  const ids = [...scope.ids];
  switch (scope.kind) {
    case "campaign":
    case "chat_campaign":
      return { campaign: ids };
    case "check":
      return { check: ids };
    case "calls":
      return { call: ids };
    case "conversations":
      return { conversation: ids };
    case "segment":
    case "chat_segment":
      if (!scope.segment) throw new ScopeError(`Scope ${scopeKey(scope)}: the segment was not resolved`);
      return scope.segment.filters;
  }
}

/** A human name of the scope kind, as the seed's Report Types table names it. */
export function scopeLabel(kind: ScopeKind): string {
  const labels: Record<ScopeKind, string> = {
    campaign: "Campaign report",
    segment: "Segment report",
    check: "Check report",
    calls: "Calls report",
    chat_campaign: "Chat campaign report",
    chat_segment: "Chat segment report",
    conversations: "Conversations report",
  };
  return labels[kind];
}
