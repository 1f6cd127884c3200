import { afterEach, describe, expect, it, vi } from "vitest";
import { chartColors, chartTheme, onPageThemeChange } from "./chartTheme";

afterEach(() => {
  document.documentElement.removeAttribute("style");
  document.documentElement.removeAttribute("data-theme");
});

describe("chart colours", () => {
  it("reads the theme's custom properties at the chart, else the light theme's", () => {
    const element = document.createElement("div");
    document.body.append(element);
    expect(chartColors(element)).toEqual({ text: "#1b2430", muted: "#5f6b7a", border: "#dfe3ea", surface: "#ffffff" });
    document.documentElement.style.setProperty("--tl-text", "#e7ebf0");
    document.documentElement.style.setProperty("--tl-muted", "#a1adbb");
    element.style.setProperty("--tl-surface", "#161d26");
    const dark = chartColors(element);
    expect(dark).toMatchObject({ text: "#e7ebf0", muted: "#a1adbb", surface: "#161d26" });
    const theme = chartTheme(dark);
    expect(theme.textStyle.color).toBe("#e7ebf0");
    expect(theme.valueAxis.axisLabel.color).toBe("#a1adbb");
    expect(theme.categoryAxis.axisLabel.color).toBe("#a1adbb");
    expect(theme.tooltip).toMatchObject({ backgroundColor: "#161d26", textStyle: { color: "#e7ebf0" } });
    element.remove();
  });

  it("tells when <html>'s theme changes, until unsubscribed", async () => {
    const listener = vi.fn();
    const stop = onPageThemeChange(listener);
    document.documentElement.dataset.theme = "dark";
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    document.documentElement.dataset.theme = "light";
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
