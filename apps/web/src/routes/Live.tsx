/**
 * `/live` (issue 16 "Live view"): open, unattended, unassigned and pending conversations at the
 * data's as-of instant, four tiles and a table by campaign and team (`GET /api/v1/live`), reloaded
 * every 30 seconds, with the freshness line "Data as of <time>, imported <time ago>".
 */
import { A } from "@solidjs/router";
import { freshnessLine, type LiveCounts, type LiveRow } from "@tallyline/report-defs";
import { formatCount } from "@tallyline/ui";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { AccountMenu } from "../components/AccountMenu";
import { describeError } from "../lib/api";
import { fetchLive, LIVE_REFRESH_SECS } from "../lib/live";

/** The four tiles: label, count and what it counts. */
const TILES: readonly { key: keyof LiveCounts; label: string; help: string }[] = [
  { key: "open", label: "Open", help: "Latest status opened, handed over or reopened" },
  { key: "unattended", label: "Unattended", help: "Open, no agent reply since last (re)opened" },
  { key: "unassigned", label: "Unassigned", help: "Open, no agent holds it" },
  { key: "pending", label: "Pending (bot)", help: "With the bot, no person needed yet" },
];

const COLUMNS: readonly { key: keyof LiveCounts; label: string }[] = [
  { key: "open", label: "Open" },
  { key: "unattended", label: "Unattended" },
  { key: "unassigned", label: "Unassigned" },
  { key: "pending", label: "Pending (bot)" },
  { key: "snoozed", label: "Snoozed" },
];

const campaignOf = (r: LiveRow) => r.campaignName ?? r.campaignId ?? "No campaign";
const teamOf = (r: LiveRow) => r.teamName ?? r.teamId ?? "No team";

/** The Live page. */
export function Live() {
  const [view, { refetch }] = createResource(fetchLive);
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => {
    setNow(Date.now());
    void refetch();
  }, LIVE_REFRESH_SECS * 1000);
  onCleanup(() => clearInterval(timer));
  return (
    <div class="tl-app">
      <header class="tl-topbar">
        <A class="tl-brand" href="/">
          <span class="tl-brand__mark" aria-hidden="true" />
          <span class="tl-brand__name">Tallyline</span>
        </A>
        <AccountMenu />
      </header>
      <main class="tl-main tl-live">
        <h1>Live</h1>
        <Show when={view.error}>
          <p class="tl-notice" role="alert" data-testid="live-error">
            Could not load the live view: {describeError(view.error).message} It is tried again every{" "}
            {LIVE_REFRESH_SECS} seconds.
          </p>
        </Show>
        <Show
          when={view.latest}
          fallback={
            <Show when={!view.error}>
              <p class="tl-loading">Loading…</p>
            </Show>
          }
        >
          {(v) => (
            <>
              <p class="tl-live__fresh" data-testid="live-freshness" aria-live="polite">
                {freshnessLine(v(), now())} Reloads every {LIVE_REFRESH_SECS} seconds.
              </p>
              <p class="tl-muted tl-live__definition" data-testid="live-definition">
                {v().definition}
              </p>
              <section class="tl-grid tl-live__tiles" aria-label="Totals">
                <For each={TILES}>
                  {(tile) => (
                    <article class="tl-kpi tl-live__tile" data-testid={`live-tile-${tile.key}`}>
                      <h2 class="tl-kpi__label">{tile.label}</h2>
                      <p class="tl-kpi__value" data-testid="live-tile-value">
                        {formatCount(v().totals[tile.key])}
                      </p>
                      <p class="tl-muted tl-live__help">{tile.help}</p>
                    </article>
                  )}
                </For>
              </section>
              <section class="tl-report__section">
                <h2>By campaign and team</h2>
                <Show
                  when={v().rows.length > 0}
                  fallback={
                    <p data-testid="live-empty">
                      No open, pending or snoozed conversation at the data's as-of instant: everything in the data is
                      resolved, or the data has no status events (import conversation_events with your conversations).
                    </p>
                  }
                >
                  {/* Focusable, so a keyboard can scroll the table sideways on a narrow screen. */}
                  <section class="tl-table__scroll" tabindex="0" aria-label="Conversations now, by campaign and team">
                    <table class="tl-table" data-testid="live-table">
                      <caption class="tl-visually-hidden">Conversations now, by campaign and team</caption>
                      <thead>
                        <tr>
                          <th scope="col">Campaign</th>
                          <th scope="col">Team</th>
                          <For each={COLUMNS}>{(c) => <th scope="col">{c.label}</th>}</For>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={v().rows}>
                          {(r) => (
                            <tr data-testid="live-row" data-campaign={r.campaignId ?? ""} data-team={r.teamId ?? ""}>
                              <th scope="row">{campaignOf(r)}</th>
                              <td>{teamOf(r)}</td>
                              <For each={COLUMNS}>{(c) => <td data-col={c.key}>{formatCount(r[c.key])}</td>}</For>
                            </tr>
                          )}
                        </For>
                      </tbody>
                      <tfoot>
                        <tr data-testid="live-totals">
                          <th scope="row" colSpan={2}>
                            All campaigns and teams
                          </th>
                          <For each={COLUMNS}>{(c) => <td data-col={c.key}>{formatCount(v().totals[c.key])}</td>}</For>
                        </tr>
                      </tfoot>
                    </table>
                  </section>
                </Show>
              </section>
            </>
          )}
        </Show>
      </main>
    </div>
  );
}
