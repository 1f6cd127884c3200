/**
 * Progress of a report being generated (issue 14 "Generation shows progress"): the step it is at,
 * in words, and a percent (0-100, whole numbers). Stored with the report (app_narratives.progress,
 * migration 23) while it runs; a done or failed report derives its progress from its status.
 */

/** The steps, in order: queued, facts (n of m reports), issues, writing, checking, saving; then done or failed. */
export type ProgressStep = "queued" | "facts" | "issues" | "writing" | "checking" | "saving" | "done" | "failed";

/** Where a generation is: step, the words shown to a reader, and a percent 0-100. */
export interface Progress {
  readonly step: ProgressStep;
  readonly label: string;
  /** Share of the work done, percent 0-100 (a whole number; only 'done' is 100). */
  readonly percent: number;
}

/** Percent at which each step starts. Facts take 5-45, the model's answer the most wall time. */
const START: Record<ProgressStep, number> = {
  queued: 0,
  facts: 5,
  issues: 45,
  writing: 55,
  checking: 90,
  saving: 95,
  done: 100,
  failed: 0,
};

/** The progress of the first step (a report just stored). */
export const QUEUED: Progress = { step: "queued", label: "Starting", percent: 0 };

/** 'Collecting facts n of m' (reports run of the fact sheet): 5% to 45%. */
export function factsProgress(done: number, total: number): Progress {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return {
    step: "facts",
    label: `Collecting facts: report ${done} of ${total}`,
    percent: Math.round(START.facts + (START.issues - START.facts) * share),
  };
}

/** 'Grouping common issues' (and how: by meaning with embeddings, else by wording). */
export function issuesProgress(byEmbeddings: boolean): Progress {
  return {
    step: "issues",
    label: byEmbeddings ? "Grouping common issues by meaning (embeddings)" : "Grouping common issues",
    percent: START.issues,
  };
}

/** 'Writing the text': by the AI server (attempt k of 2, the second at 70%) or by rules (80%). */
export function writingProgress(by: "ai" | "rules", attempt = 1): Progress {
  return by === "ai"
    ? {
        step: "writing",
        label: `Writing the text with the AI server (attempt ${attempt} of 2)`,
        percent: attempt === 1 ? START.writing : 70,
      }
    : { step: "writing", label: "Writing the text by rules", percent: 80 };
}

/**
 * 'Checking every number' (the validator, before filling in the figures): of the AI server's
 * answer to attempt 1 (65%) or 2 (78%), so a retry never moves the bar back, or of the final text (90%).
 */
export function checkingProgress(attempt?: 1 | 2): Progress {
  return {
    step: "checking",
    label: "Checking every number",
    percent: attempt === 1 ? 65 : attempt === 2 ? 78 : START.checking,
  };
}
/** 'Saving the report'. */
export const SAVING: Progress = { step: "saving", label: "Saving the report", percent: START.saving };

/**
 * The progress a reader sees: 'done' (100) for a done report; 'failed' at the percent it reached
 * (its last step named) for a failed one; the stored step while running, else {@link QUEUED}.
 */
export function shownProgress(status: "running" | "done" | "failed", stored: Progress | null): Progress {
  if (status === "done") return { step: "done", label: "Done", percent: 100 };
  if (status === "failed")
    return {
      step: "failed",
      label: stored && stored.step !== "failed" ? `Failed while: ${stored.label.toLowerCase()}` : "Failed",
      percent: stored?.percent ?? 0,
    };
  return stored ?? QUEUED;
}
