/**
 * The eight Conversation24 exports (seed 003) through `importFile` with source 'auto' into a real
 * DuckDB file: hand-made fixtures (test/fixtures/c24) whose expected canonical rows are worked out
 * by hand below; one bad row per export rejected with file/line/column/value and the database
 * unchanged; every export detected with a UTF-8 BOM and CRLF line endings.
 *
 * All imports read wall-clock times in Europe/Amsterdam, UTC+1 on 2024-03-05 (summer time starts
 * 2024-03-31), so '2024-03-05 09:00:00' is 08:00 UTC.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instant, surveyAnswer, TIMESTAMP_REASON } from "../src/adapters/c24/parse";
import { adapterById, type ImportSummary, IngestError, importFile, parseDelimited } from "../src/index";
import { tableChecksums } from "./checksum";

const FIXTURES = join(import.meta.dirname, "fixtures/c24");
const TZ = "Europe/Amsterdam";
/** Fixture file -> the adapter that must detect it. */
const EXPORTS = {
  "agent-activity.csv": "c24-agent-activity",
  "agent-performance.csv": "c24-agent-performance",
  "agents.csv": "c24-agents",
  "conversations.csv": "c24-conversations",
  "invites.csv": "c24-invites",
  "hosts.csv": "c24-hosts",
  "traffic.csv": "c24-traffic",
  "slots.csv": "c24-slots",
} as const;
type FixtureName = keyof typeof EXPORTS;
const fixture = (name: FixtureName) => readFileSync(join(FIXTURES, name), "utf8");

let dir: string;
let wh: Warehouse;
const summaries = new Map<string, ImportSummary>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-c24-"));
  wh = await Warehouse.open(join(dir, "c24.duckdb"));
  for (const name of Object.keys(EXPORTS)) {
    summaries.set(name, await importFile(wh, join(FIXTURES, name), { source: "auto", timezone: TZ }));
  }
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (sql: string) => wh.query(sql);

describe("detection and row counts", () => {
  it("each export is read by its own adapter", () => {
    for (const [name, id] of Object.entries(EXPORTS)) expect(summaries.get(name)?.source, name).toBe(id);
    expect(Object.fromEntries([...summaries].map(([n, s]) => [n, s.rowsByTable]))).toEqual({
      "agent-activity.csv": { agent_states: 4, campaigns: 2 },
      "agent-performance.csv": { agent_shifts: 3, campaigns: 2 },
      "agents.csv": { agents: 3 },
      // 5 conversations; 6 assignments (one transfer, one missed); 4 ratings; visitors v1 (twice), v2, v3.
      "conversations.csv": { conversations: 5, assignments: 6, ratings: 4, contacts: 3, campaigns: 2 },
      "invites.csv": { invites_hourly: 3, campaigns: 2 },
      "hosts.csv": { hosts: 3 },
      "traffic.csv": { traffic_hourly: 3, campaigns: 1 },
      "slots.csv": { agent_states: 3, campaigns: 1 },
    });
  });
});

describe("Agents and Hosts", () => {
  it("agents: ids prefixed, empty names NULL, disabled 1 -> true", async () => {
    expect(
      await rows(
        "SELECT agent_id, source, username, first_name, last_name, email, account_id, disabled FROM agents ORDER BY agent_id",
      ),
    ).toEqual([
      {
        agent_id: "c24:11",
        source: "c24-agents",
        username: "ava",
        first_name: "Ava",
        last_name: "Jansen",
        email: "ava@example.com",
        account_id: "c24:100",
        disabled: false,
      },
      {
        agent_id: "c24:12",
        source: "c24-agents",
        username: "bram",
        first_name: "Bram",
        last_name: "de Vries",
        email: "bram@example.com",
        account_id: "c24:100",
        disabled: false,
      },
      {
        agent_id: "c24:13",
        source: "c24-agents",
        username: "chloe",
        first_name: "Chloe",
        last_name: null,
        email: null,
        account_id: "c24:200",
        disabled: true,
      },
    ]);
  });

  it("hosts", async () => {
    expect(await rows("SELECT host_id, account_id, hostname, multiple_acc_id FROM hosts ORDER BY host_id")).toEqual([
      { host_id: "c24:501", account_id: "c24:100", hostname: "shop.example.com", multiple_acc_id: null },
      { host_id: "c24:502", account_id: "c24:100", hostname: "help.example.com", multiple_acc_id: "c24:h-77" },
      { host_id: "c24:503", account_id: "c24:200", hostname: "shop.example.com", multiple_acc_id: "c24:h-77" },
    ]);
  });
});

