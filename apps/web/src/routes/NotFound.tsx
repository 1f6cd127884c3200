import { A } from "@solidjs/router";

/** Any path but the dashboard's. */
export function NotFound() {
  return (
    <main class="tl-main tl-not-found">
      <h1>Page not found</h1>
      <p>
        <A href="/">Open the dashboard</A>
      </p>
    </main>
  );
}
