import { revalidate } from "@solidjs/router";
import { ErrorBoundary, type JSX, Suspense } from "solid-js";
import { ErrorNotice } from "./ErrorNotice";

export interface BoundaryProps {
  /** Shown while the children's queries load. */
  loading: JSX.Element;
  /** Names what the children show, for the error message ("Could not load {subject}"). */
  subject: string;
  /** Query keys (`query.key` or `query.keyFor(...)`) refetched by Retry. */
  retryKeys: string | string[];
  /** Renders a failure; the default is an {@link ErrorNotice}. */
  renderError?: (error: unknown, retry: () => void) => JSX.Element;
  children: JSX.Element;
}

/** `<Suspense>` for loading inside an `<ErrorBoundary>` whose Retry refetches the given queries. */
export function Boundary(props: BoundaryProps) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => {
        const retry = () => void revalidate(props.retryKeys).then(reset);
        return props.renderError ? (
          props.renderError(error, retry)
        ) : (
          <ErrorNotice subject={props.subject} error={error} onRetry={retry} />
        );
      }}
    >
      <Suspense fallback={props.loading}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
