import { A, createAsync } from "@solidjs/router";
import { createSignal, ErrorBoundary, Show, Suspense } from "solid-js";
import { api, getMe, type Principal } from "../lib/api";
import { ThemeToggle } from "./ThemeToggle";

/** How the caller is named in the header: the user's e-mail, or the API key's name. */
const label = (p: Principal) => (p.kind === "session" ? p.user.email : `API key ${p.key.name}`);

/** The theme toggle, who is signed in (with a link to the admin page for admins), and a button that ends the session on the server and goes to the sign-in page. */
export function AccountMenu() {
  const me = createAsync(() => getMe());
  const [busy, setBusy] = createSignal(false);
  const signOut = async () => {
    setBusy(true);
    try {
      await api.signOut();
    } finally {
      window.location.assign("/sign-in");
    }
  };
  return (
    <ErrorBoundary fallback={null}>
      <Suspense>
        <Show when={me()}>
          {(who) => (
            <div class="tl-account">
              <ThemeToggle />
              <Show when={who().role === "admin"}>
                <A href="/admin" class="tl-button tl-button--quiet tl-button--small" data-testid="admin-link">
                  Users &amp; keys
                </A>
                <a class="tl-button tl-button--quiet tl-button--small" href="/imports" data-testid="nav-imports">
                  Imports
                </a>
              </Show>
              <A href="/live" class="tl-button tl-button--quiet tl-button--small" data-testid="nav-live">
                Live
              </A>
              <A href="/links" class="tl-button tl-button--quiet tl-button--small" data-testid="nav-links">
                Links
              </A>
              <A href="/reports" class="tl-button tl-button--quiet tl-button--small" data-testid="nav-reports">
                Reports
              </A>
              <A href="/schedules" class="tl-button tl-button--quiet tl-button--small" data-testid="nav-schedules">
                Schedules
              </A>
              <A href="/settings/usage" class="tl-button tl-button--quiet tl-button--small" data-testid="nav-usage">
                Usage
              </A>
              <span class="tl-muted" data-testid="signed-in-as">
                {label(who())}
              </span>
              <button
                type="button"
                class="tl-button tl-button--quiet tl-button--small"
                disabled={busy()}
                onClick={() => void signOut()}
                data-testid="sign-out"
              >
                Sign out
              </button>
            </div>
          )}
        </Show>
      </Suspense>
    </ErrorBoundary>
  );
}
