import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { render } from "solid-js/web";
import { Shell } from "./components/Shell";
// The style sheets of the pages loaded on first use (below) are the app's, loaded first, in the order
// they had when the pages were static imports: a page's sheet holds rules other pages use (admin.css
// has every dialog's position and stacking: without it an AlertDialog's overlay lay over its buttons).
import "./components/admin.css";
import { Dashboard, preloadDashboard } from "./routes/Dashboard";
import "./routes/imports.css";
import "./routes/live.css";
import { NotFound } from "./routes/NotFound";
import { Overview, preloadOverview } from "./routes/Overview";
import { PublicReport } from "./routes/PublicReport";
import "./routes/reports.css";
import { Setup } from "./routes/Setup";
import { SignIn } from "./routes/SignIn";
import "./styles.css";
// Loaded after the app's sheet, as when the Schedules page imported it (its dialog overrides .tl-dialog).
import "./routes/schedules.css";
import "./print.css";

/** Pages few visits start on load on first use, keeping them out of the first view's script. */
const Admin = lazy(() => import("./routes/Admin").then((m) => ({ default: m.Admin })));
const Imports = lazy(() => import("./routes/Imports").then((m) => ({ default: m.Imports })));
const Live = lazy(() => import("./routes/Live").then((m) => ({ default: m.Live })));
const Links = lazy(() => import("./routes/Links").then((m) => ({ default: m.Links })));
const Reports = lazy(() => import("./routes/Reports").then((m) => ({ default: m.Reports })));
const ReportDetail = lazy(() => import("./routes/ReportDetail").then((m) => ({ default: m.ReportDetail })));
const Usage = lazy(() => import("./routes/Usage").then((m) => ({ default: m.Usage })));
const Schedules = lazy(() => import("./routes/Schedules").then((m) => ({ default: m.Schedules })));

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
      <Route path="/live" component={Live} />
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
