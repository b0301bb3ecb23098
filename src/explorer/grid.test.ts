import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { english } from "../core/messages";
import { maybeMatrix } from "../core/parse";
import {
  cellAfterKey,
  columnChars,
  formatCell,
  insertColumn,
  insertRow,
  isSingleValue,
  parseCell,
  parseCells,
  pasteBlock,
  removeColumn,
  removeRow,
  scrubStep,
  scrubValue,
  setCell,
  type Caret,
  type Cells,
  type PasteResult,
} from "./grid";

function pasted(result: PasteResult): Cells {
  if ("error" in result) throw new Error(`expected cells, got: ${result.error}`);
  return result.cells;
}

describe("parseCells", () => {
  it("reads every cell as a number when all are numbers", () => {
    // Parsing is exact: "0.1" must become the double 0.1, so toEqual rather than a tolerance.
    expect(
      parseCells(
        [
          ["1", " -2.5 ", "1e-3"],
          [".5", "+2", "1."],
        ],
        "Q",
      ),
    ).toEqual({
      values: [
        [1, -2.5, 0.001],
        [0.5, 2, 1],
      ],
      errors: [],
    });
  });

  it("accepts full-width digits, signs and points typed with a Chinese IME, and the Unicode minus", () => {
    expect(parseCells([["１．５", "－２", "３。２５", "\u22120.5", "\u3000４\u3000"]], "K").values).toEqual([
      [1.5, -2, 3.25, -0.5, 4],
    ]);
  });

  it("reports every bad cell with the matrix, the 1-based row and column and what was expected", () => {
    const { values, errors } = parseCells(
      [
        ["1", "abc", ""],
        ["inf", "2", "1e400"],
      ],
      "V",
    );
    expect(values).toBeUndefined();
    expect(errors.map(({ row, col, code }) => ({ row, col, code }))).toEqual([
      { row: 0, col: 1, code: "not-a-number" },
      { row: 0, col: 2, code: "empty" },
      { row: 1, col: 0, code: "not-finite" },
      { row: 1, col: 2, code: "not-finite" },
    ]);
    expect(errors[0]?.message).toBe(
      'V row 1, column 2: "abc" is not a number (expected a finite number such as 0.5 or -1e-3)',
    );
    expect(errors[1]?.message).toBe(
      "V row 1, column 3 is empty (expected a finite number such as 0.5 or -1e-3)",
    );
    expect(errors[2]?.message).toMatch(
      /^V row 2, column 1: "inf" is not finite \(expected a finite number\)$/,
    );
    expect(errors[3]?.message).toMatch(/^V row 2, column 3: "1e400" is too large/);
  });

  it("rejects a cell holding two numbers or brackets: a cell is one entry", () => {
    const { errors } = parseCells([["1 2", "[3]", "1,5"]], "Q");
    expect(errors.map((e) => e.col)).toEqual([0, 1, 2]);
  });

  it("reports missing cells of a short row as empty", () => {
    const { errors } = parseCells([["1", "2"], ["3"]], "Q");
    expect(errors).toMatchObject([{ row: 1, col: 1, code: "empty" }]);
  });
});

describe("a cell reads a number as a pasted matrix reads one entry (core's grammar)", () => {
  it.each(["1", " -2.5 ", "１．５", "−3", "+.5e2", "1e400", "inf", "abc", "...", "0x1", "", "１，５"])(
    "%j",
    (text) => {
      const cell = parseCell(text, "Q", 0, 0);
      const pasted = maybeMatrix(text, "Q");
      if ("value" in cell) expect(pasted).toEqual({ ok: true, value: [[cell.value]] });
      else expect(pasted.ok && pasted.value.length === 1 && pasted.value[0]!.length === 1).toBe(false);
    },
  );
});

