/**
 * Lifecycle (issue 16): bot resolutions and bot handoffs, their counts and rates, over the derived
 * table `conversation_bot` (warehouse derive-bot.ts: one row per conversation that began with the
 * bot, with its first handoff, first resolve and bot resolution instants).
 *
 * Rules, and where we differ from Chatwoot (app/listeners/reporting_event_listener.rb and
 * the V2 report builder: `conversation_bot_resolved` is written at every resolve of a conversation
 * whose inbox has an active bot and that has no outgoing message by a user; `conversation_bot_handoff`
 * when a conversation goes from pending to open; reports count distinct conversations with such an
 * event in the range, bot resolutions only while the conversation is still resolved):
 * - A bot resolution is a conversation, counted once, at its first resolve: it began with the bot
 *   ('pending'), was never handed off, and no agent ever wrote it a message (kind 'message'; private
 *   notes, templates, automated and activity lines do not count). Chatwoot counts a conversation
 *   handed off but resolved before a person wrote as a bot resolution too, and counts a private
 *   note as human interaction; we count neither: a handed-off conversation was not resolved by the
 *   bot, and a note is never seen by the customer. Chatwoot drops a bot resolution when the
 *   conversation is reopened; we keep it unless a person then writes or it is handed off, as the
 *   resolve happened (a human message at any time, also later, removes it: "no human message ever").
 * - A bot handoff is a conversation, at most once, at its first 'handoff' event (as Chatwoot's
 *   distinct count of conversations).
 * - The rates are read over a cohort: the conversations that began with the bot in the period (by
 *   their first event), and the share of them the bot resolved, or handed off, at any time up to
 *   now. Chatwoot divides the period's bot resolutions by the period's conversations, two different
 *   sets that can give more than 100%; a cohort keeps each rate between 0 and 100 and the two rates'
 *   sum at most 100 (the rest: still open, or closed by the system without either).
 */
import type { MeasureDefinition, Predicate, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { kpi, report } from "../common";
import { meta } from "../measures";

/** Source of the bot reports of issue 16. */
const S16 = "issue 16 (conversation lifecycle: bot resolutions and handoffs)";
const CATEGORY = "Lifecycle";

/** conversation_bot read at each of its instants. */
const at = (timeColumn: string) => ({ table: "conversation_bot", timeColumn, filters: filtersFor("conversation_bot") });

const botResolved: Predicate = { column: "bot_resolved_at", isNull: false };
const handedOff: Predicate = { column: "handoff_at", isNull: false };

const resolutions: MeasureDefinition = {
  id: "bot_resolutions",
  label: "Bot resolutions",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "up",
  definition:
    "Counts conversations the bot resolved, once each, by the local day of their first resolve: they began with the bot (pending), were never handed off, and no agent ever sent them a message (private notes, templates and automated lines do not count); a later agent message or handoff removes one.",
};

const handoffs: MeasureDefinition = {
  id: "bot_handoffs",
  label: "Bot handoffs",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts conversations the bot handed over to a person, at most once each, by the local day of their first handoff event; conversations that began with an agent have none.",
};

const began: MeasureDefinition = {
  id: "bot_conversations",
  label: "Conversations with the bot",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts conversations that began with the bot (their first event is pending, or they were handed off by it), by the local day of their first event.",
};

const resolvedOfThem: MeasureDefinition = {
  id: "bot_resolved",
  label: "Resolved by the bot",
  aggregate: { fn: "count", where: botResolved },
  format: "count",
  goodDirection: "up",
  definition:
    "Counts the conversations that began with the bot in the period (by their first event) that the bot resolved at any time up to now (never handed off, no agent message ever).",
};

const handedOfThem: MeasureDefinition = {
  id: "bot_handed_off",
  label: "Handed off",
  aggregate: { fn: "count", where: handedOff },
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts the conversations that began with the bot in the period (by their first event) that it handed over to a person at any time up to now, each once.",
};

const rate = (id: string, label: string, of: MeasureDefinition, goodDirection: "up" | "neutral", what: string) =>
  ({
    id,
    label,
    aggregate: { fn: "ratio", numerator: of.aggregate, denominator: { fn: "count" }, scale: 100 },
    format: "percent",
    goodDirection,
    definition: `Conversations that began with the bot in the period (by the local day of their first event: pending, or handed off by it) that ${what} at any time up to now, as a percentage (0-100) of all of them; conversations that began with an agent are excluded.`,
  }) satisfies MeasureDefinition;

const resolutionRate = rate(
  "bot_resolution_rate",
  "Bot resolution rate",
  resolvedOfThem,
  "up",
  "the bot resolved (never handed off, no agent message ever)",
);
const handoffRate = rate(
  "bot_handoff_rate",
  "Bot handoff rate",
  handedOfThem,
  "neutral",
  "the bot handed over to a person",
);

/** Lifecycle: bot resolutions and handoffs (KPIs by the event's day) and their rates (KPIs and a daily series with the counts). */
export const botReports: ReportDefinition[] = [
  kpi(
    at("bot_resolved_at"),
    "lifecycle.bot_resolutions",
    meta("Bot resolutions", "Conversations the bot resolved without a person.", CATEGORY, S16),
    resolutions,
  ),
  kpi(
    at("handoff_at"),
    "lifecycle.bot_handoffs",
    meta("Bot handoffs", "Conversations the bot handed over to a person.", CATEGORY, S16),
    handoffs,
  ),
  kpi(
    at("began_at"),
    "lifecycle.bot_resolution_rate",
    meta("Bot resolution rate", "Share of the conversations begun with the bot that it resolved.", CATEGORY, S16),
    resolutionRate,
  ),
  kpi(
    at("began_at"),
    "lifecycle.bot_handoff_rate",
    meta("Bot handoff rate", "Share of the conversations begun with the bot that it handed off.", CATEGORY, S16),
    handoffRate,
  ),
  report(at("began_at"), {
    ...meta(
      "Bot outcomes",
      "Conversations begun with the bot per day, how many it resolved and handed off, and the two rates.",
      CATEGORY,
      S16,
    ),
    id: "lifecycle.bot_outcomes",
    shape: "timeseries",
    measures: [began, resolvedOfThem, handedOfThem, resolutionRate, handoffRate],
  }),
];
