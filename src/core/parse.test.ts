import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { InputErrorCode, Result } from "./errors";
import { LIMITS } from "./limits";
import { maybeMatrix, maybeVector, readMatrix, readNumber } from "./parse";

// Parsing is exact: a typed "0.1" must become the double 0.1, so these tests compare with toEqual,
// not with a tolerance.
function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.error.message}`);
  return result.value;
}

/** Asserts the error's code and 0-based position, and that the message names the matrix and the 1-based position. */
function expectError<T>(result: Result<T>, code: InputErrorCode, at: string, row?: number, col?: number) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.row).toBe(row);
  expect(result.error.col).toBe(col);
  expect(result.error.message).toContain(at);
  expect(result.error.message).toMatch(/expected/);
  return result.error;
}

describe("maybeMatrix reads rows on lines", () => {
  it("with entries separated by spaces, commas, tabs, semicolons or mixtures", () => {
    expect(value(maybeMatrix("1 2 3\n4,5,6\n7\t8\t9", "Q"))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(value(maybeMatrix("1;2;3\n4; 5 ;6", "Q"))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(value(maybeMatrix("1 ,\t2; 3\n4;5 , 6", "Q"))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("ignoring blank lines and leading or trailing whitespace", () => {
    expect(value(maybeMatrix("\n\n   1 2  \n\n\n  3 4\t\n  \n", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("tolerating a trailing comma on a row", () => {
    expect(value(maybeMatrix("1, 2,\n3, 4,", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("with Windows line endings and tab-separated cells pasted from a spreadsheet", () => {
    expect(value(maybeMatrix("0.5\t-1\t2\r\n3\t4\t5.25\r\n", "X"))).toEqual([
      [0.5, -1, 2],
      [3, 4, 5.25],
    ]);
  });

  it("and a single number is a 1 × 1 matrix", () => {
    expect(value(maybeMatrix(" 42 ", "Q"))).toEqual([[42]]);
  });
});

describe("maybeMatrix reads one-line forms with ';' between rows", () => {
  it("bare: '1 2; 3 4'", () => {
    expect(value(maybeMatrix("1 2; 3 4", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("MATLAB style inside brackets: '[1 2; 3 4]' and '[1, 2; 3, 4;]'", () => {
    expect(value(maybeMatrix("[1 2; 3 4]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(value(maybeMatrix("[1, 2; 3, 4;]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("MATLAB style over several lines inside brackets: '[1 2;\\n 3 4]'", () => {
    expect(value(maybeMatrix("[1 2;\n 3 4]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe("maybeMatrix reads JSON", () => {
  it("an array of arrays is a matrix", () => {
    expect(value(maybeMatrix("[[1,2],[3,4]]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("a flat array is a one-row matrix", () => {
    expect(value(maybeMatrix("[1,2,3]", "Q"))).toEqual([[1, 2, 3]]);
  });

  it("pretty-printed JSON, flat or nested, keeps its rows", () => {
    expect(
      value(
        maybeMatrix(
          JSON.stringify(
            [
              [1, 2],
              [3, 4],
            ],
            null,
            2,
          ),
          "Q",
        ),
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(value(maybeMatrix(JSON.stringify([1, 2, 3], null, 2), "Q"))).toEqual([[1, 2, 3]]);
  });

  it("rows in brackets on separate lines, and Python tuples", () => {
    expect(value(maybeMatrix("[1, 2]\n[3, 4]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(value(maybeMatrix("((1, 2), (3, 4))", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe("maybeMatrix reads NumPy and PyTorch printouts", () => {
  it("repr with commas: 'array([[1., 2.],\\n       [3., 4.]])'", () => {
    expect(value(maybeMatrix("array([[1., 2.],\n       [3., 4.]])", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("print without commas and with trailing dots: '[[ 1.  2.]\\n [ 3.  4.]]'", () => {
    expect(value(maybeMatrix("[[ 1.  2.]\n [ 3.  4.]]", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("repr with a dtype: 'array([[1, 2], [3, 4]], dtype=float32)'", () => {
    expect(value(maybeMatrix("array([[1, 2], [3, 4]], dtype=float32)", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(value(maybeMatrix("np.array([[0.5]])", "Q"))).toEqual([[0.5]]);
    expect(value(maybeMatrix("tensor([[1., 2.]], requires_grad=True)", "Q"))).toEqual([[1, 2]]);
  });

  it("long rows that NumPy wraps over several lines stay one row", () => {
    expect(value(maybeMatrix("[[1. 2. 3.\n  4.]\n [5. 6. 7.\n  8.]]", "Q"))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(value(maybeMatrix("[1. 2. 3.\n 4.]", "v"))).toEqual([[1, 2, 3, 4]]);
  });

  it("scientific notation and the short forms 1e-3, 1.5E+2, -.5, +2, 1., .5", () => {
    expect(value(maybeMatrix("1e-3 1.5E+2 -.5 +2 1. .5 -1.00000000e+00 1.e2", "Q"))).toEqual([
      [0.001, 150, -0.5, 2, 1, 0.5, -1, 100],
    ]);
  });

  it("'-0' is negative zero (and '0' is positive zero)", () => {
    const [[negative, positive]] = value(maybeMatrix("-0 0", "Q")) as [[number, number]];
    expect(Object.is(negative, -0)).toBe(true);
    expect(Object.is(positive, 0)).toBe(true);
  });
});

describe("maybeMatrix reads full-width forms typed with a Chinese IME", () => {
  it("full-width digits, comma and semicolon: '１，２；３，４'", () => {
    expect(value(maybeMatrix("１，２；３，４", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("full-width brackets, period, minus and the enumeration comma: '［１．５、－２］'", () => {
    expect(value(maybeMatrix("［１．５、－２］", "Q"))).toEqual([[1.5, -2]]);
    expect(value(maybeMatrix("［［１，２］，［３，４］］", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("full-width parentheses: '（１，２）'", () => {
    expect(value(maybeMatrix("（１，２）", "Q"))).toEqual([[1, 2]]);
  });

  it("the ideographic space U+3000 between entries", () => {
    expect(value(maybeMatrix("１\u3000２\n３\u3000４", "Q"))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("the Unicode minus sign U+2212 and the ideographic full stop '。'", () => {
    expect(value(maybeMatrix("\u22121 \u22122.5 3e\u22122 0\u30025", "Q"))).toEqual([[-1, -2.5, 0.03, 0.5]]);
  });
});

describe("readMatrix reads decimal commas (a European spreadsheet's 0,5) on lines separated by ';' or tabs", () => {
  it("a CSV with ';' between entries: '0,5;-1,2' on each line is a row of 0.5 and -1.2", () => {
    expect(value(readMatrix("0,5;-1,2\n1,5;2\n-0,25;3,75", "Q"))).toEqual({
      matrix: [
        [0.5, -1.2],
        [1.5, 2],
        [-0.25, 3.75],
      ],
      decimalComma: true,
    });
    expect(value(maybeMatrix("0,5;-1,2\r\n1,5;2\r\n", "Q"))).toEqual([
      [0.5, -1.2],
      [1.5, 2],
    ]);
    // Exponents as a spreadsheet writes them, decimal points beside decimal commas, a trailing ';'.
    expect(value(maybeMatrix("1,5E-3; 2.5;\n-3,25e+2; 4;", "Q"))).toEqual([
      [0.0015, 2.5],
      [-325, 4],
    ]);
    // One column: each line ends with ';'.
    expect(value(maybeMatrix("0,5;\n-1,2;", "Q"))).toEqual([[0.5], [-1.2]]);
  });

  it("cells copied from a spreadsheet, tabs between them: '0,5\\t-1,2', on one line or several", () => {
    expect(value(maybeMatrix("0,5\t-1,2\r\n3\t4,75\r\n", "Q"))).toEqual([
      [0.5, -1.2],
      [3, 4.75],
    ]);
    expect(value(readMatrix("0,5\t-1,2", "Q"))).toEqual({ matrix: [[0.5, -1.2]], decimalComma: true });
  });

  it("keeps reading ',' as a separator where it has a space beside it, and on lines of spaces and commas", () => {
    expect(value(maybeMatrix("1 ,\t2; 3\n4;5 , 6", "Q"))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(value(readMatrix("1,2,3\n4,5,6", "Q"))).toEqual({
      matrix: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      decimalComma: false,
    });
    expect(value(maybeMatrix("0.5,-1.25\n2,3e-2", "Q"))).toEqual([
      [0.5, -1.25],
      [2, 0.03],
    ]);
  });

  it("never reads a full-width comma typed with a Chinese IME as a decimal comma", () => {
    expect(value(maybeMatrix("１，２；３\n４，５；６", "Q"))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(value(readMatrix("１，２；３，４", "Q"))).toEqual({
      matrix: [
        [1, 2],
        [3, 4],
      ],
      decimalComma: false,
    });
  });

  it("reads as before where the text leaves it in doubt, and says so with the other reading", () => {
    // Every line "0,5": two columns, as a CSV; one column of decimal commas otherwise.
    expect(value(readMatrix("0,5\n-1,2", "V"))).toEqual({
      matrix: [
        [0, 5],
        [-1, 2],
      ],
      decimalComma: false,
      doubt: { text: "0,5", line: 1, otherwise: [[0.5], [-1.2]] },
    });
    // One line with ';': MATLAB's rows; one row of decimal commas otherwise.
    expect(value(readMatrix("0,5;-1,2", "Q"))).toEqual({
      matrix: [
        [0, 5],
        [-1, 2],
      ],
      decimalComma: false,
      doubt: { text: "0,5", line: 1, otherwise: [[0.5, -1.2]] },
    });
    expect(value(readMatrix("\n\n1,5", "Q"))).toEqual({
      matrix: [[1, 5]],
      decimalComma: false,
      doubt: { text: "1,5", line: 3, otherwise: [[1.5]] },
    });
  });

  it("takes the other reading where the rule's gives rows of different lengths, and says so", () => {
    expect(value(readMatrix("1\n2,5\n-3", "V"))).toEqual({
      matrix: [[1], [2.5], [-3]],
      decimalComma: true,
      doubt: { text: "2,5", line: 2 },
    });
    expect(value(readMatrix("0,5;-1,2;3", "Q"))).toEqual({
      matrix: [[0.5, -1.2, 3]],
      decimalComma: true,
      doubt: { text: "0,5", line: 1 },
    });
    expect(value(readMatrix("1,2\t3\n4\t5\t6", "Q"))).toEqual({
      matrix: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      decimalComma: false,
      doubt: { text: "1,2", line: 1 },
    });
  });

  it("refuses an entry with a ',' that is not one decimal comma between digits, naming its row and column", () => {
    const error = expectError(maybeMatrix("0,5;1,2,3\n1;2", "K"), "not-a-number", "K row 1, column 2", 0, 1);
    expect(error.message).toBe(
      'K row 1, column 2: "1,2,3" is not a number: on a line whose entries are separated by ";" or tabs, a "," is a decimal comma, one between two digits (expected a number such as 0,5 or -1,2e-3)',
    );
    expectError(maybeMatrix("1;2\n1.234,5;2", "K"), "not-a-number", 'K row 2, column 1: "1.234,5"', 1, 0);
    expectError(maybeMatrix("1;2\n3;1,5e999", "K"), "not-finite", 'K row 2, column 2: "1,5e999"', 1, 1);
  });

  it("counts the entries of decimal commas as one each against the limits", () => {
    const limits = { maxRows: 2, maxCols: 3 };
    expect(value(maybeMatrix("0,5;1,5;2,5\n3,5;4,5;5,5", "Q", limits))).toEqual([
      [0.5, 1.5, 2.5],
      [3.5, 4.5, 5.5],
    ]);
    const error = expectError(maybeMatrix("0,5;1;2;3\n3,5;4;5;6", "Q", limits), "too-large", "Q");
    expect(error.message).toBe(
      "Q: the text holds 8 entries, too many: expected at most 6 (2 rows × 3 columns)",
    );
  });
});

describe("maybeMatrix rejects", () => {
  it("text that is not a number, naming the row and column", () => {
    const error = expectError(maybeMatrix("1 2 3\n4 5 abc", "Q"), "not-a-number", "Q row 2, column 3", 1, 2);
    expect(error.message).toBe(
      'Q row 2, column 3: "abc" is not a number (expected a finite number such as 0.5 or -1e-3)',
    );
    expect(error.matrix).toBe("Q");
  });

  it("an empty entry between two commas or at the start of a row", () => {
    expectError(maybeMatrix("1,,2", "W_K"), "not-a-number", "W_K row 1, column 2", 0, 1);
    expectError(maybeMatrix("1,2\n,3", "W_K"), "not-a-number", "W_K row 2, column 1", 1, 0);
    expectError(maybeMatrix("[[1, 2], [3, , 4]]", "W_K"), "not-a-number", "W_K row 2, column 2", 1, 1);
  });

  it("nan, NaN, inf, -inf, Infinity and overflowing numbers as not finite", () => {
    for (const text of ["nan", "NaN", "inf", "-inf", "Infinity", "+Infinity", "1e400"]) {
      const error = expectError(maybeMatrix(`1 2\n3 ${text}`, "K"), "not-finite", "K row 2, column 2", 1, 1);
      expect(error.message).toContain("a finite number");
      expect(error.expected).toBe("a finite number");
    }
  });

  it("rows of different lengths as ragged", () => {
    const error = expectError(maybeMatrix("1 2 3\n4 5", "Q"), "ragged", "Q row 2", 1, undefined);
    expect(error.message).toBe("Q row 2 has 2 entries, expected 3 like row 1");
    expectError(maybeMatrix("[[1, 2], [3]]", "Q"), "ragged", "Q row 2 has 1 entry, expected 2", 1);
    expectError(maybeMatrix("[[1, 2], []]", "Q"), "ragged", "Q row 2 has 0 entries", 1);
  });

  it("empty text, blank lines and empty brackets as empty", () => {
    for (const text of ["", "   ", "\n \r\n\t", "[]", "array([])", "；"]) {
      const error = expectError(maybeMatrix(text, "Q"), "empty", "Q is empty", undefined, undefined);
      expect(error.message).toBe("Q is empty: expected at least one row of numbers");
    }
    expectError(maybeMatrix("[[]]", "Q"), "empty", "Q row 1 is empty", 0);
  });

  it("unbalanced or mismatched brackets as syntax errors", () => {
    expect(expectError(maybeMatrix("[[1, 2]", "Q"), "syntax", "Q").message).toBe(
      'Q: a "[" is never closed (expected a matching "]")',
    );
    expect(expectError(maybeMatrix("[1, 2]]", "Q"), "syntax", "Q").message).toContain(
      'a "]" has no "[" before it',
    );
    expect(expectError(maybeMatrix("(1, 2]", "Q"), "syntax", "Q").message).toContain(
      'a "(" is closed by "]" (expected ")")',
    );
  });

  it("JSON that is not an array of arrays of numbers, naming the row and column", () => {
    expectError(
      maybeMatrix('{"a":1}', "Q"),
      "not-a-number",
      `Q row 1, column 1: '{"a":1}' is not a number`,
      0,
      0,
    );
    expectError(maybeMatrix("[[1,[2]]]", "Q"), "syntax", "Q row 1, column 2: found a list", 0, 1);
    expectError(
      maybeMatrix('[["x"]]', "Q"),
      "not-a-number",
      `Q row 1, column 1: '"x"' is not a number`,
      0,
      0,
    );
    expectError(maybeMatrix("[[[1, 2]]]", "Q"), "syntax", "Q row 1, column 1", 0, 0);
    expectError(
      maybeMatrix("[[1, 2], 3]", "Q"),
      "syntax",
      'Q row 2: found "3", expected a row of numbers in brackets',
      1,
    );
    expectError(maybeMatrix("1 2\n3 [4]", "Q"), "syntax", "Q row 2, column 2: found a bracketed list", 1, 1);
    expectError(maybeMatrix("[[1, 2; 3, 4]]", "Q"), "syntax", 'Q row 1: a ";" inside a bracketed row', 0);
  });

  it("a NumPy printout shortened with '...', saying how to print it in full", () => {
    const error = expectError(
      maybeMatrix("[[0. 1. ... 8. 9.]]", "Q"),
      "not-a-number",
      "Q row 1, column 3",
      0,
      2,
    );
    expect(error.message).toContain("np.set_printoptions(threshold=sys.maxsize)");
  });

  it("a value that is not text, without throwing", () => {
    expectError(maybeMatrix(undefined as unknown as string, "Q"), "syntax", "Q: expected text");
  });

  it("quotes long junk only in part", () => {
    const error = expectError(maybeMatrix("x".repeat(1000), "Q"), "not-a-number", "Q row 1, column 1", 0, 0);
    expect(error.message.length).toBeLessThan(120);
  });
});

describe("maybeMatrix refuses text too big before reading it", () => {
  // Each text below would be refused for its syntax if it were read: being refused for its size instead
  // shows that the size was checked first, without reading the text.
  it("by its length: a 10 MB paste says its length and the limit", () => {
    const row = "0.1234\t".repeat(99) + "0.1234\n";
    const text = "]" + row.repeat(Math.ceil(10e6 / row.length));
    expect(text.length).toBeGreaterThan(10e6);
    const error = expectError(maybeMatrix(text, "Q"), "too-large", "Q");
    expect(error.message).toBe(
      `Q: the text is ${text.length} characters long, too long: expected at most ${LIMITS.maxMatrixText}`,
    );
    expect(LIMITS.maxMatrixText).toBe(1048576);
  });

  it("by its entries: more than maxRows × maxCols, counted in the text, whatever its form", () => {
    const json = "[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17";
    const error = expectError(maybeMatrix(json, "K", { maxRows: 4, maxCols: 4 }), "too-large", "K");
    expect(error.message).toBe(
      "K: the text holds 17 entries, too many: expected at most 16 (4 rows × 4 columns)",
    );
    // Compact JSON too (JSON.stringify's), whose "1,2" between digits is never a decimal comma.
    const compact = "[[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17";
    expect(expectError(maybeMatrix(compact, "K", { maxRows: 4, maxCols: 4 }), "too-large", "K").message).toBe(
      "K: the text holds 17 entries, too many: expected at most 16 (4 rows × 4 columns)",
    );
    // The words of a NumPy printout are not entries.
    const numpy = "array([[1., 2.],\n       [3., 4.]], dtype=float32)";
    expect(value(maybeMatrix(numpy, "K", { maxRows: 2, maxCols: 2 }))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("by its rows, where lines (or ';' on one line) are rows: more than maxRows", () => {
    const limits = { maxRows: 4, maxCols: 4 };
    const lines = expectError(maybeMatrix("1\n2\n\n3\n4\n5 x]", "V", limits), "too-large", "V");
    expect(lines.message).toBe("V: the text holds 5 rows, too many: expected at most 4");
    const oneLine = expectError(maybeMatrix("1; 2; 3; 4; 5 x]", "V", limits), "too-large", "V");
    expect(oneLine.message).toBe("V: the text holds 5 rows, too many: expected at most 4");
    // Blank lines are not rows, and a NumPy row wrapped over two lines is one row.
    expect(value(maybeMatrix("1\n\n2\n3\n4\n", "V", limits))).toEqual([[1], [2], [3], [4]]);
    expect(value(maybeMatrix("[[1, 2,\n  3, 4]]", "V", { maxRows: 1, maxCols: 4 }))).toEqual([[1, 2, 3, 4]]);
  });
});

describe("readNumber: the one grammar of a number (pasted entries and the grid's cells)", () => {
  it.each([
    ["1", 1],
    ["-2.5", -2.5],
    ["1.", 1],
    [".5", 0.5],
    ["+2", 2],
    ["1e-3", 0.001],
    ["1.5E+2", 150],
  ])("%s is %s", (text, expected) => {
    expect(readNumber(text)).toEqual({ value: expected });
  });

  it.each([
    ["", "empty"],
    ["...", "ellipsis"],
    ["inf", "not-finite"],
    ["-Infinity", "not-finite"],
    ["NaN", "not-finite"],
    ["1e400", "too-large"],
    ["0x10", "not-a-number"],
    ["1,5", "not-a-number"],
    ["e5", "not-a-number"],
  ])("%j is refused: %s", (text, fault) => {
    expect(readNumber(text)).toEqual({ fault });
  });
});

describe("maybeVector", () => {
  it("reads a flat list, a one-row matrix and a one-column matrix", () => {
    expect(value(maybeVector("1 2 3", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("[1, 2, 3]", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("[[1, 2, 3]]", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("[[1], [2], [3]]", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("1\n2\n3", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("1; 2; 3", "v"))).toEqual([1, 2, 3]);
    expect(value(maybeVector("array([0.5, -1.5], dtype=float32)", "v"))).toEqual([0.5, -1.5]);
  });

  it("rejects a matrix with several rows and columns as a shape error", () => {
    const error = expectError(maybeVector("1 2\n3 4", "v"), "shape", "v has 2 rows and 2 columns");
    expect(error.message).toContain("expected one row or one column of numbers");
  });

  it("passes on the errors of reading the text", () => {
    expectError(maybeVector("1 x 3", "v"), "not-a-number", "v row 1, column 2", 0, 1);
    expectError(maybeVector("", "v"), "empty", "v is empty");
  });
});

// String(-0) and JSON.stringify(-0) both print "0", so these formats cannot carry the sign of zero:
// the round trip compares numbers with Object.is, except that -0 and 0 count as equal.
function withoutNegativeZero(matrix: number[][]): number[][] {
  return matrix.map((row) => row.map((x) => (x === 0 ? 0 : x)));
}

describe("maybeMatrix round trip (property)", () => {
  const matrices = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([rows, cols]) =>
      fc.array(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: cols, maxLength: cols }),
        { minLength: rows, maxLength: rows },
      ),
    );
  const formats: Record<string, (m: number[][]) => string> = {
    "space-separated lines": (m) => m.map((row) => row.map(String).join(" ")).join("\n"),
    JSON: (m) => JSON.stringify(m),
    "comma-separated lines": (m) => m.map((row) => row.join(",")).join("\n"),
    "tab-separated lines with \\r\\n": (m) => m.map((row) => row.join("\t")).join("\r\n"),
    "MATLAB one line": (m) => `[${m.map((row) => row.join(" ")).join("; ")}]`,
  };

  for (const [format, print] of Object.entries(formats)) {
    it(`printing finite doubles as ${format} and reading them back gives the same numbers`, () => {
      fc.assert(
        fc.property(matrices, (m) => {
          expect(withoutNegativeZero(value(maybeMatrix(print(m), "Q")))).toEqual(withoutNegativeZero(m));
        }),
      );
    });
  }

  it("never throws, and every error names the matrix and says what was expected", () => {
    const pieces = fc.constantFrom(
      ..."0123456789.,;eE+-[]() \n\t\r，；［］（）－．、\u3000\u2212nanifxy{}\"'".split(""),
    );
    const texts = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 40 }).map((cs) => cs.join("")),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const result = maybeMatrix(text, "W_V");
        if (!result.ok) {
          expect(result.error.message).toContain("W_V");
          expect(result.error.message).toMatch(/expected/);
        } else {
          expect(
            result.value.every((row) => row.length === result.value[0]?.length && row.every(Number.isFinite)),
          ).toBe(true);
        }
      }),
    );
  });
});
