import { IngestError } from "./errors";

/** The encodings Tallyline reads text exports in. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** How much of a file {@link decodeText} looks at to tell text from binary content. */
const SNIFF_BYTES = 8192;

/**
 * Decodes an export's bytes: a UTF-8 or UTF-16 byte-order mark wins; otherwise valid UTF-8 is
 * UTF-8, and anything else is read as Windows-1252 (what Excel on Windows writes). Returns null for
 * content that is not text (see {@link requireText} for why): NUL bytes in the first 8 KiB, without a
 * UTF-16 BOM, unless they are stray NULs in UTF-8 text, which is kept so that the adapters name the
 * line, column and value that hold them.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | null {
  const decoded = decode(bytes);
  return "reason" in decoded ? null : decoded;
}

/**
 * Like {@link decodeText}, but throws IngestError 'unreadable' (line 1) naming the file and why it is
 * not text: UTF-16 without a byte-order mark (a quarter or more of the first 8 KiB are NULs, nearly all
 * at odd offsets for little-endian or at even ones for big-endian: the high bytes of ASCII
 * characters), or binary content (xlsx, parquet, images: NULs in a first 8 KiB that is not UTF-8 or
 * has two NULs in a row, as binary headers do and text with a stray NUL does not).
 */
export function requireText(file: string, bytes: Uint8Array): string {
  const decoded = decode(bytes);
  if (!("reason" in decoded)) return decoded.text;
  throw new IngestError("unreadable", file, [{ file, line: 1, column: "-", value: "", reason: decoded.reason }]);
}

/** The text of `bytes` and its encoding, or why they are not text (see {@link requireText}). */
function decode(bytes: Uint8Array): { text: string; encoding: TextEncoding } | { reason: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) {
    let even = 0;
    let odd = 0;
    let pair = false;
    for (let i = 0; i < head.length; i++) {
      if (head[i] !== 0) continue;
      if (i % 2 === 0) even++;
      else odd++;
      if (head[i - 1] === 0) pair = true;
    }
    if ((even + odd) * 4 >= head.length && Math.min(even, odd) * 8 < Math.max(even, odd)) {
      const order = odd > even ? "little" : "big";
      return {
        reason: `is UTF-16 text (${order}-endian) without a byte-order mark: save it as UTF-8, or as UTF-16 with a byte-order mark`,
      };
    }
    if (pair || !isUtf8Start(head))
      return { reason: "is a binary file, not text (for a workbook use an .xlsx mapping)" };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start)), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** True when `head` (the start of a file, possibly cut inside a character) is UTF-8. */
function isUtf8Start(head: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The first line of a text, without BOM or line ending. */
export function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return (nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, "").replace(/\r$/, "");
}
