import { createAsync, useSearchParams } from "@solidjs/router";
import { createSignal, ErrorBoundary, Show, Suspense } from "solid-js";
import { api, describeError, getHealth, safeNext } from "../lib/api";

/**
 * The sign-in page: e-mail and password, the API's own message on failure (wrong password, too
 * many attempts, disabled account), then the page the user came from (`?next=`) or the dashboard.
 */
export function SignIn() {
  const [search] = useSearchParams<{ next?: string }>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const health = createAsync(() => getHealth());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await api.signIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      const next = Array.isArray(search.next) ? search.next[0] : search.next;
      window.location.assign(safeNext(next));
    } catch (e) {
      setError(describeError(e).message);
      setBusy(false);
    }
  };

  return (
    <main class="tl-auth">
      <form class="tl-auth__card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div class="tl-brand">
          <span class="tl-brand__mark" aria-hidden="true" />
          <span class="tl-brand__name">Tallyline</span>
        </div>
        <h1 id="sign-in-title" class="tl-auth__title">
          Sign in
        </h1>
        <ErrorBoundary fallback={null}>
          <Suspense>
            <Show when={health()?.setupRequired}>
              <p class="tl-notice" role="status" data-testid="setup-required">
                No account exists yet. Open the setup link printed in the server's log to create the first admin.
              </p>
            </Show>
          </Suspense>
        </ErrorBoundary>
        <label class="tl-auth__field">
          E-mail
          <input name="email" type="email" autocomplete="username" required data-testid="email" />
        </label>
        <label class="tl-auth__field">
          Password
          <input name="password" type="password" autocomplete="current-password" required data-testid="password" />
        </label>
        <Show when={error()}>
          {(message) => (
            <p class="tl-auth__error" role="alert" data-testid="sign-in-error">
              {message()}
            </p>
          )}
        </Show>
        <button type="submit" class="tl-button" disabled={busy()} data-testid="sign-in">
          {busy() ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
