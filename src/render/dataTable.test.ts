// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { dataTable } from "./dataTable";

const scores = { rows: 2, cols: 3, data: Float64Array.from([0.4287, -1.5, 2, 1e-5, 0, -0.25]) };
const OPTIONS = {
  rowLabels: ["the", "cat"],
  colLabels: ["a", "b", "c"],
  caption: "Scaled scores",
  rowHeader: "queries \\ keys",
};

describe("dataTable", () => {
  it("is a table with a caption, a corner header, keys as column headers and queries as row headers", () => {
    const table = dataTable(scores, OPTIONS);
    expect(table.caption?.textContent).toBe("Scaled scores");
    const columns = Array.from(table.querySelectorAll('thead th[scope="col"]'), (th) => th.textContent);
    expect(columns).toEqual(["queries \\ keys", "a", "b", "c"]);
    const rows = Array.from(table.querySelectorAll('tbody th[scope="row"]'), (th) => th.textContent);
    expect(rows).toEqual(["the", "cat"]);
  });

  it("formats numbers for reading with formatNumber", () => {
    const table = dataTable(scores, OPTIONS);
    const cells = Array.from(table.querySelectorAll("td"), (td) => td.textContent);
    expect(cells).toEqual(["0.43", "−1.5", "2", "1e−5", "0", "−0.25"]);
  });

  it("keeps each exact value in data-value, with data-row and data-col", () => {
    const table = dataTable(scores, OPTIONS);
    const td = table.querySelector<HTMLElement>('td[data-row="0"][data-col="0"]')!;
    expect(Number(td.dataset.value)).toBe(0.4287);
    const all = Array.from(table.querySelectorAll<HTMLElement>("td"), (cell) => Number(cell.dataset.value));
    expect(all).toEqual(Array.from(scores.data));
  });

  it("says −∞ in the masked cells of masked scores, and data-value -Infinity", () => {
    const masked = Uint8Array.from([0, 1, 1, 0, 0, 1]);
    const maskedScores = { ...scores, data: scores.data.map((x, k) => (masked[k] ? -Infinity : x)) };
    const table = dataTable(maskedScores, { ...OPTIONS, masked });
    const cells = table.querySelectorAll<HTMLElement>("td.ap-masked");
    expect(cells).toHaveLength(3);
    for (const td of cells) {
      expect(td.textContent).toBe("−∞");
      expect(td.dataset.value).toBe("-Infinity");
    }
  });

  it("says 0 in the masked cells of weights (the weight a masked key gets), marked masked", () => {
    const masked = Uint8Array.from([0, 1, 1, 0, 0, 1]);
    const weights = { rows: 2, cols: 3, data: Float64Array.from([1, 0, 0, 0.25, 0.75, 0]) };
    const table = dataTable(weights, { ...OPTIONS, masked });
    const cells = Array.from(table.querySelectorAll<HTMLElement>("td"));
    expect(cells.map((td) => td.textContent)).toEqual(["1", "0", "0", "0.25", "0.75", "0"]);
    expect(cells.map((td) => td.dataset.value)).toEqual(["1", "0", "0", "0.25", "0.75", "0"]);
    expect(cells.map((td) => td.classList.contains("ap-masked"))).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it("uses `digits` decimals", () => {
    const table = dataTable(scores, { ...OPTIONS, digits: 4 });
    expect(table.querySelector("td")?.textContent).toBe("0.4287");
  });
});
