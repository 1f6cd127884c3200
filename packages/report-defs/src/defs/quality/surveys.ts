/**
 * Quality (issue 16): the CSAT response rate (answered surveys / surveys sent) and the share of each
 * score of the ratings given.
 *
 * Rules, where the issue and the peers leave room:
 * - A survey is answered when a rating answers it: the canonical model links the two by key
 *   (`ratings.rating_id` = `surveys.survey_id`, docs/canonical-format.md "Surveys"). A rating without
 *   a survey row (a source that exports no surveys, a rating given unprompted) answers nothing: it
 *   counts in the score shares, never in the response rate, which would otherwise exceed 100%.
 * - The response rate is read by the time the survey was sent, counting answers given at any time up
 *   to now: a survey sent on the last day of a period and answered the day after counts as answered
 *   in that period (the rate of a recent period can still rise as late answers arrive): the
 *   alternative, answers by the day given over surveys by the day sent, divides two different sets
 *   and can pass 100%.
 * - A re-rating replaces the earlier rating: the answer to one survey keeps one key, so a customer
 *   who changes the answer overwrites the row (the last row written wins: a later file, or a later
 *   row of the same file) and counts once, with the later score, in every report here and in
 *   quality.ratings.
 */
import type { MeasureDefinition, Predicate, ReportDefinition } from "../../definition";
import { filtersFor } from "../../filters";
import { facts, kpi, report } from "../common";
import { meta } from "../measures";

/** Source of the CSAT reports of issue 16. */
const S16 = "issue 16 (conversation lifecycle: CSAT response rate and score shares)";

/** Surveys sent, by the time sent: the fact of the response rate. */
const surveys = { table: "surveys", timeColumn: "sent_at", filters: filtersFor("surveys") };

/** A survey a rating answers (the rating's key is the survey's, docs/canonical-format.md). */
const answered: Predicate = { exists: { table: "ratings", on: { rating_id: "survey_id" } } };

const sent: MeasureDefinition = {
  id: "surveys_sent",
  label: "Surveys sent",
  aggregate: { fn: "count" },
  format: "count",
  goodDirection: "neutral",
  definition:
    "Counts satisfaction surveys sent to customers, by the local day sent, answered or not; ratings given without a survey are not surveys and are left out.",
};

const answeredCount: MeasureDefinition = {
  id: "surveys_answered",
  label: "Surveys answered",
  aggregate: { fn: "count", where: answered },
  format: "count",
  goodDirection: "up",
  definition:
    "Counts the surveys sent in the period that a rating answers (the rating's key is the survey's), by the local day the survey was sent, whenever the answer came; a re-rating replaces the earlier answer and counts once.",
};

const responseRate: MeasureDefinition = {
  id: "csat_response_rate",
  label: "CSAT response rate",
  aggregate: { fn: "ratio", numerator: answeredCount.aggregate, denominator: { fn: "count" }, scale: 100 },
  format: "percent",
  goodDirection: "up",
  definition:
    "Surveys answered as a percentage (0-100) of the surveys sent in the period, by the local day the survey was sent, counting answers given at any time up to now; ratings without a survey row are excluded, a re-rating counts once.",
};

/** The scores of a scale as histogram buckets on the rating's value, one per whole score. */
const scoresOf = (scores: readonly { label: string; value: number }[]) => ({
  label: "Score",
  buckets: {
    value: { column: "value" },
    ranges: scores.map((s) => ({ label: s.label, gte: s.value, lt: s.value + 1 })),
  },
});

/** A count of the ratings of one scale: the distribution's measure (each bucket's share of them is the score's share). */
const ratingsOf = (scale: string, what: string): MeasureDefinition => ({
  id: "ratings",
  label: "Ratings",
  aggregate: { fn: "count", where: { column: "scale", equals: scale } },
  format: "count",
  goodDirection: "neutral",
  definition: `Counts ${what} by score, by the local day given, each score's share a percentage (0-100) of all such ratings in the period; other scales are left out, and a re-rating replaces the earlier one (one rating per survey, the latest).`,
});

/** Quality: CSAT response rate (KPI and daily counts) and the share of each score. */
export const surveyReports: ReportDefinition[] = [
  kpi(
    surveys,
    "quality.csat_response_rate",
    meta(
      "CSAT response rate",
      "Share of satisfaction surveys sent that customers answered, by the day the survey was sent.",
      "Quality",
      S16,
    ),
    responseRate,
  ),
  report(surveys, {
    ...meta(
      "CSAT responses",
      "Surveys sent and answered per day, with the response rate, by the day the survey was sent.",
      "Quality",
      S16,
    ),
    id: "quality.csat_responses",
    shape: "timeseries",
    measures: [sent, answeredCount, responseRate],
  }),
  report(facts.ratings, {
    ...meta("CSAT score shares (1-5)", "Ratings on the 1-5 scale by score, with each score's share.", "Quality", S16),
    id: "quality.csat_score_shares",
    shape: "distribution",
    measures: [ratingsOf("1-5", "ratings on the 1-5 scale")],
    dimension: scoresOf([1, 2, 3, 4, 5].map((v) => ({ label: String(v), value: v }))),
  }),
  report(facts.ratings, {
    ...meta("Face score shares", "Ratings on the face scale by face, with each face's share.", "Quality", S16),
    id: "quality.face_score_shares",
    shape: "distribution",
    measures: [ratingsOf("face", "ratings on the face scale (1 bad, 2 moderate, 3 good)")],
    dimension: scoresOf([
      { label: "1 bad", value: 1 },
      { label: "2 moderate", value: 2 },
      { label: "3 good", value: 3 },
    ]),
  }),
];
