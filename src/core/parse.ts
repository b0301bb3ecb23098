/**
 * Reading a matrix that a person typed or pasted: plain rows on lines, MATLAB "1 2; 3 4", JSON,
 * NumPy and PyTorch printouts, spreadsheet cells, decimal commas ("0,5;-1,2", what a European
 * spreadsheet's CSV holds), and Chinese full-width punctuation.
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

/** One entry's text, and whether a "," in it is a decimal comma (it stands on a line of decimal commas). */
type Atom = { kind: "atom"; text: string; decimal: boolean };

/** What the text is made of: entries, bracketed lists, and row breaks. */
type Item = Atom | { kind: "list"; items: Item[] } | { kind: "break" };

/**
 * Decimal commas. A "," is both the CSV separator and, in most of Europe, the decimal mark: a spreadsheet
 * there writes 0.5 as "0,5", and its CSV separates entries with ";" ("0,5;-1,2"), its copied cells with
 * tabs ("0,5\t-1,2"). So, in text without brackets (JSON and NumPy always write "."):
 *   - on a line whose entries are separated by ";" or tabs, a "," between two digits inside an entry is a
 *     decimal comma ("0,5" is 0.5), and any other "," inside an entry is refused ("1,2,3", "1.234,5");
 *     a "," with a space or a separator beside it still separates entries ("1 ,\t2; 3"). On one line
 *     without tabs, ";" ends a row (MATLAB's "1 2; 3 4"), so only tabs make that line one of decimal commas;
 *   - on other lines (spaces and commas only) a "," separates entries, as in every CSV;
 *   - a full-width "，" or "、" (a Chinese IME's; its decimal mark is "." or "。") always separates entries.
 * Where this rule reads the text with "," as a separator and reading it with decimal commas gives a matrix
 * too ("0,5" on every line, "0,5;-1,2" on one line), the reading stays the rule's, but it is in doubt and
 * says so (MatrixReading.doubt, which the grid tells the person, offering the other reading). Where one
 * reading gives rows of different lengths and the other a matrix, the other is taken, and said so.
 */
const DECIMAL_COMMA = /^[+-]?\d+,\d+(e[+-]?\d+)?$/i;
/** Entries, separators and brackets: a "," always separates. */
const TOKENS = /\s+|[,;[\]()]|[^\s,;[\]()]+/g;
/** The same on a line of decimal commas: a "," between two characters of an entry belongs to it. */
const DECIMAL_TOKENS = /\s+|[;[\]()]|[^\s,;[\]()]+(?:,[^\s,;[\]()]+)*|,/g;
/** The first entry with a "," between digits: what a message about decimal commas quotes. */
const COMMA_ENTRY = /[^\s;[\]()]*\d,\d[^\s;[\]()]*/;

/** How to read a text: which of its lines have decimal commas, and whether ";" outside brackets ends a row. */
interface Way {
  readonly decimal: (line: string) => boolean;
  readonly semicolonEndsRow: boolean;
}

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
 * ends one too when `way` says so (a single line: "1 2; 3 4"), otherwise it separates entries like ",".
 */
function readTree(text: string, name: string, way: Way): Result<Item[]> {
  const endsRow = (token: string, depth: number) =>
    token === ";" ? depth > 0 || way.semicolonEndsRow : depth === 0 && token === "\n";
  const root: Item[] = [];
  const stack: { parent: Item[]; open: string }[] = [];
  let items = root;
  let wantsEntry = true; // at a row start or after a comma: another comma means an entry is missing
  /** One token into the tree; a syntax error where brackets do not pair. */
  const take = (token: string, decimal: boolean) => {
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
      if (wantsEntry) items.push({ kind: "atom", text: "", decimal: false });
      wantsEntry = true;
    } else if (token.trim()) {
      items.push({ kind: "atom", text: token, decimal });
      wantsEntry = false;
    }
    return undefined;
  };
  // Line by line, each with its own tokens (a line of decimal commas keeps "0,5" whole), "\n" between.
  // exec on the shared pattern, not matchAll or a generator: a megabyte of CSV has 250,000 tokens.
  for (const [i, line] of text.split("\n").entries()) {
    const bad = i > 0 ? take("\n", false) : undefined;
    if (bad) return bad;
    const decimal = way.decimal(line);
    const pattern = decimal ? DECIMAL_TOKENS : TOKENS;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      const error = take(match[0], decimal);
      if (error) return error;
    }
  }
  const open = stack.at(-1)?.open;
  return open
    ? syntax(message("error.parse.unclosed", { name, open, close: CLOSES[open] ?? "" }), name)
    : ok(root);
}

