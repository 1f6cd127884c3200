/**
 * Canonical text files in the encodings spreadsheets write: DuckDB reads UTF-8 only, so a CSV or
 * NDJSON file in UTF-16 (with a byte-order mark: Excel's "Unicode text") or in Windows-1252 (Excel's
 * plain "CSV" on Windows; Latin-1 text reads the same) is copied as UTF-8 into a temporary file first,
 * in chunks, line for line (line numbers in errors stay those of the original). A UTF-8 file, with
 * or without a byte-order mark, is read as it is; so is one with a stray NUL byte (the value checks
 * name it). UTF-16 without a byte-order mark and binary content are refused, as in every adapter
 * (../../text.ts).
 */
import { isUtf8 } from "node:buffer";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceFile } from "../../adapter";
import { requireText } from "../../text";

/** Bytes decoded per step when copying (the decoder keeps a character cut between steps). */
const CHUNK = 8 * 1024 * 1024;
/** How much of the file tells UTF-16 without a byte-order mark and binary content from text. */
const SNIFF = 8192;

/** The file as UTF-8 (itself when it is UTF-8 already), and how to remove the copy afterwards. */
export interface Utf8File {
  readonly file: SourceFile;
  readonly close: () => void;
}

/**
 * `file` as UTF-8 (module docstring). Throws IngestError 'unreadable' for UTF-16 without a
 * byte-order mark and for binary content.
 */
export function asUtf8(file: SourceFile): Utf8File {
  const bytes = file.bytes;
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const head = bytes.subarray(0, SNIFF);
  // NULs near the start: text with a stray NUL passes (and is read as is); UTF-16 and binary throw.
  if (!bom16 && head.includes(0)) requireText(file.name, head);
  if (!bom16 && isUtf8(bytes)) return { file, close: () => {} };
  const encoding = !bom16 ? "windows-1252" : bytes[0] === 0xff ? "utf-16le" : "utf-16be";
  const decoder = new TextDecoder(encoding);
  const parts: Buffer[] = [];
  for (let at = bom16 ? 2 : 0; at < bytes.length; at += CHUNK) {
    const end = Math.min(at + CHUNK, bytes.length);
    parts.push(Buffer.from(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }), "utf8"));
  }
  const utf8 = Buffer.concat(parts);
  const dir = mkdtempSync(join(tmpdir(), "tl-utf8-"));
  const path = join(dir, file.name);
  writeFileSync(path, utf8);
  return {
    file: { path, name: file.name, bytes: utf8 },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
