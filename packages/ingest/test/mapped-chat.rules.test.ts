/**
 * The derivation rules of chat mappings (docs/mapping.md, "What is derived") on small hand-written logs:
 * conversations from a column with bots, hand-overs and a proactive agent; both assignment rules;
 * message keys without an id column; threads whose parents come later in the file or are missing;
 * timestamps with offsets, in a zone, and in the named formats (checked against Python's email.utils
 * and datetime, run once by hand: 2017-10-31T22:10:47Z is 1509487847).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOwnFormat } from "../src/adapters/mapped-chat/times";
import { importFile } from "../src/index";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-rules-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Imports `content` as `name` with `mapping` into a new database and returns it (the caller closes it). */
async function load(name: string, content: string, mapping: object, timezone?: string): Promise<Warehouse> {
  const wh = await Warehouse.open(join(dir, `${name}.duckdb`));
  const s = await importFile(wh, write(name, content), {
    mapping: write(`${name}.mapping.json`, JSON.stringify(mapping)),
    ...(timezone ? { timezone } : {}),
  });
  expect(s.status).toBe("imported");
  return wh;
}

const iso = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S')`;

// Local times in Amsterdam on 2 March 2026 (UTC+1). c1: a bot answers, Anna takes over, then Ben; Anna's
// last message is written last in the file. c2: the bot alone. c3: Anna writes first (a proactive chat).
const chats = `chat;date;time;from;role;text
c1;02/03/2026;09:00:00;v1;visitor;Hi
c1;02/03/2026;09:00:05;bot;bot;Hello! How can I help?
c1;02/03/2026;09:01:00;v1;visitor;I need a human
c1;02/03/2026;09:03:00;anna;agent;Anna here
c1;02/03/2026;09:04:00;v1;visitor;thanks
c1;02/03/2026;09:06:00;ben;agent;Ben takes over
c2;02/03/2026;10:00:00;v2;visitor;Opening hours?
c2;02/03/2026;10:00:02;bot;bot;9 to 5
c3;02/03/2026;11:00:00;anna;agent;Proactive hello
c3;02/03/2026;11:02:00;v3;visitor;oh hi
c1;02/03/2026;09:06:30;anna;agent;Anna again
`;
const chatMapping = {
  kind: "chat",
  format: { type: "csv" },
  source: "acme-chat",
  campaign: { id: "acme-web", name: "Acme web chat" },
  timezone: "Europe/Amsterdam",
  dateFormat: "DD/MM/YYYY",
  timeFormat: "HH:MM:SS",
  fields: {
    conversation_id: "chat",
    sent_at: { date: "date", time: "time" },
    author: "from",
    sender: { column: "role", map: { visitor: "contact", bot: "bot", agent: "agent" } },
    text: "text",
  },
};

