/**
 * The "Download PDF" action's call: `POST /api/v1/pdf` (docs/api.md "PDF"), and saving the answer
 * as the file the API names.
 */
import { API_BASE, ApiError, CSRF_HEADER } from "./api";

/** What the dashboard asks the API to print. */
export interface PdfRequest {
  /** The page's path and query as shown (`/?category=operations&from=...&to=...`). */
  readonly page: string;
  /** The browser's locale: the API picks Letter for `en-US`, `fr-CA`..., A4 elsewhere. */
  readonly locale?: string;
  readonly landscape?: boolean;
}

/** The file name of a `Content-Disposition: attachment; filename="..."`, else `fallback`. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const name = disposition ? /filename="([^"]+)"/.exec(disposition)?.[1] : undefined;
  return name ?? fallback;
}

/**
 * Asks the API for the PDF of `request.page` and saves it (a temporary object URL on a link with
 * `download`). Throws an {@link ApiError} with the API's code and message (429 rate limited, 503
 * busy, 504 too slow) or `network_error`.
 */
export async function downloadPdf(request: PdfRequest): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/pdf`, {
      method: "POST",
      headers: { accept: "application/pdf", "content-type": "application/json", ...CSRF_HEADER },
      body: JSON.stringify(request),
    });
  } catch (cause) {
    throw new ApiError(0, "network_error", "The Tallyline API could not be reached.", undefined, { cause });
  }
  if (!res.ok) {
    let error: { code?: string; message?: string; requestId?: string } | undefined;
    try {
      error = ((await res.json()) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(
      res.status,
      error?.code ?? "http_error",
      error?.message ?? `The API answered ${res.status}.`,
      error?.requestId,
    );
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = attachmentName(res.headers.get("content-disposition"), "tallyline.pdf");
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
