export interface KpiPlaceholderProps {
  /** The report's name, shown while its value loads. */
  name: string;
}

/** A card-shaped stand-in while a KPI loads, so the grid keeps its layout. */
export function KpiPlaceholder(props: KpiPlaceholderProps) {
  return (
    <article class="tl-kpi tl-kpi--loading" aria-busy="true">
      <header class="tl-kpi__header">
        <h3 class="tl-kpi__label">{props.name}</h3>
      </header>
      <p class="tl-kpi__value">
        <span class="tl-skeleton" />
        <span class="tl-visually-hidden">Loading</span>
      </p>
      <p class="tl-kpi__change">
        <span class="tl-skeleton tl-skeleton--short" />
      </p>
    </article>
  );
}
