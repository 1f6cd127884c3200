/**
 * Chat logs through a mapping (docs/mapping.md, "Chat logs"): any message log as csv, tsv, xlsx, JSON
 * or NDJSON, read with a chat mapping (`"kind": "chat"`, ./schema.ts) given with `--mapping`.
 *
 * The chat mapping shares the `mapped` source with call mappings: {@link mappedSource} reads the
 * mapping's `kind` and hands a chat mapping to {@link readChatLog}, anything else to the call mapping
 * adapter (../mapped). Records are read by ./records.ts, each turned into a message by ./message.ts;
 * conversations, assignments, contacts, agents and campaigns are derived from the messages by ./derive.ts.
 * Rows carry the mapping's `source` and keys are prefixed with it.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Detection, MapContext, Probe, ReadResult, SourceAdapter, SourceFile } from "../../adapter";
import { IngestError, MAX_ISSUES, type RowIssue } from "../../errors";
import { mappedAdapter } from "../mapped";
import { loadMapping } from "../mapped/load";
import { deriveRows } from "./derive";
import { type ChatMessage, readMessage } from "./message";
import { readRecords } from "./records";
import { chatMappingSchema } from "./schema";

/**
 * Reads a chat log through the chat mapping at `mappingPath`. Throws IngestError for a bad mapping
 * ('unknown_format', naming the JSON path of each bad field) and for whole-file problems; returns the
 * issues of bad records and conversations (which then give no rows).
 */
export async function readChatLog(file: SourceFile, ctx: MapContext, mappingPath: string): Promise<ReadResult> {
  const mapping = await loadMapping(mappingPath, chatMappingSchema);
  const table = await readRecords(file, mapping);
  const issues: RowIssue[] = [...table.issues];
  const messages: ChatMessage[] = [];
  const messageCtx = {
    mapping,
    file: file.name,
    timezone: mapping.timezone ?? ctx.timezone,
    importId: ctx.importId,
    date1904: table.date1904,
  };
  for (const [i, record] of table.records.entries()) {
    if (issues.length >= MAX_ISSUES) break;
    const read = readMessage(record, i, messageCtx);
    if ("issues" in read) issues.push(...read.issues);
    else messages.push(read);
  }
  const derived = deriveRows(messages, { mapping, file: file.name, importId: ctx.importId });
  return { rows: derived.rows, issues: [...issues, ...derived.issues], records: table.seen };
}

/**
 * The `kind` of the mapping file at `path` ("chat"), or undefined when it has none or cannot be read
 * (the call mapping's loader then says what is wrong with it). Throws IngestError 'unknown_format' for
 * a kind that is not "chat".
 */
async function mappingKind(path: string): Promise<"chat" | undefined> {
  let json: unknown;
  try {
    json = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  const kind = typeof json === "object" && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === undefined || kind === "chat") return kind;
  const file = basename(path);
  const issue = {
    file,
    line: 1,
    column: "kind",
    value: JSON.stringify(kind),
    reason: 'is not a mapping kind: "chat" marks a chat mapping, and a call mapping has no kind',
  };
  throw new IngestError(
    "unknown_format",
    file,
    [issue],
    `Invalid mapping ${file}: kind ${issue.value} ${issue.reason}`,
  );
}

/**
 * The `mapped` source: call logs and chat logs through a mapping file (`--source mapped --mapping
 * FILE`). A mapping with `"kind": "chat"` is read by {@link readChatLog}; any other by the call mapping
 * adapter, which also does detection.
 */
export const mappedSource: SourceAdapter = {
  id: mappedAdapter.id,
  description:
    "any call log (csv, tsv, xlsx) or chat log (also json, ndjson) through a mapping file: --source mapped --mapping FILE (docs/mapping.md)",
  detect(probe: Probe): Detection {
    return mappedAdapter.detect(probe);
  },
  async read(file: SourceFile, ctx: MapContext): Promise<ReadResult> {
    if (ctx.mappingPath && (await mappingKind(ctx.mappingPath)) === "chat")
      return readChatLog(file, ctx, ctx.mappingPath);
    if (!mappedAdapter.read) throw new Error("The call mapping adapter has no read");
    return mappedAdapter.read(file, ctx);
  },
};
