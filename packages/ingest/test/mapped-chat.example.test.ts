/**
 * The chat worked example of docs/mapping.md: sixteen support tweets in the shape of the Kaggle
 * "Customer Support on Twitter" dataset (fixtures/mapped-chat/tweets.csv) through the shipped
 * mappings/twcs.json. Every expected value below is worked out by hand from the file, as the doc does:
 * threads follow in_response_to_tweet_id, inbound tweets are the customers', agents are the signatures
 * (^AB, ^CD, -Eva), a thread's campaign is the company account that answers it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/index";
import { tableChecksums } from "./checksum";

const csv = join(import.meta.dirname, "fixtures/mapped-chat/tweets.csv");
const mapping = join(import.meta.dirname, "../mappings/twcs.json");

let dir: string;
let wh: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-example-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const iso = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S')`;

describe("worked example: tweets.csv through twcs.json", () => {
  it("imports 16 messages in 5 threads, 5 assignments, 3 agents, 5 contacts and 3 campaigns", async () => {
    const s = await importFile(wh, csv, { mapping });
    expect(s).toMatchObject({
      status: "imported",
      source: "mapped",
      rowsByTable: { campaigns: 3, conversations: 5, messages: 16, agents: 3, contacts: 5, assignments: 5 },
    });
    expect(await wh.query("SELECT DISTINCT source FROM messages")).toEqual([{ source: "twcs" }]);
  });

  it("messages per sender: 9 from customers, 7 from agents; seq follows the time, not the file", async () => {
    expect(await wh.query("SELECT sender, count(*) AS n FROM messages GROUP BY 1 ORDER BY 1")).toEqual([
      { sender: "agent", n: 7 },
      { sender: "contact", n: 9 },
    ]);
    // Tweet 16 (14:10) is written before tweet 15 (14:00) in the file: 15 starts the thread.
    expect(
      await wh.query("SELECT message_id, seq FROM messages WHERE conversation_id = 'twcs:15' ORDER BY seq"),
    ).toEqual([
      { message_id: "twcs:15", seq: 1 },
      { message_id: "twcs:16", seq: 2 },
    ]);
  });

  it("threads: conversations with their start, end, contact, campaign and agents", async () => {
    const rows = await wh.query(
      `SELECT conversation_id, campaign_id, contact_id, ${iso("started_at")} AS started, ${iso("ended_at")} AS ended,
              channel, handled_by, first_agent_id, last_agent_id, message_count
       FROM conversations ORDER BY started_at`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      // Tweets 1-4.
      [
        "twcs:1",
        "twcs:AcmeHelp",
        "twcs:115712",
        "2017-10-31T22:10:47",
        "2017-10-31T22:31:02",
        "twitter",
        "agent",
        "twcs:AcmeHelp:AB",
        "twcs:AcmeHelp:AB",
        4,
      ],
      // Tweets 5-10: ^AB answers, then hands over to ^CD.
      [
        "twcs:5",
        "twcs:AcmeHelp",
        "twcs:115713",
        "2017-10-31T23:50:00",
        "2017-11-01T09:00:00",
        "twitter",
        "agent",
        "twcs:AcmeHelp:AB",
        "twcs:AcmeHelp:CD",
        6,
      ],
      // Tweets 11-12: nobody answers, so no company names the thread: the default campaign.
      [
        "twcs:11",
        "twcs:unanswered",
        "twcs:115714",
        "2017-11-01T10:00:00",
        "2017-11-01T10:30:00",
        "twitter",
        null,
        null,
        null,
        2,
      ],
      [
        "twcs:13",
        "twcs:BoltBank",
        "twcs:115715",
        "2017-11-01T12:00:00",
        "2017-11-01T12:01:30",
        "twitter",
        "agent",
        "twcs:BoltBank:Eva",
        "twcs:BoltBank:Eva",
        2,
      ],
      // Tweet 15 replies to tweet 99, which is not in the file: it starts a thread.
      [
        "twcs:15",
        "twcs:AcmeHelp",
        "twcs:115716",
        "2017-11-01T14:00:00",
        "2017-11-01T14:10:00",
        "twitter",
        "agent",
        "twcs:AcmeHelp:CD",
        "twcs:AcmeHelp:CD",
        2,
      ],
    ]);
    expect(await wh.query("SELECT campaign_id, name, channel FROM campaigns ORDER BY 1")).toEqual([
      { campaign_id: "twcs:AcmeHelp", name: "AcmeHelp", channel: "twitter" },
      { campaign_id: "twcs:BoltBank", name: "BoltBank", channel: "twitter" },
      { campaign_id: "twcs:unanswered", name: "Unanswered tweets", channel: "twitter" },
    ]);
  });

  it("assignments: one per agent per thread, first response times 240, 900, 2520, 90 and 600 s (mean 870 s)", async () => {
    const rows = await wh.query(
      `SELECT assignment_id, agent_id, ${iso("assigned_at")} AS assigned, ${iso("first_response_at")} AS first_response,
              date_diff('second', assigned_at, first_response_at) AS frt, missed
       FROM assignments ORDER BY assigned_at`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      // Tweet 1 at 22:10:47, ^AB answers at 22:14:47.
      ["twcs:1:1", "twcs:AcmeHelp:AB", "2017-10-31T22:10:47", "2017-10-31T22:14:47", 240, false],
      // Tweet 5 at 23:50, ^AB answers at 00:05 the next day.
      ["twcs:5:1", "twcs:AcmeHelp:AB", "2017-10-31T23:50:00", "2017-11-01T00:05:00", 900, false],
      // ^CD's first tweet (08:42) is a second assignment, offered at the first customer tweet after ^AB's first
      // answer (tweet 7, 08:00).
      ["twcs:5:2", "twcs:AcmeHelp:CD", "2017-11-01T08:00:00", "2017-11-01T08:42:00", 2520, false],
      ["twcs:13:1", "twcs:BoltBank:Eva", "2017-11-01T12:00:00", "2017-11-01T12:01:30", 90, false],
      ["twcs:15:1", "twcs:AcmeHelp:CD", "2017-11-01T14:00:00", "2017-11-01T14:10:00", 600, false],
    ]);
    const [mean] = await wh.query(
      "SELECT avg(date_diff('second', assigned_at, first_response_at)) AS frt, count(*) AS n FROM assignments",
    );
    expect(mean).toEqual({ frt: 870, n: 5 });
    expect(
      await wh.query(
        "SELECT agent_id, count(*) AS n, avg(date_diff('second', assigned_at, first_response_at)) AS frt FROM assignments GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      { agent_id: "twcs:AcmeHelp:AB", n: 2, frt: 570 },
      { agent_id: "twcs:AcmeHelp:CD", n: 2, frt: 1560 },
      { agent_id: "twcs:BoltBank:Eva", n: 1, frt: 90 },
    ]);
    expect(await wh.query("SELECT agent_id, username FROM agents ORDER BY 1")).toEqual([
      { agent_id: "twcs:AcmeHelp:AB", username: "AB" },
      { agent_id: "twcs:AcmeHelp:CD", username: "CD" },
      { agent_id: "twcs:BoltBank:Eva", username: "Eva" },
    ]);
  });

  it("contacts: the five customers, first seen at their first tweet", async () => {
    const rows = await wh.query(
      `SELECT contact_id, campaign_id, ${iso("first_seen_at")} AS first_seen, display_name FROM contacts ORDER BY 1`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      ["twcs:115712", "twcs:AcmeHelp", "2017-10-31T22:10:47", "115712"],
      ["twcs:115713", "twcs:AcmeHelp", "2017-10-31T23:50:00", "115713"],
      ["twcs:115714", "twcs:unanswered", "2017-11-01T10:00:00", "115714"],
      ["twcs:115715", "twcs:BoltBank", "2017-11-01T12:00:00", "115715"],
      ["twcs:115716", "twcs:AcmeHelp", "2017-11-01T14:00:00", "115716"],
    ]);
  });

  it("text is not stored, its length is (Unicode code points: the emoji of tweet 10 is one)", async () => {
    expect(await wh.query("SELECT count(*) AS n FROM messages WHERE text IS NOT NULL")).toEqual([{ n: 0 }]);
    // Lengths counted by Python's len() over the file's text column (code points).
    const lengths = [37, 63, 14, 47, 34, 37, 13, 40, 56, 30, 33, 17, 35, 48, 35, 32];
    const rows = await wh.query<{ length_chars: number }>(
      "SELECT length_chars FROM messages ORDER BY CAST(split_part(message_id, ':', 2) AS INTEGER)",
    );
    expect(rows.map((r) => r.length_chars)).toEqual(lengths);
  });

  it("days: 5 messages and 2 conversations on 31 October (UTC), 11 and 3 on 1 November", async () => {
    expect(
      await wh.query(
        "SELECT strftime(sent_at::DATE, '%Y-%m-%d') AS day, count(*) AS n FROM messages GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      { day: "2017-10-31", n: 5 },
      { day: "2017-11-01", n: 11 },
    ]);
    expect(
      await wh.query(
        "SELECT strftime(started_at::DATE, '%Y-%m-%d') AS day, count(*) AS n FROM conversations GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      { day: "2017-10-31", n: 2 },
      { day: "2017-11-01", n: 3 },
    ]);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await tableChecksums(wh);
    expect((await importFile(wh, csv, { mapping })).status).toBe("unchanged");
    expect(await tableChecksums(wh)).toEqual(before);
  });
});
