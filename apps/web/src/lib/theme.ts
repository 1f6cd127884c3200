/**
 * The dashboard's colour theme. /theme.js (apps/web/public) applies it before the first paint as
 * `<html data-theme="light|dark">`: the stored choice, else the system's `prefers-color-scheme`.
 * This module is the other half: the applied theme, and the user's choice, stored in localStorage
 * under {@link THEME_KEY} (the same key /theme.js reads).
 */

/** The two themes; every colour of styles.css has a value in each. */
export type Theme = "light" | "dark";

/** The localStorage key of the user's choice (also in public/theme.js). */
export const THEME_KEY = "tallyline.theme";

/** The theme on the page now: `<html data-theme>`, light unless it says dark. */
export function appliedTheme(): Theme {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** Applies `theme` and stores it as the user's choice (kept if storage is refused: the page still switches). */
export function chooseTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  document.documentElement.dataset.theme = theme;
}

/** Calls `listener` with the applied theme whenever it changes (a choice, or the system's while none is stored); returns the unsubscribe. */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  const observer = new MutationObserver(() => listener(appliedTheme()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}
