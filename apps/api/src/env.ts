import type { Registry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import type { Principal } from "./auth/accounts";
import type { Security } from "./auth/security";
import type { ReportRunner } from "./services/reportRunner";

/** Services injected into every request (STYLE.md: typed in the Hono env, passed by the app factory). */
export interface Services {
  readonly warehouse: Warehouse;
  readonly registry: Registry;
  /** Current instant in ms; tests pin it. */
  readonly now: () => number;
  /** Zone for queries that name none. */
  readonly defaultTimezone: string;
  /** Runs reports on the read pool with the result cache; absent: a default one per warehouse (services/reportRunner.ts). */
  readonly reports?: ReportRunner;
}

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    /** Accounts, site, limits (app.ts sets it on every request). */
    security: Security;
    /** Who is calling; set by the authentication step on every route that is not open. */
    principal: Principal | undefined;
  };
}
