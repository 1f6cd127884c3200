import { createSignal, Show } from "solid-js";
import { api, describeError } from "../lib/api";

/** The token of the setup link `/setup#token=...` (in the fragment, so it never reaches a server log). */
function tokenFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? undefined;
}

/**
 * First start: the server printed a one-time link to this page; the first admin chooses e-mail,
 * name and password here, and is then signed in on the dashboard.
 */
export function Setup() {
  const token = tokenFromHash(window.location.hash);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("again") ?? "")) return void setError("The two passwords differ.");
    if (password.length < 12) return void setError("Choose a password of at least 12 characters.");
    const name = String(form.get("name") ?? "").trim();
    setBusy(true);
    setError(undefined);
    try {
      await api.setup({
        token: token ?? "",
        email: String(form.get("email") ?? ""),
        password,
        ...(name ? { name } : {}),
      });
      window.location.assign("/");
    } catch (e) {
      setError(describeError(e).message);
      setBusy(false);
    }
  };

  return (
    <main class="tl-auth">
      <Show
        when={token}
        fallback={
          <div class="tl-auth__card">
            <h1 class="tl-auth__title">Set up Tallyline</h1>
            <p class="tl-notice" role="alert">
              This page needs the setup link the server printed in its log when it started (it ends in /setup#token=…).
              Restart the server for a new link, or <a href="/sign-in">sign in</a> if you have an account.
            </p>
          </div>
        }
      >
        <form class="tl-auth__card" onSubmit={submit} aria-labelledby="setup-title">
          <h1 id="setup-title" class="tl-auth__title">
            Create the first admin
          </h1>
          <p class="tl-muted">This account manages users and API keys. The link works once.</p>
          <label class="tl-auth__field">
            E-mail
            <input name="email" type="email" autocomplete="username" required data-testid="email" />
          </label>
          <label class="tl-auth__field">
            Name (optional)
            <input name="name" type="text" autocomplete="name" maxlength="100" data-testid="name" />
          </label>
          <label class="tl-auth__field">
            Password (12 characters or more)
            <input
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minlength="12"
              data-testid="password"
            />
          </label>
          <label class="tl-auth__field">
            Password again
            <input name="again" type="password" autocomplete="new-password" required data-testid="again" />
          </label>
          <Show when={error()}>
            {(message) => (
              <p class="tl-auth__error" role="alert" data-testid="setup-error">
                {message()}
              </p>
            )}
          </Show>
          <button type="submit" class="tl-button" disabled={busy()} data-testid="create-admin">
            {busy() ? "Creating…" : "Create admin and sign in"}
          </button>
        </form>
      </Show>
    </main>
  );
}