describe("pasteBlock refuses a block larger than the grid before reading it", () => {
  it("65 rows of text for a 64 × 64 grid say their count and the limit", () => {
    const text = Array.from({ length: 65 }, (_, i) => `${i}\t1`).join("\n") + "\n]";
    const result = pasteBlock([["0"]], text, 0, 0, "Q", { maxRows: 64, maxCols: 64 });
    expect(result).toMatchObject({
      code: "too-large",
      error: "Q: the text holds 65 rows, too many: expected at most 64",
    });
  });
});

describe("shape edits", () => {
  const cells: Cells = [
    ["1", "2"],
    ["3", "4"],
  ];

  it("insertRow adds a row of zeros before the given row, or at the end", () => {
    expect(insertRow(cells, 0)).toEqual([
      ["0", "0"],
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(insertRow(cells, 2)).toEqual([
      ["1", "2"],
      ["3", "4"],
      ["0", "0"],
    ]);
    expect(insertRow(cells, 99)).toEqual([
      ["1", "2"],
      ["3", "4"],
      ["0", "0"],
    ]);
  });

  it("insertColumn adds a column of zeros before the given column, or at the end", () => {
    expect(insertColumn(cells, 1)).toEqual([
      ["1", "0", "2"],
      ["3", "0", "4"],
    ]);
    expect(insertColumn(cells, 2)).toEqual([
      ["1", "2", "0"],
      ["3", "4", "0"],
    ]);
  });

  it("removeRow and removeColumn remove the given one", () => {
    expect(removeRow(cells, 0)).toEqual([["3", "4"]]);
    expect(removeColumn(cells, 1)).toEqual([["1"], ["3"]]);
  });

  it("never removes the last row or column, nor one that does not exist", () => {
    expect(removeRow([["1", "2"]], 0)).toEqual([["1", "2"]]);
    expect(removeColumn([["1"], ["2"]], 0)).toEqual([["1"], ["2"]]);
    expect(removeRow(cells, 5)).toBe(cells);
    expect(removeColumn(cells, -1)).toBe(cells);
  });

  it("does not change its input", () => {
    const before = JSON.stringify(cells);
    insertRow(cells, 1);
    insertColumn(cells, 1);
    removeRow(cells, 1);
    removeColumn(cells, 1);
    setCell(cells, 0, 0, "9");
    expect(JSON.stringify(cells)).toBe(before);
  });

  it("setCell returns the same cells when nothing changes", () => {
    expect(setCell(cells, 0, 0, "1")).toBe(cells);
    expect(setCell(cells, 5, 0, "1")).toBe(cells);
    expect(setCell(cells, 1, 1, "x")).toEqual([
      ["1", "2"],
      ["3", "x"],
    ]);
  });
});

describe("pasteBlock", () => {
  const cells: Cells = [
    ["1", "2", "3"],
    ["4", "5", "6"],
  ];
  const limits = { maxRows: 4, maxCols: 4 };

  it("replaces one cell's text with a single entry, even one that is not a number", () => {
    expect(pasted(pasteBlock(cells, " 7.5\n", 1, 2, "Q", limits))).toEqual([
      ["1", "2", "3"],
      ["4", "5", "7.5"],
    ]);
    expect(pasted(pasteBlock(cells, "abc", 0, 0, "Q", limits))[0]?.[0]).toBe("abc");
  });

  it("writes a spreadsheet block from the cell pasted into", () => {
    expect(pasted(pasteBlock(cells, "7\t8\n9\t10\n", 0, 1, "Q", limits))).toEqual([
      ["1", "7", "8"],
      ["4", "9", "10"],
    ]);
  });

  it("reads CSV, JSON, NumPy printouts and full-width punctuation", () => {
    const at00 = (text: string) => pasted(pasteBlock([["0"]], text, 0, 0, "Q", limits));
    const expected = [
      ["1", "2"],
      ["3", "4"],
    ];
    expect(at00("1,2\n3,4")).toEqual(expected);
    expect(at00("[[1, 2], [3, 4]]")).toEqual(expected);
    expect(at00("array([[1., 2.],\n       [3., 4.]], dtype=float32)")).toEqual(expected);
    expect(at00("［［１，２］，［３，４］］")).toEqual(expected);
  });

  it("grows the matrix with zeros where the block overflows it", () => {
    expect(pasted(pasteBlock(cells, "7 8\n9 10", 1, 2, "Q", limits))).toEqual([
      ["1", "2", "3", "0"],
      ["4", "5", "7", "8"],
      ["0", "0", "9", "10"],
    ]);
  });

  it("refuses a block past the limits, naming the sizes", () => {
    const result = pasteBlock(cells, "1 2 3\n4 5 6", 1, 2, "Q", limits);
    expect(result).toMatchObject({ code: "too-large", rows: 2, cols: 3, needRows: 3, needCols: 5 });
    if (!("error" in result)) throw new Error("expected an error");
    expect(result.error).toMatch(/^Q: .*row 2, column 3.*expected at most 4 rows and 4 columns/);
  });

  it("refuses text that is not a matrix with the parser's message and leaves the cells alone", () => {
    const result = pasteBlock(cells, "1 2\n3 x", 0, 0, "K", limits);
    expect(result).toMatchObject({ code: "not-a-number" });
    if (!("error" in result)) throw new Error("expected an error");
    expect(result.error).toContain("K row 2, column 2");
  });

  it("changes nothing for empty text", () => {
    expect(pasted(pasteBlock(cells, " \n ", 0, 0, "Q"))).toBe(cells);
  });

  it("isSingleValue is true for one entry only", () => {
    expect(isSingleValue(" -1.5e3\r\n")).toBe(true);
    expect(isSingleValue("abc")).toBe(true);
    expect(isSingleValue("1 2")).toBe(false);
    expect(isSingleValue("1\t2")).toBe(false);
    expect(isSingleValue("1，2")).toBe(false);
    expect(isSingleValue("[1]")).toBe(false);
    expect(isSingleValue("")).toBe(false);
  });
});

describe("pasteBlock with decimal commas (a European spreadsheet's 0,5)", () => {
  const limits = { maxRows: 4, maxCols: 4 };
  const paste = (cells: Cells, text: string, row = 0, col = 0) => {
    const result = pasteBlock(cells, text, row, col, "V", limits);
    if ("error" in result) throw new Error(`expected cells, got: ${result.error}`);
    return { ...result, note: result.note && english(result.note) };
  };

  it("writes a CSV with ';' between entries as its numbers, with nothing to say", () => {
    const result = paste([["0"]], "0,5;-1,2\n1,5;2\n-0,25;3,75");
    expect(result.cells).toEqual([
      ["0.5", "-1.2"],
      ["1.5", "2"],
      ["-0.25", "3.75"],
    ]);
    expect(result.note).toBeUndefined();
    expect(result.otherwise).toBeUndefined();
  });

  it("writes cells copied with tabs between them as their numbers", () => {
    const cells = [
      ["1", "2"],
      ["3", "4"],
    ];
    expect(paste(cells, "0,5\t-1,2", 1, 0)).toEqual({
      cells: [
        ["1", "2"],
        ["0.5", "-1.2"],
      ],
      rows: 1,
      cols: 2,
      note: undefined,
    });
  });

  it("every line '0,5' pasted into one column: two columns as a CSV, and a note offering one of decimal commas", () => {
    const result = paste([["1"], ["2"]], "0,5\n-1,2");
    expect(result.cells).toEqual([
      ["0", "5"],
      ["-1", "2"],
    ]);
    expect(result.note).toBe(
      'V: the "," in "0,5" on line 1 was read as a separator between entries, so the block is 2 × 2; read as decimal commas (0,5 for 0.5), it is 2 × 1',
    );
    expect(result.otherwise).toEqual([["0.5"], ["-1.2"]]);
  });

  it("the same lines pasted into two columns are a CSV of the matrix's width: no note", () => {
    const result = paste(
      [
        ["1", "2"],
        ["3", "4"],
      ],
      "0,5\n-1,2",
    );
    expect(result.cells).toEqual([
      ["0", "5"],
      ["-1", "2"],
    ]);
    expect(result.note).toBeUndefined();
  });

  it("one line '1,5': two entries, and a note offering one number", () => {
    const cells = [
      ["1", "2"],
      ["3", "4"],
    ];
    const result = paste(cells, "1,5", 1, 0);
    expect(result.cells).toEqual([
      ["1", "2"],
      ["1", "5"],
    ]);
    expect(result.note).toBe(
      'V: the "," in "1,5" on line 1 was read as a separator between entries, so the block is 1 × 2; read as decimal commas (0,5 for 0.5), it is 1 × 1',
    );
    expect(result.otherwise).toEqual([
      ["1", "2"],
      ["1.5", "4"],
    ]);
  });

  it("where commas as separators give rows of different lengths, decimal commas, and a note saying so", () => {
    const result = paste([["0"]], "1\n2,5\n-3");
    expect(result.cells).toEqual([["1"], ["2.5"], ["-3"]]);
    expect(result.note).toBe(
      'V: the "," in "2,5" on line 2 was read as a decimal comma (0,5 for 0.5): read as separators between entries, the rows would not all have the same length',
    );
    expect(result.otherwise).toBeUndefined();
  });

  it("an entry that is not a number with a decimal comma is refused where it is", () => {
    const result = pasteBlock([["0"]], "0,5;1,2,3\n1;2", 0, 0, "V", limits);
    expect(result).toMatchObject({ code: "not-a-number" });
    if (!("error" in result)) throw new Error("expected an error");
    expect(result.error).toMatch(/^V row 1, column 2: "1,2,3" is not a number: on a line whose entries/);
  });
});

describe("scrubValue", () => {
  it("moves 0.01 per pixel, 0.1 with Shift and 0.001 with Alt", () => {
    expect(scrubValue(0, 1)).toBe(0.01);
    expect(scrubValue(0, 30)).toBe(0.3); // not 0.30000000000000004
    expect(scrubValue(0.1, 20)).toBe(0.3);
    expect(scrubValue(1, -150)).toBe(-0.5);
    expect(scrubValue(0, 3, { shift: true })).toBe(0.3);
    expect(scrubValue(0, 7, { alt: true })).toBe(0.007);
    expect(scrubValue(0, 7, { shift: true, alt: true })).toBe(0.07);
    expect(scrubStep({ shift: true })).toBeCloseTo(0.1, 12);
  });

  it("keeps the value when the pointer has not moved, and never gives -0", () => {
    expect(scrubValue(0.123456, 0)).toBe(0.123456);
    expect(Object.is(scrubValue(0.01, -1), 0)).toBe(true);
    expect(scrubValue(Number.NaN, 2)).toBe(0.02);
  });

  it("moves the way the pointer moves, and by about dx steps", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.integer({ min: -500, max: 500 }).filter((dx) => dx !== 0),
        fc.boolean(),
        fc.boolean(),
        (start, dx, shift, alt) => {
          const step = scrubStep({ shift, alt });
          const value = scrubValue(start, dx, { shift, alt });
          expect(Math.sign(value - start)).toBe(Math.sign(dx));
          expect(Math.abs(value - (start + dx * step))).toBeLessThanOrEqual(step / 2 + 1e-9);
          // Few decimals: what a person reads on a projector.
          expect(formatCell(value).replace(/^-?\d*\.?/, "").length).toBeLessThanOrEqual(3);
        },
      ),
    );
  });
});

