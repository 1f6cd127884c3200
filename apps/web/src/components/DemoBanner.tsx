import { createAsync } from "@solidjs/router";
import { ErrorBoundary, Show, Suspense } from "solid-js";
import { getReportList } from "../lib/api";

/**
 * "Demo data" across the top of every page while the database holds the built-in demo data (the
 * report list's `demo`), saying how to load one's own data and how to remove the demo. Nothing
 * while the list loads or when it fails (the dashboard shows that failure itself).
 */
export function DemoBanner() {
  const catalogue = createAsync(() => getReportList());
  return (
    <ErrorBoundary fallback={null}>
      <Suspense fallback={null}>
        <Show when={catalogue()?.demo}>
          <aside class="tl-demo" aria-label="Demo data" data-testid="demo-banner">
            <p class="tl-demo__title">Demo data</p>
            <p class="tl-demo__text">
              These figures come from a synthetic contact centre built into Tallyline, not from your exports.
            </p>
            <p class="tl-demo__text">
              <strong>To see your own data:</strong> upload an export on the Imports page (admins), or stop the server,
              run <code>pnpm tallyline ingest your-export.csv</code> and start it again; the first import of your own
              removes the demo. <strong>To remove the demo now:</strong> <code>pnpm tallyline demo remove</code>.
            </p>
          </aside>
        </Show>
      </Suspense>
    </ErrorBoundary>
  );
}
