/**
 * Reading a matrix that a person typed or pasted: plain rows on lines, MATLAB "1 2; 3 4", JSON,
 * NumPy and PyTorch printouts, spreadsheet cells, and Chinese full-width punctuation.
 * Never throws: every mistake comes back as a message naming the matrix, the row and column
 * (counting from 1) and what was expected.
 */
import { fail, ok, type InputErrorDetails, type Result } from "./errors";
import { LIMITS } from "./limits";
import { clipped, counted, english, message, place, quoted, type Message } from "./messages";

/** 1, -2.5, 1., .5, +2, 1e-3, 1.5E+2: what JavaScript, Python and NumPy print for a finite double. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const CLOSES: Record<string, string> = { "[": "]", "(": ")" };
const OPENS: Record<string, string> = { "]": "[", ")": "(" };

/** What the text is made of: entries, bracketed lists, and row breaks. */
type Item = { kind: "atom"; text: string } | { kind: "list"; items: Item[] } | { kind: "break" };

/** Full-width forms typed with a Chinese IME, the Unicode minus and odd spaces, as ASCII. */
export function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) // "１，［" → "1,["
    .replace(/\u3001/g, ",") // 、
    .replace(/\u3002/g, ".") // 。 is what the "." key types in Chinese mode
    .replace(/[\u3000\u00A0]/g, " ")
    .replace(/\u2212/g, "-")
    .replace(/\uFEFF/g, "")
    .replace(/\r\n?/g, "\n");
}

/** "array([[1, 2]], dtype=float32)" or "tensor([[1.]], requires_grad=True)" → "[[1, 2]]", "[[1.]]". */
function stripCall(text: string): string {
  const call = /^\s*[a-z_][\w.]*\s*\(([\s\S]*)\)\s*$/i.exec(text);
  return call ? (call[1] ?? "").replace(/,\s*[a-z_]\w*\s*=[\s\S]*$/i, "") : text;
}

/**
 * Reads entries, brackets and separators into a tree. Inside brackets only ";" ends a row, so NumPy's
 * wrapped long rows and pretty-printed JSON stay whole. Outside brackets a newline ends a row, and ";"
 * ends one too when the text is a single line ("1 2; 3 4"), otherwise it separates entries like ",".
 */
function readTree(text: string, name: string): Result<Item[]> {
  const multiline = text.trim().includes("\n");
  const endsRow = (token: string, depth: number) =>
    token === ";" ? depth > 0 || !multiline : depth === 0 && token.includes("\n");
  const root: Item[] = [];
  const stack: { parent: Item[]; open: string }[] = [];
  let items = root;
  let wantsEntry = true; // at a row start or after a comma: another comma means an entry is missing
  for (const [token] of text.matchAll(/\s+|[,;[\]()]|[^\s,;[\]()]+/g)) {
    if (token === "[" || token === "(") {
      const list: Item[] = [];
      items.push({ kind: "list", items: list });
      stack.push({ parent: items, open: token });
      items = list;
      wantsEntry = true;
    } else if (token === "]" || token === ")") {
      const top = stack.pop();
      if (!top) {
        return syntax(
          message("error.parse.unopened", { name, close: token, open: OPENS[token] ?? "" }),
          name,
        );
      }
      const close = CLOSES[top.open];
      if (close !== token) {
        const said = message("error.parse.mismatched", {
          name,
          open: top.open,
          close: token,
          want: close ?? "",
        });
        return syntax(said, name);
      }
      items = top.parent;
      wantsEntry = false;
    } else if (endsRow(token, stack.length)) {
      items.push({ kind: "break" });
      wantsEntry = true;
    } else if (token === "," || token === ";") {
      if (wantsEntry) items.push({ kind: "atom", text: "" });
      wantsEntry = true;
    } else if (token.trim()) {
      items.push({ kind: "atom", text: token });
      wantsEntry = false;
    }
  }
  const open = stack.at(-1)?.open;
  return open
    ? syntax(message("error.parse.unclosed", { name, open, close: CLOSES[open] ?? "" }), name)
    : ok(root);
}

/** The rows of entries: one bracketed list per row ("[[1, 2], [3, 4]]"), or entries split by breaks. */
function toRows(items: Item[], name: string): Result<string[][]> {
  const content = items.filter((item) => item.kind !== "break");
  // A single bracketed whole ("[[1, 2], [3, 4]]", "[1 2; 3 4]", "[1, 2, 3]"): read what is inside it.
  const only = content.length === 1 ? content[0] : undefined;
  const body = only?.kind === "list" ? only.items : items;
  const first = body.find((item) => item.kind !== "break");
  return first?.kind === "list" ? bracketedRows(body, name) : lineRows(body, name);
}

