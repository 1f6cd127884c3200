import { describe, expect, it } from "vitest";
import { paperOfLocale, pdfFileName, printablePath, withPageQuery } from "../src/pdf/pages";
import { escapeHtml, headerTemplate } from "../src/pdf/printer";

describe("printablePath", () => {
  it("keeps a dashboard path with its query and drops the fragment", () => {
    expect(printablePath("/?category=operations&from=1999-02-01#x")).toEqual({
      path: "/?category=operations&from=1999-02-01",
    });
  });
  it("keeps an area's page (and the Overview)", () => {
    expect(printablePath("/area/contact-centre?from=1999-02-01")).toEqual({
      path: "/area/contact-centre?from=1999-02-01",
    });
    expect(printablePath("/?from=1999-02-01")).toEqual({ path: "/?from=1999-02-01" });
  });
  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil",
    "relative",
    "/admin",
    "/r/abc",
    "/api/v1/users",
    "/area/",
    "/area/x/y",
    "/area/..%2Fadmin",
  ])("refuses %s", (page) => {
    expect(printablePath(page)).toHaveProperty("error");
  });
});

describe("withPageQuery", () => {
  it("sets the period, segment and category over the path's own", () => {
    expect(
      withPageQuery("/?from=2000-01-01&category=x", { from: "1999-02-01", to: "1999-02-03", segment: undefined }),
    ).toBe("/?from=1999-02-01&category=x&to=1999-02-03");
  });
});

describe("paperOfLocale", () => {
  it.each([
    ["en-US", "Letter"],
    ["fr-CA", "Letter"],
    ["es-MX", "Letter"],
    ["en", "Letter"],
    ["en-GB", "A4"],
    ["de-DE", "A4"],
    ["nl", "A4"],
    [undefined, "A4"],
  ])("%s -> %s", (locale, paper) => {
    expect(paperOfLocale(locale)).toBe(paper);
  });
  it("throws on a malformed locale", () => {
    expect(() => paperOfLocale("not a locale!")).toThrow(RangeError);
  });
});

describe("header and file name", () => {
  it("escapes the page's text in the header template", () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)">&'`)).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;",
    );
    expect(headerTemplate("<b>t</b>", "p")).not.toContain("<b>");
  });
  it("names the file from the title and period, in safe characters", () => {
    expect(pdfFileName("Tallyline · Operations", "1999-01-05 to 1999-02-03 (UTC)")).toBe(
      "tallyline-operations-1999-01-05-to-1999-02-03.pdf",
    );
    expect(pdfFileName('Tallyline · "x"/../<y>', "")).toBe("tallyline-x-y.pdf");
  });
});
