/**
 * Every text adapter reads the encodings and line endings its producers write: UTF-8 with or without
 * a byte-order mark, UTF-16 with one (Excel's "Unicode text"), Windows-1252 (Excel's plain "CSV" on
 * Windows; Latin-1 text reads the same), LF, CRLF or CR line ends, columns in any order. Each file
 * is the same data in another encoding, so each gives the same rows as the UTF-8 original (compared
 * with SQL, import_id aside); a name with 'é' and 'ü' shows the text survived.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/index";

const here = import.meta.dirname;
let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-enc-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The encodings a producer may write `text` in. */
const ENCODINGS: Readonly<Record<string, (text: string) => Buffer>> = {
  "UTF-8": (t) => Buffer.from(t, "utf8"),
  "UTF-8 with BOM": (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, "utf8")]),
  "UTF-16LE with BOM": (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
  "UTF-16BE with BOM": (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, "utf16le").swap16()]),
  "Windows-1252": (t) => Buffer.from(t, "latin1"),
};

/** Imports `bytes` as `name` into a new database; returns the rows of `sql` there. */
async function rowsOf(name: string, bytes: Buffer, sql: string, options = {}) {
  const folder = join(dir, `f${++n}`);
  mkdirSync(folder);
  const wh = await Warehouse.open(join(folder, "t.duckdb"));
  const path = join(folder, name);
  writeFileSync(path, bytes);
  await importFile(wh, path, options);
  const rows = await wh.query(sql);
  await wh.close();
  return rows;
}

/** `text` with CRLF or CR line ends instead of LF. */
const lineEnds = (text: string, end: string) => text.replaceAll("\r\n", "\n").replaceAll("\n", end);

describe.each(Object.entries(ENCODINGS))("%s", (encoding, encode) => {
  it("a Conversation24 Agents export, columns reordered, CRLF", async () => {
    const csv = lineEnds(
      "email,disabled,id,username,firstname,lastname,account_id\nzoe@example.com,0,21,zoe,Zoë,Müller,100\nrene@example.com,1,22,rene,René,Dupré,100\n",
      "\r\n",
    );
    expect(
      await rowsOf(
        "agents.csv",
        encode(csv),
        "SELECT agent_id, first_name, last_name, email, disabled FROM agents ORDER BY 1",
      ),
    ).toEqual([
      { agent_id: "c24:21", first_name: "Zoë", last_name: "Müller", email: "zoe@example.com", disabled: false },
      { agent_id: "c24:22", first_name: "René", last_name: "Dupré", email: "rene@example.com", disabled: true },
    ]);
  });

  it("the anonbank log (CRLF as published, and CR)", async () => {
    const log = readFileSync(join(here, "../../report-defs/test/fixtures/calls-small.tsv"), "utf8").replaceAll(
      "ALICE",
      "ANDRÉ",
    );
    const sql =
      "SELECT count(*) AS calls, count(DISTINCT agent_id) AS agents, max(agent_id) FILTER (WHERE agent_id LIKE '%AND%') AS andre FROM calls";
    const expected = [{ calls: 13, agents: 3, andre: "anonbank:ANDRÉ" }];
    expect(await rowsOf("calls.tsv", encode(log), sql)).toEqual(expected);
    expect(await rowsOf("calls.tsv", encode(lineEnds(log, "\r")), sql)).toEqual(expected);
  });

  it("a call log through a mapping", async () => {
    const csv = readFileSync(join(here, "fixtures/mapped/calls.csv"), "utf8").replace("anna", "anaïs");
    const mapping = join(here, "fixtures/mapped/my-mapping.json");
    expect(
      await rowsOf("calls.csv", encode(csv), "SELECT count(*) AS calls, min(agent_id) AS first FROM calls", {
        mapping,
      }),
    ).toEqual([{ calls: 10, first: "acme:anaïs" }]);
  });

  it("a canonical CSV and NDJSON", async () => {
    const csv = "check_id,name\r\nqa:1,Begrüßung\r\nqa:2,Vérification\r\n";
    expect(
      await rowsOf("quality_checks.csv", encode(csv), "SELECT check_id, name FROM quality_checks ORDER BY 1"),
    ).toEqual([
      { check_id: "qa:1", name: "Begrüßung" },
      { check_id: "qa:2", name: "Vérification" },
    ]);
    const ndjson = '{"check_id":"qa:1","name":"Begrüßung"}\n{"check_id":"qa:2","name":"Vérification"}\n';
    expect(await rowsOf("quality_checks.ndjson", encode(ndjson), "SELECT name FROM quality_checks ORDER BY 1")).toEqual(
      [{ name: "Begrüßung" }, { name: "Vérification" }],
    );
  });

  it.skipIf(encoding === "Windows-1252")("IBM Twitter sessions (JSON is Unicode)", async () => {
    const json = readFileSync(join(here, "fixtures/ibm/sessions.json"), "utf8").replace("same here", "même ici");
    expect(await rowsOf("sessions.json", encode(json), "SELECT text FROM messages WHERE text LIKE '%ici%'")).toEqual([
      { text: "@Alice_W @AcmeCare même ici" },
    ]);
  });
});
