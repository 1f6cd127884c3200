/**
 * Mapping files: the shipped JSON Schema is the zod schema's, the shipped mappings are valid, and a bad
 * mapping is refused with errors that name the mapping file and the JSON path of each bad field.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMapping } from "../src/adapters/mapped/load";
import { mappingJsonSchema } from "../src/adapters/mapped/schema";
import { IngestError } from "../src/index";

const shipped = join(import.meta.dirname, "../mappings");
const example = join(import.meta.dirname, "fixtures/mapped/my-mapping.json");
const base = JSON.parse(readFileSync(example, "utf8"));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-mapping-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `json` (an object, or raw text) as bad.json and returns the IngestError it must raise. */
async function refuse(json: unknown): Promise<IngestError> {
  const path = join(dir, "bad.json");
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  const e = await loadMapping(path).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(IngestError);
  expect((e as IngestError).message).toMatch(/^Invalid mapping bad\.json/);
  return e as IngestError;
}

/** The base mapping with `fields` entries replaced. */
const withFields = (fields: object) => ({ ...base, fields: { ...base.fields, ...fields } });

describe("shipped files", () => {
  it("mapping.schema.json is the JSON Schema (draft 2020-12) of the zod schema", () => {
    // Regenerate with the command in docs/mapping.md when the zod schema changes.
    const file = JSON.parse(readFileSync(join(shipped, "mapping.schema.json"), "utf8"));
    expect(file).toEqual(mappingJsonSchema());
    expect(file.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("every shipped mapping and the docs' example mapping are valid", async () => {
    // Chat mappings ("kind": "chat") and their schema are checked in mapped-chat.schema.test.ts.
    const isChat = (f: string) =>
      f === "chat-mapping.schema.json" || JSON.parse(readFileSync(join(shipped, f), "utf8")).kind === "chat";
    const files = readdirSync(shipped).filter((f) => f.endsWith(".json") && f !== "mapping.schema.json" && !isChat(f));
    expect(files.sort()).toEqual(["anonbank.json", "pwc-callcenter.json"]);
    for (const f of files) await expect(loadMapping(join(shipped, f))).resolves.toMatchObject({ fields: {} });
    await expect(loadMapping(example)).resolves.toMatchObject({ source: "acme" });
  });
});

describe("a bad mapping names the JSON path of each bad field", () => {
  it("a value map of the wrong type", async () => {
    const e = await refuse(withFields({ answered: { column: "Result", map: { ANS: "yes" } } }));
    expect(e.file).toBe("bad.json");
    expect(e.issues).toEqual([
      expect.objectContaining({ file: "bad.json", column: "fields.answered.map.ANS", value: "yes" }),
    ]);
    expect(e.issues[0]?.reason).toMatch(/expected boolean/);
    expect(e.message).toContain("fields.answered.map.ANS:");
  });

  it("a bad operand deep inside a rule", async () => {
    const rule = { all: [{ column: "Result", equals: "HUP" }, { any: [{ column: "Wait (s)", gt: "0" }] }] };
    const e = await refuse(withFields({ abandoned: { rule } }));
    expect(e.issues.map((i) => i.column)).toEqual(["fields.abandoned.rule.all[1].any[0].gt"]);
    expect(e.issues[0]?.reason).toMatch(/expected number/);
  });

  it("a comparison with two operators, an unknown operator, and a reference to no named condition", async () => {
    const e = await refuse(
      withFields({
        abandoned: {
          rule: {
            all: [
              { column: "Result", equals: "HUP", gt: 0 },
              { column: "Result", like: "H%" },
            ],
          },
        },
      }),
    );
    expect(e.issues.map((i) => [i.column, i.reason])).toEqual([
      ["fields.abandoned.rule.all[0]", expect.stringMatching(/exactly one operator/)],
      ["fields.abandoned.rule.all[1]", expect.stringMatching(/Unrecognized key: "like"/)],
      ["fields.abandoned.rule.all[1]", expect.stringMatching(/exactly one operator/)],
    ]);
    const e2 = await refuse(withFields({ queued_at: { time: "Start", when: { condition: "queued" } } }));
    expect(e2.issues.map((i) => [i.column, i.reason])).toEqual([
      ["fields.queued_at.when.condition", 'names no condition of "conditions" (none)'],
    ]);
  });

  it("a misspelt field and a missing required one", async () => {
    const { answered, ...rest } = base.fields;
    const e = await refuse({ ...base, fields: { ...rest, anwsered: answered } });
    expect(e.issues.map((i) => [i.column, i.reason])).toEqual(
      expect.arrayContaining([
        ["fields.answered", expect.stringMatching(/is not a boolean field/)],
        ["fields", expect.stringMatching(/Unrecognized key: "anwsered"/)],
      ]),
    );
  });

  it("formats, zone, template, sheet on csv, time-only start", async () => {
    const e = await refuse({
      ...withFields({ call_id: { template: "{Call ref" }, started_at: { time: "Start" } }),
      format: { type: "csv", sheet: "Calls" },
      dateFormat: "DD/MM",
      timezone: "Europe/Amstredam",
    });
    expect(e.issues.map((i) => [i.column, i.value, i.reason])).toEqual(
      expect.arrayContaining([
        ["timezone", "Europe/Amstredam", "is not an IANA time zone"],
        ["dateFormat", "DD/MM", expect.stringMatching(/^is not a date format: lacks year or yy/)],
        ["fields.call_id.template", "{Call ref", "has unbalanced braces"],
      ]),
    );
    // Checks across fields run once every field has the right shape.
    const e2 = await refuse({
      ...withFields({ started_at: { time: "Start" } }),
      format: { type: "csv", sheet: "Calls" },
    });
    expect(e2.issues.map((i) => [i.column, i.reason])).toEqual([
      ["format.sheet", "is for xlsx only"],
      ["fields.started_at.date", "started_at needs a date (time-only fields take started_at's date)"],
    ]);
  });

  it("a mapping without fields or format is refused, not crashed on", async () => {
    const e = await refuse({ source: "acme" });
    expect(e.issues.map((i) => i.column)).toEqual(["format", "campaign", "fields"]);
  });

  it("a file that is not JSON, and one that does not exist", async () => {
    const e = await refuse('{ "format": { "type": "csv" }, }');
    expect(e.issues[0]).toMatchObject({ file: "bad.json", column: "(root)" });
    const missing = await loadMapping(join(dir, "nope.json")).catch((x: unknown) => x);
    expect(missing).toBeInstanceOf(IngestError);
    expect((missing as IngestError).message).toMatch(/^Cannot read mapping .*nope\.json/);
  });
});
