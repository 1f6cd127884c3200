import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportView } from "../src/imports/history";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer();
});
afterAll(() => s.close());

describe("GET /api/v1/imports", () => {
  it("lists the CLI's imports and this server's uploads, newest first, to members too", async () => {
    const res = await s.upload({ text: "nothing to see\n", name: "junk.txt" });
    const { import: job } = (await res.json()) as { import: { id: string } };
    await s.waitDone(job.id);
    const list = await s.get("/api/v1/imports", s.member);
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toMatch(/private|no-store/);
    const { items } = (await list.json()) as { items: ImportView[] };
    expect(items.map((i) => [i.file, i.status])).toEqual([
      ["junk.txt", "rejected"],
      ["calls-small.tsv", "imported"],
    ]);
    const cli = items[1];
    // The CLI's import, read back from the imports table: 13 calls, days read off the file.
    expect(cli).toMatchObject({
      source: "anonbank",
      phase: "done",
      errors: null,
      span: { firstDay: "1999-01-28", lastDay: "1999-02-04", timezone: "UTC" },
    });
    expect(cli?.rowsByTable.calls).toBe(13);
    expect(items[0]?.errors?.code).toBe("unknown_format");
  });
});