function bracketedRows(body: Item[], name: string): Result<string[][]> {
  const rows: string[][] = [];
  for (const item of body) {
    if (item.kind === "break") continue;
    const r = rows.length;
    if (item.kind === "atom") {
      const said = message("error.parse.rowNotBracketed", { at: place(name, r), text: show(item.text) });
      return syntax(said, name, r);
    }
    const row: string[] = [];
    for (const cell of item.items) {
      if (cell.kind === "atom") row.push(cell.text);
      else if (cell.kind === "list") {
        const said = message("error.parse.nestedList", { at: place(name, r, row.length) });
        return syntax(said, name, r, row.length);
      } else return syntax(message("error.parse.semicolon", { at: place(name, r) }), name, r);
    }
    rows.push(row);
  }
  return ok(rows);
}

function lineRows(body: Item[], name: string): Result<string[][]> {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const item of [...body, { kind: "break" } as const]) {
    if (item.kind === "atom") row.push(item.text);
    else if (item.kind === "list") {
      const at = place(name, rows.length, row.length);
      return syntax(message("error.parse.bracketedList", { at }), name, rows.length, row.length);
    } else {
      if (row.length) rows.push(row); // blank lines are not rows
      row = [];
    }
  }
  return ok(rows);
}

function toNumbers(rows: string[][], name: string): Result<number[][]> {
  const width = rows[0]?.length;
  const empty = (said: Message, row: number | undefined, expected: string) =>
    fail(said, { code: "empty", matrix: name, row, expected });
  if (width === undefined) {
    return empty(message("error.parse.noRows", { name }), undefined, "at least one row of numbers");
  }
  if (width === 0) {
    return empty(message("error.parse.emptyRow", { at: place(name, 0) }), 0, "at least one number");
  }
  const matrix: number[][] = [];
  for (const [r, row] of rows.entries()) {
    // Read the entries first: "1,,2" is better told as an empty entry than as a row too long.
    const values: number[] = [];
    for (const [c, text] of row.entries()) {
      const value = toNumber(text, name, r, c);
      if (!value.ok) return value;
      values.push(value.value);
    }
    if (row.length !== width) {
      const said = message("error.parse.ragged", {
        at: place(name, r),
        got: entries(row.length),
        want: width,
      });
      return fail(said, { code: "ragged", matrix: name, row: r, expected: english(entries(width)) });
    }
    matrix.push(values);
  }
  return ok(matrix);
}

/** Why an entry's text is not a finite number: one grammar for pasted matrices and the grid's cells. */
export type NumberFault = "empty" | "ellipsis" | "not-finite" | "too-large" | "not-a-number";

/**
 * One entry's text (already normalised, no spaces around it) as a finite number, or why it is not one.
 * The whole grammar of a number: what JavaScript, Python and NumPy print for a finite double.
 */
export function readNumber(text: string): { value: number } | { fault: NumberFault } {
  if (NOT_FINITE.test(text)) return { fault: "not-finite" };
  if (text === "") return { fault: "empty" };
  if (text === "...") return { fault: "ellipsis" };
  if (!NUMBER.test(text)) return { fault: "not-a-number" };
  const value = Number(text);
  // "1e400" passes the pattern but reads as Infinity: as unusable as "inf" itself.
  return Number.isFinite(value) ? { value } : { fault: "too-large" };
}

const FAULT_MESSAGES = {
  empty: "error.parse.emptyEntry",
  ellipsis: "error.parse.ellipsis",
  "not-finite": "error.parse.notFinite",
  "too-large": "error.parse.tooLarge",
  "not-a-number": "error.parse.notNumber",
} as const;

function toNumber(text: string, name: string, row: number, col: number): Result<number> {
  const read = readNumber(text);
  if ("value" in read) return ok(read.value);
  const code = read.fault === "not-finite" || read.fault === "too-large" ? "not-finite" : "not-a-number";
  return fail(message(FAULT_MESSAGES[read.fault], { at: place(name, row, col), text: show(text) }), {
    code,
    matrix: name,
    row,
    col,
    expected: "a finite number",
  });
}

