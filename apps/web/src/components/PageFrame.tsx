import { A } from "@solidjs/router";
import { type JSX, Show, splitProps } from "solid-js";
import { AccountMenu } from "./AccountMenu";

/** What {@link PageFrame} takes: its own props below, any other attribute goes on the outer `div.tl-app`. */
export type PageFrameProps = Omit<JSX.HTMLAttributes<HTMLDivElement>, "title"> & {
  /** The page's `<h1>`, first in `<main>`; none when the page draws its own (the report page). */
  title?: JSX.Element;
  /** Buttons shown right of the title (the title row `div.tl-narr__head`); a bare `<h1>` without them. */
  actions?: JSX.Element;
  /** The classes of `<main>` (each page's layout, e.g. `"tl-main tl-narr"`). */
  mainClass: string;
  /** Extra classes of the top bar (e.g. `"tl-noprint"` on pages that print). */
  topbarClass?: string;
  /** Given the `<main>` element once it is mounted (to move focus or scroll). */
  mainRef?: (el: HTMLElement) => void;
  /** `aria-busy` of `<main>`: true while its first content loads. */
  busy?: boolean;
  /** The page's content, after the title row. */
  children?: JSX.Element;
  /** What stands after `<main>` (the page's dialogs and panels). */
  after?: JSX.Element;
};

/**
 * The frame of the secondary pages (Reports, Schedules, Usage, Imports, a report): the top bar
 * (the brand, a link home, and the account menu) then `<main>` opening with the title row.
 * One place for what every such page repeated; the dashboard pages and the admin pages keep their
 * own top bar (period and segment controls, page navigation).
 */
export function PageFrame(props: PageFrameProps) {
  const [local, rest] = splitProps(props, [
    "title",
    "actions",
    "mainClass",
    "topbarClass",
    "mainRef",
    "busy",
    "children",
    "after",
  ]);
  return (
    <div class="tl-app" {...rest}>
      <header class={local.topbarClass ? `tl-topbar ${local.topbarClass}` : "tl-topbar"}>
        <A class="tl-brand" href="/">
          <span class="tl-brand__mark" aria-hidden="true" />
          <span class="tl-brand__name">Tallyline</span>
        </A>
        <AccountMenu />
      </header>
      <main class={local.mainClass} ref={(el) => local.mainRef?.(el)} aria-busy={local.busy}>
        <Show when={local.title !== undefined}>
          <Show when={local.actions !== undefined} fallback={<h1>{local.title}</h1>}>
            <div class="tl-narr__head">
              <h1>{local.title}</h1>
              {local.actions}
            </div>
          </Show>
        </Show>
        {local.children}
      </main>
      {local.after}
    </div>
  );
}
