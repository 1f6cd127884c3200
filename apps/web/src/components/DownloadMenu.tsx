import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { createSignal, For, Show } from "solid-js";
import { api, type Download } from "../lib/api";
import type { PeriodRequest } from "../lib/period";
import { ErrorNotice } from "./ErrorNotice";

/** What a download item gets: the report and the page's request (period and segment). */
export interface DownloadContext {
  readonly reportId: string;
  readonly reportName: string;
  readonly period: PeriodRequest;
}

/** One entry of the download menu: a label, a line saying what the file is, and how to get it. */
export interface DownloadItem {
  /** Stable id (`data-testid="download-<id>"`). */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly fetch: (ctx: DownloadContext) => Promise<Download>;
}

/**
 * The entries of every report's download menu, in order. Another file type (the PDF of a page)
 * adds an item here.
 */
export const REPORT_DOWNLOADS: DownloadItem[] = [
  {
    id: "csv",
    label: "CSV",
    description: "Plain CSV (UTF-8), for data tools",
    fetch: (c) => api.exportReport(c.reportId, c.period, "csv"),
  },
  {
    id: "csv-excel",
    label: "CSV for Excel",
    description: "CSV with a byte order mark, so Excel reads accents right",
    fetch: (c) => api.exportReport(c.reportId, c.period, "csv", { bom: true }),
  },
  {
    id: "xlsx",
    label: "XLSX",
    description: "Excel workbook with formats and a Definitions sheet",
    fetch: (c) => api.exportReport(c.reportId, c.period, "xlsx"),
  },
  {
    id: "json",
    label: "JSON",
    description: "The result with its definitions, period and filters",
    fetch: (c) => api.exportReport(c.reportId, c.period, "json"),
  },
];

/** Hands a fetched file to the browser as a download under its name. */
function saveFile(file: Download): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = file.fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser the time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface DownloadMenuProps extends DownloadContext {
  /** The entries (default {@link REPORT_DOWNLOADS}). */
  items?: readonly DownloadItem[];
}

/**
 * A download button (an arrow, named "Download <report>" for assistive technology) opening a menu of file types for one report (`download-menu-<report id>`).
 * Each entry fetches the file through the authenticated API (session and CSRF header) and saves
 * it; while it runs the button says so; a failure shows the app's error notice under the button,
 * with a Retry.
 */
export function DownloadMenu(props: DownloadMenuProps) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<{ item: DownloadItem; error: unknown } | null>(null);
  const run = async (item: DownloadItem) => {
    setFailure(null);
    setBusy(item.id);
    try {
      saveFile(await item.fetch({ reportId: props.reportId, reportName: props.reportName, period: props.period }));
    } catch (error) {
      setFailure({ item, error });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="tl-download" data-testid={`download-${props.reportId}`}>
      {/* Not modal: no focus-trap sentinels inside role="menu" (axe), and Tab leaves the menu as the ARIA menu pattern has it. */}
      <DropdownMenu modal={false}>
        <DropdownMenu.Trigger
          class="tl-button tl-button--quiet tl-button--small tl-download__trigger"
          aria-label={`Download ${props.reportName}`}
          title={busy() ? "Downloading…" : "Download as CSV, XLSX or JSON"}
          aria-busy={busy() !== null}
          data-testid={`download-menu-${props.reportId}`}
          disabled={busy() !== null}
        >
          <span aria-hidden="true">{busy() ? "…" : "⤓"}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="tl-menu" data-testid={`download-items-${props.reportId}`}>
            <For each={props.items ?? REPORT_DOWNLOADS}>
              {(item) => (
                <DropdownMenu.Item
                  class="tl-menu__item"
                  data-testid={`download-${item.id}`}
                  onSelect={() => void run(item)}
                >
                  {/* Plain text, so the item's name is all its visible text (label and description). */}
                  <span class="tl-menu__label">{item.label}</span>
                  <span class="tl-menu__description">{item.description}</span>
                </DropdownMenu.Item>
              )}
            </For>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
      <Show when={failure()}>
        {(f) => (
          <ErrorNotice
            class="tl-download__error"
            subject={`the ${f().item.label} of ${props.reportName}`}
            error={f().error}
            onRetry={() => void run(f().item)}
          />
        )}
      </Show>
    </div>
  );
}
