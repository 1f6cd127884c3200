/**
 * A generated file in the IBM Twitter format (sessions `{ dialogHeader, dialogContent, agentURL }`, as
 * ../shared/data/real/ibm-twitter-cdp/SOURCE.md describes them) with sessions from seconds to weeks
 * long and the session `duration` in every spelling the format's producers write: the dev file's
 * `HH:MM:SS.0` and `-HH:MM:SS.`, IBM's MaskerDuration `[-]D-HH:MM:SS.mmm` (a day part for sessions
 * over a day, `0-` below), hours past 23 without a day part, a point without digits; plus values
 * that are not durations at all. The file must import whole: every session and message, the
 * durations as the generator wrote them (worked out from the generator's own milliseconds, not by
 * the adapter), and one warning per negative or unreadable duration, whose session is kept without
 * a duration or end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportSummary, importFile } from "../src/index";

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Hours, minutes, seconds and milliseconds of `ms` within its day, and the whole days. */
function parts(ms: number) {
  return {
    days: Math.floor(ms / DAY),
    h: Math.floor((ms % DAY) / 3_600_000),
    m: Math.floor((ms % 3_600_000) / 60_000),
    s: Math.floor((ms % 60_000) / 1000),
    ms: ms % 1000,
  };
}

/** One way of writing a duration: the text for `ms` (>= 0), and the milliseconds it means (null: none). */
interface Spelling {
  readonly name: string;
  /** Longest duration this spelling is used for (the dev spellings have no day part). */
  readonly below: number;
  write(ms: number): string | number;
  means(ms: number): number | null;
}

const good = (name: string, below: number, write: (ms: number) => string): Spelling => ({
  name,
  below,
  write,
  means: (ms) => ms,
});
const bad = (name: string, write: (ms: number) => string | number): Spelling => ({
  name,
  below: Number.POSITIVE_INFINITY,
  write,
  means: () => null,
});

const SPELLINGS: readonly Spelling[] = [
  // The dev file: tenths of a second, no day part.
  good("HH:MM:SS.f", DAY, (ms) => {
    const p = parts(ms);
    return `${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${Math.floor(p.ms / 100)}`;
  }),
  // MaskerDuration: a day part always, milliseconds.
  good("D-HH:MM:SS.mmm", Number.POSITIVE_INFINITY, (ms) => {
    const p = parts(ms);
    return `${p.days}-${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}`;
  }),
  // Hours past 23, no fraction.
  good("H+:MM:SS", Number.POSITIVE_INFINITY, (ms) => {
    const p = parts(ms);
    return `${p.days * 24 + p.h}:${pad(p.m)}:${pad(p.s)}`;
  }),
  // A point without digits (whole seconds).
  good("HH:MM:SS.", DAY, (ms) => {
    const p = parts(ms);
    return `${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.`;
  }),
  bad("-HH:MM:SS.", (ms) => {
    const p = parts(ms % DAY);
    return `-${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.`;
  }),
  bad("-D-HH:MM:SS.mmm", (ms) => {
    const p = parts(ms);
    return `-${p.days}-${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}`;
  }),
  bad("Python timedelta", (ms) => {
    const p = parts(ms);
    return `${p.days} days, ${p.h}:${pad(p.m)}:${pad(p.s)}`;
  }),
  bad("a number", (ms) => Math.round(ms / 1000)),
  bad("empty", () => ""),
];

/** What the generator wrote for one session. */
interface Truth {
  readonly id: string;
  readonly spelling: string;
  readonly written: string | number;
  readonly start: number;
  /** The duration the file means, in ms, or null when it means none. */
  readonly duration: number | null;
  readonly messages: number;
}

