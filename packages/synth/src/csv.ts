/**
 * Writing CSV the way both the canonical adapter and the Conversation24 adapters read it:
 * comma-separated, RFC 4180 quoting (a field with a comma, a quote or a line break is quoted and
 * its quotes doubled), LF line ends, UTF-8 without BOM, a header line first, an empty field for
 * NULL.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: numbers plainly ('12', '12.5'; never an exponent), null/undefined empty, text quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    const text = String(value);
    if (!Number.isFinite(value) || /e/i.test(text)) throw new RangeError(`Cannot write ${text} as a CSV number`);
    return text;
  }
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A whole file: the header line and one line per record, each line ending in LF. */
export function csvText(
  columns: readonly string[],
  records: Iterable<readonly (string | number | null | undefined)[]>,
): string {
  const lines = [columns.map(csvField).join(",")];
  for (const r of records) lines.push(r.map(csvField).join(","));
  return `${lines.join("\n")}\n`;
}
