import { FILTER_NAMES } from "@tallyline/report-defs";
import { build } from "vite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import { filtersFromFields, SEGMENT_FILTERS, segmentFromSearch, segmentsApi, withSegment } from "./segments";

// The router's query cache is browser-only; these tests are about the client under it.
vi.mock("@solidjs/router", () => ({ query: <T>(fn: T) => fn }));
afterEach(() => vi.unstubAllGlobals());

describe("segments in the page", () => {
  it("adds segmentId to the report request only when a segment is chosen", () => {
    expect(withSegment({ periodDays: 30 }, undefined)).toEqual({ periodDays: 30 });
    expect(withSegment({ from: "1999-02-01", to: "1999-02-03" }, "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21")).toEqual({
      from: "1999-02-01",
      to: "1999-02-03",
      segmentId: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21",
    });
  });

  it("reads ?segment= only when it is a segment id", () => {
    expect(segmentFromSearch("5D1C3A8E-8f3b-4f4e-9a51-0c7b2f6d9e21")).toBe("5D1C3A8E-8f3b-4f4e-9a51-0c7b2f6d9e21");
    for (const bad of [undefined, "", "all", "../x", "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21x"])
      expect(segmentFromSearch(bad)).toBeUndefined();
  });

  it("turns the dialog's comma-separated fields into filters, blank ones left out", () => {
    expect(filtersFromFields({ queue: " PS, NW ,", agent: "  ", outcome: "answered", nope: "x" })).toEqual({
      queue: ["PS", "NW"],
      outcome: ["answered"],
    });
  });
});

describe("the segment filters", () => {
  it("are report-defs' query filters themselves, not a copy", () => {
    expect(SEGMENT_FILTERS).toBe(FILTER_NAMES);
  });

  it("bundle for the browser without zod or any node-only module", async () => {
    // A real production bundle of this module as the dashboard's build makes it (vite), with the router left out.
    const out = await build({
      configFile: false,
      logLevel: "silent",
      build: {
        write: false,
        lib: { entry: new URL("./segments.ts", import.meta.url).pathname, formats: ["es"], fileName: "segments" },
        rollupOptions: { external: ["@solidjs/router"] },
      },
    });
    const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => ("output" in o ? o.output : []));
    const modules = chunks.flatMap((c) => ("moduleIds" in c ? c.moduleIds : []));
    expect(modules.some((m) => m.endsWith("report-defs/src/filterNames.ts"))).toBe(true);
    expect(modules.filter((m) => /\/zod\/|\/warehouse\/|@duckdb|^node:/.test(m))).toEqual([]);
    const imports = chunks.flatMap((c) => ("imports" in c ? c.imports : []));
    expect(imports).toEqual(["@solidjs/router"]);
  }, 30_000);
});

describe("the segment client", () => {
  it("creates with the CSRF header and JSON body, and throws the API's message on a refusal", async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: "invalid_query", message: "filters.region: unknown field" } }), {
          status: 400,
        }),
    );
    vi.stubGlobal("fetch", fetch);
    const err = await segmentsApi.create({ name: "x", filters: { region: ["a"] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("filters.region: unknown field");
    expect((err as ApiError).status).toBe(400);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/segments");
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["x-tallyline-csrf"]).toBe("1");
    expect(JSON.parse(init.body as string)).toEqual({ name: "x", filters: { region: ["a"] } });
  });
});
