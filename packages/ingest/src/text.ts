import { IngestError } from "./errors";

/** The encodings Tallyline reads text exports in. */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/**
 * Decodes an export's bytes: a UTF-8 or UTF-16 byte-order mark wins; otherwise valid UTF-8 is
 * UTF-8, and anything else is read as Windows-1252 (what Excel on Windows writes). Returns null for
 * binary content (a NUL byte in the first 8 KiB without a UTF-16 BOM: xlsx, parquet, images).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start)), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** Like {@link decodeText} but throws IngestError 'unreadable' for binary content, naming the file. */
export function requireText(file: string, bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if (!decoded) {
    throw new IngestError("unreadable", file, [
      {
        file,
        line: 1,
        column: "-",
        value: "",
        reason: "is a binary file, not text (for a workbook use an .xlsx mapping)",
      },
    ]);
  }
  return decoded.text;
}

/** The first line of a text, without BOM or line ending. */
export function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return (nl < 0 ? text : text.slice(0, nl)).replace(/^\uFEFF/, "").replace(/\r$/, "");
}
