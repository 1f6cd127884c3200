import type { ReportDefinition } from "@tallyline/ui";
import { describe, expect, it } from "vitest";
import {
  countLabel,
  drillFilterOf,
  fieldText,
  hasRecords,
  noRecordsReason,
  RECORD_COLUMNS,
  recordKindOf,
  selectorFor,
  timeText,
} from "./records";

const withRecords = (records: { measure: string; kind: string | null }[]) =>
  ({ id: "r", records }) as unknown as ReportDefinition;

describe("recordKindOf / hasRecords", () => {
  it("reads the kind of the first measure with records by default, or of the measure named", () => {
    const def = withRecords([
      { measure: "offered", kind: "call" },
      { measure: "rating", kind: null },
    ]);
    expect(recordKindOf(def)).toBe("call");
    expect(recordKindOf(def, "rating")).toBeNull();
    expect(recordKindOf(def, "unknown")).toBeNull();
    expect(hasRecords(def)).toBe(true);
    expect(hasRecords(def, "rating")).toBe(false);
    const later = withRecords([
      { measure: "rating", kind: null },
      { measure: "handled", kind: "conversation" },
    ]);
    expect(recordKindOf(later)).toBe("conversation");
  });

  it("a report without records (or a list without the field) has no click", () => {
    expect(hasRecords(withRecords([{ measure: "m", kind: null }]))).toBe(false);
    expect(hasRecords({ id: "x" } as ReportDefinition)).toBe(false);
  });
});

describe("selectorFor", () => {
  it("builds the route's selector from each kind of click", () => {
    expect(selectorFor({ kind: "period" })).toEqual({});
    expect(selectorFor({ kind: "bucket", bucket: "1999-02-02" })).toEqual({ bucket: "1999-02-02" });
    expect(selectorFor({ kind: "key", key: "PS", measure: "asa" })).toEqual({ measure: "asa", key: "PS" });
    expect(selectorFor({ kind: "key", key: null })).toEqual({ key: null });
    expect(selectorFor({ kind: "cell", weekday: 1, hour: 9 })).toEqual({ cell: { weekday: 1, hour: 9 } });
  });
});

describe("timeText", () => {
  it("shows a UTC instant in the query's zone, across DST", () => {
    expect(timeText("1999-02-02T13:05:09.000Z", "UTC")).toBe("1999-02-02 13:05:09");
    // Amsterdam is UTC+1 in winter, UTC+2 in summer.
    expect(timeText("1999-02-02T23:30:00Z", "Europe/Amsterdam")).toBe("1999-02-03 00:30:00");
    expect(timeText("1999-07-01T12:00:00Z", "Europe/Amsterdam")).toBe("1999-07-01 14:00:00");
    expect(timeText("not a time", "UTC")).toBe("not a time");
  });
});

describe("fieldText", () => {
  it("formats by field: times, durations, booleans, numbers, text, missing", () => {
    expect(fieldText("started_at", "1999-02-02T08:00:00Z", "America/New_York")).toBe("1999-02-02 03:00:00");
    expect(fieldText("wait_secs", 125, "UTC")).toBe("2 m 5 s");
    expect(fieldText("passed", false, "UTC")).toBe("No");
    expect(fieldText("score", 87.456, "UTC")).toBe("87.46");
    expect(fieldText("queue", "<b>PS</b>", "UTC")).toBe("<b>PS</b>");
    expect(fieldText("agent", null, "UTC")).toBe("–");
  });

  it("every kind lists columns that the API's record fields name", () => {
    const fields = {
      call: ["call_id", "started_at", "queue", "agent", "outcome", "wait_secs", "talk_secs"],
      check_result: ["call_id", "check", "started_at", "passed", "score", "agent"],
      conversation: [
        "conversation_id",
        "started_at",
        "channel",
        "intent",
        "handled_by",
        "first_response_secs",
        "resolution_secs",
      ],
      assignment: ["conversation_id", "assigned_at", "agent", "missed", "first_response_secs", "channel"],
    };
    for (const [kind, columns] of Object.entries(RECORD_COLUMNS)) {
      for (const c of columns) expect(fields[kind as keyof typeof fields]).toContain(c.field);
    }
  });
});

describe("countLabel", () => {
  it("counts with the kind's noun", () => {
    expect(countLabel(1, "call")).toBe("1 call");
    expect(countLabel(12, "call")).toBe("12 calls");
    expect(countLabel(1234, "check_result")).toBe("1,234 check results");
  });
});

describe("noRecordsReason", () => {
  it("says why when no measure has records, and nothing when one has", () => {
    const none = withRecords([
      { measure: "m", kind: null, reason: "it counts messages, not calls or conversations" } as never,
      { measure: "n", kind: null, reason: "another" } as never,
    ]);
    expect(noRecordsReason(none)).toBe("No record list: it counts messages, not calls or conversations.");
    expect(
      noRecordsReason(
        withRecords([
          { measure: "m", kind: "call" },
          { measure: "n", kind: null },
        ]),
      ),
    ).toBeNull();
    expect(noRecordsReason({ id: "x" } as ReportDefinition)).toBeNull();
  });
});

describe("drillFilterOf", () => {
  const byAgent = { id: "calls.agents", dimensionFilter: "agent" } as unknown as ReportDefinition;

  it("offers the report's dimension filter with the row's key, never for (not set)", () => {
    expect(drillFilterOf(byAgent, "A7", "ALICE")).toEqual({ name: "agent", value: "A7", label: "ALICE" });
    expect(drillFilterOf(byAgent, null, "(not set)")).toBeUndefined();
    expect(drillFilterOf(byAgent, "", "(not set)")).toBeUndefined();
    expect(drillFilterOf({ id: "x", dimensionFilter: null } as unknown as ReportDefinition, "k", "K")).toBeUndefined();
  });
});