describe("Agent activity and Slots -> agent_states", () => {
  it("activity rows: state_id from activity_id, local times to UTC, an open state has no end", async () => {
    expect(
      await rows(`SELECT state_id, agent_id, campaign_id, account_id, state, time_start, time_end, duration_secs
                  FROM agent_states WHERE origin = 'activity' ORDER BY state_id`),
    ).toEqual([
      {
        state_id: "c24:activity:a1",
        agent_id: "c24:11",
        campaign_id: "c24:7",
        account_id: "c24:100",
        state: "online",
        time_start: "2024-03-05T08:00:00.000Z",
        time_end: "2024-03-05T11:30:00.000Z",
        duration_secs: 12600,
      },
      {
        state_id: "c24:activity:a2",
        agent_id: "c24:11",
        campaign_id: "c24:7",
        account_id: "c24:100",
        state: "offline",
        time_start: "2024-03-05T11:30:00.000Z",
        time_end: "2024-03-05T12:00:00.000Z",
        duration_secs: 1800,
      },
      {
        state_id: "c24:activity:a3",
        agent_id: "c24:12",
        campaign_id: "c24:7",
        account_id: "c24:100",
        state: "online",
        time_start: "2024-03-05T08:15:00.000Z",
        time_end: "2024-03-05T16:15:00.000Z",
        duration_secs: 28800,
      },
      {
        state_id: "c24:activity:a4",
        agent_id: "c24:12",
        campaign_id: "c24:8",
        account_id: "c24:100",
        state: "online",
        time_start: "2024-03-05T16:00:00.000Z",
        time_end: null,
        duration_secs: null,
      },
    ]);
  });

  it("activity totals by state: online 12600 + 28800 s, offline 1800 s", async () => {
    expect(
      await rows(
        "SELECT state, sum(duration_secs) AS secs FROM agent_states WHERE origin = 'activity' GROUP BY state ORDER BY state",
      ),
    ).toEqual([
      { state: "offline", secs: 1800 },
      { state: "online", secs: 41400 },
    ]);
  });

  it("slots rows: derived state_id (campaign, agent, entry-point type, UTC start), Unix seconds read as UTC", async () => {
    expect(
      await rows(`SELECT state_id, agent_id, campaign_id, account_id, state, time_start, time_end, duration_secs, entrypoint_type
                  FROM agent_states WHERE origin = 'slots' ORDER BY state_id`),
    ).toEqual([
      {
        state_id: "c24:slots:7:11:button:2024-03-05T08:00:00.000Z",
        agent_id: "c24:11",
        campaign_id: "c24:7",
        account_id: null,
        state: "online",
        time_start: "2024-03-05T08:00:00.000Z",
        time_end: "2024-03-05T09:00:00.000Z",
        duration_secs: 3600,
        entrypoint_type: "button",
      },
      {
        state_id: "c24:slots:7:11:invite:2024-03-05T08:00:00.000Z",
        agent_id: "c24:11",
        campaign_id: "c24:7",
        account_id: null,
        state: "online",
        time_start: "2024-03-05T08:00:00.000Z",
        time_end: "2024-03-05T09:00:00.000Z",
        duration_secs: 3600,
        entrypoint_type: "invite",
      },
      {
        state_id: "c24:slots:7:12:button:2024-03-05T09:00:00.000Z",
        agent_id: "c24:12",
        campaign_id: "c24:7",
        account_id: null,
        state: "offline",
        time_start: "2024-03-05T09:00:00.000Z",
        time_end: "2024-03-05T09:20:00.000Z",
        duration_secs: 1200,
        entrypoint_type: "button",
      },
    ]);
  });
});

describe("Agent performance -> agent_shifts", () => {
  it("one row per shift, campaign and agent, every column kept", async () => {
    expect(await rows(`SELECT * EXCLUDE (source, import_id) FROM agent_shifts WHERE workshift_id = 'c24:w2'`)).toEqual([
      {
        workshift_id: "c24:w2",
        campaign_id: "c24:7",
        agent_id: "c24:12",
        account_id: "c24:100",
        campaign_name: "Sales chat",
        workshift_start: "2024-03-05T08:15:00.000Z",
        workshift_end: "2024-03-05T16:15:00.000Z",
        num_chats: 20,
        num_breaks: 0,
        num_ignored: 1,
        num_abandoned: 2,
        avg_concurrency: 2.25,
        first_response_duration: 600,
        open_duration: 20000,
        closed_duration: 0,
        online_duration: 28800,
        offline_duration: 0,
        available_duration: 6000,
        idle_duration: 2800,
        session_duration: 28800,
        survey_num_good: 8,
        survey_num_bad: 2,
        survey_num_moderate: 3,
      },
    ]);
  });

  it("sums over the three rows", async () => {
    // num_chats 12 + 3 + 20; online 12600 + 12600 + 28800; session 14400 + 14400 + 28800;
    // good 5 + 1 + 8, bad 1 + 0 + 2, moderate 2 + 0 + 3; w1 09:00-13:00 local = 08:00-12:00 UTC.
    expect(
      await rows(`SELECT count(*) AS shifts, sum(num_chats) AS chats, sum(online_duration) AS online,
                         sum(session_duration) AS session, sum(survey_num_good) AS good, sum(survey_num_bad) AS bad,
                         sum(survey_num_moderate) AS moderate,
                         min(workshift_start) FILTER (WHERE workshift_id = 'c24:w1') AS w1_start,
                         max(workshift_end) FILTER (WHERE workshift_id = 'c24:w1') AS w1_end
                  FROM agent_shifts`),
    ).toEqual([
      {
        shifts: 3,
        chats: 35,
        online: 54000,
        session: 57600,
        good: 14,
        bad: 3,
        moderate: 5,
        w1_start: "2024-03-05T08:00:00.000Z",
        w1_end: "2024-03-05T12:00:00.000Z",
      },
    ]);
  });
});

