import { Show } from "solid-js";
import { linksApi, type NewLink } from "../lib/api";
import { type FetchBody, filterLabel, type ViewFilter } from "../lib/view";
import { type LinkChoices, LinkDialog } from "./LinkDialog";

/** One report of a link, with the query the dashboard sends it. */
export interface SharedReport {
  readonly id: string;
  readonly name: string;
  /**
   * The page's request for this report (lib/view.ts `fetchBody` with the report's `filters`): period,
   * zone, grain, compare, segment, and only the filters the report takes.
   */
  readonly query: FetchBody;
  /** Active filters of the page the report cannot take, left out of its query (`fetchBody`'s `unapplied`). */
  readonly dropped: readonly ViewFilter[];
}

/** What is shared: one report or a page of several, over the dashboard's period and segment. */
export interface ShareTarget {
  /** Title of the public page (the report's name, or the category's). */
  readonly title: string;
  /** The reports in page order (the API takes at most 20). */
  readonly reports: readonly SharedReport[];
}

/** The reports of `target` shown without some active filter, and which ones. */
export function droppedFilters(target: ShareTarget | undefined): { name: string; filters: readonly ViewFilter[] }[] {
  return (target?.reports ?? []).filter((r) => r.dropped.length > 0).map((r) => ({ name: r.name, filters: r.dropped }));
}

/**
 * The Share dialog of dashboard reports (LinkDialog with modes): snapshot or live, expiry (30 days,
 * 7, 90, never), an optional passcode, "show agent names", "hide filters"; then the link's URL,
 * shown this once, with a copy button. The token is never kept by the page after the dialog closes.
 * Each report is sent only the page's filters it takes (a filter it cannot take would make the API
 * refuse the whole link with 400); the dialog names the reports shared without some filter.
 */
export function ShareDialog(props: { target: ShareTarget | undefined; onClose: () => void }) {
  const create = (choices: LinkChoices) => {
    const target = props.target;
    if (!target) return Promise.reject(new Error("Nothing to share"));
    // The segment applies to the whole link; each query keeps only the filters its report takes.
    const segmentId = target.reports[0]?.query.segmentId;
    const body: NewLink = {
      ...choices,
      title: target.title,
      queries: target.reports.map((r) => {
        const { segmentId: _segment, ...query } = r.query;
        return { reportId: r.id, query };
      }),
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
      notice={
        <Show when={droppedFilters(props.target).length > 0}>
          <p class="tl-notice" role="status" data-testid="share-dropped">
            Shared without some filters, which these reports cannot take:{" "}
            {droppedFilters(props.target)
              .map((r) => `${r.name} (${r.filters.map(filterLabel).join(", ")})`)
              .join("; ")}
            .
          </p>
        </Show>
      }
      create={create}
      onClose={props.onClose}
    />
  );
}
