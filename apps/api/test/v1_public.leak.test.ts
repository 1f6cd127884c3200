/**
 * The leak test of public links (issue 12 "Must show"): generated data full of planted personal
 * data; a link to every report (snapshot and live, pages of up to 20) and every byte of every public
 * answer is scanned: 0 canaries. The same data shows the canaries to a signed-in records request
 * (the scan would see them if they leaked).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRegistry } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";
import { makeLink, openLink } from "./links";
import { CANARY, LEAK_QUERY, loadLeakData } from "./testutil/canaries";

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-leak-"));
  t = await testApp([], "Europe/Amsterdam");
  await loadLeakData(t.warehouse, dir);
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = defaultRegistry()
  .list()
  .map((d) => d.id);
const pages = Array.from({ length: Math.ceil(ids.length / 20) }, (_, i) => ids.slice(i * 20, i * 20 + 20));

describe("no personal data in any public answer", () => {
  it("the planted canaries are there to leak: a signed-in agents report names them", async () => {
    const res = await t.post("/api/v1/report/agents.conversations/fetch", LEAK_QUERY);
    expect(await res.text()).toMatch(CANARY);
  });

  for (const mode of ["snapshot", "live"] as const) {
    it(`${mode}: every report of the registry, in pages of 20, and each on its own: 0 canaries`, async () => {
      let scanned = 0;
      const bodies: string[] = [];
      for (const page of pages) {
        const made = await makeLink(t, { mode, queries: page.map((reportId) => ({ reportId, query: LEAK_QUERY })) });
        const res = await openLink(t, made.token);
        expect(res.status).toBe(200);
        bodies.push(await res.text());
        bodies.push(JSON.stringify([...res.headers.entries()]));
      }
      // One report per link too, snapshots (a report link's title is the report's name).
      if (mode === "snapshot") {
        for (const reportId of ids) {
          const made = await makeLink(t, { mode, queries: [{ reportId, query: LEAK_QUERY }] });
          bodies.push(await (await openLink(t, made.token)).text());
        }
      }
      // A passcode's answers (the form's 401 and the unlocked document).
      const locked = await makeLink(t, {
        mode,
        queries: [{ reportId: "agents.conversations", query: LEAK_QUERY }],
        passcode: "open sesame",
      });
      bodies.push(await (await openLink(t, locked.token)).text());
      bodies.push(await (await openLink(t, locked.token, { "x-link-passcode": "open sesame" })).text());
      for (const body of bodies) {
        scanned += body.length;
        expect(body.match(CANARY)?.[0] ?? null).toBeNull();
      }
      // Something real was scanned: every report's result, with agent rows among them.
      expect(scanned).toBeGreaterThan(100_000);
      expect(bodies.join("")).toMatch(/"label":"Agent 1"/);
      // Snapshots freeze KPI breakdowns by agent and queue: scanned above too.
      if (mode === "snapshot") expect(bodies.join("")).toMatch(/"breakdowns":\[\{"by":"queue".*"by":"agent"/);
    }, 120_000);
  }

  it("answers for bad tokens hold nothing either", async () => {
    for (const token of ["nope", "A".repeat(43)]) {
      const res = await openLink(t, token);
      expect(await res.text()).not.toMatch(CANARY);
    }
  });
});
