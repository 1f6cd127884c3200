import { type Accessor, createRoot, createSignal } from "solid-js";

let signal: Accessor<boolean> | undefined;

/**
 * True while the page is laid out for print: from the start when print media is emulated (the
 * PDF printer, apps/api/src/pdf/printer.ts), and between `beforeprint` and `afterprint` when a
 * user prints. One signal for the whole page, made on first use; false outside a browser.
 */
export function printMedia(): boolean {
  if (!signal) {
    signal = createRoot(() => {
      const query =
        typeof window !== "undefined" && typeof window.matchMedia === "function"
          ? window.matchMedia("print")
          : undefined;
      const [printing, setPrinting] = createSignal(query?.matches ?? false);
      if (typeof window !== "undefined") {
        window.addEventListener("beforeprint", () => setPrinting(true));
        window.addEventListener("afterprint", () => setPrinting(query?.matches ?? false));
      }
      return printing;
    });
  }
  return signal();
}
