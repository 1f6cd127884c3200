/**
 * How a public document is served (issue 12's speed work): bytes made once per snapshot, sent
 * Brotli- or gzip-compressed when the client accepts it, a cap on successful views per address,
 * view counts held in memory and written later, and a revoke that still acts at once.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedEncoding } from "../src/links/encoding";
import { json, type TestApp, testApp } from "./harness";
import { makeLink, OFFERED, openLink } from "./links";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe("acceptedEncoding", () => {
  it("prefers br, then gzip; honours q=0, '*', case and x-gzip", () => {
    expect(acceptedEncoding(undefined)).toBe("identity");
    expect(acceptedEncoding("")).toBe("identity");
    expect(acceptedEncoding("gzip, deflate, br")).toBe("br");
    expect(acceptedEncoding("gzip, deflate")).toBe("gzip");
    expect(acceptedEncoding("GZIP")).toBe("gzip");
    expect(acceptedEncoding("x-gzip")).toBe("gzip");
    expect(acceptedEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(acceptedEncoding("br;q=0, gzip;q=0")).toBe("identity");
    expect(acceptedEncoding("*")).toBe("br");
    expect(acceptedEncoding("*;q=0")).toBe("identity");
    expect(acceptedEncoding("br;q=0, *")).toBe("gzip");
    expect(acceptedEncoding("deflate, identity")).toBe("identity");
    expect(acceptedEncoding(",;,q=")).toBe("identity");
  });
});

describe("GET /api/v1/public/{token}: encodings", () => {
  it("br, gzip and plain answers decode to the same document; Vary: Accept-Encoding", async () => {
    const made = await makeLink(t, { queries: [OFFERED] });
    const plain = await openLink(t, made.token);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    const text = await plain.text();
    // The hand-computed figure of the small log (9 calls offered on 1999-02-01..03).
    expect((JSON.parse(text) as { reports: { result: { value: number } }[] }).reports[0]?.result.value).toBe(9);

    // app.request hands back the bytes as sent (no fetch in between to decode them).
    const br = await openLink(t, made.token, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(text));
    expect(brotliDecompressSync(brBytes).toString("utf8")).toBe(text);

    const gz = await openLink(t, made.token, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")).toBe(text);

    // Security headers are the same whatever the encoding.
    for (const res of [plain, br, gz]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-request-id")).toMatch(/\S/);
      expect(res.headers.get("content-type")).toBe("application/json");
    }
  });

  it("a 404 is the same uncompressed error body whatever the client accepts", async () => {
    const a = await openLink(t, "x".repeat(43), { "accept-encoding": "br" });
    const b = await openLink(t, "x".repeat(43));
    expect(a.status).toBe(404);
    expect(a.headers.get("content-encoding")).toBeNull();
    const strip = (body: { error: { requestId: string } }) => ({ ...body.error, requestId: "" });
    type ErrorBody = { error: { requestId: string } };
    expect(strip(await json<ErrorBody>(a))).toEqual(strip(await json<ErrorBody>(b)));
  });
});

describe("cached documents and links", () => {
  it("a revoke acts on the very next request although the document is held encoded in memory", async () => {
    const made = await makeLink(t, { queries: [OFFERED] });
    expect((await openLink(t, made.token, { "accept-encoding": "br" })).status).toBe(200);
    expect((await t.request(`/api/v1/links/${made.link.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await openLink(t, made.token, { "accept-encoding": "br" })).status).toBe(404);
    expect((await openLink(t, made.token)).status).toBe(404);
  });

  it("a rotation kills the old token at once; expiry acts at its instant", async () => {
    const made = await makeLink(t, { queries: [OFFERED], expiresInDays: 1 });
    expect((await openLink(t, made.token)).status).toBe(200);
    const rotated = await json<{ token: string }>(await t.post(`/api/v1/links/${made.link.id}/rotate`));
    expect((await openLink(t, made.token)).status).toBe(404);
    expect((await openLink(t, rotated.token)).status).toBe(200);
    const start = t.clock.now;
    try {
      t.clock.now = start + 86_400_000 - 1;
      expect((await openLink(t, rotated.token)).status).toBe(200);
      t.clock.now = start + 86_400_000;
      expect((await openLink(t, rotated.token)).status).toBe(404);
    } finally {
      t.clock.now = start;
    }
  });

  it("views are counted in memory and written in one batch (none per request)", async () => {
    const made = await makeLink(t, { queries: [OFFERED], label: "batched" });
    const stored = async () =>
      (
        await t.warehouse.query<{ v: number }>("SELECT views::INTEGER AS v FROM app_links WHERE link_id = $1", [
          made.link.id,
        ])
      )[0]?.v;
    for (let i = 0; i < 7; i++) expect((await openLink(t, made.token)).status).toBe(200);
    // Nothing written yet: the counts wait in memory (flushed every second, by the list, and on close).
    expect(await stored()).toBe(0);
    await t.links.flush();
    expect(await stored()).toBe(7);
    expect(
      await t.warehouse.query(
        "SELECT day::VARCHAR AS day, views::INTEGER AS v FROM app_link_views WHERE link_id = $1",
        [made.link.id],
      ),
    ).toEqual([{ day: "1999-02-03", v: 7 }]);
  });
});

describe("cap on successful views per address", () => {
  it("past the cap: 429 with Retry-After for that address only; the next minute opens again; nothing counted", async () => {
    const u = await testApp(undefined, "UTC", {
      access: { trustProxy: true },
      publicLimits: {
        failuresPerAddress: 60,
        passcodeFailuresPerLink: 10,
        windowSecs: 600,
        viewsPerAddressPerMinute: 3,
      },
    });
    try {
      const made = await makeLink(u, { queries: [OFFERED] });
      const from = (address: string) => openLink(u, made.token, { "x-forwarded-for": address });
      for (let i = 0; i < 3; i++) expect((await from("203.0.113.7")).status).toBe(200);
      const refused = await from("203.0.113.7");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      // Another address is not affected.
      expect((await from("198.51.100.1")).status).toBe(200);
      u.clock.now += 60_000;
      expect((await from("203.0.113.7")).status).toBe(200);
      await u.links.flush();
      expect(
        await u.warehouse.query("SELECT views::INTEGER AS v FROM app_links WHERE link_id = $1", [made.link.id]),
      ).toEqual([{ v: 5 }]);
    } finally {
      await u.close();
    }
  });
});