describe("Traffic and Automatic invites", () => {
  it("traffic_hourly: keys, quoted names, sums", async () => {
    expect(
      await rows("SELECT campaign_id, entrypoint_id, hour_begin_time, entrypoint FROM traffic_hourly ORDER BY ALL"),
    ).toEqual([
      {
        campaign_id: "c24:7",
        entrypoint_id: "c24:e1",
        hour_begin_time: "2024-03-05T08:00:00.000Z",
        entrypoint: "Help button",
      },
      {
        campaign_id: "c24:7",
        entrypoint_id: "c24:e1",
        hour_begin_time: "2024-03-05T09:00:00.000Z",
        entrypoint: "Help button",
      },
      {
        campaign_id: "c24:7",
        entrypoint_id: "c24:e2",
        hour_begin_time: "2024-03-05T08:00:00.000Z",
        entrypoint: 'Invite "spring sale"',
      },
    ]);
    // visits 120 + 150 + 120, views 80 + 90 + 40, clicks 10 + 12 + 5, chats 6 + 9 + 2.
    expect(
      await rows(
        "SELECT sum(visits) AS visits, sum(views) AS views, sum(clicks) AS clicks, sum(chats) AS chats FROM traffic_hourly",
      ),
    ).toEqual([{ visits: 390, views: 210, clicks: 27, chats: 17 }]);
  });

  it("invites_hourly: keys and the eight counts summed", async () => {
    expect(
      await rows(
        "SELECT campaign_id, filter_id, hour_begin_time, account_id, filter_name FROM invites_hourly ORDER BY ALL",
      ),
    ).toEqual([
      {
        campaign_id: "c24:7",
        filter_id: "c24:f1",
        hour_begin_time: "2024-03-05T08:00:00.000Z",
        account_id: "c24:100",
        filter_name: "Welcome",
      },
      {
        campaign_id: "c24:7",
        filter_id: "c24:f1",
        hour_begin_time: "2024-03-05T09:00:00.000Z",
        account_id: "c24:100",
        filter_name: "Welcome",
      },
      {
        campaign_id: "c24:8",
        filter_id: "c24:f2",
        hour_begin_time: "2024-03-05T08:00:00.000Z",
        account_id: "c24:100",
        filter_name: "Cart",
      },
    ]);
    expect(
      await rows(`SELECT sum(num_proactive) AS shown, sum(num_proactive_accepted) AS accepted,
                         sum(num_proactive_declined) AS declined, sum(num_proactive_match) AS matched,
                         sum(num_proactive_cancelled) AS cancelled, sum(num_proactive_no_availability) AS no_availability,
                         sum(num_proactive_expired) AS expired, sum(num_proactive_ignored) AS ignored
                  FROM invites_hourly`),
    ).toEqual([
      // 40+50+10, 6+8+1, 4+5+0, 55+60+12, 3+0+2, 1+2+0, 10+12+3, 17+25+6
      {
        shown: 100,
        accepted: 15,
        declined: 9,
        matched: 127,
        cancelled: 5,
        no_availability: 3,
        expired: 25,
        ignored: 48,
      },
    ]);
  });
});

