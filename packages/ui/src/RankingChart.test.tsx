import { cleanup, fireEvent, render, screen, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { rankings } from "./fixtures/shapeReports";
import { RankingChart } from "./RankingChart";

afterEach(cleanup);

const renderRanking = (fixture: (typeof rankings)[keyof typeof rankings]) =>
  render(() => <RankingChart definition={fixture.definition} result={fixture.result} />);

const cellTexts = (row: HTMLElement) => [...row.children].map((c) => c.textContent);
const rawValues = (row: HTMLElement) =>
  [...row.querySelectorAll("td[data-value]")].map((c) => c.getAttribute("data-value"));

describe("RankingChart", () => {
  it("shows each value with its share and a bar relative to the largest, then others and the total", () => {
    renderRanking(rankings.intents);
    const root = screen.getByTestId("report-chatbot.top_intents");
    expect(within(root).getByRole("table").querySelector("caption")?.textContent).toBe(
      "Most frequent intents by Intent, 1999-02-01 to 1999-02-28",
    );
    expect(
      within(root)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["Intent", "Conversations", "Share"]);
    const rows = within(root).getAllByTestId("ranking-row");
    expect(rows.map((r) => r.getAttribute("data-key"))).toEqual(["billing", "delivery", ""]);
    expect(cellTexts(rows[0] as HTMLElement)).toEqual(["Billing", "100", "50.0%"]);
    expect(rawValues(rows[2] as HTMLElement)).toEqual(["33", "16.5"]);
    const bars = rows.map((r) => (r.querySelector(".tl-ranking__bar") as HTMLElement).style.width);
    expect(bars).toEqual(["100%", "60%", "33%"]);
    const others = within(root).getByTestId("ranking-others");
    expect(cellTexts(others)).toEqual(["Others (2 more values)", "7", "3.5%"]);
    expect(rawValues(others)).toEqual(["7", "3.5"]);
    const total = within(root).getByTestId("ranking-total");
    expect(cellTexts(total)).toEqual(["Total", "200", ""]);
    expect(total.querySelector("td")?.getAttribute("title")).toBe("Previous period: 180");
    // The "i" opens the definitions in a popover (rendered in a portal, outside the report).
    fireEvent.click(within(root).getByTestId("definitions-toggle"));
    expect(screen.getByTestId("definitions").textContent).toContain(rankings.intents.result.measure.definition);
  });

  it("leaves out the share of an average and writes durations in their format", () => {
    renderRanking(rankings.handleTime);
    const root = screen.getByTestId("report-agents.handle_time");
    expect(within(root).getAllByRole("columnheader")).toHaveLength(2);
    const rows = within(root).getAllByTestId("ranking-row");
    expect(rows.map((r) => cellTexts(r))).toEqual([
      ["ava", "5 m"],
      ["bram", "2 m 30 s"],
      ["chloe", "–"],
    ]);
    expect(rawValues(rows[2] as HTMLElement)).toEqual([""]);
    expect((rows[2] as HTMLElement).querySelector<HTMLElement>(".tl-ranking__bar")?.style.width).toBe("0%");
    expect(cellTexts(within(root).getByTestId("ranking-total"))).toEqual(["Overall", "4 m"]);
    expect(within(root).queryByTestId("ranking-others")).toBeNull();
  });

  it("keeps a distribution's buckets in their order, empty ones included", () => {
    renderRanking(rankings.firstResponse);
    const rows = screen.getAllByTestId("ranking-row");
    expect(rows.map((r) => cellTexts(r))).toEqual([
      ["under 1 min", "20", "40.0%"],
      ["1-5 min", "25", "50.0%"],
      ["5-15 min", "0", "0.0%"],
      ["over 15 min", "5", "10.0%"],
    ]);
  });

  it("still calls the sum of an all-zero count distribution its total", () => {
    renderRanking(rankings.zeroes);
    expect(screen.getAllByTestId("ranking-row").map((r) => cellTexts(r))).toEqual([
      ["0-49", "0"],
      ["50-100", "0"],
    ]);
    expect(cellTexts(screen.getByTestId("ranking-total"))).toEqual(["Total", "0"]);
  });

  it("says so when the period has no rows", () => {
    renderRanking(rankings.empty);
    expect(screen.getByTestId("no-data")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
