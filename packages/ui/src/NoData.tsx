/** What a report shows when its period has no rows. */
export function NoData() {
  return (
    <p class="tl-report__empty" data-testid="no-data">
      No data in this period.
    </p>
  );
}
