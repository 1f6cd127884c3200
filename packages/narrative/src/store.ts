/**
 * History of narrative reports (seed 000 "Report History"): every generated report is kept in
 * `app_narratives` (migration 18; its progress column, migration 23) until deleted; deleting one never touches call data. Token usage
 * is kept per model call in `app_narrative_usage`, also after its report is deleted, so the monthly
 * usage stays true. Every value is a bound parameter.
 */
import { randomUUID } from "node:crypto";
import type { Param, Row } from "@tallyline/warehouse";
import type { Usage } from "./ai";
import type { AgentLine, CheckLine, Fact } from "./facts";
import type { Grouping, Issue } from "./issues";
import type { Sections } from "./narrate";
import { type Progress, shownProgress } from "./progress";
import type { ScopeKind } from "./scope";

/** What the store needs of a database: Warehouse and a Transaction both fit. */
export interface Db {
  query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  run(sql: string, params?: readonly Param[]): Promise<void>;
}

/** Who asked for a report. */
export interface Author {
  readonly kind: "user" | "key" | "cli";
  readonly id: string | null;
}

/** The stored body of a report's content. */
export interface NarrativeContent {
  readonly facts: readonly Fact[];
  readonly issues: readonly Issue[];
  /** Filled prose (what a reader sees). */
  readonly sections: Sections;
  /** The prose with `{{fact:ID}}` references, as the narrator wrote it and the validator passed it. */
  readonly templates: Sections;
  /** How the failed-check reasons were grouped (embeddings or lexical, and why). Absent in older reports. */
  readonly grouping?: Grouping;
  /**
   * The check- and agent-performance tables: the prefixes of their facts (`check.N`, `agent.N`), the
   * top and bottom performer, and how many linked agents were left out for a sample under 20.
   * Absent in reports stored before it was kept.
   */
  readonly lines?: {
    readonly checks: readonly CheckLine[];
    readonly agents: readonly AgentLine[];
    readonly agentsTooFew: number;
  };
}

