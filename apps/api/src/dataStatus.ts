/**
 * What the database holds, told beside the reports: whether it is the built-in demo data
 * (docs/ingest.md "Demo data") and the days its data spans. Added to existing responses (the report
 * list and every report result), not served by a route of its own.
 */
import { z } from "@hono/zod-openapi";
import { dataSpan, demoImportIds } from "@tallyline/ingest";
import type { Warehouse } from "@tallyline/warehouse";
import type { Services } from "./env";
import { reportRunner } from "./services/reportRunner";

/** The one-line notice of demo data, shown by the API and the dashboard's banner. */
export const DEMO_NOTICE =
  "Demo data: these figures come from the built-in synthetic contact centre, not from your exports. Import your own with 'tallyline ingest' (it replaces the demo), or remove the demo with 'tallyline demo remove'.";

/** The demo marker of a response: `demo` true when the database holds the demo data, with a notice. */
export const DemoMarker = z
  .object({
    demo: z.boolean().openapi({
      description:
        "True when the database holds the built-in demo data (synthetic, source 'demo'). The demo is loaded only into an empty database and removed by the first import of the user's own, so a database with demo data holds nothing else.",
    }),
    notice: z.string().optional().openapi({ description: "One line to show beside the figures when `demo` is true." }),
  })
  .openapi("DemoMarker");
export type DemoMarker = z.infer<typeof DemoMarker>;

/** The days the data spans, in a zone. */
export const DataDays = z
  .object({
    firstDay: z.string().nullable().openapi({
      description:
        "First calendar day (YYYY-MM-DD, in `timezone`) of any fact: a call's start, a conversation's start, a message, an assignment, a rating, an agent state or shift, an hourly invite or traffic row. Null when the database holds none.",
      example: "1999-02-01",
    }),
    lastDay: z
      .string()
      .nullable()
      .openapi({ description: "Last such calendar day; null when none.", example: "1999-02-28" }),
    timezone: z.string().openapi({ description: "IANA zone of the days: the server's default report zone." }),
  })
  .openapi("DataDays");
export type DataDays = z.infer<typeof DataDays>;

/**
 * The demo marker of the services' database, read once per data version on the read pool (the
 * report runner's memo): a cache hit of a report costs no SQL for it.
 */
export function currentDemoMarker(services: Services): Promise<DemoMarker> {
  return reportRunner(services).memo("demo-marker", (q) => demoMarker(q));
}

/** The days the data spans in `timezone`, read once per data version and zone on the read pool. */
export function currentDataDays(services: Services, timezone: string): Promise<DataDays> {
  return reportRunner(services).memo(`data-days:${timezone}`, (q) => dataDays(q, timezone));
}

/** The demo marker of the database: one probe of `imports`. */
export async function demoMarker(warehouse: Pick<Warehouse, "query">): Promise<DemoMarker> {
  const demo = (await demoImportIds(warehouse)).length > 0;
  return demo ? { demo, notice: DEMO_NOTICE } : { demo };
}

/** The days the database's facts span in `timezone` (an IANA zone): min/max of each fact's time column. */
export async function dataDays(warehouse: Pick<Warehouse, "query">, timezone: string): Promise<DataDays> {
  const span = await dataSpan(warehouse, timezone);
  return { firstDay: span?.firstDay ?? null, lastDay: span?.lastDay ?? null, timezone };
}