describe("Conversations", () => {
  it("conversation rows: times in UTC from all three timestamp spellings, ended_at = start + duration_total_secs", async () => {
    expect(
      await rows(`SELECT conversation_id, campaign_id, contact_id, started_at, ended_at, handled_by, handling_type,
                         first_agent_id, last_agent_id
                  FROM conversations ORDER BY conversation_id`),
    ).toEqual([
      {
        conversation_id: "c24:S1",
        campaign_id: "c24:7",
        contact_id: "c24:v1",
        started_at: "2024-03-05T08:10:00.000Z", // 09:10 Amsterdam
        ended_at: "2024-03-05T08:20:00.000Z", // + 600 s
        handled_by: "agent",
        handling_type: "self",
        first_agent_id: "c24:11",
        last_agent_id: "c24:11",
      },
      {
        conversation_id: "c24:S2",
        campaign_id: "c24:7",
        contact_id: "c24:v2",
        started_at: "2024-03-05T08:30:00.000Z", // 09:30+01:00
        ended_at: "2024-03-05T08:45:00.000Z", // + 900 s
        handled_by: "agent",
        handling_type: "hybrid",
        first_agent_id: "c24:11",
        last_agent_id: "c24:12",
      },
      {
        conversation_id: "c24:S3",
        campaign_id: "c24:8",
        contact_id: "c24:v1",
        started_at: "2024-03-05T09:20:00.000Z", // Unix 1709630400
        ended_at: "2024-03-05T09:22:00.000Z", // + 120 s
        handled_by: null,
        handling_type: null,
        first_agent_id: null,
        last_agent_id: null,
      },
      {
        conversation_id: "c24:S4",
        campaign_id: "c24:7",
        contact_id: "c24:v3",
        started_at: "2024-03-05T13:00:00.000Z",
        ended_at: "2024-03-05T13:05:00.000Z",
        handled_by: "agent",
        handling_type: "external",
        first_agent_id: "c24:12",
        last_agent_id: "c24:12",
      },
      {
        conversation_id: "c24:S5",
        campaign_id: "c24:8",
        contact_id: null,
        started_at: "2024-03-05T14:00:00.000Z",
        ended_at: "2024-03-05T14:03:20.000Z", // + 200 s
        handled_by: "agent",
        handling_type: "self", // 'Self'
        first_agent_id: "c24:13",
        last_agent_id: "c24:13",
      },
    ]);
  });

  it("every measured column of one conversation", async () => {
    expect(
      await rows(`SELECT * EXCLUDE (conversation_id, source, import_id, campaign_id, contact_id, started_at, ended_at,
                                    handled_by, handling_type, first_agent_id, last_agent_id)
                  FROM conversations WHERE conversation_id = 'c24:S1'`),
    ).toEqual([
      {
        account_id: "c24:100",
        host_id: "c24:501",
        channel: "chat",
        language: null,
        intent: null,
        start_flow: null,
        closing_reason: null,
        entrypoint: "Help button",
        entrypoint_type: "button",
        success_code: "sale",
        message_count: 12,
        duration_secs: 600,
        conversation_secs: 540,
        afterclose_secs: 30,
        first_response_secs: 15,
        first_reply_secs: 20,
        avg_response_secs: 25.5,
        max_response_secs: 60,
        decision_secs: 4,
        avg_message_length: 42.5,
        max_message_length: 120,
        goals: "cart,checkout",
        total_goal_value: 49.95,
        blocked: false,
        block_reason: null,
        visitor_identifier: "Visitor 1",
        transcript_url: "https://c24.example/t/S1",
        accept_url: "https://shop.example.com/cart",
        // Derived from its assignments: S1 was offered to an agent who picked it up (first response 15 s).
        assigned: true,
        served: true,
      },
    ]);
    expect(
      await rows(
        "SELECT conversation_id, blocked, block_reason, total_goal_value FROM conversations WHERE conversation_id IN ('c24:S2', 'c24:S4') ORDER BY 1",
      ),
    ).toEqual([
      { conversation_id: "c24:S2", blocked: true, block_reason: "abusive language", total_goal_value: null },
      { conversation_id: "c24:S4", blocked: false, block_reason: null, total_goal_value: -5 },
    ]);
  });

  it("assignments: seq 1 per conversation, a seq 2 transfer for S2, a missed one for S3", async () => {
    expect(
      await rows(`SELECT assignment_id, conversation_id, seq, agent_id, assigned_at, accepted_at, first_response_at,
                         closed_at, missed
                  FROM assignments ORDER BY assignment_id`),
    ).toEqual([
      {
        assignment_id: "c24:S1:1",
        conversation_id: "c24:S1",
        seq: 1,
        agent_id: "c24:11",
        assigned_at: "2024-03-05T08:10:00.000Z",
        accepted_at: "2024-03-05T08:10:00.000Z",
        first_response_at: "2024-03-05T08:10:15.000Z", // + firstResponseTime 15
        closed_at: "2024-03-05T08:20:00.000Z",
        missed: false,
      },
      {
        assignment_id: "c24:S2:1",
        conversation_id: "c24:S2",
        seq: 1,
        agent_id: "c24:11",
        assigned_at: "2024-03-05T08:30:00.000Z",
        accepted_at: "2024-03-05T08:30:00.000Z",
        first_response_at: "2024-03-05T08:30:30.000Z",
        closed_at: null, // transferred at an unknown moment
        missed: false,
      },
      {
        assignment_id: "c24:S2:2",
        conversation_id: "c24:S2",
        seq: 2,
        agent_id: "c24:12",
        assigned_at: "2024-03-05T08:30:00.000Z", // the transfer's moment is unknown: conversation_start
        accepted_at: null,
        first_response_at: null,
        closed_at: "2024-03-05T08:45:00.000Z",
        missed: false,
      },
      {
        assignment_id: "c24:S3:1",
        conversation_id: "c24:S3",
        seq: 1,
        agent_id: null,
        assigned_at: "2024-03-05T09:20:00.000Z",
        accepted_at: null,
        first_response_at: null,
        closed_at: null,
        missed: true,
      },
      {
        assignment_id: "c24:S4:1",
        conversation_id: "c24:S4",
        seq: 1,
        agent_id: "c24:12",
        assigned_at: "2024-03-05T13:00:00.000Z",
        accepted_at: "2024-03-05T13:00:00.000Z",
        first_response_at: "2024-03-05T13:00:08.000Z",
        closed_at: "2024-03-05T13:05:00.000Z",
        missed: false,
      },
      {
        assignment_id: "c24:S5:1",
        conversation_id: "c24:S5",
        seq: 1,
        agent_id: "c24:13",
        assigned_at: "2024-03-05T14:00:00.000Z",
        accepted_at: "2024-03-05T14:00:00.000Z",
        first_response_at: "2024-03-05T14:00:05.000Z",
        closed_at: "2024-03-05T14:03:20.000Z",
        missed: false,
      },
    ]);
  });

  it("ratings: face, thumbs and 1-5 answers with comments, rated to the last agent at the chat's end", async () => {
    expect(
      await rows(
        "SELECT rating_id, conversation_id, call_id, agent_id, rated_at, scale, value, comment FROM ratings ORDER BY rating_id",
      ),
    ).toEqual([
      {
        rating_id: "c24:S1",
        conversation_id: "c24:S1",
        call_id: null,
        agent_id: "c24:11",
        rated_at: "2024-03-05T08:20:00.000Z",
        scale: "face",
        value: 3, // good
        comment: "Quick, friendly help",
      },
      {
        rating_id: "c24:S2",
        conversation_id: "c24:S2",
        call_id: null,
        agent_id: "c24:12", // the last agent, after the transfer
        rated_at: "2024-03-05T08:45:00.000Z",
        scale: "thumbs",
        value: 0, // thumbs_down
        comment: 'Waited "forever"\nthen transferred',
      },
      {
        rating_id: "c24:S4",
        conversation_id: "c24:S4",
        call_id: null,
        agent_id: "c24:12",
        rated_at: "2024-03-05T13:05:00.000Z",
        scale: "1-5",
        value: 4,
        comment: null,
      },
      {
        rating_id: "c24:S5",
        conversation_id: "c24:S5",
        call_id: null,
        agent_id: "c24:13",
        rated_at: "2024-03-05T14:03:20.000Z",
        scale: "face",
        value: 2, // Moderate
        comment: null,
      },
    ]);
  });

  it("contacts: one per visitor, named by visitor_identifier", async () => {
    expect(
      await rows("SELECT contact_id, campaign_id, first_seen_at, display_name FROM contacts ORDER BY contact_id"),
    ).toEqual([
      { contact_id: "c24:v1", campaign_id: null, first_seen_at: null, display_name: "Visitor 1" },
      { contact_id: "c24:v2", campaign_id: null, first_seen_at: null, display_name: "Visitor 2" },
      { contact_id: "c24:v3", campaign_id: null, first_seen_at: null, display_name: "Visitor 3" },
    ]);
  });
});

