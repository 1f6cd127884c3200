/**
 * Quality (seeds/001): satisfaction answers received, thumbs up and down, and the positive share.
 */
import type { ReportDefinition } from "../../definition";
import { thumbsCount } from "../builders";
import { facts, kpi } from "../common";
import { meta, positive, S001 } from "../measures";

/** Quality: ratings and their share of positive answers. */
export const ratingsReports: ReportDefinition[] = [
  kpi(facts.ratings, "quality.ratings", meta("Total ratings", "Satisfaction answers received.", "Quality", S001), {
    id: "ratings",
    label: "Ratings",
    aggregate: { fn: "count" },
    format: "count",
    goodDirection: "up",
    definition:
      "Counts satisfaction answers of every scale (thumbs, faces, 1-5) by the local day given; answers without a time are left out.",
  }),
  kpi(
    facts.ratings,
    "quality.thumbs_up",
    meta("Thumbs up", "Positive thumbs ratings.", "Quality", S001),
    thumbsCount(
      "thumbs_up",
      "Thumbs up",
      1,
      "up",
      "Counts thumbs-up answers by the local day given; faces and 1-5 scores are not counted here (see the positive share).",
    ),
  ),
  kpi(
    facts.ratings,
    "quality.thumbs_down",
    meta("Thumbs down", "Negative thumbs ratings.", "Quality", S001),
    thumbsCount(
      "thumbs_down",
      "Thumbs down",
      0,
      "down",
      "Counts thumbs-down answers by the local day given; faces and 1-5 scores are not counted here (see the positive share).",
    ),
  ),
  kpi(facts.ratings, "quality.positive_share", meta("Positive share", "Share of positive ratings.", "Quality", S001), {
    id: "positive_share",
    label: "Positive share",
    aggregate: { fn: "ratio", numerator: { fn: "count", where: positive }, denominator: { fn: "count" }, scale: 100 },
    format: "percent",
    goodDirection: "up",
    definition:
      "Positive answers (thumbs up, a good face, or 4-5 on a 1-5 scale) as a percentage (0-100) of all answers given in the period; moderate faces and 3 of 5 count as not positive.",
  }),
];
