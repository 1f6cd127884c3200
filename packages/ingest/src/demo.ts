import { createHash, randomUUID } from "node:crypto";
import type { CanonicalRow, Warehouse } from "@tallyline/warehouse";
import { addDays, eachDay, zonedToUtc } from "@tallyline/warehouse/time";
import type { CanonicalRows } from "./adapter";
import { type ImportSummary, writeImport } from "./import";

/** Options of {@link generateDemoCalls}. */
export interface DemoOptions {
  /** PRNG seed; the same options always give the same rows. Default 1. */
  seed?: number;
  /** Last day generated, 'YYYY-MM-DD' (default: today in UTC). */
  endDate?: string;
  /** Number of days ending at endDate (default 90, so a 30-day view has a previous period). */
  days?: number;
  /** Average calls offered on a weekday (default 600; weekends get 35%). */
  callsPerWeekday?: number;
  /** Zone of the simulated call centre's opening hours (default UTC). */
  timezone?: string;
}

const QUEUES = ["Sales", "Support", "Billing"] as const;
const AGENTS = [
  "Ava Jansen",
  "Bram de Vries",
  "Chloe Martin",
  "Daan Bakker",
  "Emma Visser",
  "Finn Smit",
  "Gwen Mulder",
  "Hugo Bos",
  "Iris Meijer",
  "Jack de Boer",
  "Kim Peters",
  "Lars Hendriks",
];
// Share of a day's calls arriving in each local hour (08:00-20:00), a morning and an early-afternoon peak.
const HOURLY = [0, 0, 0, 0, 0, 0, 0, 0, 6, 11, 13, 12, 9, 10, 11, 9, 7, 5, 4, 3, 0, 0, 0, 0];

/** mulberry32: a small, well-mixed, seedable PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deterministic synthetic calls for the demo and tests: one campaign ('demo'), 12 agents, three
 * queues, arrivals shaped by hour and weekday, exponential queue waits (ASA around 30-40 s), callers
 * abandoning more often the longer they wait, a few voice-menu-only calls, log-normal handle times
 * (AHT around 5 min), CSAT 1-5 on about a third of answered calls, and resolution flags.
 * Returns canonical rows keyed by table.
 */
export function generateDemoCalls(options: DemoOptions = {}): CanonicalRows {
  const rnd = prng(options.seed ?? 1);
  const tz = options.timezone ?? "UTC";
  const end = options.endDate ?? new Date().toISOString().slice(0, 10);
  const days = options.days ?? 90;
  const perWeekday = options.callsPerWeekday ?? 600;
  const importId = "demo";
  const campaigns: CanonicalRow[] = [
    { campaign_id: "demo", source: "demo", import_id: importId, name: "Demo contact centre", channel: "call" },
  ];
  const agents: CanonicalRow[] = AGENTS.map((name, i) => {
    const [first, ...rest] = name.split(" ");
    return {
      agent_id: `demo:agent${i + 1}`,
      source: "demo",
      import_id: importId,
      username: `agent${i + 1}`,
      first_name: first,
      last_name: rest.join(" "),
      email: null,
      disabled: false,
    };
  });
  const calls: CanonicalRow[] = [];
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  for (const date of eachDay(addDays(end, -(days - 1)), end)) {
    const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
    const dayFactor = weekday === 0 || weekday === 6 ? 0.35 : 1;
    const total = Math.round(perWeekday * dayFactor * (0.85 + 0.3 * rnd()));
    for (let n = 0; n < total; n++) {
      let r = rnd() * 100;
      let hour = 8;
      while (hour < 19 && r >= (HOURLY[hour] ?? 0)) r -= HOURLY[hour++] ?? 0;
      const secOfDay = hour * 3600 + Math.floor(rnd() * 3600);
      const started = zonedToUtc(tz, y, mo, d, 0, 0, secOfDay);
      const queue = QUEUES[Math.floor(rnd() * QUEUES.length)] ?? "Support";
      const ivr = 5 + Math.floor(rnd() * 25);
      const ivrOnly = rnd() < 0.04;
      const patience = -Math.log(1 - rnd()) * 480;
      const wait = Math.round(-Math.log(1 - rnd()) * (hour >= 10 && hour <= 14 ? 45 : 25));
      const abandoned = !ivrOnly && patience < wait;
      const answered = !ivrOnly && !abandoned;
      const waited = ivrOnly ? 0 : abandoned ? Math.round(patience) : wait;
      const talk = answered ? Math.round(Math.exp(5.4 + 0.55 * normal())) : null;
      const wrap = answered ? Math.round(10 + rnd() * 50) : null;
      const handle = talk === null || wrap === null ? null : talk + wrap;
      const queuedAt = ivrOnly ? null : new Date(started.getTime() + ivr * 1000);
      const answeredAt = answered && queuedAt ? new Date(queuedAt.getTime() + waited * 1000) : null;
      const endedAt = new Date(started.getTime() + (ivr + waited + (talk ?? 0)) * 1000);
      calls.push({
        call_id: `demo:${date}:${n}`,
        source: "demo",
        import_id: importId,
        campaign_id: "demo",
        agent_id: answered ? `demo:agent${1 + Math.floor(rnd() * AGENTS.length)}` : null,
        contact_id: rnd() < 0.8 ? `demo:c${Math.floor(rnd() * 20000)}` : null,
        queue,
        priority: null,
        started_at: started,
        queued_at: queuedAt,
        answered_at: answeredAt,
        ended_at: endedAt,
        ivr_secs: ivr,
        wait_secs: waited,
        talk_secs: talk,
        handle_secs: handle,
        answered,
        abandoned,
        outcome: ivrOnly ? "IVR" : abandoned ? "ABANDONED" : "ANSWERED",
        resolved: answered ? rnd() < 0.78 : null,
        csat: answered && rnd() < 0.35 ? Math.min(5, Math.max(1, Math.round(4.1 + 1.1 * normal()))) : null,
        topic: queue,
      });
    }
  }
  return { campaigns, agents, calls };
}

/** Generates demo calls and writes them as one import (source 'demo'). Same options: same data, 'unchanged'. */
export async function loadDemoCalls(wh: Warehouse, options: DemoOptions = {}): Promise<ImportSummary> {
  const rows = generateDemoCalls(options);
  const sha256 = createHash("sha256")
    .update(`demo:${JSON.stringify(options)}`)
    .digest("hex");
  const importId = randomUUID();
  for (const list of Object.values(rows)) for (const row of list ?? []) row.import_id = importId;
  return writeImport(wh, { importId, file: "built-in demo data", source: "demo", sha256, rows, started: Date.now() });
}
