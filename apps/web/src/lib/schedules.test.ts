import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
// The API's own due-time code (croner): the page's words must describe the instants it computes.
import { FREQUENCIES as API_FREQUENCIES, dueBetween } from "../../../api/src/schedules/periods";
import { ApiError } from "./api";
import {
  cadenceText,
  FREQUENCIES,
  featuresOf,
  fieldOfMessage,
  isMissingRoute,
  localTime,
  ordinal,
  ownerText,
  parseRecipients,
  WEEKDAYS,
} from "./schedules";

// The router's query cache is browser-only; these tests are about the pure helpers.
vi.mock("@solidjs/router", () => ({ query: <T>(fn: T) => fn }));

const at = { sendTime: "08:00", timezone: "Europe/Amsterdam" };

describe("cadenceText", () => {
  it("writes each frequency in words", () => {
    expect(cadenceText({ ...at, frequency: "daily", weekday: null, monthDay: null })).toBe(
      "Every day at 08:00, Europe/Amsterdam",
    );
    expect(cadenceText({ ...at, frequency: "weekly", weekday: 1, monthDay: null })).toBe(
      "Every Monday at 08:00, Europe/Amsterdam",
    );
    expect(cadenceText({ ...at, frequency: "biweekly", weekday: 7, monthDay: null })).toBe(
      "Every other Sunday at 08:00, Europe/Amsterdam",
    );
    expect(
      cadenceText({ frequency: "twice_monthly", weekday: null, monthDay: null, sendTime: "07:30", timezone: "UTC" }),
    ).toBe("On the 1st and 16th at 07:30, UTC");
    expect(cadenceText({ ...at, frequency: "monthly", weekday: null, monthDay: 2 })).toBe(
      "On the 2nd of every month at 08:00, Europe/Amsterdam",
    );
    expect(cadenceText({ ...at, frequency: "monthly", weekday: null, monthDay: 31 })).toBe(
      "On the 31st of every month (its last day when shorter) at 08:00, Europe/Amsterdam",
    );
    expect(cadenceText({ ...at, frequency: "every_two_months", weekday: null, monthDay: 3 })).toBe(
      "On the 3rd of January, March, May, July, September and November at 08:00, Europe/Amsterdam",
    );
    expect(cadenceText({ ...at, frequency: "quarterly", weekday: null, monthDay: 15 })).toBe(
      "On the 15th of January, April, July and October at 08:00, Europe/Amsterdam",
    );
  });

  it("offers exactly the API's frequencies: one list, from an import-free module the bundle can take", () => {
    expect(FREQUENCIES).toBe(API_FREQUENCIES);
    const source = readFileSync(
      new URL("../../../../packages/report-defs/src/frequencies.ts", import.meta.url),
      "utf8",
    );
    expect(source).not.toMatch(/^\s*import\b/m);
  });

  it("agrees with the API's due instants: weekday, day of month, months and local time (DST both sides)", () => {
    const from = Date.UTC(2026, 0, 1);
    const until = Date.UTC(2027, 0, 1);
    const cases = [
      { frequency: "weekly", weekday: 1, monthDay: null },
      { frequency: "biweekly", weekday: 5, monthDay: null },
      { frequency: "twice_monthly", weekday: null, monthDay: null },
      { frequency: "monthly", weekday: null, monthDay: 12 },
      { frequency: "every_two_months", weekday: null, monthDay: 3 },
      { frequency: "quarterly", weekday: null, monthDay: 15 },
    ] as const;
    for (const c of cases) {
      const dues = dueBetween({ ...c, ...at }, from, until);
      expect(dues.length).toBeGreaterThan(3);
      const text = cadenceText({ ...c, ...at });
      for (const due of dues) {
        const local = localTime(new Date(due.dueAt).toISOString(), at.timezone);
        expect(local.slice(11)).toBe("08:00");
        const day = local.slice(0, 10);
        const weekday = WEEKDAYS[(new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7] ?? "";
        const month = new Date(`${day}T12:00:00Z`).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
        const dom = Number(day.slice(8));
        if (c.weekday) expect(text).toContain(`Every ${c.frequency === "biweekly" ? "other " : ""}${weekday} `);
        if (c.frequency === "twice_monthly") expect([1, 16]).toContain(dom);
        if (c.monthDay) expect(text).toContain(`the ${ordinal(dom)} of`);
        if (c.frequency === "every_two_months" || c.frequency === "quarterly") expect(text).toContain(month);
      }
    }
  });
});

describe("ordinal", () => {
  it("gives English suffixes", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "30th",
      "31st",
    ]);
  });
});

