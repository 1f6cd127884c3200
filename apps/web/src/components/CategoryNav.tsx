import { For, Show } from "solid-js";
import type { Category } from "../lib/categories";

export interface CategoryNavProps {
  categories: readonly Category[];
  /** The category on screen (undefined on the Overview). */
  current: Category | undefined;
  /** The URL of an area's page (same period and filters). */
  hrefFor: (category: Category) => string;
  /** The Overview's URL (same period and filters): shown first when given, current when `current` is undefined. */
  overviewHref?: string;
}

/**
 * The Overview (when given) and the categories (areas) as links (a sidebar on wide screens, a row of tabs on narrow ones), the current
 * one marked `aria-current="page"`; the router follows them without reloading the page.
 */
export function CategoryNav(props: CategoryNavProps) {
  return (
    <nav class="tl-categories" aria-label="Report categories">
      <ul class="tl-categories__list">
        <Show when={props.overviewHref}>
          {(href) => (
            <li>
              <a
                class="tl-categories__link"
                href={href()}
                aria-current={props.current === undefined ? "page" : undefined}
                data-testid="nav-overview"
              >
                <span>Overview</span>
              </a>
            </li>
          )}
        </Show>
        <For each={props.categories}>
          {(category) => (
            <li>
              <a
                class="tl-categories__link"
                href={props.hrefFor(category)}
                aria-current={category.slug === props.current?.slug ? "page" : undefined}
                data-testid={`category-${category.slug}`}
              >
                <span>{category.name}</span>
                <span class="tl-categories__count">
                  {category.reports.length}
                  <span class="tl-visually-hidden"> reports</span>
                </span>
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
