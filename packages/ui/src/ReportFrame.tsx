import { createUniqueId, type JSX, splitProps } from "solid-js";
import { DefinitionInfo } from "./DefinitionInfo";
import { ReportActions } from "./ReportActions";
import type { ReportDefinition } from "./types";

export interface ReportFrameProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "title"> {
  /** The report's list item: name, description, shape and measures. */
  definition: ReportDefinition;
  children?: JSX.Element;
}

/**
 * The panel every non-KPI report sits in: the report's name and description, the "i" with its
 * measures' definitions, the app's actions for it (ReportActions.tsx: the dashboard's download
 * menu), then the body. Also the frame of a report that is loading or failed.
 */
export function ReportFrame(props: ReportFrameProps) {
  const [local, others] = splitProps(props, ["definition", "children", "class"]);
  const titleId = createUniqueId();
  return (
    <section
      {...others}
      class={["tl-report", `tl-report--${local.definition.shape}`, local.class].filter(Boolean).join(" ")}
      aria-labelledby={titleId}
    >
      <header class="tl-report__header">
        <div class="tl-report__heading">
          <h3 id={titleId} class="tl-report__title">
            {local.definition.name}
          </h3>
          <p class="tl-report__description">{local.definition.description}</p>
        </div>
        <div class="tl-report__actions">
          <ReportActions />
          <DefinitionInfo measures={local.definition.measures} label={local.definition.name} />
        </div>
      </header>
      {local.children}
    </section>
  );
}
