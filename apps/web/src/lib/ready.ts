/**
 * When a page has drawn: no element inside it is `aria-busy="true"` (loading placeholders, charts
 * whose runtime or option is not drawn yet: packages/ui EChart) for two animation frames in a row.
 */

/** `[aria-busy="true"]` inside `root`: what is still loading or drawing. */
export const BUSY = '[aria-busy="true"]';

/**
 * Resolves once `root()` exists and holds no {@link BUSY} element on two consecutive animation
 * frames (the second frame lets ECharts and Solid finish what the first one scheduled). Polls each
 * frame; never rejects (a page that never settles is the printer's time-out to report).
 */
export function whenDrawn(root: () => Element | undefined): Promise<void> {
  return new Promise((resolve) => {
    let calm = 0;
    const check = () => {
      const el = root();
      calm = el && !el.querySelector(BUSY) ? calm + 1 : 0;
      if (calm >= 2) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
