import type { JSX } from "solid-js";
import { DemoBanner } from "./DemoBanner";

/** The frame of every page (the router's root): the demo banner when it applies, then the page. */
export function Shell(props: { children?: JSX.Element }) {
  return (
    <>
      <DemoBanner />
      {props.children}
    </>
  );
}
