import { expect, it } from "vitest";
import { parseDelimited } from "../src/index";

it("numbers each record by the physical line it starts on, across quoted line breaks and blank lines", async () => {
  const text = ["a,b", '1,"two', 'lines"', "", "3,x", "", "", '"4",y', "5"].join("\r\n");
  const parsed = await parseDelimited("t.csv", text, ",");
  expect(parsed.records.map((r) => [r.line, r.values.a])).toEqual([
    [2, "1"],
    [5, "3"],
    [8, "4"],
  ]);
  // The short last record is an issue on its own line.
  expect(parsed.issues).toEqual([
    expect.objectContaining({ line: 9, column: "b", reason: expect.stringMatching(/truncated/) }),
  ]);
});
