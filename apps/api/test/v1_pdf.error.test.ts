import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

/** The PDF route's refusals, all decided before anything is printed (this app has no printer). */
let t: TestApp;
beforeAll(async () => {
  t = await testApp(undefined, "UTC", { pdf: { perMinute: 1000 } });
});
afterAll(async () => {
  await t.close();
});

const pdf = (body: unknown) => t.post("/api/v1/pdf", body);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("POST /api/v1/pdf refuses", () => {
  it.each([
    [{}, "exactly one of 'page' and 'reportId'"],
    [{ page: "/", reportId: "calls.offered" }, "exactly one of 'page' and 'reportId'"],
    [{ page: "https://evil.example/" }, "page: a path of this app"],
    [{ page: "//evil.example/" }, "page: a path of this app"],
    [{ page: "/\\evil.example/" }, "page: a path of this app"],
    [{ page: "/admin" }, "page: /admin cannot be printed"],
    [{ page: "/api/v1/users" }, "cannot be printed"],
    [{ page: `/?x=${"a".repeat(2100)}` }, "page"],
    [{ page: "/", from: "1999-02-01" }, "from"],
    [{ page: "/", from: "1999-02-30", to: "1999-03-01" }, "from"],
    [{ page: "/", periodDays: 0 }, "periodDays"],
    [{ page: "/", locale: "not a locale!" }, "locale"],
    [{ page: "/", paper: "A3" }, "paper"],
    [{ page: "/", landscape: "yes" }, "landscape"],
    [{ page: "/", colour: true }, "colour: unknown field"],
  ])("%j: 400 naming the field", async (body, message) => {
    const res = await pdf(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_query");
    expect(error.message).toContain(message);
  });

  it("an unknown report: 404", async () => {
    const res = await pdf({ reportId: "no.such.report" });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("unknown_report");
  });

  it("an unknown segment: 404", async () => {
    const res = await pdf({ page: "/", segmentId: "00000000-0000-4000-8000-000000000000" });
    expect(res.status).toBe(404);
  });

  it("a valid request where no printer runs (no server listens): 503 saying so", async () => {
    const res = await pdf({ page: "/?category=operations", from: "1999-02-01", to: "1999-02-03" });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).message).toContain("not available in this process");
  });

  it("more PDFs than the limit per minute: 429 with Retry-After, counted per caller", async () => {
    const limited = await testApp(undefined, "UTC", { pdf: { perMinute: 2 } });
    try {
      const ask = (authorization?: string) =>
        limited.post(
          "/api/v1/pdf",
          { page: "/" },
          {
            "content-type": "application/json",
            ...(authorization ? { authorization } : {}),
          },
        );
      expect((await ask()).status).toBe(503);
      expect((await ask()).status).toBe(503);
      const third = await ask();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another caller has its own count.
      expect((await ask(await limited.keyHeader("member"))).status).toBe(503);
    } finally {
      await limited.close();
    }
  });
});
