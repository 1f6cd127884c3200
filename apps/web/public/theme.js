/*
 * Applies the dashboard's theme before the first paint: the choice stored by the theme toggle
 * (localStorage "tallyline.theme": "light" or "dark"), else the system's prefers-color-scheme,
 * followed live while no choice is stored. A file, not an inline script: the CSP allows no inline
 * script. Loaded without defer from index.html's head; apps/web/src/lib/theme.ts is its other half.
 */
(() => {
  const root = document.documentElement;
  const system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const stored = () => {
    try {
      const theme = window.localStorage.getItem("tallyline.theme");
      return theme === "light" || theme === "dark" ? theme : null;
    } catch {
      return null;
    }
  };
  const apply = () => {
    root.dataset.theme = stored() ?? (system?.matches ? "dark" : "light");
  };
  apply();
  system?.addEventListener?.("change", apply);
})();