function syntax(said: Message, name: string, row?: number, col?: number) {
  const details: InputErrorDetails = { code: "syntax", matrix: name, row, col, expected: "rows of numbers" };
  return fail(said, details);
}

/** An entry as quoted in a message, cut short so a pasted paragraph does not flood it. */
function show(text: string): Message {
  return quoted(clipped(text));
}

function entries(n: number): Message {
  return counted(n, "count.entry", "count.entries");
}

/** The most rows and columns a matrix read from text may have. */
export interface MatrixLimits {
  readonly maxRows: number;
  readonly maxCols: number;
}

const isSeparator = (c: number) =>
  c === 32 ||
  c === 9 ||
  c === 10 ||
  c === 13 ||
  c === 44 ||
  c === 59 ||
  c === 40 ||
  c === 41 ||
  c === 91 ||
  c === 93;

/**
 * Refuses text too long or too big for `limits` before reading it, in one pass over its characters:
 * entries (runs of characters between separators) past maxRows · maxCols, or, for text without brackets
 * (where every non-blank line, or every ";" part of a single line, is a row), rows past maxRows.
 */
function sizeError(text: string, name: string, { maxRows, maxCols }: MatrixLimits) {
  const tooLarge = (said: Message, expected: string) =>
    fail(said, { code: "too-large", matrix: name, expected });
  let entries = 0;
  let lines = 0;
  let parts = 0;
  let inEntry = false;
  let lineHasEntry = false;
  let partHasEntry = false;
  let brackets = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 91 || c === 40) brackets = true;
    const separator = isSeparator(c);
    if (!separator && !inEntry) {
      entries++;
      lineHasEntry = partHasEntry = true;
    }
    inEntry = !separator;
    if (c === 10 && lineHasEntry) lines++;
    if (c === 10) lineHasEntry = false;
    if ((c === 59 || i === text.length) && partHasEntry) parts++;
    if (c === 59) partHasEntry = false;
  }
  const max = maxRows * maxCols;
  if (entries > max) {
    const said = message("error.parse.tooManyEntries", { name, count: entries, max, maxRows, maxCols });
    return tooLarge(said, `at most ${max} entries`);
  }
  const rows = lines > 1 ? lines : parts;
  if (!brackets && rows > maxRows) {
    return tooLarge(
      message("error.parse.tooManyRows", { name, count: rows, max: maxRows }),
      `at most ${maxRows} rows`,
    );
  }
  return undefined;
}

/**
 * A matrix from text: rows of finite numbers, all of the same length (at least 1 × 1), at most `limits`.
 * Text longer than LIMITS.maxMatrixText, or with more entries or rows than the limits allow, is refused
 * before it is read, so that a pasted megabyte is refused at once instead of after seconds of parsing.
 */
export function maybeMatrix(
  text: string,
  name: string,
  limits: MatrixLimits = { maxRows: LIMITS.maxTokens, maxCols: LIMITS.maxWidth },
): Result<number[][]> {
  try {
    if (typeof text !== "string")
      return syntax(message("error.parse.notText", { name, type: typeof text }), name);
    if (text.length > LIMITS.maxMatrixText) {
      const said = message("error.parse.textTooLong", {
        name,
        length: text.length,
        max: LIMITS.maxMatrixText,
      });
      return fail(said, {
        code: "too-large",
        matrix: name,
        expected: `at most ${LIMITS.maxMatrixText} characters`,
      });
    }
    const plain = stripCall(normalise(text));
    const tooBig = sizeError(plain, name, limits);
    if (tooBig) return tooBig;
    const tree = readTree(plain, name);
    if (!tree.ok) return tree;
    const rows = toRows(tree.value, name);
    return rows.ok ? toNumbers(rows.value, name) : rows;
  } catch (error) {
    // Never throw at a person typing: anything unforeseen becomes a message too.
    return syntax(message("error.parse.unreadable", { name, reason: String(error) }), name);
  }
}

/** A vector from text: a flat list, or a matrix with one row or one column. */
export function maybeVector(text: string, name: string): Result<number[]> {
  const matrix = maybeMatrix(text, name);
  if (!matrix.ok) return matrix;
  const rows = matrix.value;
  if (rows.length === 1 || rows.every((row) => row.length === 1)) return ok(rows.flat());
  const expected = "one row or one column of numbers";
  const said = message("error.parse.notVector", { name, rows: rows.length, cols: rows[0]?.length ?? 0 });
  return fail(said, { code: "shape", matrix: name, expected });
}
