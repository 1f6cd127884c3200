/**
 * The dashboard's client of /api/v1/imports (docs/api.md "Imports"): upload, poll, list, delete.
 * Cookie-authenticated writes carry the CSRF header, as every write of the dashboard does.
 */
import { API_BASE, ApiError, CSRF_HEADER } from "./api";

/** One issue of a file: where (file, line, column), the value as written, and why. */
export interface ImportIssue {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** An import as the API sends it. */
export interface ImportItem {
  id: string;
  file: string;
  source: string;
  status: "queued" | "running" | "imported" | "partial" | "unchanged" | "rejected" | "failed";
  phase: "queued" | "reading" | "writing" | "done";
  /** Progress 0-1 of the phase, null when unknown. */
  fraction: number | null;
  rows: number;
  rowsByTable: Record<string, number>;
  span: { firstDay: string; lastDay: string; timezone: string } | null;
  durationMs: number | null;
  warnings: { total: number; first: ImportIssue[] };
  errors: { code: string; message: string; issues: ImportIssue[] } | null;
  importId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** True while the import is waiting or running. */
export const isActive = (i: Pick<ImportItem, "status">) => i.status === "queued" || i.status === "running";

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      ...init,
      headers: { accept: "application/json", ...CSRF_HEADER, ...(init.headers ?? {}) },
    });
  } catch (cause) {
    throw new ApiError(0, "network_error", "The Tallyline API could not be reached.", undefined, { cause });
  }
  const text = res.status === 204 ? "" : await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; requestId?: string } } | undefined)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? "http_error",
      error?.message ?? `The API answered ${res.status}.`,
      error?.requestId,
    );
  }
  return body as T;
}

/** The client. */
export const importsApi = {
  /** `POST /imports`: uploads `file` (multipart) and returns the queued import. */
  async upload(file: File, fields: { source: string; timezone: string }): Promise<ImportItem> {
    const form = new FormData();
    form.append("source", fields.source);
    if (fields.timezone.trim() !== "") form.append("timezone", fields.timezone.trim());
    form.append("file", file, file.name);
    return (await call<{ import: ImportItem }>("/imports", { method: "POST", body: form })).import;
  },
  /** `GET /imports/{id}`. */
  async get(id: string): Promise<ImportItem> {
    return (await call<{ import: ImportItem }>(`/imports/${encodeURIComponent(id)}`)).import;
  },
  /** `GET /imports`: newest first. */
  async list(): Promise<ImportItem[]> {
    return (await call<{ items: ImportItem[] }>("/imports")).items;
  },
  /** `DELETE /imports/{id}`. */
  async remove(id: string): Promise<void> {
    await call<void>(`/imports/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
};
