import { createSignal, Show } from "solid-js";
import { downloadPdf } from "../lib/pdf";

export interface PdfButtonProps {
  /** The page to print: its path and query as shown, with the period pinned (`from`/`to`). */
  page: () => string;
}

/**
 * The dashboard header's "Download PDF": asks the server to print the page as shown (period,
 * segment, category) and saves the file. Says "Preparing PDF…" while the server prints, and the
 * API's message when it fails (too many PDFs, printer busy, page too slow).
 */
export function PdfButton(props: PdfButtonProps) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadPdf({ page: props.page(), locale: navigator.language });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="tl-pdf">
      <button
        type="button"
        class="tl-button tl-button--quiet"
        data-testid="download-pdf"
        disabled={busy()}
        aria-busy={busy()}
        onClick={() => void download()}
      >
        {busy() ? "Preparing PDF…" : "Download PDF"}
      </button>
      <Show when={error()}>
        {(message) => (
          <p class="tl-pdf__error" role="alert" data-testid="pdf-error">
            Could not make the PDF: {message()}
          </p>
        )}
      </Show>
    </div>
  );
}
