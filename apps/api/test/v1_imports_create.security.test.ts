import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFileName } from "../src/imports/jobs";
import { smallCallLog } from "./harness";
import { type ImportServer, importServer } from "./testutil/imports";

let s: ImportServer;
beforeAll(async () => {
  s = await importServer({ files: [] });
});
afterAll(() => s.close());

const count = async () => (await s.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM imports"))[0]?.n;

describe("POST /api/v1/imports security", () => {
  it("a member key and an anonymous caller cannot upload: nothing is written, not even a temp file", async () => {
    const member = await s.upload({ path: smallCallLog, authorization: s.member });
    expect(member.status).toBe(403);
    const anonymous = await s.upload({ path: smallCallLog, authorization: "" });
    expect(anonymous.status).toBe(401);
    expect(s.leftovers()).toEqual([]);
    expect(s.jobs.jobs()).toEqual([]);
    expect(await count()).toBe(0);
  });

  it("a member cannot delete an import", async () => {
    const res = await s.upload({ path: smallCallLog });
    const { import: job } = (await res.json()) as { import: { id: string } };
    await s.waitDone(job.id);
    expect((await s.del(`/api/v1/imports/${job.id}`, s.member)).status).toBe(403);
    expect(await count()).toBe(1);
  });

  it("path traversal in the file name is harmless: only the last segment, written inside the upload folder", async () => {
    const before = readdirSync(s.dir).sort();
    for (const name of ["../../../evil.tsv", "..\\..\\evil2.tsv", "/etc/passwd", "....//x/..//evil3.tsv"]) {
      const text = `${name}\n`; // a distinct, unreadable file each time
      const res = await s.upload({ text, name });
      expect(res.status).toBe(202);
      const { import: job } = (await res.json()) as { import: { id: string; file: string } };
      expect(job.file).not.toMatch(/[/\\]|^\./);
      await s.waitDone(job.id);
    }
    const files = (await (await s.get("/api/v1/imports")).json()) as { items: { file: string }[] };
    expect(files.items.map((i) => i.file)).toEqual(
      expect.arrayContaining(["evil.tsv", "evil2.tsv", "passwd", "evil3.tsv"]),
    );
    expect(readdirSync(s.dir).sort()).toEqual(before);
    for (const p of ["evil.tsv", "../evil.tsv", "../../evil.tsv", "evil2.tsv", "evil3.tsv"]) {
      expect(existsSync(join(s.uploadDir, p))).toBe(false);
    }
    expect(s.leftovers()).toEqual([]);
  });

  it("file names are reduced to a safe last segment (busboy drops directories too: this is the second guard)", () => {
    expect(safeFileName("../../../evil.tsv")).toBe("evil.tsv");
    expect(safeFileName("..\\..\\evil.tsv")).toBe("evil.tsv");
    expect(safeFileName("..")).toBe("upload");
    expect(safeFileName(".bashrc")).toBe("bashrc");
    expect(safeFileName("a\u0000b\nc<d>.csv")).toBe("a_b_c_d_.csv");
    expect(safeFileName("")).toBe("upload");
    expect(safeFileName(undefined)).toBe("upload");
    expect(safeFileName(`${"x".repeat(300)}.csv`)).toHaveLength(120);
  });

  it("a cookie-authenticated upload needs the CSRF header and the site's Origin", async () => {
    const { user } = {
      user: await s.security.accounts.createUser({
        email: "a@example.com",
        password: "correct horse battery staple",
        role: "admin",
      }),
    };
    const cookie = `tallyline_session=${(await s.security.accounts.openSession(user.id)).token}`;
    const form = () => {
      const f = new FormData();
      f.append("file", new Blob(["csrf\n"]), "csrf.tsv");
      return f;
    };
    const foreign = await fetch(`${s.url}/api/v1/imports`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "x-tallyline-csrf": "1" },
      body: form(),
    });
    expect(foreign.status).toBe(403);
    const noHeader = await fetch(`${s.url}/api/v1/imports`, {
      method: "POST",
      headers: { cookie, origin: s.url },
      body: form(),
    });
    expect(noHeader.status).toBe(403);
    const ok = await fetch(`${s.url}/api/v1/imports`, {
      method: "POST",
      headers: { cookie, origin: s.url, "x-tallyline-csrf": "1" },
      body: form(),
    });
    expect(ok.status).toBe(202);
    await s.jobs.idle();
  });
});
