/**
 * The progress of a narrative report being generated (issue 14 "Generation shows progress"): a
 * Kobalte Progress bar with the step in words ("Collecting facts: report 3 of 6") and the percent
 * (0-100), as the API's `progress` gives it. Drawn with the import page's `tl-progress` styles.
 */
import { Progress } from "@kobalte/core/progress";
import { splitProps } from "solid-js";
import type { NarrativeProgress as Step } from "../lib/narratives";

/** Props: the report's progress; `compact` for a table cell (no label line, words as the bar's name). */
export function NarrativeProgress(props: { progress: Step; compact?: boolean; "data-testid"?: string }) {
  const [local] = splitProps(props, ["progress", "compact", "data-testid"]);
  return (
    <Progress
      value={local.progress.percent}
      minValue={0}
      maxValue={100}
      getValueLabel={({ value }) => `${value}%: ${local.progress.label}`}
      class="tl-progress tl-narr__progress"
      classList={{ "tl-narr__progress--compact": local.compact === true }}
      data-testid={local["data-testid"] ?? "report-progress"}
      data-step={local.progress.step}
      data-percent={local.progress.percent}
    >
      <div class="tl-muted tl-narr__progress-label">
        <Progress.Label data-testid="report-progress-step">{local.progress.label}</Progress.Label>{" "}
        <span aria-hidden="true">({local.progress.percent}%)</span>
      </div>
      <Progress.Track class="tl-progress__track">
        <Progress.Fill class="tl-progress__fill" style={{ width: `${local.progress.percent}%` }} />
      </Progress.Track>
    </Progress>
  );
}
