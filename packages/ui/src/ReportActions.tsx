import { createContext, type JSX, useContext } from "solid-js";

/**
 * What an app puts in the header of a report's frame or KPI card beside its title (the dashboard:
 * the download menu). Optional on purpose: pages that give none (a public page, a printed PDF) show
 * the report alone. The value renders the actions of the report it is provided around.
 */
export const ReportActionsContext = createContext<(() => JSX.Element) | undefined>(undefined);

/** The actions of the enclosing {@link ReportActionsContext}, or nothing outside one. */
export function ReportActions(): JSX.Element {
  const render = useContext(ReportActionsContext);
  return <>{render?.()}</>;
}