describe("campaigns", () => {
  it("Agent performance names campaigns; the other exports name them by id", async () => {
    const w = await Warehouse.open(":memory:");
    await importFile(w, join(FIXTURES, "agent-performance.csv"), { timezone: TZ });
    const named = [
      { campaign_id: "c24:7", source: "c24-agent-performance", name: "Sales chat", channel: "chat", account_id: null },
      {
        campaign_id: "c24:8",
        source: "c24-agent-performance",
        name: "Support chat",
        channel: "chat",
        account_id: null,
      },
    ];
    const campaigns = () => w.query("SELECT campaign_id, source, name, channel, account_id FROM campaigns ORDER BY 1");
    expect(await campaigns()).toEqual(named);
    // A later export without names (here Slots) keeps the names already imported.
    await importFile(w, join(FIXTURES, "slots.csv"), { timezone: TZ });
    expect(await campaigns()).toEqual(named);
    await w.close();
  });

  it("an export imported first names a campaign by id until Agent performance names it", async () => {
    const w = await Warehouse.open(":memory:");
    await importFile(w, join(FIXTURES, "slots.csv"), { timezone: TZ });
    expect(await w.query("SELECT name FROM campaigns WHERE campaign_id = 'c24:7'")).toEqual([{ name: "7" }]);
    await importFile(w, join(FIXTURES, "agent-performance.csv"), { timezone: TZ });
    expect(await w.query("SELECT name FROM campaigns WHERE campaign_id = 'c24:7'")).toEqual([{ name: "Sales chat" }]);
    await w.close();
  });
});

