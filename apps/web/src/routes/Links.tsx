import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { type CreatedLink, describeError, type LinkInfo, linksApi } from "../lib/api";
import { utcMinute } from "../lib/publicLink";

const STATUS = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

/**
 * `/links`: every public link of the workspace with its views, last view, expiry and state; its
 * creator or an admin revokes it (dead at once) or rotates it (a new URL, shown once; the old one
 * dead at once).
 */
export function Links() {
  const [links, { refetch }] = createResource(() => linksApi.list());
  const [error, setError] = createSignal<string>();
  const [rotated, setRotated] = createSignal<CreatedLink>();
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      await refetch();
    } catch (e) {
      setError(describeError(e).message);
    }
  };
  return (
    <div class="tl-app">
      <header class="tl-topbar">
        <div class="tl-brand">
          <span class="tl-brand__mark" aria-hidden="true" />
          <h1 class="tl-brand__name">Tallyline</h1>
        </div>
        <A href="/" class="tl-button tl-button--quiet tl-button--small">
          Dashboard
        </A>
      </header>
      <main class="tl-main tl-admin">
        <h2>Public links</h2>
        <p class="tl-muted">Links anyone can open without an account. Views are counted per day; no address is kept.</p>
        <Show when={error()}>
          <p class="tl-notice" role="alert">
            {error()}
          </p>
        </Show>
        <Show when={rotated()}>
          {(r) => (
            <p class="tl-notice" role="note" data-testid="rotated-url">
              New link for “{r().link.label}” (shown once):{" "}
              <code class="tl-secret">{`${window.location.origin}${r().path}`}</code>{" "}
              <button type="button" class="tl-button tl-button--small" onClick={() => setRotated(undefined)}>
                Done
              </button>
            </p>
          )}
        </Show>
        <Show when={links()} fallback={<p class="tl-loading">Loading…</p>}>
          {(items) => (
            <Show when={items().length > 0} fallback={<p>No links yet: use Share on the dashboard.</p>}>
              <table class="tl-table" data-testid="links-table">
                <thead>
                  <tr>
                    <th scope="col">Label</th>
                    <th scope="col">Shows</th>
                    <th scope="col">State</th>
                    <th scope="col">Views</th>
                    <th scope="col">Last view</th>
                    <th scope="col">Expires</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  <For each={items()}>
                    {(link: LinkInfo) => (
                      <tr data-testid={`link-${link.id}`}>
                        <td>{link.label}</td>
                        <td>
                          {link.title} ({link.mode === "live" ? "live" : "snapshot"}
                          {link.passcode ? ", passcode" : ""})
                        </td>
                        <td data-testid="link-status">{STATUS[link.status]}</td>
                        <td data-testid="link-views">{link.views}</td>
                        <td>{link.lastViewAt ? utcMinute(link.lastViewAt) : "never"}</td>
                        <td>{link.expiresAt ? utcMinute(link.expiresAt) : "never"}</td>
                        <td>
                          <Show when={link.manageable && link.status !== "revoked"}>
                            <button
                              type="button"
                              class="tl-button tl-button--small tl-button--quiet"
                              data-testid="link-rotate"
                              onClick={() => void act(async () => setRotated(await linksApi.rotate(link.id)))}
                            >
                              Rotate
                            </button>
                            <button
                              type="button"
                              class="tl-button tl-button--small"
                              data-testid="link-revoke"
                              onClick={() => void act(() => linksApi.revoke(link.id))}
                            >
                              Revoke
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          )}
        </Show>
      </main>
    </div>
  );
}
