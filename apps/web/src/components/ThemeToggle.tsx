import { createSignal, onCleanup } from "solid-js";
import { appliedTheme, chooseTheme, onThemeChange } from "../lib/theme";

/**
 * A toggle button between the light and the dark theme (pressed = dark), for the header. The
 * first click stores a choice; until then the page follows the system's setting.
 */
export function ThemeToggle() {
  const [theme, setTheme] = createSignal(appliedTheme());
  onCleanup(onThemeChange(setTheme));
  return (
    <button
      type="button"
      class="tl-button tl-button--quiet tl-button--small tl-theme-toggle"
      aria-pressed={theme() === "dark"}
      title={theme() === "dark" ? "Switch to the light theme" : "Switch to the dark theme"}
      data-testid="theme-toggle"
      onClick={() => chooseTheme(theme() === "dark" ? "light" : "dark")}
    >
      <span aria-hidden="true">{theme() === "dark" ? "☾" : "☀"}</span> Dark theme
    </button>
  );
}
