import { useLocation } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { DemoBanner } from "./DemoBanner";

/**
 * The frame of every page (the router's root): the demo banner when it applies, then the page.
 * Public link pages (`/r/...`) get the page alone: nothing of the app, no call to its API.
 */
export function Shell(props: { children?: JSX.Element }) {
  const location = useLocation();
  return (
    <>
      <Show when={!location.pathname.startsWith("/r/")}>
        <DemoBanner />
      </Show>
      {props.children}
    </>
  );
}
