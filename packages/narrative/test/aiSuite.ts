/**
 * The shared setup of the tests that narrate through the real `openai` SDK: one local protocol
 * server (aiServer.ts) and one warehouse of generated data (fixture.ts) per test file, the scope of
 * the generated data's first campaign, the server's replies reset before each test, both closed
 * after; and the AI configuration pointing at the server.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AiConfig, Scope } from "../src/index";
import { type AiServer, startAiServer } from "./aiServer";
import { generatedDb } from "./fixture";

/** What {@link aiSuite} gives a test file; `ai`, `db` and `scope` are set once its `beforeAll` ran. */
export interface AiSuite {
  /** The local chat-completions/embeddings server; its `replies` say what the next calls answer. */
  ai: AiServer;
  /** The warehouse of generated data. */
  db: Awaited<ReturnType<typeof generatedDb>>;
  /** `campaign` scope of the generated data's smallest campaign id. */
  scope: Scope;
  /** An AI configuration for the local server: the suite's defaults, then `over`. */
  config: (over?: Partial<AiConfig>) => AiConfig;
}

/**
 * Registers the file's `beforeAll`/`beforeEach`/`afterAll` and returns the suite they fill.
 * `defaults` override the configuration's base (model "local-test", 5 s time-out, 2 retries, no
 * streaming, 500 tokens).
 */
export function aiSuite(defaults: Partial<AiConfig> = {}): AiSuite {
  const suite = {
    config: (over: Partial<AiConfig> = {}): AiConfig => ({
      baseURL: suite.ai.url,
      model: "local-test",
      apiKey: "test",
      timeoutMs: 5000,
      maxRetries: 2,
      stream: false,
      maxTokens: 500,
      ...defaults,
      ...over,
    }),
  } as AiSuite;
  beforeAll(async () => {
    suite.ai = await startAiServer();
    suite.db = await generatedDb();
    const [row] = await suite.db.wh.query<{ c: string }>("SELECT min(campaign_id) AS c FROM call_check_results");
    suite.scope = { kind: "campaign", ids: [String(row?.c)] };
  });
  afterAll(async () => {
    await suite.db?.close();
    await suite.ai?.close();
  });
  beforeEach(() => suite.ai.reset());
  return suite;
}