describe("localTime", () => {
  it("writes an instant as wall time in the zone, across DST", () => {
    // Amsterdam is UTC+1 in winter, UTC+2 in summer.
    expect(localTime("2026-12-14T07:00:00.000Z", "Europe/Amsterdam")).toBe("2026-12-14 08:00");
    expect(localTime("2026-07-06T06:00:00.000Z", "Europe/Amsterdam")).toBe("2026-07-06 08:00");
    expect(localTime("2026-07-06T23:30:00.000Z", "UTC")).toBe("2026-07-06 23:30");
    expect(localTime("2026-07-06T23:30:00.000Z", "Asia/Kolkata")).toBe("2026-07-07 05:00");
  });
  it("gives the text back when it cannot read it", () => {
    expect(localTime("not a time", "UTC")).toBe("not a time");
    expect(localTime("2026-07-06T23:30:00.000Z", "Not/AZone")).toBe("2026-07-06T23:30:00.000Z");
  });
});

describe("parseRecipients", () => {
  it("splits on new lines, commas and semicolons and marks each bad address", () => {
    expect(parseRecipients(" a@example.com,\nB@Example.com ; not-an-address\n\nb@example.com, x@y")).toEqual([
      { address: "a@example.com" },
      { address: "B@Example.com" },
      { address: "not-an-address", problem: "is not an e-mail address" },
      { address: "b@example.com", problem: "is listed twice" },
      { address: "x@y", problem: "is not an e-mail address" },
    ]);
  });
  it("refuses an address over 254 characters and gives nothing for blank text", () => {
    const long = `${"a".repeat(250)}@example.com`;
    expect(parseRecipients(long)).toEqual([{ address: long, problem: "is longer than 254 characters" }]);
    expect(parseRecipients(" \n , ")).toEqual([]);
  });
});

describe("fieldOfMessage", () => {
  it("places the API's 400 messages at their field, a recipient's at its index", () => {
    expect(fieldOfMessage("recipients.2: must be an e-mail address")).toEqual({
      field: "recipients",
      index: 2,
      text: "must be an e-mail address",
    });
    expect(fieldOfMessage("weekday: a weekly schedule needs a weekday (1 Monday .. 7 Sunday)")).toEqual({
      field: "weekday",
      text: "a weekly schedule needs a weekday (1 Monday .. 7 Sunday)",
    });
    expect(fieldOfMessage("timezone: must be an IANA time zone, e.g. Europe/Amsterdam")).toEqual({
      field: "timezone",
      text: "must be an IANA time zone, e.g. Europe/Amsterdam",
    });
    expect(fieldOfMessage("filters.queue: unknown")).toEqual({ field: "filters", text: "unknown" });
  });
  it("leaves other messages for the whole form", () => {
    expect(fieldOfMessage("The workspace already holds 200 schedules; delete some first")).toEqual({
      text: "The workspace already holds 200 schedules; delete some first",
    });
    expect(fieldOfMessage("request: bad")).toEqual({ text: "request: bad" });
  });
});

describe("featuresOf", () => {
  it("reads Send now and the mail options from the OpenAPI document", () => {
    const none = { paths: { "/api/v1/schedules/{scheduleId}/runs": { get: {} } }, components: { schemas: {} } };
    expect(featuresOf(none)).toEqual({ sendNow: false, mailOptions: false });
    const both = {
      paths: { "/api/v1/schedules/{scheduleId}/runs": { get: {}, post: {} } },
      components: { schemas: { NewSchedule: { properties: { name: {}, attachments: {}, narrativeSummary: {} } } } },
    };
    expect(featuresOf(both)).toEqual({ sendNow: true, mailOptions: true });
    expect(featuresOf(null)).toEqual({ sendNow: false, mailOptions: false });
  });
});

describe("isMissingRoute", () => {
  it("is true for the API's 'No route' 404 and 405, not for an unknown schedule", () => {
    expect(isMissingRoute(new ApiError(404, "not_found", "No route POST /api/v1/schedules/x/runs"))).toBe(true);
    expect(isMissingRoute(new ApiError(405, "http_error", "The API answered 405."))).toBe(true);
    expect(isMissingRoute(new ApiError(404, "not_found", "No schedule 0b7c9a62"))).toBe(false);
    expect(isMissingRoute(new ApiError(503, "unavailable", "SMTP is not configured"))).toBe(false);
  });
});

describe("ownerText", () => {
  it("says You for the caller's own schedule", () => {
    expect(ownerText({ kind: "user", id: "abc" }, { kind: "user", id: "abc" })).toBe("You");
    expect(ownerText({ kind: "user", id: "0123456789" }, { kind: "user", id: "abc" })).toBe("User 01234567");
    expect(ownerText({ kind: "key", id: "0123456789" }, undefined)).toBe("API key 01234567");
  });
});
