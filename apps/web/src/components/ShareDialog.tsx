import { linksApi, type NewLink } from "../lib/api";
import type { PeriodRequest } from "../lib/period";
import { type LinkChoices, LinkDialog } from "./LinkDialog";

/** What is shared: one report or a page of several, over the dashboard's period and segment. */
export interface ShareTarget {
  /** Title of the public page (the report's name, or the category's). */
  readonly title: string;
  readonly reportIds: readonly string[];
  /** The dashboard's period request and segment; the zone is the server's, as on the dashboard. */
  readonly period: PeriodRequest & { segmentId?: string };
}

/**
 * The Share dialog of dashboard reports (LinkDialog with modes): snapshot or live, expiry (30 days,
 * 7, 90, never), an optional passcode, "show agent names", "hide filters"; then the link's URL,
 * shown this once, with a copy button. The token is never kept by the page after the dialog closes.
 */
export function ShareDialog(props: { target: ShareTarget | undefined; onClose: () => void }) {
  const create = (choices: LinkChoices) => {
    const target = props.target;
    if (!target) return Promise.reject(new Error("Nothing to share"));
    const { segmentId, ...period } = target.period;
    const body: NewLink = {
      ...choices,
      title: target.title,
      queries: target.reportIds.map((reportId) => ({ reportId, query: period })),
      ...(segmentId ? { segmentId } : {}),
    };
    return linksApi.create(body);
  };
  return (
    <LinkDialog
      open={props.target !== undefined}
      title={`Share “${props.target?.title ?? ""}”`}
      testId="share"
      description={
        <>
          Anyone with the link sees these figures without signing in: no records, no names of contacts, no message text.
        </>
      }
      defaultLabel={props.target?.title}
      modes
      agentNamesHint=" (else Agent 1, Agent 2…)"
      create={create}
      onClose={props.onClose}
    />
  );
}