/** The rows of entries: one bracketed list per row ("[[1, 2], [3, 4]]"), or entries split by breaks. */
function toRows(items: Item[], name: string): Result<Atom[][]> {
  const content = items.filter((item) => item.kind !== "break");
  // A single bracketed whole ("[[1, 2], [3, 4]]", "[1 2; 3 4]", "[1, 2, 3]"): read what is inside it.
  const only = content.length === 1 ? content[0] : undefined;
  const body = only?.kind === "list" ? only.items : items;
  const first = body.find((item) => item.kind !== "break");
  return first?.kind === "list" ? bracketedRows(body, name) : lineRows(body, name);
}

function bracketedRows(body: Item[], name: string): Result<Atom[][]> {
  const rows: Atom[][] = [];
  for (const item of body) {
    if (item.kind === "break") continue;
    const r = rows.length;
    if (item.kind === "atom") {
      const said = message("error.parse.rowNotBracketed", { at: place(name, r), text: show(item.text) });
      return syntax(said, name, r);
    }
    const row: Atom[] = [];
    for (const cell of item.items) {
      if (cell.kind === "atom") row.push(cell);
      else if (cell.kind === "list") {
        const said = message("error.parse.nestedList", { at: place(name, r, row.length) });
        return syntax(said, name, r, row.length);
      } else return syntax(message("error.parse.semicolon", { at: place(name, r) }), name, r);
    }
    rows.push(row);
  }
  return ok(rows);
}

