/**
 * Codes shown as labels (issue 13: "never raw snake_case in the UI"). Values of coded dimensions
 * (closing reasons, intents, outcomes, channels, who handled a conversation...) arrive from the data
 * as the source wrote them, e.g. `resolved_by_bot`; languages arrive as BCP 47 codes, e.g. `nl`.
 * Labels from a lookup table (agent usernames, campaign and check names) are names, kept as they are.
 */
import { defaultLocale } from "./format";

/** Words written in capitals when a code is humanised ("ivr_menu" -> "IVR menu"). */
const ACRONYMS = new Set(["ivr", "csat", "nps", "faq", "sms", "api", "id", "url", "qa", "sla", "aht", "asa", "vip"]);

/**
 * Dimensions (by their label, or a record field by its name) whose values are codes: even a single
 * lowercase word is humanised ("bot" -> "Bot"). Normalised as lowercase snake_case.
 */
const CODE_KINDS = new Set([
  "closing_reason",
  "intent",
  "outcome",
  "channel",
  "handled_by",
  "start_flow",
  "sender",
  "role",
  "state",
  "success_code",
  "entry_point",
  "entrypoint",
  "direction",
  "scale",
]);

/** Dimensions whose values are names (from a lookup or an export), never rewritten. */
const NAME_KINDS = new Set(["agent", "campaign", "check", "contact", "host", "account"]);

const LANGUAGE_KINDS = new Set(["language", "languages"]);

/** "Closing reason" or "closing_reason" -> "closing_reason". */
const kindOf = (kind: string | null | undefined): string =>
  (kind ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/**
 * A code as words: "resolved_by_bot" -> "Resolved by bot", "ivr_menu" -> "IVR menu", "bot" -> "Bot".
 * Anything else (capitals, spaces, punctuation) comes back unchanged.
 */
export function humanise(code: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(code)) return code;
  const words = code.split("_").filter(Boolean);
  return words
    .map((word, i) =>
      ACRONYMS.has(word) ? word.toUpperCase() : i === 0 ? word[0]?.toUpperCase() + word.slice(1) : word,
    )
    .join(" ");
}

/**
 * A language code's name in `locale` through `Intl.DisplayNames`: "nl" -> "Dutch" (en-US),
 * "Niederländisch" (de-DE); "pt-BR" -> "Brazilian Portuguese". A code Intl does not know, or a
 * value that is not a language tag, comes back unchanged.
 */
export function languageName(code: string, locale = defaultLocale()): string {
  const tag = code.trim().replace(/_/g, "-");
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return code;
  try {
    return new Intl.DisplayNames([locale, "en-US"], { type: "language", fallback: "none" }).of(tag) ?? code;
  } catch {
    return code;
  }
}

/**
 * The label to show for a value of the dimension (or record field) `kind`:
 * - a language (kind "Language"/"language"): its name in the locale ({@link languageName});
 * - a name dimension (agent, campaign, check, contact...) or an id field (`*_id`): unchanged;
 * - a code dimension (closing reason, intent, outcome, channel, handled by...): humanised;
 * - any other snake_case value: humanised (the generic fallback); other text unchanged.
 * Only for display: filters and drill-downs keep the raw key.
 */
export function codeLabel(value: string, kind?: string | null, locale = defaultLocale()): string {
  const k = kindOf(kind);
  if (LANGUAGE_KINDS.has(k)) return languageName(value, locale);
  if (NAME_KINDS.has(k) || k.endsWith("_id")) return value;
  if (CODE_KINDS.has(k) || SNAKE.test(value)) return humanise(value);
  return value;
}
