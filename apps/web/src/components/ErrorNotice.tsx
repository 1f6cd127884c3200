import { Show } from "solid-js";
import { describeError } from "../lib/api";

export interface ErrorNoticeProps {
  /** What failed, e.g. "reports" or a report's name. */
  subject: string;
  /** The thrown value; an ApiError shows the API's own message, code and request id. */
  error: unknown;
  /** Shows a Retry button calling it. */
  onRetry?: () => void;
  class?: string;
}

/** A failure as the user sees it: what could not load, the API's message, and a way to retry. */
export function ErrorNotice(props: ErrorNoticeProps) {
  const detail = () => describeError(props.error);
  return (
    <div class={["tl-error", props.class].filter(Boolean).join(" ")} role="alert">
      <p class="tl-error__title">Could not load {props.subject}</p>
      <p class="tl-error__message" data-testid="error-message">
        {detail().message}
      </p>
      <Show when={detail().code}>
        {(code) => (
          <p class="tl-error__meta">
            {code()}
            <Show when={detail().requestId}>{(id) => <> · request {id()}</>}</Show>
          </p>
        )}
      </Show>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="tl-button tl-button--small" onClick={() => retry()()}>
            Retry
          </button>
        )}
      </Show>
    </div>
  );
}