describe("conversations from a column: bots, hand-overs, a proactive agent", () => {
  let wh: Warehouse;
  beforeAll(async () => {
    // --timezone UTC is overridden by the mapping's Amsterdam.
    wh = await load("chats.csv", chats, chatMapping, "UTC");
  });
  afterAll(() => wh?.close());

  it("conversations: start, end, contact, handled_by, first and last agent, message count", async () => {
    const rows =
      await wh.query(`SELECT conversation_id, campaign_id, contact_id, ${iso("started_at")} AS s, ${iso("ended_at")} AS e,
      channel, handled_by, first_agent_id, last_agent_id, message_count FROM conversations ORDER BY 1`);
    expect(rows.map((r) => Object.values(r))).toEqual([
      [
        "acme-chat:c1",
        "acme-web",
        "acme-chat:v1",
        "2026-03-02T08:00:00",
        "2026-03-02T08:06:30",
        "chat",
        "hybrid",
        "acme-chat:anna",
        "acme-chat:anna",
        7,
      ],
      [
        "acme-chat:c2",
        "acme-web",
        "acme-chat:v2",
        "2026-03-02T09:00:00",
        "2026-03-02T09:00:02",
        "chat",
        "bot",
        null,
        null,
        2,
      ],
      [
        "acme-chat:c3",
        "acme-web",
        "acme-chat:v3",
        "2026-03-02T10:00:00",
        "2026-03-02T10:02:00",
        "chat",
        "agent",
        "acme-chat:anna",
        "acme-chat:anna",
        2,
      ],
    ]);
  });

  it("messages: keyed '{conversation}:{seq}' in time order; bots have no agent and are not contacts", async () => {
    const rows = await wh.query(
      `SELECT message_id, seq, sender, agent_id, contact_id, length_chars FROM messages WHERE conversation_id = 'acme-chat:c1' ORDER BY seq`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      ["acme-chat:c1:1", 1, "contact", null, "acme-chat:v1", 2],
      ["acme-chat:c1:2", 2, "bot", null, null, 22],
      ["acme-chat:c1:3", 3, "contact", null, "acme-chat:v1", 14],
      ["acme-chat:c1:4", 4, "agent", "acme-chat:anna", null, 9],
      ["acme-chat:c1:5", 5, "contact", null, "acme-chat:v1", 6],
      ["acme-chat:c1:6", 6, "agent", "acme-chat:ben", null, 14],
      ["acme-chat:c1:7", 7, "agent", "acme-chat:anna", null, 10],
    ]);
    expect(await wh.query(`SELECT contact_id, ${iso("first_seen_at")} AS f FROM contacts ORDER BY 1`)).toEqual([
      { contact_id: "acme-chat:v1", f: "2026-03-02T08:00:00" },
      { contact_id: "acme-chat:v2", f: "2026-03-02T09:00:00" },
      { contact_id: "acme-chat:v3", f: "2026-03-02T10:02:00" },
    ]);
    expect(await wh.query("SELECT agent_id, username FROM agents ORDER BY 1")).toEqual([
      { agent_id: "acme-chat:anna", username: "anna" },
      { agent_id: "acme-chat:ben", username: "ben" },
    ]);
  });

  it("assignments per agent: Ben's is offered at the first visitor message after Anna's first reply; a proactive one at the reply", async () => {
    const rows = await wh.query(
      `SELECT assignment_id, seq, agent_id, ${iso("assigned_at")} AS a, ${iso("first_response_at")} AS f, missed, accepted_at, closed_at FROM assignments ORDER BY 1`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      ["acme-chat:c1:1", 1, "acme-chat:anna", "2026-03-02T08:00:00", "2026-03-02T08:03:00", false, null, null],
      ["acme-chat:c1:2", 2, "acme-chat:ben", "2026-03-02T08:04:00", "2026-03-02T08:06:00", false, null, null],
      ["acme-chat:c3:1", 1, "acme-chat:anna", "2026-03-02T10:00:00", "2026-03-02T10:00:00", false, null, null],
    ]);
  });

  it("per-conversation: one assignment per conversation, for its first agent message", async () => {
    const other = await load("chats2.csv", chats, { ...chatMapping, assignments: "per-conversation" });
    try {
      const rows = await other.query(
        `SELECT assignment_id, agent_id, ${iso("assigned_at")} AS a, ${iso("first_response_at")} AS f FROM assignments ORDER BY 1`,
      );
      expect(rows.map((r) => Object.values(r))).toEqual([
        ["acme-chat:c1:1", "acme-chat:anna", "2026-03-02T08:00:00", "2026-03-02T08:03:00"],
        ["acme-chat:c3:1", "acme-chat:anna", "2026-03-02T10:00:00", "2026-03-02T10:00:00"],
      ]);
    } finally {
      await other.close();
    }
  });

  it("text only with storeText", async () => {
    expect(await wh.query("SELECT count(text) AS n FROM messages")).toEqual([{ n: 0 }]);
    const other = await load("chats3.csv", chats, { ...chatMapping, storeText: true });
    try {
      expect(await other.query("SELECT text FROM messages WHERE message_id = 'acme-chat:c1:2'")).toEqual([
        { text: "Hello! How can I help?" },
      ]);
    } finally {
      await other.close();
    }
  });
});