/** Token usage of a report: per call and in total. */
export interface NarrativeUsage {
  readonly calls: readonly Usage[];
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** A stored report as the API and CLI show it. */
export interface Narrative {
  readonly id: string;
  readonly name: string;
  readonly scope: { readonly kind: ScopeKind; readonly key: string } & Record<string, unknown>;
  readonly period: { readonly from: string; readonly to: string; readonly timezone: string };
  readonly status: "running" | "done" | "failed";
  /** 'ai' (a model, validated) or 'rules' (the deterministic narrator); null while running or failed before. */
  readonly narrator: "ai" | "rules" | null;
  readonly author: Author;
  readonly regeneratedFrom: string | null;
  readonly createdAt: string;
  readonly generatedAt: string | null;
  /** Why it failed, or why the model's answer was not used (then narrator is 'rules'). */
  readonly failure: string | null;
  readonly usage: NarrativeUsage | null;
  /** Where the generation is (step, words, percent 0-100): stored while running, derived once done or failed. */
  readonly progress: Progress;
  /** Absent in lists. */
  readonly content?: NarrativeContent | null;
}

type NarrativeRow = {
  narrative_id: string;
  name: string;
  scope_kind: ScopeKind;
  scope_key: string;
  scope: string;
  period_from: string;
  period_to: string;
  timezone: string;
  status: Narrative["status"];
  narrator: Narrative["narrator"];
  author_kind: Author["kind"];
  author_id: string | null;
  regenerated_from: string | null;
  facts: string | null;
  sections: string | null;
  usage: string | null;
  failure: string | null;
  progress: string | null;
  created_at: string;
  generated_at: string | null;
};

const iso = "'%Y-%m-%dT%H:%M:%S.%gZ'";
const COLUMNS = `narrative_id, name, scope_kind, scope_key, scope::VARCHAR AS scope, period_from,
  period_to, timezone, status, narrator, author_kind, author_id, regenerated_from,
  usage::VARCHAR AS usage, failure, progress::VARCHAR AS progress, strftime(created_at, ${iso}) AS created_at, strftime(generated_at, ${iso}) AS generated_at`;

/** 'YYYY-MM-DD HH:MM:SS.sss' (UTC) of an instant in ms, as TIMESTAMP parameters are bound. */
const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
const json = (v: string | null) => (v === null ? null : JSON.parse(v));

function show(r: NarrativeRow, withContent: boolean): Narrative {
  const n: Narrative = {
    id: r.narrative_id,
    name: r.name,
    scope: { ...json(r.scope), kind: r.scope_kind, key: r.scope_key },
    period: { from: r.period_from, to: r.period_to, timezone: r.timezone },
    status: r.status,
    narrator: r.narrator,
    author: { kind: r.author_kind, id: r.author_id },
    regeneratedFrom: r.regenerated_from,
    createdAt: r.created_at,
    generatedAt: r.generated_at,
    failure: r.failure,
    usage: json(r.usage),
    progress: shownProgress(r.status, json(r.progress)),
  };
  if (!withContent) return n;
  const facts = json(r.facts);
  const sections = json(r.sections);
  return { ...n, content: facts && sections ? { facts, ...sections } : null };
}

/** Thrown for an unknown report id. */
export class NarrativeNotFound extends Error {
  override readonly name = "NarrativeNotFound";
}

/** Fact deltas of two reports of one scope: `b - a` per fact both have with numbers. */
export interface Comparison {
  readonly a: Pick<Narrative, "id" | "name" | "period" | "generatedAt">;
  readonly b: Pick<Narrative, "id" | "name" | "period" | "generatedAt">;
  readonly deltas: readonly {
    readonly id: string;
    readonly label: string;
    readonly unit: string;
    readonly a: number | null;
    readonly b: number | null;
    readonly delta: number | null;
    readonly aFormatted: string;
    readonly bFormatted: string;
  }[];
}

/** The report store over a database holding migration 18. */
export class NarrativeStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Inserts a report in status 'running' and returns its id. */
  async create(input: {
    name: string;
    scopeKind: ScopeKind;
    scopeKey: string;
    scope: Record<string, unknown>;
    from: string;
    to: string;
    timezone: string;
    author: Author;
    regeneratedFrom?: string | null;
  }): Promise<string> {
    const id = randomUUID();
    await this.db.run(
      `INSERT INTO app_narratives (narrative_id, name, scope_kind, scope_key, scope, period_from, period_to, timezone, status,
         author_kind, author_id, regenerated_from, created_at)
       VALUES ($1, $2, $3, $4, $5::JSON, $6, $7, $8, 'running', $9, $10, $11, $12::TIMESTAMP)`,
      [
        id,
        input.name,
        input.scopeKind,
        input.scopeKey,
        JSON.stringify(input.scope),
        input.from,
        input.to,
        input.timezone,
        input.author.kind,
        input.author.id,
        input.regeneratedFrom ?? null,
        ts(this.now()),
      ],
    );
    return id;
  }

  /** Marks a report done with its content, narrator and usage (failure: why the model was not used, or null). */
  async finish(
    id: string,
    content: NarrativeContent,
    narrator: "ai" | "rules",
    usage: NarrativeUsage,
    failure: string | null,
  ): Promise<void> {
    await this.db.run(
      `UPDATE app_narratives SET status = 'done', narrator = $2, facts = $3::JSON, sections = $4::JSON, usage = $5::JSON,
         failure = $6, generated_at = $7::TIMESTAMP WHERE narrative_id = $1`,
      [
        id,
        narrator,
        JSON.stringify(content.facts),
        JSON.stringify({
          issues: content.issues,
          sections: content.sections,
          templates: content.templates,
          ...(content.grouping ? { grouping: content.grouping } : {}),
          ...(content.lines ? { lines: content.lines } : {}),
        }),
        JSON.stringify(usage),
        failure,
        ts(this.now()),
      ],
    );
  }

  /** Marks a report failed with the reason (and the usage spent before it failed). */
  async fail(id: string, failure: string, usage: NarrativeUsage | null): Promise<void> {
    await this.db.run(
      `UPDATE app_narratives SET status = 'failed', failure = $2, usage = $3::JSON, generated_at = $4::TIMESTAMP WHERE narrative_id = $1`,
      [id, failure.slice(0, 2000), usage ? JSON.stringify(usage) : null, ts(this.now())],
    );
  }

