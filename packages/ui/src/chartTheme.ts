/**
 * ECharts colours that follow the page's theme: text, axis labels, axis and grid lines, and the
 * tooltip, read from the CSS custom properties of the chart's element (`--tl-text`, `--tl-muted`,
 * `--tl-border`, `--tl-surface`; the web app sets them per theme), so a chart drawn in the dark
 * theme has light text on a dark ground. Series colours stay those of palette.ts.
 */

/** The colours a chart reads from the page, with the light theme's as fallback (no style sheet, e.g. in tests). */
export interface ChartColors {
  text: string;
  muted: string;
  border: string;
  surface: string;
}

const FALLBACK: ChartColors = { text: "#1b2430", muted: "#5f6b7a", border: "#dfe3ea", surface: "#ffffff" };

/** The theme colours in effect at `element`. */
export function chartColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--tl-text", FALLBACK.text),
    muted: read("--tl-muted", FALLBACK.muted),
    border: read("--tl-border", FALLBACK.border),
    surface: read("--tl-surface", FALLBACK.surface),
  };
}

/** An ECharts theme object (the second argument of `init`) in `colors`; the background stays transparent. */
export function chartTheme(colors: ChartColors) {
  const axis = {
    axisLine: { lineStyle: { color: colors.border } },
    axisTick: { lineStyle: { color: colors.border } },
    axisLabel: { color: colors.muted },
    splitLine: { lineStyle: { color: colors.border } },
    nameTextStyle: { color: colors.muted },
  };
  return {
    backgroundColor: "transparent",
    textStyle: { color: colors.text },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    legend: { textStyle: { color: colors.text } },
    tooltip: { backgroundColor: colors.surface, borderColor: colors.border, textStyle: { color: colors.text } },
  };
}

/**
 * Calls `listener` when the page's theme may have changed: `<html>`'s `data-theme`, `class` or
 * `style` attribute, or the system's colour scheme. Returns the unsubscribe.
 */
export function onPageThemeChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
  const system = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  system?.addEventListener?.("change", listener);
  return () => {
    observer.disconnect();
    system?.removeEventListener?.("change", listener);
  };
}
