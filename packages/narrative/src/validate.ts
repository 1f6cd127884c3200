/**
 * Prose with fact references, and the validator that proves a narrator invented no figure.
 *
 * A narrator writes figures only as references `{{fact:ID}}`; {@link fillFacts} replaces each with
 * the fact's formatted value. {@link validateProse} checks the prose BEFORE filling: every
 * referenced id must exist, and any numeral left in the text must be a numeral some fact displays,
 * at its display rounding ('86.2' when a fact reads '86.2%'; '86' does not match it), a numeral
 * with '%' one that a percentage displays; a date must be one of the period's days; spelled-out numbers (two,
 * twelve, fifty, hundred...) are refused outright, as a narrator could hide a figure in words.
 */
import type { Fact } from "./facts";

/** A fact reference: `{{fact:ID}}` with ID of lower-case letters, digits, '_' and '.'. */
export const FACT_REF = /\{\{\s*fact:([a-z0-9_.]+)\s*\}\}/g;
const ANY_BRACES = /\{\{|\}\}/;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
/** A numeral and an optional percent sign after it. */
const NUMERAL_UNIT = /(\d+(?:[.,]\d+)*)(\s*%)?/g;
const NUMBER_WORDS =
  /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|quarter|twice|thrice|double|triple)\b/i;

/** The numerals a fact shows as the reader sees them ('86.2' of '86.2%'), each with whether it is a percentage. */
function shownNumerals(f: Fact): { text: string; percent: boolean }[] {
  if (typeof f.value !== "number") return [];
  return [...f.formatted.matchAll(/\d+(?:[.,]\d+)*(\s*%)?/g)].map((m) => ({
    text: m[0].replace(/\s*%$/, "").replaceAll(",", ""),
    percent: m[1] !== undefined,
  }));
}

/**
 * The problems of one piece of prose against the facts, as sentences (empty when valid).
 * `where` names the place ('executiveSummary[1]') in each message.
 */
export function validateProse(text: string, facts: ReadonlyMap<string, Fact>, where: string): string[] {
  const errors: string[] = [];
  for (const m of text.matchAll(FACT_REF)) {
    if (!facts.has(m[1] as string)) errors.push(`${where}: unknown fact id "${m[1]}"`);
  }
  let rest = text.replace(FACT_REF, " ");
  if (ANY_BRACES.test(rest)) errors.push(`${where}: a malformed fact reference (write {{fact:ID}} exactly)`);
  const dates = new Set([...facts.values()].filter((f) => f.unit === "date").map((f) => String(f.value)));
  rest = rest.replace(DATE, (d) => {
    if (!dates.has(d))
      errors.push(
        `${where}: the date ${d} is not one of the period's days; cite {{fact:period.from}} or {{fact:period.to}}`,
      );
    return " ";
  });
  const shown = [...facts.values()].flatMap(shownNumerals);
  for (const m of rest.matchAll(NUMERAL_UNIT)) {
    const token = (m[1] as string).replaceAll(",", "");
    const percent = m[2] !== undefined;
    const ok = shown.some((s) => s.text === token && (!percent || s.percent));
    if (!ok)
      errors.push(
        `${where}: the numeral "${m[0].trim()}" is not a fact as displayed; write figures only as {{fact:ID}}`,
      );
  }
  const word = NUMBER_WORDS.exec(rest);
  if (word) errors.push(`${where}: the number word "${word[0]}" is not allowed; write figures only as {{fact:ID}}`);
  return errors;
}

/** Replaces each `{{fact:ID}}` with the fact's formatted value (unknown ids stay as they are: validate first). */
export function fillFacts(text: string, facts: ReadonlyMap<string, Fact>): string {
  return text.replace(FACT_REF, (whole, id: string) => facts.get(id)?.formatted ?? whole);
}

/** The ids a text cites. */
export function citedFacts(text: string): string[] {
  return [...text.matchAll(FACT_REF)].map((m) => m[1] as string);
}