  /** Stores where a running report's generation is (migration 23). */
  async progress(id: string, p: Progress): Promise<void> {
    await this.db.run("UPDATE app_narratives SET progress = $2::JSON WHERE narrative_id = $1 AND status = 'running'", [
      id,
      JSON.stringify(p),
    ]);
  }

  /** Records the tokens of one model call for a report. */
  async recordUsage(narrativeId: string, u: Usage): Promise<void> {
    await this.db.run(
      `INSERT INTO app_narrative_usage (usage_id, narrative_id, model, prompt_tokens, completion_tokens, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP)`,
      [randomUUID(), narrativeId, u.model, u.promptTokens, u.completionTokens, ts(this.now())],
    );
  }

  /** Every report, newest first (without content). */
  async list(): Promise<Narrative[]> {
    const rows = await this.db.query<NarrativeRow>(
      `SELECT ${COLUMNS} FROM app_narratives ORDER BY created_at DESC, narrative_id`,
    );
    return rows.map((r) => show(r, false));
  }

  /** One report with its content; throws {@link NarrativeNotFound}. */
  async get(id: string): Promise<Narrative> {
    const [row] = await this.db.query<NarrativeRow>(
      `SELECT ${COLUMNS}, facts::VARCHAR AS facts, sections::VARCHAR AS sections FROM app_narratives WHERE narrative_id = $1`,
      [id],
    );
    if (!row) throw new NarrativeNotFound(`No narrative report ${id}`);
    return show(row, true);
  }

  /** Deletes a report (its usage rows stay); throws {@link NarrativeNotFound}. Call data is never touched. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.db.run("DELETE FROM app_narratives WHERE narrative_id = $1", [id]);
  }

  /** Tokens per calendar month (UTC), newest first: model calls, prompt and completion tokens. */
  async usageByMonth(): Promise<{ month: string; calls: number; promptTokens: number; completionTokens: number }[]> {
    const rows = await this.db.query<{ month: string; calls: number; p: number; c: number }>(
      `SELECT strftime(created_at, '%Y-%m') AS month, count(*)::INTEGER AS calls, sum(prompt_tokens)::BIGINT AS p,
         sum(completion_tokens)::BIGINT AS c FROM app_narrative_usage GROUP BY month ORDER BY month DESC`,
    );
    return rows.map((r) => ({
      month: r.month,
      calls: Number(r.calls),
      promptTokens: Number(r.p),
      completionTokens: Number(r.c),
    }));
  }

  /**
   * Compares two done reports of the same scope: for every numeric fact id both have, `b - a`.
   * Throws {@link NarrativeNotFound}, or Error when the scopes differ or one is not done.
   */
  async compare(aId: string, bId: string): Promise<Comparison> {
    const [a, b] = [await this.get(aId), await this.get(bId)];
    if (a.scope.key !== b.scope.key)
      throw new Error(`Reports ${aId} and ${bId} have different scopes (${a.scope.key}, ${b.scope.key})`);
    if (!a.content || !b.content) throw new Error("Only finished reports can be compared");
    const bFacts = new Map(b.content.facts.map((f) => [f.id, f]));
    const deltas = a.content.facts
      .filter((f) => f.unit !== "text" && f.unit !== "date" && bFacts.has(f.id))
      .map((f) => {
        const g = bFacts.get(f.id) as Fact;
        const av = typeof f.value === "number" ? f.value : null;
        const bv = typeof g.value === "number" ? g.value : null;
        return {
          id: f.id,
          label: f.label,
          unit: f.unit,
          a: av,
          b: bv,
          delta: av !== null && bv !== null ? bv - av : null,
          aFormatted: f.formatted,
          bFormatted: g.formatted,
        };
      });
    const head = (n: Narrative) => ({ id: n.id, name: n.name, period: n.period, generatedAt: n.generatedAt });
    return { a: head(a), b: head(b), deltas };
  }
}