describe("threads from reply-to ids", () => {
  // a3 answers a2, which comes later in the file; b1 answers zz, which is not in the file; b2 has b1's time.
  const tweets = `id,parent,at,who,dir
a3,a2,2026-01-05T10:02:00Z,u1,in
a1,,2026-01-05T10:00:00Z,u1,in
a2,a1,2026-01-05T11:01:00+01:00,shop,out
b1,zz,2026-01-05 12:00:00,u2,in
b2,b1,2026-01-05 12:00:00,shop,out
`;
  const mapping = {
    kind: "chat",
    format: { type: "csv" },
    source: "t",
    campaign: { id: "t", name: "T" },
    fields: {
      message_id: "id",
      reply_to: "parent",
      sent_at: "at",
      author: "who",
      sender: { column: "dir", map: { in: "contact", out: "agent" } },
    },
  };

  it("a reply joins its parent's thread wherever it is written; a missing parent starts a thread; ties keep file order", async () => {
    // No offset: read in --timezone Europe/Amsterdam (UTC+1 in January): 12:00 is 11:00Z.
    const wh = await load("thread.csv", tweets, mapping, "Europe/Amsterdam");
    try {
      const rows = await wh.query(
        `SELECT message_id, conversation_id, seq, ${iso("sent_at")} AS at FROM messages ORDER BY conversation_id, seq`,
      );
      expect(rows.map((r) => Object.values(r))).toEqual([
        ["t:a1", "t:a1", 1, "2026-01-05T10:00:00"],
        ["t:a2", "t:a1", 2, "2026-01-05T10:01:00"],
        ["t:a3", "t:a1", 3, "2026-01-05T10:02:00"],
        ["t:b1", "t:b1", 1, "2026-01-05T11:00:00"],
        ["t:b2", "t:b1", 2, "2026-01-05T11:00:00"],
      ]);
      const a = await wh.query(
        `SELECT assignment_id, agent_id, date_diff('second', assigned_at, first_response_at) AS frt FROM assignments ORDER BY 1`,
      );
      expect(a).toEqual([
        { assignment_id: "t:a1:1", agent_id: "t:shop", frt: 60 },
        { assignment_id: "t:b1:1", agent_id: "t:shop", frt: 0 },
      ]);
    } finally {
      await wh.close();
    }
  });
});

