/**
 * Chat mapping files: the shipped JSON Schema is the zod schema's, the shipped chat mappings are valid,
 * and a bad chat mapping is refused with errors that name the mapping file and the JSON path of each
 * bad field.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMapping } from "../src/adapters/mapped/load";
import { chatMappingJsonSchema, chatMappingSchema } from "../src/adapters/mapped-chat/schema";
import { IngestError } from "../src/index";

const shipped = join(import.meta.dirname, "../mappings");
const twcs = JSON.parse(readFileSync(join(shipped, "twcs.json"), "utf8"));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-chat-mapping-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `json` as bad.json with the chat schema and returns the IngestError it must raise. */
async function refuse(json: unknown): Promise<IngestError> {
  const path = join(dir, "bad.json");
  writeFileSync(path, JSON.stringify(json));
  const e = await loadMapping(path, chatMappingSchema).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(IngestError);
  expect((e as IngestError).message).toMatch(/^Invalid mapping bad\.json/);
  return e as IngestError;
}

/** [JSON path, reason] of each problem. */
const problems = (e: IngestError) => e.issues.map((i) => [i.column, i.reason]);
const withFields = (fields: object, rest: object = {}) => ({ ...twcs, ...rest, fields: { ...twcs.fields, ...fields } });

describe("shipped files", () => {
  it("chat-mapping.schema.json is the JSON Schema (draft 2020-12) of the zod schema", () => {
    // Regenerate with the command in docs/mapping.md when the zod schema changes.
    const file = JSON.parse(readFileSync(join(shipped, "chat-mapping.schema.json"), "utf8"));
    expect(file).toEqual(chatMappingJsonSchema());
    expect(file.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("every shipped chat mapping is valid and points at the schema", async () => {
    const chat = readdirSync(shipped).filter(
      (f) => f.endsWith(".json") && JSON.parse(readFileSync(join(shipped, f), "utf8")).kind === "chat",
    );
    expect(chat.sort()).toEqual(["ibm-twitter-chat.json", "twcs.json"]);
    for (const f of chat) {
      await expect(loadMapping(join(shipped, f), chatMappingSchema)).resolves.toMatchObject({ kind: "chat" });
      expect(JSON.parse(readFileSync(join(shipped, f), "utf8")).$schema).toBe("./chat-mapping.schema.json");
    }
  });
});

describe("a bad chat mapping names the JSON path of each bad field", () => {
  it("both conversation_id and reply_to; reply_to without message_id", async () => {
    expect(problems(await refuse(withFields({ conversation_id: "tweet_id" })))).toEqual([
      ["fields", "needs exactly one of conversation_id (a column) or reply_to (threads rebuilt from replies)"],
    ]);
    const { message_id: _, ...noId } = twcs.fields;
    expect(problems(await refuse({ ...twcs, fields: noId }))).toEqual([
      ["fields.message_id", "is needed with reply_to: replies name the message they answer by its id"],
    ]);
  });

  it("a sender role that does not exist, a regular expression that does not compile, a date format", async () => {
    const e = await refuse(
      withFields(
        {
          sender: { column: "inbound", map: { True: "customer", False: "agent" } },
          agent_id: { column: "text", pattern: "([A-Z" },
        },
        { dateFormat: "twiter" },
      ),
    );
    expect(problems(e)).toEqual(
      expect.arrayContaining([
        ["fields.sender.map.True", expect.stringMatching(/expected one of "contact"\|"agent"\|"bot"\|"system"/)],
        ["fields.agent_id.pattern", expect.stringMatching(/^is not a JavaScript regular expression: /)],
        ["dateFormat", expect.stringMatching(/^is not a date format: .*rfc-2822, twitter/)],
      ]),
    );
  });

  it("an unknown field, a sender rule with a typo, a missing kind", async () => {
    const { kind: _, ...noKind } = twcs;
    const e = await refuse({
      ...noKind,
      fields: { ...twcs.fields, sent: "created_at", sender: { agentAuthor: ["x"] } },
    });
    expect(problems(e)).toEqual(
      expect.arrayContaining([
        ["kind", 'Invalid input: expected "chat"'],
        ["fields", expect.stringMatching(/Unrecognized key: "sent"/)],
        // The closest alternative: a spec object with a key it does not know.
        ["fields.sender", 'Unrecognized key: "agentAuthor"'],
      ]),
    );
  });

  it("format options of another type; a named format with separate date and time columns", async () => {
    const e = await refuse(
      withFields(
        { sent_at: { date: "day", time: "created_at", dateFormat: "twitter" } },
        { format: { type: "csv", records: "$[*]", sheet: "Tweets" } },
      ),
    );
    expect(problems(e)).toEqual([
      ["format.sheet", "is for xlsx only"],
      ["format.records", "is for json and ndjson only"],
      ["fields.sent_at.dateFormat", "twitter is for a single column with the whole instant"],
    ]);
  });

  it("JSON paths: a records path that does not parse or does not start at $, a column with more [*] than the records", async () => {
    const json = (records: unknown, fields: object = {}) => withFields(fields, { format: { type: "json", records } });
    expect(problems(await refuse(json("$[*].messages[")))).toEqual([
      [
        "format.records",
        'is not a path: cannot read "[" (use .key, ["any key"], [N] or [*]; a column starting with $ is read from the root)',
      ],
    ]);
    expect(problems(await refuse(json(["$[*]", "messages[*]"])))).toEqual([
      ["format.records[1]", "must start at the root: $"],
    ]);
    expect(problems(await refuse(json("$[*]", { author: "$[*].thread[*].user" })))).toEqual([
      ["fields.author", "has 2 [*] but the records path has 1: each [*] stands for an element the record lies in"],
    ]);
    const nd = withFields({}, { format: { type: "ndjson", records: "$.messages[*]" } });
    expect(problems(await refuse(nd))).toEqual([
      ["format.records", "must start with $[*] in NDJSON (each line is one element of the root)"],
    ]);
  });

  it("a named condition that does not exist", async () => {
    const e = await refuse(withFields({ sender: { agentWhen: { condition: "outbound" } } }));
    expect(problems(e)).toEqual([["fields.sender.agentWhen.condition", 'names no condition of "conditions" (none)']]);
  });
});