function lineRows(body: Item[], name: string): Result<Atom[][]> {
  const rows: Atom[][] = [];
  let row: Atom[] = [];
  for (const item of [...body, { kind: "break" } as const]) {
    if (item.kind === "atom") row.push(item);
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

/** The numbers, and how many entries were read with a decimal comma. */
function toNumbers(rows: Atom[][], name: string): Result<{ matrix: number[][]; decimalCommas: number }> {
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
  let decimalCommas = 0;
  for (const [r, row] of rows.entries()) {
    // Read the entries first: "1,,2" is better told as an empty entry than as a row too long.
    const values: number[] = [];
    for (const [c, atom] of row.entries()) {
      const comma = atom.decimal && atom.text.includes(",");
      if (comma && !DECIMAL_COMMA.test(atom.text)) {
        return fail(message("error.parse.decimalComma", { at: place(name, r, c), text: show(atom.text) }), {
          code: "not-a-number",
          matrix: name,
          row: r,
          col: c,
          expected: "a finite number",
        });
      }
      if (comma) decimalCommas++;
      const value = toNumber(comma ? atom.text.replace(",", ".") : atom.text, name, r, c, atom.text);
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
  return ok({ matrix, decimalCommas });
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

/** `text` read as a number; a message quotes `typed` ("1,5e999", read as "1.5e999"). */
function toNumber(text: string, name: string, row: number, col: number, typed = text): Result<number> {
  const read = readNumber(text);
  if ("value" in read) return ok(read.value);
  const code = read.fault === "not-finite" || read.fault === "too-large" ? "not-finite" : "not-a-number";
  return fail(message(FAULT_MESSAGES[read.fault], { at: place(name, row, col), text: show(typed) }), {
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

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Refuses text too long or too big for `limits` before reading it, in one pass over its characters:
 * entries (runs of characters between separators) past maxRows · maxCols, or, for text without brackets
 * (where every non-blank line, or every ";" part of a single line, is a row), rows past maxRows. In text
 * without brackets, entries are counted with a "," between digits as a separator and as a decimal comma,
 * and the text is refused only when both counts are past the limit; readWay counts the entries it read.
 */
function sizeError(text: string, name: string, limits: MatrixLimits) {
  const { maxRows } = limits;
  const tooLarge = (said: Message, expected: string) =>
    fail(said, { code: "too-large", matrix: name, expected });
  let entries = 0;
  let entriesWithDecimals = 0;
  let inEntryWithDecimals = false;
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
    const decimalComma = c === 44 && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
    if (!separator && !inEntryWithDecimals) entriesWithDecimals++;
    inEntryWithDecimals = !separator || decimalComma;
    if (c === 10 && lineHasEntry) lines++;
    if (c === 10) lineHasEntry = false;
    if ((c === 59 || i === text.length) && partHasEntry) parts++;
    if (c === 59) partHasEntry = false;
  }
  // Text with brackets (JSON, NumPy) has no decimal commas: JSON.stringify's "[[1,2],[3,4]]" is 4 entries.
  const counted = brackets ? entries : Math.min(entries, entriesWithDecimals);
  if (counted > maxRows * limits.maxCols) return tooManyEntries(name, counted, limits);
  const rows = lines > 1 ? lines : parts;
  if (!brackets && rows > maxRows) {
    return tooLarge(
      message("error.parse.tooManyRows", { name, count: rows, max: maxRows }),
      `at most ${maxRows} rows`,
    );
  }
  return undefined;
}

function tooManyEntries(name: string, count: number, { maxRows, maxCols }: MatrixLimits) {
  const max = maxRows * maxCols;
  const said = message("error.parse.tooManyEntries", { name, count, max, maxRows, maxCols });
  return fail(said, { code: "too-large", matrix: name, expected: `at most ${max} entries` });
}

/** A matrix read from text, and how its commas were read. */
export interface MatrixReading {
  /** Rows of finite numbers, all of the same length, at least 1 × 1. */
  readonly matrix: number[][];
  /** Whether a "," between two digits was read as a decimal comma ("0,5" as 0.5) somewhere in the text. */
  readonly decimalComma: boolean;
  /**
   * Where the text's commas could be read the other way (see DECIMAL_COMMA): the first entry with a ","
   * between digits, as typed, and its line in the text (from 1); and `otherwise`, the matrix read the other
   * way, when that is a matrix too. Without `otherwise`, the other way gives rows of different lengths:
   * that is why this reading was taken.
   */
  readonly doubt?: { readonly text: string; readonly line: number; readonly otherwise?: number[][] };
}

const DEFAULT_LIMITS: MatrixLimits = { maxRows: LIMITS.maxTokens, maxCols: LIMITS.maxWidth };

/**
 * A matrix from text: rows of finite numbers, all of the same length (at least 1 × 1), at most `limits`.
 * Text longer than LIMITS.maxMatrixText, or with more entries or rows than the limits allow, is refused
 * before it is read, so that a pasted megabyte is refused at once instead of after seconds of parsing.
 */
export function maybeMatrix(text: string, name: string, limits = DEFAULT_LIMITS): Result<number[][]> {
  const read = readMatrix(text, name, limits);
  return read.ok ? ok(read.value.matrix) : read;
}

/** maybeMatrix, saying also how the text's commas were read and whether that is in doubt. */
export function readMatrix(text: string, name: string, limits = DEFAULT_LIMITS): Result<MatrixReading> {
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
    // A full-width comma (，、) is typed with a Chinese IME, where the decimal mark is "." (or "。"): it
    // separates entries, and is never a decimal comma, so it is followed by a space.
    const plain = stripCall(normalise(text.replace(/[\uFF0C\u3001]/g, ", ")));
    const tooBig = sizeError(plain, name, limits);
    if (tooBig) return tooBig;
    const bracketFree = !/[[\]()]/.test(plain);
    const multiline = plain.trim().includes("\n");
    const byRule: Way = {
      decimal: (line) => bracketFree && (line.includes("\t") || (multiline && line.includes(";"))),
      semicolonEndsRow: !multiline,
    };
    const chosen = readWay(plain, name, byRule, limits);
    const comma = bracketFree ? COMMA_ENTRY.exec(plain) : null;
    if (!comma) return chosen;
    const ruleDecimal = plain.split("\n").some((line) => byRule.decimal(line) && /\d,\d/.test(line));
    if (chosen.ok && ruleDecimal) return chosen;
    const otherWay: Way = ruleDecimal
      ? { decimal: () => false, semicolonEndsRow: !multiline }
      : { decimal: () => true, semicolonEndsRow: false };
    const other = readWay(plain, name, otherWay, limits);
    const at = { text: clipped(comma[0]), line: plain.slice(0, comma.index).split("\n").length };
    if (chosen.ok) {
      const same = other.ok && JSON.stringify(other.value.matrix) === JSON.stringify(chosen.value.matrix);
      return other.ok && !same
        ? ok({ ...chosen.value, doubt: { ...at, otherwise: other.value.matrix } })
        : chosen;
    }
    return chosen.error.code === "ragged" && other.ok ? ok({ ...other.value, doubt: at }) : chosen;
  } catch (error) {
    // Never throw at a person typing: anything unforeseen becomes a message too.
    return syntax(message("error.parse.unreadable", { name, reason: String(error) }), name);
  }
}

/** The text read one way: its rows, then its numbers, at most maxRows · maxCols of them. */
function readWay(text: string, name: string, way: Way, limits: MatrixLimits): Result<MatrixReading> {
  const tree = readTree(text, name, way);
  if (!tree.ok) return tree;
  const rows = toRows(tree.value, name);
  if (!rows.ok) return rows;
  const numbers = toNumbers(rows.value, name);
  if (!numbers.ok) return numbers;
  const { matrix, decimalCommas } = numbers.value;
  const count = matrix.length * (matrix[0]?.length ?? 0);
  if (count > limits.maxRows * limits.maxCols) return tooManyEntries(name, count, limits);
  return ok({ matrix, decimalComma: decimalCommas > 0 });
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