describe("bad rows are rejected with file, line, column and value; the database is unchanged", () => {
  /** A fixture with `from` replaced by `to` (each `from` occurs once in its fixture). */
  const cases: { name: FixtureName; from: string; to: string; issue: object }[] = [
    {
      name: "agent-activity.csv",
      from: "7,11,2024-03-05 12:30:00,2024",
      to: "7,11,05/03/2024 12:30,2024",
      issue: { line: 3, column: "time_start", value: "05/03/2024 12:30", reason: TIMESTAMP_REASON },
    },
    {
      name: "agent-performance.csv",
      from: "13:00:00,3,1",
      to: "13:00:00,3.0,1",
      issue: { line: 3, column: "num_chats", value: "3.0", reason: "is not a whole number >= 0" },
    },
    {
      name: "agents.csv",
      from: "200,1",
      to: "200,o",
      issue: {
        line: 4,
        column: "disabled",
        value: "o",
        reason: "is not a yes/no value (1/0, yes/no, true/false)",
      },
    },
    {
      // S2's comment spans lines 3-4, so S3 starts on line 5.
      name: "conversations.csv",
      from: "8,1709630400,S3,,,,,,,v1,100,502,1,120,",
      to: "8,1709630400,S3,,,,,,,v1,100,502,1,two minutes,",
      issue: { line: 5, column: "duration_total_secs", value: "two minutes", reason: "is not a number >= 0" },
    },
    {
      name: "invites.csv",
      from: "7,1709593200,10,",
      to: "7,1709593200000,10,",
      issue: { line: 3, column: "date", value: "1709593200000", reason: TIMESTAMP_REASON },
    },
    {
      name: "hosts.csv",
      from: "help.example.com",
      to: "",
      issue: { line: 3, column: "hostname", value: "", reason: "is empty" },
    },
    {
      name: "traffic.csv",
      from: "150,90",
      to: '"1,150",90',
      issue: { line: 3, column: "visits", value: "1,150", reason: "is not a whole number >= 0" },
    },
    {
      name: "slots.csv",
      from: "2024-03-05 10:00:00,2024-03-05 10:20:00",
      to: "2024-03-05 10:00:00,2024-02-30 10:20:00",
      issue: {
        line: 4,
        column: "time_end",
        value: "2024-02-30 10:20:00",
        reason: "is not a valid calendar date and time",
      },
    },
  ];

  for (const c of cases) {
    it(`${EXPORTS[c.name]}: ${(c.issue as { column: string }).column}`, async () => {
      const good = fixture(c.name);
      expect(good.split(c.from)).toHaveLength(2);
      const file = `bad-${c.name}`;
      writeFileSync(join(dir, file), good.replace(c.from, c.to));
      const before = await tableChecksums(wh);
      const err = await importFile(wh, join(dir, file), { source: "auto", timezone: TZ }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe("bad_rows");
      expect((err as IngestError).issues).toEqual([{ file, ...c.issue }]);
      expect(await tableChecksums(wh)).toEqual(before);
    });
  }

  it("several problems in one conversation record are all named, in column-reading order", async () => {
    const text = fixture("conversations.csv").replace(
      "7,2024-03-05 14:00:00,S4,12,100,Acme,12,",
      "7,2024-03-05T14:00:00,S4,,100,Acme,12,",
    );
    writeFileSync(join(dir, "several.csv"), text.replace("refund,4,,", "refund,great,x,"));
    const err = (await importFile(wh, join(dir, "several.csv"), { timezone: TZ }).catch(
      (e: unknown) => e,
    )) as IngestError;
    expect(err.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [6, "conversation_start", "2024-03-05T14:00:00"],
      [6, "last_agent_id", "12"],
      [6, "survey_result", "great"],
    ]);
  });
});

