import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { render } from "solid-js/web";
import { Shell } from "./components/Shell";
// The admin page loads lazily, but its style sheet also places the dialogs of other pages: kept here, in
// its old place in the cascade.
import "./components/admin.css";
import { Dashboard, preloadDashboard } from "./routes/Dashboard";
import { Imports } from "./routes/Imports";
import { Links } from "./routes/Links";
import { NotFound } from "./routes/NotFound";
import { Overview, preloadOverview } from "./routes/Overview";
import { PublicReport } from "./routes/PublicReport";
import { ReportDetail } from "./routes/ReportDetail";
import { Reports } from "./routes/Reports";
import { Setup } from "./routes/Setup";
import { SignIn } from "./routes/SignIn";
import { Usage } from "./routes/Usage";
import "./styles.css";

import "./print.css";

/*
 * Secondary pages loaded on first use, out of the first view's JS (budget 120 kB gzip,
 * e2e/fast.spec.ts): Schedules (issue 15) and the admin page. Splitting costs the first view ~2.5 kB
 * of compression (a shared chunk), so Schedules alone went over the budget; the admin page (Kobalte
 * Tabs, Toast and dialogs) pays for it. Their confirm dialogs are tested lazily loaded
 * (e2e/schedules.spec.ts, e2e/admin.spec.ts); Imports stays static (its confirm once broke when lazy).
 */
const Schedules = lazy(() => import("./routes/Schedules").then((m) => ({ default: m.Schedules })));
const Admin = lazy(() => import("./routes/Admin").then((m) => ({ default: m.Admin })));

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

render(
  () => (
    <Router root={Shell}>
      <Route path="/" component={Overview} preload={preloadOverview} />
      <Route path="/area/:slug" component={Dashboard} preload={preloadDashboard} />
      <Route path="/admin" component={Admin} />
      <Route path="/imports" component={Imports} />
      <Route path="/links" component={Links} />
      <Route path="/reports" component={Reports} />
      <Route path="/schedules" component={Schedules} />
      <Route path="/reports/:id" component={ReportDetail} />
      <Route path="/settings/usage" component={Usage} />
      <Route path="/r/:token" component={PublicReport} />
      <Route path="/sign-in" component={SignIn} />
      <Route path="/setup" component={Setup} />
      <Route path="*404" component={NotFound} />
    </Router>
  ),
  root,
);