/** `n` sessions in the format's shape; durations and times from a seeded generator. */
function generate(n: number, seed: number): { json: unknown[]; truth: Truth[] } {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const json: unknown[] = [];
  const truth: Truth[] = [];
  for (let i = 0; i < n; i++) {
    // Thirds: under an hour, under a day, one to twenty days; the dev spellings stay under a day.
    const spelling = SPELLINGS[i % SPELLINGS.length] as Spelling;
    const band = Math.floor(i / SPELLINGS.length) % 3;
    const span = band === 0 ? 3_600_000 : band === 1 ? DAY - 1000 : 20 * DAY;
    let ms = Math.floor(random() * span) + (band === 2 ? DAY : 0);
    if (ms >= spelling.below) ms %= spelling.below;
    if (spelling.name === "HH:MM:SS.f") ms -= ms % 100;
    if (spelling.name === "H+:MM:SS" || spelling.name === "HH:MM:SS.") ms -= ms % 1000;
    const start = Date.UTC(2020, 0, 1) + Math.floor(random() * 300) * DAY + Math.floor(random() * DAY);
    const id = `G${pad(i, 3)}`;
    const handle = `user_${i}`;
    const at = (f: number) => new Date(start + Math.floor(ms * f)).toISOString();
    const content = [
      { client: handle, datetime: at(0), message: `@Care help with order ${i}`, tweet_ID: `${i}1` },
      { agent: "Care", datetime: at(0.5), message: `@${handle} Looking into it ^AB`, tweet_ID: `${i}2` },
      ...(i % 2 === 0 ? [{ client: handle, datetime: at(0.9), message: "@Care thanks", tweet_ID: `${i}3` }] : []),
    ];
    const written = spelling.write(ms);
    json.push({
      agentURL: { doc_id: "1", turn: "3", tweet_ID: `${i}9`, url: "https://example.com/a", url_utterance: "Done ^AB" },
      dialogContent: content,
      dialogHeader: {
        company: i % 3 === 0 ? "CareA" : "CareB",
        conversationDateTime: at(0),
        duration: written,
        messageCount: i % 4 === 0 ? content.length + 1 : String(content.length + 1),
        sessionID: id,
      },
    });
    truth.push({
      id,
      spelling: spelling.name,
      written,
      start,
      duration: spelling.means(ms),
      messages: content.length + 1,
    });
  }
  return { json, truth };
}

describe("a generated IBM-format file with every duration spelling", () => {
  let dir: string;
  let wh: Warehouse;
  let summary: ImportSummary;
  const { json, truth } = generate(108, 20_201);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tl-ibm-gen-"));
    wh = await Warehouse.open(join(dir, "gen.duckdb"));
    const path = join(dir, "generated.json");
    writeFileSync(path, JSON.stringify(json, null, 2));
    summary = await importFile(wh, path);
  });
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the generator covers every spelling, sessions over a day among the good ones", () => {
    for (const s of SPELLINGS) expect(truth.filter((t) => t.spelling === s.name).length, s.name).toBe(12);
    const long = truth.filter((t) => t.duration !== null && t.duration > DAY);
    expect(new Set(long.map((t) => t.spelling))).toEqual(new Set(["D-HH:MM:SS.mmm", "H+:MM:SS"]));
    expect(long.length).toBe(8);
  });

  it("imports whole: every session and message", async () => {
    expect(summary).toMatchObject({ source: "ibm-twitter", status: "imported" });
    const messages = truth.reduce((n, t) => n + t.messages, 0);
    expect(summary.rowsByTable).toMatchObject({ conversations: 108, messages });
    const [db] = await wh.query<{ conversations: number; messages: number }>(
      "SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages",
    );
    expect(db).toEqual({ conversations: 108, messages });
  });

  it("durations and ends as the generator wrote them; NULL where the file means none", async () => {
    const got = await wh.query<{ id: string; duration_secs: number | null; ended_at: string | null }>(
      "SELECT split_part(conversation_id, ':', 2) AS id, duration_secs, ended_at FROM conversations ORDER BY 1",
    );
    expect(got).toEqual(
      truth.map((t) => ({
        id: t.id,
        duration_secs: t.duration === null ? null : t.duration / 1000,
        ended_at: t.duration === null ? null : new Date(t.start + t.duration).toISOString(),
      })),
    );
  });

  it("one warning per negative or unreadable duration, naming session, path and value", () => {
    const warned = truth.flatMap((t, i) => (t.duration === null ? [{ i, t }] : []));
    expect(warned).toHaveLength(60);
    expect(summary.warnings.total).toBe(60);
    expect(summary.warnings.first.map((w) => [w.line, w.column, w.value])).toEqual(
      warned.map(({ i, t }) => [i + 1, `[${i}].dialogHeader.duration`, String(t.written)]),
    );
    for (const w of summary.warnings.first) expect(w.reason).toMatch(/duration_secs and ended_at are left empty/);
  });
});
