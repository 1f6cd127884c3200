/**
 * Physical line numbers of a CSV file, for error messages only (never on the fast path): DuckDB
 * numbers records, not lines, and a quoted value may span several lines.
 */
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** The 1-based physical line holding byte `offset` of `bytes` (1 + the line feeds before it). */
export function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) if (bytes[i] === LF) line++;
  return line;
}

/**
 * The physical line on which each of `records` starts, for a CSV file read the way the canonical
 * adapter has DuckDB read it: RFC 4180 double-quote quoting (a doubled quote inside quotes toggles
 * twice), LF or CRLF line ends, blank lines skipped, the first record the header (record 0), data
 * records numbered from 1. Scans only as far as the largest record asked for.
 */
export function csvRecordLines(bytes: Uint8Array, records: Iterable<number>): Map<number, number> {
  const wanted = new Set(records);
  const last = Math.max(-1, ...wanted);
  const out = new Map<number, number>();
  let line = 1;
  let record = -1;
  let quoted = false;
  let atRecordStart = true;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length && record <= last; i++) {
    const b = bytes[i];
    if (atRecordStart) {
      if (b === LF) {
        line++;
        continue;
      }
      if (b === CR && bytes[i + 1] === LF) continue;
      record++;
      if (wanted.has(record)) out.set(record, line);
      atRecordStart = false;
    }
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF) {
      line++;
      atRecordStart = !quoted;
    }
  }
  return out;
}