describe("fields no report reads (docs/ingest.md)", () => {
  it("an unreadable value is left empty with a warning and the record kept; a negative one is refused", async () => {
    // S3 (line 5): num_messages 'one', avgMessageLength '0,5' (quoted), blocked 'maybe'.
    const text = fixture("conversations.csv")
      .replace(
        "8,1709630400,S3,,,,,,,v1,100,502,1,120,0,0,0,0,",
        '8,1709630400,S3,,,,,,,v1,100,502,one,120,0,0,"0,5",0,',
      )
      .replace("Visitor 1,,,,,\n", "Visitor 1,maybe,,,,\n");
    const path = join(dir, "soft.csv");
    writeFileSync(path, text);
    const s = await importFile(wh, path, { timezone: TZ });
    expect(s.status).toBe("imported");
    expect(s.warnings.first.map((w) => [w.line, w.column, w.value, w.reason])).toEqual([
      [5, "num_messages", "one", "is not a whole number >= 0: left empty (no report reads it; the record is kept)"],
      [5, "avgMessageLength", "0,5", "is not a number >= 0: left empty (no report reads it; the record is kept)"],
      [
        5,
        "blocked",
        "maybe",
        "is not a yes/no value (1/0, yes/no, true/false): left empty (no report reads it; the record is kept)",
      ],
    ]);
    expect(
      await wh.query(
        "SELECT message_count, avg_message_length, blocked, duration_secs FROM conversations WHERE conversation_id = 'c24:S3'",
      ),
    ).toEqual([{ message_count: null, avg_message_length: null, blocked: null, duration_secs: 120 }]);
    const before = await tableChecksums(wh);
    writeFileSync(path, text.replace(',"0,5",0,', ",-0.5,0,"));
    const err = (await importFile(wh, path, { timezone: TZ }).catch((e: unknown) => e)) as IngestError;
    expect(err.issues.map((i) => [i.line, i.column, i.value, i.reason])).toEqual([
      [5, "avgMessageLength", "-0.5", "is negative: a count, duration or length is 0 or more"],
    ]);
    expect(await tableChecksums(wh)).toEqual(before);
  });
});

describe("detection with a UTF-8 BOM and CRLF line endings", () => {
  it("each export is detected and reads the same rows", async () => {
    const w = await Warehouse.open(":memory:");
    for (const [name, id] of Object.entries(EXPORTS) as [FixtureName, string][]) {
      const path = join(dir, `bom-crlf-${name}`);
      writeFileSync(path, `\uFEFF${fixture(name).replaceAll("\n", "\r\n")}`);
      const s = await importFile(w, path, { source: "auto", timezone: TZ });
      expect(s.source, name).toBe(id);
      expect(s.rowsByTable, name).toEqual(summaries.get(name)?.rowsByTable);
    }
    expect(await w.query("SELECT count(*) AS n, sum(num_chats) AS chats FROM agent_shifts")).toEqual([
      { n: 3, chats: 35 },
    ]);
    await w.close();
  });
});

describe("a misspelt header column", () => {
  it("of a required value: read by the nearest export, which names the missing column on line 1", async () => {
    // Slots and Agent activity share five columns: a misspelt one must not make this an activity file.
    const path = join(dir, "slots-misspelt.csv");
    writeFileSync(path, fixture("slots.csv").replace(",state,", ",status,"));
    const err = (await importFile(wh, path, { timezone: TZ }).catch((e: unknown) => e)) as IngestError;
    expect(err.code).toBe("bad_header");
    expect(err.issues).toEqual([
      {
        file: "slots-misspelt.csv",
        line: 1,
        column: "column 5 (state)",
        value: "status",
        reason: 'expected column "state" for c24-slots but the header does not have it',
      },
    ]);
  });

  it("of an optional value: the file is read, the column is empty, and the import warns once", async () => {
    const path = join(dir, "slots-no-duration.csv");
    writeFileSync(path, fixture("slots.csv").replace(",duration\n", ",duration_sec\n"));
    const s = await importFile(wh, path, { timezone: TZ });
    expect(s).toMatchObject({ source: "c24-slots", status: "imported" });
    expect(s.warnings).toEqual({
      total: 1,
      first: [
        {
          file: "slots-no-duration.csv",
          line: 1,
          column: "duration",
          value: "",
          reason: "is not in the header: duration is empty (NULL) in every row",
        },
      ],
    });
    expect(
      await wh.query(
        `SELECT count(*) AS n, count(duration_secs) AS durations FROM agent_states WHERE import_id = '${s.importId}'`,
      ),
    ).toEqual([{ n: s.rowsByTable.agent_states, durations: 0 }]);
  });
});

describe("re-import", () => {
  it("the same conversations file again changes nothing", async () => {
    const before = await tableChecksums(wh);
    const s = await importFile(wh, join(FIXTURES, "conversations.csv"), { timezone: TZ });
    expect(s.status).toBe("unchanged");
    expect(await tableChecksums(wh)).toEqual(before);
  });
});

