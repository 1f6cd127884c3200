/**
 * Content negotiation of the encodings a public document is kept in (RFC 9110 section 12.5.3,
 * Accept-Encoding): Brotli first (smallest), then gzip, else the bytes as they are.
 */

/** An encoding a public document is kept in. */
export type DocumentEncoding = "br" | "gzip" | "identity";

/**
 * The encoding to send for an Accept-Encoding header value: `br` when the client accepts it, else
 * `gzip`, else `identity`. A coding is accepted when it is listed (or `*` is) with a weight above 0
 * (`br;q=0` refuses Brotli even under `*`); names are case-insensitive; `x-gzip` counts as gzip. No
 * header, an empty one or nonsense: `identity`.
 */
export function acceptedEncoding(header: string | undefined): DocumentEncoding {
  if (!header) return "identity";
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    if (name === "") continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([01](\.\d{0,3})?)$/.exec(p);
      if (m?.[1]) q = Number(m[1]);
    }
    weights.set(name === "x-gzip" ? "gzip" : name, q);
  }
  const accepts = (coding: string) => (weights.get(coding) ?? weights.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return "identity";
}
