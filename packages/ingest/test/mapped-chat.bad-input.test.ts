/**
 * Bad chat logs through a mapping: every refusal names file, line (or the JSON path's element), column
 * (header name or JSON path) and value, and a rejected import leaves the database exactly as it was
 * (checked with table checksums after a good import).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestError, importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const csv = join(import.meta.dirname, "fixtures/mapped-chat/tweets.csv");
const twcsPath = join(import.meta.dirname, "../mappings/twcs.json");
const twcs = JSON.parse(readFileSync(twcsPath, "utf8"));
/** The fixture's lines: the header is line 1, tweet n (1-14) is line n + 1, then tweet 16, then tweet 15. */
const lines = readFileSync(csv, "utf8").trimEnd().split("\n");

let dir: string;
let wh: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-bad-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
  expect((await importFile(wh, csv, { mapping: twcsPath })).status).toBe("imported");
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Imports `content` as `name` with `mapping` (an object, or the path of twcs.json); expects a refusal that writes nothing. */
async function reject(name: string, content: string, mapping: object | string = twcsPath): Promise<IngestError> {
  const before = await tableChecksums(wh);
  const mappingPath = typeof mapping === "string" ? mapping : write(`${name}.mapping.json`, JSON.stringify(mapping));
  const e = await importFile(wh, write(name, content), { mapping: mappingPath }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(IngestError);
  expect(await tableChecksums(wh)).toEqual(before);
  return e as IngestError;
}

/** The fixture with line `n` (1-based) passed through `edit`. */
const edited = (edits: Record<number, (line: string) => string>) =>
  `${lines.map((l, i) => edits[i + 1]?.(l) ?? l).join("\n")}\n`;

describe("bad values and threads in a csv chat log", () => {
  it("a weekday that does not match the date, an unknown inbound value, a repeated id, a reply loop and a reply into it", async () => {
    const e = await reject(
      "bad.csv",
      edited({
        3: (l) => l.replace("Tue Oct 31 22:14:47", "Wed Oct 31 22:14:47"),
        5: (l) => l.replace(",False,", ",Maybe,"),
        8: (l) => l.replace(/^7,/, "6,"),
        // Tweets 11 and 12 answer each other; tweet 13 answers tweet 12 (and 14 answers 13).
        12: (l) => l.replace(/,12,$/, ",12,12"),
        14: (l) => l.replace(/,14,$/, ",14,12"),
      }),
    );
    expect(e.code).toBe("bad_rows");
    expect(e.issues).toEqual([
      {
        file: "bad.csv",
        line: 3,
        column: "created_at",
        value: "Wed Oct 31 22:14:47 +0000 2017",
        reason: "is not a Twitter date-time (Tue Oct 31 22:10:47 +0000 2017): the weekday does not match the date",
      },
      { file: "bad.csv", line: 5, column: "inbound", value: "Maybe", reason: "is not one of True, False" },
      { file: "bad.csv", line: 8, column: "tweet_id", value: "6", reason: "repeats the message id of line 7" },
      {
        file: "bad.csv",
        line: 12,
        column: "in_response_to_tweet_id",
        value: "12",
        reason: "replies lead back to this message (a reply loop): its thread has no first message",
      },
      {
        file: "bad.csv",
        line: 13,
        column: "in_response_to_tweet_id",
        value: "11",
        reason: "replies lead back to this message (a reply loop): its thread has no first message",
      },
      {
        file: "bad.csv",
        line: 14,
        column: "in_response_to_tweet_id",
        value: "12",
        reason: "answers a message of a reply loop: its thread has no first message",
      },
      // Tweet 14 answers tweet 13: it has no first message either.
      {
        file: "bad.csv",
        line: 15,
        column: "in_response_to_tweet_id",
        value: "13",
        reason: "answers a message of a reply loop: its thread has no first message",
      },
    ]);
    expect(e.message).toContain('bad.csv:5: column "inbound", value "Maybe": is not one of True, False');
  });

  it("a column the mapping reads is missing from the header: named on the header line", async () => {
    const e = await reject("renamed.csv", edited({ 1: (l) => l.replace("inbound", "direction") }));
    expect(e.code).toBe("bad_header");
    expect(e.issues).toEqual([
      {
        file: "renamed.csv",
        line: 1,
        column: "inbound",
        value: "",
        reason: "the mapping reads this column but the header does not have it",
      },
    ]);
    expect(e.message).toContain("has: tweet_id, author_id, direction, created_at");
  });

  it("a thread no company answers, without a default campaign", async () => {
    const { default: _, ...campaign } = twcs.campaign;
    const e = await reject("no-default.csv", edited({ 2: (l) => `${l} ` }), { ...twcs, campaign });
    expect(e.issues).toEqual([
      {
        file: "no-default.csv",
        line: 12,
        column: "author_id",
        value: "",
        reason: 'no message of conversation twcs:11 gives a campaign, and the campaign has no "default"',
      },
    ]);
  });

  it("a sender column without a map must hold roles; an empty required author; a negative length", async () => {
    const m = { ...twcs, fields: { ...twcs.fields, sender: "inbound", length_chars: "response_tweet_id" } };
    const e = await reject(
      "roles.csv",
      edited({ 2: (l) => l.replace(/,2,$/, ",-2,"), 4: (l) => l.replace("115712", "") }),
      m,
    );
    expect(e.issues.slice(0, 4)).toEqual([
      {
        file: "roles.csv",
        line: 2,
        column: "inbound",
        value: "True",
        reason:
          'is not a sender role (contact, agent, bot, system): give a "map", e.g. {"True": "contact", "False": "agent"}',
      },
      { file: "roles.csv", line: 2, column: "response_tweet_id", value: "-2", reason: "is not a whole number >= 0" },
      {
        file: "roles.csv",
        line: 3,
        column: "inbound",
        value: "False",
        reason: expect.stringMatching(/^is not a sender role/),
      },
      { file: "roles.csv", line: 4, column: "author_id", value: "", reason: "is empty" },
    ]);
  });

  it("a sender or conversation for which no case applies", async () => {
    const m = {
      ...twcs,
      fields: {
        ...twcs.fields,
        sender: { cases: [{ value: "agent", when: { column: "inbound", equals: "False" } }] },
        message_id: { cases: [{ column: "tweet_id", when: { column: "tweet_id", notEquals: "3" } }] },
      },
    };
    const e = await reject("no-case.csv", edited({ 2: (l) => `${l} ` }), m);
    expect(e.issues.slice(0, 3)).toEqual([
      {
        file: "no-case.csv",
        line: 2,
        column: "inbound",
        value: "True",
        reason: "gives no sender (no case applies), which is required",
      },
      {
        file: "no-case.csv",
        line: 4,
        column: "inbound",
        value: "True",
        reason: "gives no sender (no case applies), which is required",
      },
      {
        file: "no-case.csv",
        line: 4,
        column: "tweet_id",
        value: "3",
        reason: "gives no message_id (no case applies), which is required",
      },
    ]);
  });

  it("a conversation none of whose messages has a time", async () => {
    const m = {
      kind: "chat",
      format: { type: "csv" },
      source: "x",
      campaign: { id: "x", name: "X" },
      fields: {
        conversation_id: "c",
        sent_at: { column: "at", required: false },
        author: "who",
        sender: { value: "contact" },
      },
    };
    const e = await reject("untimed.csv", "c,at,who\nk1,2026-01-05T10:00:00Z,u\nk2,,u\nk2,,v\n", m);
    expect(e.issues).toEqual([
      { file: "untimed.csv", line: 3, column: "at", value: "", reason: "conversation x:k2 has no message with a time" },
    ]);
  });
});

describe("bad JSON and NDJSON chat logs: the JSON path of the value", () => {
  const m = {
    ...twcs,
    format: { type: "json" },
    campaign: { ...twcs.campaign, when: { column: "inbound", equals: "false" } },
    fields: { ...twcs.fields, sender: { column: "inbound", map: { true: "contact", false: "agent" } } },
  };
  const good = {
    tweet_id: "1",
    author_id: "115712",
    inbound: true,
    created_at: "Tue Oct 31 22:10:47 +0000 2017",
    text: "hi",
  };

  it("an object where a value is read, an id beyond 2^53, a missing key, an escaped NUL", async () => {
    const records = [
      { ...good, author_id: { id: 5 } },
      { ...good, tweet_id: 2 ** 64 },
      { ...good, tweet_id: "3", created_at: undefined },
      { ...good, tweet_id: "4", text: "a\u0000b" },
    ];
    const e = await reject("bad.json", JSON.stringify(records, null, 2), m);
    expect(e.issues).toEqual([
      { file: "bad.json", line: 1, column: "[0].author_id", value: '{"id":5}', reason: "is an object, not a value" },
      {
        file: "bad.json",
        line: 2,
        column: "[1].tweet_id",
        value: "18446744073709552000",
        reason:
          "is a whole number beyond 2^53, which JSON readers cannot hold exactly (an id would change): write it as a string",
      },
      { file: "bad.json", line: 3, column: "[2].created_at", value: "", reason: "is missing" },
      {
        file: "bad.json",
        line: 4,
        column: "[3].text",
        value: "a\u0000b",
        reason: expect.stringMatching(/^contains a NUL character/),
      },
    ]);
  });

  it("NDJSON: a line that is not JSON, and a record that is not an object, by their lines", async () => {
    const text = [JSON.stringify(good), '{"tweet_id": "2", oops', "", '"just text"'].join("\n");
    const e = await reject("bad.ndjson", text, { ...m, format: { type: "ndjson" } });
    expect(e.issues.map((i) => [i.line, i.column, i.value, i.reason.replace(/:.*$/, "")])).toEqual([
      [2, "-", '{"tweet_id": "2", oops', "is not JSON"],
      [4, "(root)", "just text", "is not an object"],
    ]);
  });

  it("a root the records path cannot walk is unreadable", async () => {
    const e = await reject("object.json", JSON.stringify({ data: [good] }), m);
    expect(e.code).toBe("unreadable");
    expect(e.issues).toEqual([
      {
        file: "object.json",
        line: 1,
        column: "(root)",
        value: '{"data":[{"tweet_id":"1","author_id":"11',
        reason: "is not an array (the records path reads [*]): $[*]",
      },
    ]);
  });

  it("a file that is not JSON names the line of the syntax error", async () => {
    const e = await reject("cut.json", '[\n  {"tweet_id": "1",\n  "text": "hi"\n', m);
    expect(e.code).toBe("unreadable");
    expect(e.issues[0]).toMatchObject({ file: "cut.json", column: "-", reason: expect.stringMatching(/^is not JSON/) });
  });
});

describe("the mapping's kind", () => {
  it("a kind other than chat is refused, naming it", async () => {
    const e = await reject("kind.csv", lines.join("\n"), { ...twcs, kind: "calls" });
    expect(e.code).toBe("unknown_format");
    expect(e.issues).toEqual([
      {
        file: "kind.csv.mapping.json",
        line: 1,
        column: "kind",
        value: '"calls"',
        reason: 'is not a mapping kind: "chat" marks a chat mapping, and a call mapping has no kind',
      },
    ]);
  });

  it("without a kind the mapping is read as a call mapping, which says what it lacks", async () => {
    const { kind: _, ...noKind } = twcs;
    const e = await reject("nokind.csv", lines.join("\n"), noKind);
    expect(e.code).toBe("unknown_format");
    expect(e.message).toMatch(/^Invalid mapping nokind\.csv\.mapping\.json/);
    expect(e.issues.map((i) => i.column)).toContain("fields.call_id");
  });
});