describe("accepted spellings (parse.ts, as docs/ingest.md lists them)", () => {
  const at = (text: string) => {
    const p = instant.parse(text, TZ);
    return "value" in p ? p.value.toISOString() : p.reason;
  };
  it("timestamps", () => {
    expect(at("2024-03-05 09:00:00")).toBe("2024-03-05T08:00:00.000Z");
    expect(at("2024-07-05 09:00:00")).toBe("2024-07-05T07:00:00.000Z"); // summer time, UTC+2
    expect(at("2024-03-05T09:00:00Z")).toBe("2024-03-05T09:00:00.000Z");
    expect(at("2024-03-05T09:00:00.250+01:00")).toBe("2024-03-05T08:00:00.250Z");
    expect(at("2024-03-05T09:00:00-0530")).toBe("2024-03-05T14:30:00.000Z");
    expect(at("1709625600")).toBe("2024-03-05T08:00:00.000Z");
    for (const bad of ["2024-03-05T09:00:00", "2024-03-05 09:00", "20240305", "1709625600000", "05/03/2024 09:00:00"])
      expect(at(bad), bad).toBe(TIMESTAMP_REASON);
    expect(at("2024-02-30 09:00:00")).toBe("is not a valid calendar date and time");
    expect(at("2024-03-05 24:00:00")).toBe("is not a valid calendar date and time");
    expect(at("2024-03-05T09:00:00+15:00")).toBe("has an impossible UTC offset");
  });
  it("survey answers", () => {
    const answer = (text: string) => {
      const p = surveyAnswer.parse(text, TZ);
      return "value" in p ? `${p.value.scale} ${p.value.value}` : "refused";
    };
    expect(["good", "Moderate", "BAD"].map(answer)).toEqual(["face 3", "face 2", "face 1"]);
    expect(["up", "thumbs_up", "Thumbs Up", "thumbsup", "thumb_up"].map(answer)).toEqual(Array(5).fill("thumbs 1"));
    expect(["down", "thumbs_down", "thumbs down", "THUMBSDOWN", "thumb_down"].map(answer)).toEqual(
      Array(5).fill("thumbs 0"),
    );
    expect(["1", "5"].map(answer)).toEqual(["1-5 1", "1-5 5"]);
    expect(["0", "6", "4.5", "thumbs_good", "neutral"].map(answer)).toEqual(Array(5).fill("refused"));
  });
});

describe("required and optional columns (the lists in docs/ingest.md)", () => {
  /** Columns whose empty value rejects a record; every other column may be empty. */
  const REQUIRED: Record<FixtureName, string[]> = {
    "agent-activity.csv": ["chatcampaign_id", "agent_id", "time_start", "state", "activity_id"],
    "slots.csv": ["chatcampaign_id", "agent_id", "time_start", "state"],
    "agent-performance.csv": ["chatcampaign_id", "agent_id", "workshift_id", "workshift_start"],
    "agents.csv": ["id", "username", "disabled"],
    "hosts.csv": ["id", "hostname"],
    // assigned_agent_id and survey_result are optional, but line 2 has a last_agent_id and a survey_comment.
    "conversations.csv": ["chatcampaign_id", "session_id", "conversation_start", "assigned_agent_id", "survey_result"],
    "invites.csv": [
      "chatcampaign_id",
      "filter_id",
      "date",
      "hour_of_day",
      "hour_begin_time",
      "hour_end_time",
      ...["", "_accepted", "_declined", "_match", "_cancelled", "_no_availability", "_expired", "_ignored"].map(
        (suffix) => `num_proactive${suffix}`,
      ),
    ],
    "traffic.csv": ["chatcampaign_id", "entrypoint_id", "hour_begin_time", "visits", "views", "clicks", "chats"],
  };
  const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;

  for (const [name, required] of Object.entries(REQUIRED) as [FixtureName, string[]][]) {
    it(`${EXPORTS[name]}: blanking a column of line 2 rejects it exactly for the required ones`, async () => {
      const adapter = adapterById(EXPORTS[name]);
      const { header, records } = await parseDelimited(name, fixture(name), ",");
      const first = records[0]?.values ?? {};
      const rejected: string[] = [];
      for (const column of header) {
        const line = header.map((h) => quote(h === column ? "" : (first[h] ?? ""))).join(",");
        const bytes = Buffer.from(`${header.join(",")}\n${line}\n`);
        const ctx = { file: name, timezone: TZ, importId: "test" };
        const result = await adapter?.read?.({ path: name, name, bytes }, ctx);
        if (result?.issues.length) rejected.push(column);
      }
      expect(rejected.sort()).toEqual([...required].sort());
    });
  }
});
