import { For } from "solid-js";
import type { Category } from "../lib/categories";

export interface CategoryNavProps {
  categories: readonly Category[];
  /** The category on screen. */
  current: Category | undefined;
  /** The dashboard's URL showing a category (same period). */
  hrefFor: (category: Category) => string;
}

/**
 * The categories as links (a sidebar on wide screens, a row of tabs on narrow ones), the current
 * one marked `aria-current="page"`; the router follows them without reloading the page.
 */
export function CategoryNav(props: CategoryNavProps) {
  return (
    <nav class="tl-categories" aria-label="Report categories">
      <ul class="tl-categories__list">
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
