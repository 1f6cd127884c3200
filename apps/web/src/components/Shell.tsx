import { useLocation } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { DemoBanner } from "./DemoBanner";

/**
 * Moves focus to the page's main content (its `<main>`, made focusable for the purpose): what
 * the skip link does. A button, not an `<a href="#...">`: the URL stays as it is (the setup page
 * keeps its token in the fragment) and public pages keep having no link at all.
 */
function skipToContent(): void {
  const main = document.querySelector<HTMLElement>("main");
  if (!main) return;
  if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
  main.focus();
  main.scrollIntoView({ block: "start" });
}

/**
 * The frame of every page (the router's root): a "Skip to content" button, first in the tab order
 * and visible only when focused, then the demo banner when it applies, then the page.
 * Public link pages (`/r/...`) get the skip link and the page alone: nothing of the app, no call to its API.
 */
export function Shell(props: { children?: JSX.Element }) {
  const location = useLocation();
  return (
    <>
      <button type="button" class="tl-skip" onClick={skipToContent} data-testid="skip-link">
        Skip to content
      </button>
      <Show when={!location.pathname.startsWith("/r/")}>
        <DemoBanner />
      </Show>
      {props.children}
    </>
  );
}
