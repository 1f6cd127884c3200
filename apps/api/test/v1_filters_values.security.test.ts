/**
 * `GET /api/v1/filters/{name}/values` security: closed to anonymous callers (the matrix checks every
 * kind of caller); the search text reaches SQL only as a bound parameter, whatever it holds; values
 * that look like markup or SQL come back as JSON text, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterValues } from "../src/routes/v1_filters_values";
import { httpApp } from "./http-harness";

let t: Awaited<ReturnType<typeof httpApp>>;
beforeAll(async () => {
  t = await httpApp();
  // A queue whose name is markup and SQL, as a hostile export could carry.
  await t.warehouse.run("UPDATE calls SET queue = $1 WHERE call_id LIKE '%AA0102:7'", [
    `<img src=x onerror=alert(1)>'; DROP TABLE calls; --`,
  ]);
});
afterAll(() => t.close());

describe("filter values", () => {
  it("anonymous: 401", async () => {
    const res = await fetch(`${t.url}/api/v1/filters/queue/values`);
    expect(res.status).toBe(401);
  });

  it("the search text is bound, never written into SQL", async () => {
    const q = "x' OR 1=1; DROP TABLE calls; --";
    const before = t.sql.length;
    const res = await t.get(`/api/v1/filters/queue/values?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(FilterValues.parse(await res.json()).items).toEqual([]);
    const ran = t.sql.slice(before);
    expect(ran.some((s) => s.includes("ORDER BY count DESC, value"))).toBe(true);
    expect(ran.join("\n")).not.toContain("DROP TABLE");
    const [row] = await t.warehouse.query<{ n: number }>("SELECT count(*)::INT AS n FROM calls");
    expect(row?.n).toBe(13);
  });

  it("a value that is markup comes back as JSON text, unchanged", async () => {
    const res = await t.get(`/api/v1/filters/queue/values?q=${encodeURIComponent("<img")}`);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(FilterValues.parse(await res.json()).items).toEqual([
      { value: `<img src=x onerror=alert(1)>'; DROP TABLE calls; --`, label: null, count: 1 },
    ]);
  });
});