describe("formatCell", () => {
  it("writes the shortest text that reads back, without float noise", () => {
    expect(formatCell(0.1 + 0.2)).toBe("0.3");
    expect(formatCell(-0)).toBe("0");
    expect(formatCell(1e-7)).toBe("1e-7");
    expect(formatCell(-2.5)).toBe("-2.5");
    expect(formatCell(123456)).toBe("123456");
  });
});

describe("cellAfterKey", () => {
  const caret = (start: number, end = start, length = 3): Caret => ({ start, end, length });
  const from = { row: 1, col: 1 };
  const move = (key: string, at = caret(1), mods = {}) => cellAfterKey({ key, ...mods }, from, 3, 3, at);

  it("Up and Down always move, staying put at the edges", () => {
    expect(move("ArrowUp")).toEqual({ row: 0, col: 1 });
    expect(move("ArrowDown")).toEqual({ row: 2, col: 1 });
    expect(cellAfterKey({ key: "ArrowUp" }, { row: 0, col: 1 }, 3, 3, caret(1))).toEqual({ row: 0, col: 1 });
  });

  it("Left and Right move only from the start / end of the text or a full selection", () => {
    expect(move("ArrowLeft", caret(1))).toBeNull();
    expect(move("ArrowLeft", caret(0))).toEqual({ row: 1, col: 0 });
    expect(move("ArrowRight", caret(2))).toBeNull();
    expect(move("ArrowRight", caret(3))).toEqual({ row: 1, col: 2 });
    expect(move("ArrowRight", caret(0, 3))).toEqual({ row: 1, col: 2 });
    expect(move("ArrowLeft", caret(0, 3))).toEqual({ row: 1, col: 0 });
    expect(move("ArrowLeft", caret(0, 2))).toBeNull();
    expect(move("ArrowLeft", caret(0), { shiftKey: true })).toBeNull();
  });

  it("Tab and Shift+Tab move right and left, wrapping rows, and leave the grid at its ends", () => {
    expect(cellAfterKey({ key: "Tab" }, { row: 0, col: 2 }, 3, 3, caret(0))).toEqual({ row: 1, col: 0 });
    expect(cellAfterKey({ key: "Tab", shiftKey: true }, { row: 1, col: 0 }, 3, 3, caret(0))).toEqual({
      row: 0,
      col: 2,
    });
    expect(cellAfterKey({ key: "Tab" }, { row: 2, col: 2 }, 3, 3, caret(0))).toBeNull();
    expect(cellAfterKey({ key: "Tab", shiftKey: true }, { row: 0, col: 0 }, 3, 3, caret(0))).toBeNull();
  });

  it("Enter moves down and Shift+Enter up; Ctrl+Home and Ctrl+End go to the corners", () => {
    expect(move("Enter")).toEqual({ row: 2, col: 1 });
    expect(move("Enter", caret(1), { shiftKey: true })).toEqual({ row: 0, col: 1 });
    expect(move("Home", caret(1), { ctrlKey: true })).toEqual({ row: 0, col: 0 });
    expect(move("End", caret(1), { metaKey: true })).toEqual({ row: 2, col: 2 });
    expect(move("Home")).toBeNull();
  });

  it("leaves keys with Alt and other keys to the browser", () => {
    expect(move("ArrowDown", caret(1), { altKey: true })).toBeNull();
    expect(move("a")).toBeNull();
  });
});

describe("columnChars", () => {
  it("sizes each column by its longest text, from 3 to 12 character widths", () => {
    const cells = [
      ["0", "-0.5", "1.23456789012345", " 2 "],
      ["1", "0.25", "0", "12"],
    ];
    // "0"/"1" → the least, 3; "-0.5" → 4; 16 characters → the most, 12; " 2 " is trimmed, "12" → 3.
    expect(columnChars(cells)).toEqual([3, 4, 12, 3]);
  });

  it("counts a wide character twice: full-width digits from a Chinese IME, a CJK word", () => {
    expect(
      columnChars([
        ["１．５", "零"],
        ["0", "-1.5"],
      ]),
    ).toEqual([6, 4]);
  });

  it("gives nothing for no columns", () => {
    expect(columnChars([[]])).toEqual([]);
  });
});