describe("named timestamp formats", () => {
  const at = "2017-10-31T22:10:47.000Z";
  const instant = (v: string | number, f: Parameters<typeof parseOwnFormat>[1]) => {
    const r = parseOwnFormat(v, f);
    return r instanceof Date ? r.toISOString() : r.reason;
  };

  it("RFC 2822: numeric offsets, GMT and US zones, no weekday, a comment", () => {
    for (const text of [
      "Tue, 31 Oct 2017 22:10:47 +0000",
      "31 Oct 2017 23:10:47 +0100",
      "Tue, 31 Oct 2017 17:10:47 EST",
      "Tue, 31 Oct 2017 22:10:47 GMT",
      "Tue, 31 Oct 2017 22:10:47 +0000 (UTC)",
    ])
      expect(instant(text, "rfc-2822"), text).toBe(at);
  });

  it("Twitter: 'Tue Oct 31 22:10:47 +0000 2017', with other offsets", () => {
    expect(instant("Tue Oct 31 22:10:47 +0000 2017", "twitter")).toBe(at);
    expect(instant("Tue Oct 31 22:10:47 -0530 2017", "twitter")).toBe("2017-11-01T03:40:47.000Z");
  });

  it("Unix seconds and milliseconds, as text or numbers", () => {
    expect(instant("1509487847", "unix-seconds")).toBe(at);
    expect(instant(1509487847.5, "unix-seconds")).toBe("2017-10-31T22:10:47.500Z");
    expect(instant(1509487847123, "unix-milliseconds")).toBe("2017-10-31T22:10:47.123Z");
  });

  it("refusals say what was expected, and why when the shape is right", () => {
    expect(instant("2017-10-31T22:10:47Z", "twitter")).toBe(
      "is not a Twitter date-time (Tue Oct 31 22:10:47 +0000 2017)",
    );
    expect(instant("Wed Oct 31 22:10:47 +0000 2017", "twitter")).toBe(
      "is not a Twitter date-time (Tue Oct 31 22:10:47 +0000 2017): the weekday does not match the date",
    );
    expect(instant("Tue, 31 Oct 2017 22:10:47", "rfc-2822")).toBe(
      "is not an RFC 2822 date-time (Tue, 31 Oct 2017 22:10:47 +0000)",
    );
    expect(instant("Tue, 31 Oct 2017 22:61:47 +0000", "rfc-2822")).toBe(
      "is not an RFC 2822 date-time (Tue, 31 Oct 2017 22:10:47 +0000): you specified 61 (of type number) as a minute, which is invalid",
    );
    expect(instant("17 Oct", "unix-seconds")).toBe("is not a number of seconds since 1970-01-01 UTC");
  });

  it("through an import: RFC 2822 in csv, Unix seconds as JSON numbers", async () => {
    const m = {
      kind: "chat",
      format: { type: "csv" },
      source: "r",
      campaign: { id: "r", name: "R" },
      dateFormat: "rfc-2822",
      fields: { conversation_id: "c", sent_at: "at", author: "who", sender: { value: "contact" } },
    };
    const wh = await load("rfc.csv", 'c,at,who\nk,"Tue, 31 Oct 2017 17:10:47 EST",u\n', m);
    try {
      expect(await wh.query(`SELECT ${iso("sent_at")} AS at FROM messages`)).toEqual([{ at: "2017-10-31T22:10:47" }]);
    } finally {
      await wh.close();
    }
    const j = { ...m, format: { type: "ndjson" as const }, dateFormat: "unix-seconds" };
    const wj = await load("unix.ndjson", '{"c": "k", "at": 1509487847, "who": "u"}\n', j);
    try {
      expect(await wj.query(`SELECT ${iso("sent_at")} AS at FROM messages`)).toEqual([{ at: "2017-10-31T22:10:47" }]);
    } finally {
      await wj.close();
    }
  });
});

describe("workbook date cells", () => {
  it("a date-time cell is a wall clock read in the mapping's zone, whatever the named format", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Chats");
    ws.addRow(["c", "at", "who"]);
    // exceljs writes a Date's UTC fields as the cell's wall clock: 09:00 on 2 March 2026.
    ws.addRow(["k", new Date(Date.UTC(2026, 2, 2, 9, 0, 0)), "u"]);
    const file = join(dir, "dates.xlsx");
    await wb.xlsx.writeFile(file);
    for (const dateFormat of ["iso-8601", "twitter"]) {
      const m = {
        kind: "chat",
        format: { type: "xlsx" },
        source: "x",
        campaign: { id: "x", name: "X" },
        timezone: "Europe/Amsterdam",
        dateFormat,
        fields: { conversation_id: "c", sent_at: "at", author: "who", sender: { value: "contact" } },
      };
      const wh = await Warehouse.open(join(dir, `dates-${dateFormat}.duckdb`));
      try {
        await importFile(wh, file, { mapping: write(`dates-${dateFormat}.json`, JSON.stringify(m)) });
        expect(await wh.query(`SELECT ${iso("sent_at")} AS at FROM messages`)).toEqual([{ at: "2026-03-02T08:00:00" }]);
      } finally {
        await wh.close();
      }
    }
  });
});
