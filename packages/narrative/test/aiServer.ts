/**
 * A local HTTP server that speaks the OpenAI protocol, for tests through the real `openai` SDK:
 * `POST /v1/chat/completions` answers the queued {@link Reply} (plain JSON, a stream with usage, an
 * error status, or a hang), else `fallback` (default a 500); `POST /v1/embeddings` answers the vectors the
 * test's `embed` function chooses for the inputs (or an error status), with usage. Every answer can
 * be delayed (`delayMs`) to slow a generation down. Listens on 127.0.0.1 on a free port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One chat-completions answer. */
export type Reply =
  | { kind: "json"; status?: number; content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { kind: "stream"; content: string; usage: { prompt_tokens: number; completion_tokens: number } }
  | { kind: "error"; status: number }
  | { kind: "hang"; ms: number };

/** A chat-completions request as received. */
export interface ChatRequest {
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: unknown;
}

/** The embeddings answer for some inputs: vectors (one per input) or an error status. */
export type EmbedReply = { vectors: number[][]; promptTokens?: number } | { status: number };

/** The running server; the test sets `replies`, `embed` and `delayMs`, and reads the requests. */
export interface AiServer {
  /** Base URL for the SDK, ending in /v1. */
  readonly url: string;
  replies: Reply[];
  /** The answer when no reply is queued (default: a 500). */
  fallback: Reply;
  requests: ChatRequest[];
  embeddingRequests: { model: string; input: string[] }[];
  embed: (input: string[]) => EmbedReply;
  /** Milliseconds every answer waits before it is sent. */
  delayMs: number;
  /** Clears replies, requests and the delay; fallback a 500, embed a 404 answer. */
  reset(): void;
  close(): Promise<void>;
}

function chatAnswer(res: ServerResponse, r: Reply): void {
  if (r.kind === "error") {
    res.writeHead(r.status, { "content-type": "application/json", "retry-after-ms": "5" });
    res.end(JSON.stringify({ error: { message: `simulated ${r.status}`, type: "server_error" } }));
    return;
  }
  if (r.kind === "hang") {
    setTimeout(() => {
      if (!res.destroyed) res.end();
    }, r.ms);
    return;
  }
  if (r.kind === "stream") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const pieces = r.content.match(/.{1,40}/gs) ?? [];
    for (const p of pieces)
      res.write(
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })}\n\n`,
      );
    res.write(
      `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 0, model: "m", choices: [], usage: { ...r.usage, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens } })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
    return;
  }
  res.writeHead(r.status ?? 200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "c1",
      object: "chat.completion",
      created: 0,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: r.content }, finish_reason: "stop" }],
      ...(r.usage ? { usage: { ...r.usage, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens } } : {}),
    }),
  );
}

function embeddingsAnswer(res: ServerResponse, model: string, r: EmbedReply): void {
  if ("status" in r) {
    res.writeHead(r.status, { "content-type": "application/json", "retry-after-ms": "5" });
    res.end(JSON.stringify({ error: { message: `simulated ${r.status}`, type: "server_error" } }));
    return;
  }
  const tokens = r.promptTokens ?? 0;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      model,
      data: r.vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }),
  );
}

/** Starts the server. */
export async function startAiServer(): Promise<AiServer> {
  const notFound: AiServer["embed"] = () => ({ status: 404 });
  const state = {
    replies: [] as Reply[],
    fallback: { kind: "error", status: 500 } as Reply,
    requests: [] as ChatRequest[],
    embeddingRequests: [] as { model: string; input: string[] }[],
    embed: notFound,
    delayMs: 0,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const respond = () => {
        if (req.url === "/v1/chat/completions") {
          state.requests.push(JSON.parse(body));
          chatAnswer(res, state.replies.shift() ?? state.fallback);
        } else if (req.url === "/v1/embeddings") {
          const parsed = JSON.parse(body) as { model: string; input: string | string[] };
          const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
          state.embeddingRequests.push({ model: parsed.model, input });
          embeddingsAnswer(res, parsed.model, state.embed(input));
        } else res.writeHead(404).end();
      };
      if (state.delayMs > 0) setTimeout(respond, state.delayMs);
      else respond();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return Object.assign(state, {
    url,
    reset() {
      state.replies = [];
      state.fallback = { kind: "error", status: 500 };
      state.requests = [];
      state.embeddingRequests = [];
      state.embed = notFound;
      state.delayMs = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as AiServer;
}
