/**
 * Auto-refresh for a wall screen: while the view's `refresh` (minutes, lib/view.ts) is set, the
 * page's cached queries are reloaded on that beat (the same as its Refresh button), and the time of
 * the last reload is kept for the page to show.
 */
import { revalidate } from "@solidjs/router";
import { type Accessor, createEffect, createSignal, onCleanup } from "solid-js";

/**
 * Reloads the page's figures every `minutes()` minutes while it is a number (none when undefined);
 * a change of interval restarts the beat. Returns when the figures were last reloaded by it
 * (undefined before the first beat). `reload` is injectable for tests (default: the router's
 * `revalidate()` of every cached query).
 */
export function useAutoRefresh(
  minutes: Accessor<number | undefined>,
  reload: () => unknown = () => revalidate(),
): Accessor<Date | undefined> {
  const [last, setLast] = createSignal<Date>();
  createEffect(() => {
    const every = minutes();
    if (every === undefined) return;
    const timer = setInterval(() => {
      void reload();
      setLast(new Date());
    }, every * 60_000);
    onCleanup(() => clearInterval(timer));
  });
  return last;
}
