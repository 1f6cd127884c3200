/** Helpers of the public-link tests: make a link through the real route, open it anonymously. */
import type { TestApp } from "./harness";

export interface Created {
  token: string;
  path: string;
  link: { id: string; status: string; views: number; manageable: boolean; expiresAt: string | null };
}

/** Makes a link through `POST /api/v1/links` (admin key unless `authorization` is given); throws unless 201. */
export async function makeLink(t: TestApp, body: Record<string, unknown>, authorization?: string): Promise<Created> {
  const res = await t.post(
    "/api/v1/links",
    { label: "test", mode: "snapshot", ...body },
    {
      "content-type": "application/json",
      ...(authorization ? { authorization } : {}),
    },
  );
  if (res.status !== 201) throw new Error(`link not made: ${res.status} ${await res.text()}`);
  return (await res.json()) as Created;
}

/** `GET /api/v1/public/{token}` without any credential. */
export function openLink(t: TestApp, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(t.app.request(`/api/v1/public/${encodeURIComponent(token)}`, { headers }));
}

/** The calls.offered query of the hand-computed small log (9 calls on 1999-02-01..03, 5/4/0 a day, 2 before). */
export const OFFERED = { reportId: "calls.offered", query: { from: "1999-02-01", to: "1999-02-03" } };
