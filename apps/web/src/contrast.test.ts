/**
 * WCAG AA contrast of the main text pairs in both themes (issue 13), computed from the colours
 * styles.css declares (the light set on :root, the dark set on :root[data-theme="dark"]): 4.5:1
 * for text (WCAG 2.2 SC 1.4.3), with relative luminance as WCAG defines it. The ratios are listed
 * in docs/dashboard.md ("Themes").
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const css = readFileSync(join(import.meta.dirname, "styles.css"), "utf8");

/** The custom properties of the first rule whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`styles.css has no rule ${selector}`);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/--tl-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

const channel = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => channel(Number.parseInt(hex.slice(i, i + 2), 16) / 255));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
};
/** WCAG contrast ratio of two #rrggbb colours, 1-21. */
export const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};

/** Text colour on background colour, by custom-property name. */
const PAIRS: [string, string][] = [
  ["text", "surface"],
  ["text", "bg"],
  ["text", "hover"],
  ["muted", "surface"],
  ["muted", "bg"],
  ["accent-text", "surface"],
  ["accent-text", "bg"],
  ["on-accent", "accent"],
  ["good", "surface"],
  ["bad", "surface"],
  ["neutral", "surface"],
  ["good", "good-soft"],
  ["bad", "bad-soft"],
  ["bad", "danger-bg"],
  ["warn-text", "warn-bg"],
  ["warn-title", "warn-bg"],
];

describe("contrast", () => {
  it("computes WCAG ratios (black on white 21, white on white 1, #767676 on white 4.54)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  for (const [theme, selector] of [
    ["light", ":root"],
    ["dark", ':root[data-theme="dark"]'],
  ] as const) {
    it(`${theme}: every main text pair reaches 4.5:1`, () => {
      const colours = variables(selector);
      const rows = PAIRS.map(([fg, bg]) => {
        const [a, b] = [colours[fg], colours[bg]];
        if (!a || !b) throw new Error(`${theme} theme lacks --tl-${a ? bg : fg}`);
        return { pair: `${fg} on ${bg}`, ratio: Math.round(contrast(a, b) * 100) / 100 };
      });
      for (const row of rows) expect(row.ratio, row.pair).toBeGreaterThanOrEqual(4.5);
    });
  }
});
