import type { ReportResult } from "@tallyline/ui";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, attachmentName, describeError, resultOfShape, safeNext, signInHref } from "./api";

// The router's query cache is browser-only; these tests are about the client under it.
vi.mock("@solidjs/router", () => ({ query: <T>(fn: T) => fn }));

function answer(status: number, body: unknown, statusText = "") {
  const fetch = vi.fn(
    async () =>
      new Response(typeof body === "string" ? body : JSON.stringify(body), {
        status,
        statusText,
        headers: { "content-type": "application/json" },
      }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("api client", () => {
  it("lists reports from the items of the list route, with the demo marker and the data's days", async () => {
    const data = { firstDay: "1999-02-01", lastDay: "1999-02-28", timezone: "UTC" };
    const fetch = answer(200, {
      items: [{ id: "calls.offered", shape: "kpi" }],
      demo: true,
      notice: "Demo data.",
      data,
    });
    await expect(api.listReports()).resolves.toEqual({
      items: [{ id: "calls.offered", shape: "kpi" }],
      demo: true,
      notice: "Demo data.",
      data,
    });
    expect(fetch).toHaveBeenCalledWith("/api/v1/platform/report/list", expect.objectContaining({}));
  });

  it("reads a list without the marker and the days as no demo and unknown days", async () => {
    answer(200, { items: [] });
    await expect(api.listReports()).resolves.toEqual({
      items: [],
      demo: false,
      data: { firstDay: null, lastDay: null },
    });
  });

  it("posts the period as JSON to the fetch route", async () => {
    const fetch = answer(200, { reportId: "calls.asa", value: 41.7 });
    await expect(api.fetchReport("calls.asa", { from: "1999-02-01", to: "1999-02-28" })).resolves.toMatchObject({
      value: 41.7,
    });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/report/calls.asa/fetch");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ from: "1999-02-01", to: "1999-02-28" });
    expect(init.headers).toMatchObject({ "content-type": "application/json" });
  });

  it("throws the API's error code and message", async () => {
    answer(400, { error: { code: "invalid_period", message: "from must not be after to", requestId: "r1" } });
    const error = await api.fetchReport("calls.asa", { periodDays: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_period",
      message: "from must not be after to",
      requestId: "r1",
    });
  });

  it("names the status when the failure has no error body", async () => {
    answer(502, "<html>Bad gateway</html>", "Bad Gateway");
    await expect(api.listReports()).rejects.toMatchObject({
      code: "http_error",
      message: "The API answered 502 Bad Gateway.",
    });
  });

  it("keeps the cause of a network failure and of a body that is not JSON", async () => {
    const down = new TypeError("fetch failed");
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(down)),
    );
    await expect(api.listReports()).rejects.toMatchObject({ code: "network_error", status: 0, cause: down });
    answer(200, "not json");
    await expect(api.listReports()).rejects.toMatchObject({ code: "invalid_response" });
  });
});

describe("resultOfShape", () => {
  it("passes a result of the expected shape and refuses another", () => {
    const result = { reportId: "chatbot.languages", shape: "distribution" } as unknown as ReportResult;
    expect(resultOfShape(result, "distribution")).toBe(result);
    expect(() => resultOfShape(result, "ranking")).toThrow(
      expect.objectContaining({
        code: "unexpected_shape",
        message: "Report chatbot.languages answered with a distribution result where its definition says ranking.",
      }),
    );
  });
});

describe("describeError", () => {
  it("gives the API's message, code and request id", () => {
    expect(describeError(new ApiError(404, "report_not_found", "No report calls.x", "r9"))).toEqual({
      message: "No report calls.x",
      code: "report_not_found",
      requestId: "r9",
    });
    expect(describeError(new Error("boom"))).toEqual({ message: "boom" });
    expect(describeError("odd")).toEqual({ message: "odd" });
  });
});

describe("access", () => {
  it("sends the CSRF header with every request, reads and writes", async () => {
    const fetch = answer(200, { items: [] });
    await api.listReports();
    await api.fetchReport("calls.asa", { periodDays: 7 });
    for (const call of fetch.mock.calls as unknown as [string, RequestInit][]) {
      expect(call[1].headers).toMatchObject({ "x-tallyline-csrf": "1" });
    }
  });

  it("goes to the sign-in page, asked to come back, when the API answers 401", async () => {
    const assign = vi.fn();
    vi.stubGlobal("window", { location: { pathname: "/", search: "?category=chat&from=2026-11-01", assign } });
    answer(401, { error: { code: "unauthorized", message: "Sign in", requestId: "r" } });
    await expect(api.listReports()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(assign).toHaveBeenCalledWith("/sign-in?next=%2F%3Fcategory%3Dchat%26from%3D2026-11-01");
  });

  it("stays on the sign-in page when sign-in itself answers 401, and shows the API's message", async () => {
    const assign = vi.fn();
    vi.stubGlobal("window", { location: { pathname: "/sign-in", search: "", assign } });
    answer(401, { error: { code: "invalid_credentials", message: "E-mail or password is wrong", requestId: "r" } });
    await expect(api.signIn("a@example.com", "x")).rejects.toMatchObject({ message: "E-mail or password is wrong" });
    expect(assign).not.toHaveBeenCalled();
  });

  it("sign-out takes a 204 without a body", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await expect(api.signOut()).resolves.toBeUndefined();
  });

  it("comes back only to paths of this site", () => {
    expect(safeNext("/?category=chat")).toBe("/?category=chat");
    for (const bad of [
      undefined,
      "",
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "/sign-in",
      "/setup#token=x",
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
    expect(signInHref("/")).toBe("/sign-in");
    expect(signInHref("//evil.example")).toBe("/sign-in");
  });
});

describe("report export", () => {
  it("posts the request to the export route with the CSRF header and returns the file with its name", async () => {
    const fetch = vi.fn(
      async () =>
        new Response("Date,Calls offered\r\n", {
          status: 200,
          headers: {
            "content-type": "text/csv",
            "content-disposition": 'attachment; filename="calls.offered_1999-02-01_1999-02-03.csv"',
          },
        }),
    );
    vi.stubGlobal("fetch", fetch);
    const file = await api.exportReport("calls.offered", { from: "1999-02-01", to: "1999-02-03" }, "csv", {
      bom: true,
    });
    expect(file.fileName).toBe("calls.offered_1999-02-01_1999-02-03.csv");
    expect(await file.blob.text()).toBe("Date,Calls offered\r\n");
    expect(fetch).toHaveBeenCalledWith(
      "/api/v1/report/calls.offered/export?format=csv&bom=1",
      expect.objectContaining({
        method: "POST",
        body: JSON.stringify({ from: "1999-02-01", to: "1999-02-03" }),
        headers: expect.objectContaining({ "x-tallyline-csrf": "1" }),
      }),
    );
  });

  it("throws the API's error for a failed export", async () => {
    answer(400, { error: { code: "invalid_query", message: "from: not a date", requestId: "r1" } });
    await expect(api.exportReport("calls.offered", { periodDays: 7 }, "xlsx")).rejects.toMatchObject({
      status: 400,
      code: "invalid_query",
      message: "from: not a date",
    });
  });

  it("keeps a file name of safe characters only, else falls back", () => {
    expect(attachmentName('attachment; filename="a.b_1-2.csv"', "x.csv")).toBe("a.b_1-2.csv");
    expect(attachmentName('attachment; filename="../evil.csv"', "x.csv")).toBe("x.csv");
    expect(attachmentName(null, "x.csv")).toBe("x.csv");
  });
});
