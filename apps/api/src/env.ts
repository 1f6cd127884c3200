import type { Registry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";

/** Services injected into every request (STYLE.md: typed in the Hono env, passed by the app factory). */
export interface Services {
  readonly warehouse: Warehouse;
  readonly registry: Registry;
  /** Current instant in ms; tests pin it. */
  readonly now: () => number;
  /** Zone for queries that name none. */
  readonly defaultTimezone: string;
}

export interface AppEnv {
  Variables: { services: Services; requestId: string };
}
