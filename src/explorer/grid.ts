/**
 * The matrix editor's model: a matrix kept as the text of every cell, so nothing a person typed is lost
 * even while it is not a number. Pure functions, no React; MatrixGrid.tsx renders and edits this.
 * Cells are rows of texts: cells[r][c] is row r (a query for Q, a key for K and V), column c (a feature).
 */
import { LIMITS } from "../core/limits";
import { normalise, readMatrix, readNumber, type NumberFault } from "../core/parse";
import type { InputErrorCode } from "../core/errors";
import { clipped, english, message, place, quoted, type Message, type MessageParams } from "../core/messages";

/** Rows of cell texts, all of the same length, at least 1 × 1. */
export type Cells = string[][];

/** Why a cell is not a number; stable, so the grid can say it in the reader's language. */
export type CellErrorCode = "empty" | "not-a-number" | "not-finite";

/** A cell that is not a finite number. row and col count from 0; the message counts from 1. */
export interface CellError {
  row: number;
  col: number;
  message: string;
  code?: CellErrorCode;
  /** The message as an id and parameters (src/core/messages.ts), to say it in the reader's language. */
  key?: string;
  params?: MessageParams;
}

export interface GridLimits {
  maxRows: number;
  maxCols: number;
}

/** What the engine accepts; the explorer passes lower limits for what it draws. */
export const DEFAULT_GRID_LIMITS: GridLimits = { maxRows: LIMITS.maxTokens, maxCols: LIMITS.maxWidth };

/** The text a new cell starts with. */
const NEW_CELL = "0";

/** What separates entries or rows in pasted text, in ASCII and full width: a single value has none. */
const SEPARATOR = /[\s,;[\]()\uFF0C\uFF1B\u3001\uFF3B\uFF3D\uFF08\uFF09]/;

/** A cell's text as quoted in a message, cut short so a pasted paragraph does not flood it. */
export function showCell(text: string): string {
  return clipped(text.trim());
}

/** One cell's number, or why it is not one. */
export function parseCell(
  text: string,
  name: string,
  row: number,
  col: number,
): { value: number } | { error: CellError } {
  const said = (key: Message["key"]) =>
    message(key, { at: place(name, row, col), text: message("quote.double", { text: showCell(text) }) });
  const bad = (code: CellErrorCode, said: Message) => ({
    error: { row, col, code, message: english(said), key: said.key, params: said.params },
  });
  // Core's grammar of a number, on the cell's text as ASCII (full-width forms typed with a Chinese IME,
  // "。" for ".", the Unicode minus) without the spaces around it, as maybeMatrix reads each pasted entry.
  const read = readNumber(normalise(text).trim());
  if ("value" in read) return read;
  const [code, key] = CELL_FAULTS[read.fault];
  return bad(code, said(key));
}

const CELL_FAULTS: Record<NumberFault, [CellErrorCode, Message["key"]]> = {
  empty: ["empty", "error.cell.empty"],
  ellipsis: ["not-a-number", "error.parse.notNumber"],
  "not-a-number": ["not-a-number", "error.parse.notNumber"],
  "not-finite": ["not-finite", "error.parse.notFinite"],
  "too-large": ["not-finite", "error.parse.tooLarge"],
};

/**
 * The numbers in the cells, or an error for every cell that is not a finite number (values only when
 * there are none). A row shorter than the first has its missing cells reported as empty.
 */
export function parseCells(cells: Cells, name: string): { values?: number[][]; errors: CellError[] } {
  const width = Math.max(0, ...cells.map((row) => row.length));
  const values: number[][] = [];
  const errors: CellError[] = [];
  for (const [r, row] of cells.entries()) {
    const numbers: number[] = [];
    for (let c = 0; c < width; c++) {
      const cell = parseCell(row[c] ?? "", name, r, c);
      if ("error" in cell) errors.push(cell.error);
      else numbers.push(cell.value);
    }
    values.push(numbers);
  }
  return errors.length || cells.length === 0 || width === 0 ? { errors } : { values, errors };
}

function width(cells: Cells): number {
  return cells[0]?.length ?? 1;
}

function clamp(at: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(at)));
}

/** A row of "0" cells inserted before row `at` (at = rows.length appends). */
export function insertRow(cells: Cells, at: number): Cells {
  const i = clamp(at, 0, cells.length);
  const row = Array.from({ length: width(cells) }, () => NEW_CELL);
  return [...cells.slice(0, i), row, ...cells.slice(i)];
}

/** Without row `at`; the last remaining row is never removed. */
export function removeRow(cells: Cells, at: number): Cells {
  if (cells.length <= 1 || at < 0 || at >= cells.length) return cells;
  return cells.filter((_, r) => r !== at);
}

/** A column of "0" cells inserted before column `at` (at = width appends). */
export function insertColumn(cells: Cells, at: number): Cells {
  const i = clamp(at, 0, width(cells));
  return cells.map((row) => [...row.slice(0, i), NEW_CELL, ...row.slice(i)]);
}

/** Without column `at`; the last remaining column is never removed. */
export function removeColumn(cells: Cells, at: number): Cells {
  if (width(cells) <= 1 || at < 0 || at >= width(cells)) return cells;
  return cells.map((row) => row.filter((_, c) => c !== at));
}

/** The cells with cell (row, col) set to text; the same array when nothing changes. */
export function setCell(cells: Cells, row: number, col: number, text: string): Cells {
  if (cells[row]?.[col] === undefined || cells[row][col] === text) return cells;
  return cells.map((cellsOfRow, r) =>
    r === row ? cellsOfRow.map((old, c) => (c === col ? text : old)) : cellsOfRow,
  );
}

/** Whether pasted text is one entry (no separators): it then replaces a cell's text as if typed. */
export function isSingleValue(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== "" && !SEPARATOR.test(trimmed);
}

export type PasteResult =
  | {
      cells: Cells;
      rows: number;
      cols: number;
      /** How the text's commas were read, where the text could be read the other way (to tell the person). */
      note?: Message<string>;
      /** The cells with the text read the other way (its commas as decimal commas), to offer beside the note. */
      otherwise?: Cells;
    }
  | {
      error: string;
      code: InputErrorCode;
      /** The error as a message id and parameters, to say it in the reader's language. */
      said: Message<string>;
      /** For "too-large": the block's size, and the size the matrix would need. */
      rows?: number;
      cols?: number;
      needRows?: number;
      needCols?: number;
    };

/**
 * Pasted text written into the cells from (atRow, atCol) rightwards and down, as a spreadsheet does.
 * One entry replaces that cell's text (kept even if it is not a number, as typing would); anything
 * more is read with readMatrix (spreadsheet TSV, CSV, JSON, NumPy printouts, decimal commas, full-width
 * punctuation) and the matrix grows with "0" cells where the block overflows it, up to `limits`.
 * Bad text or a block past the limits comes back as an error and the cells are not changed.
 * Where readMatrix is in doubt about the text's commas, the result has a note saying how they were read:
 * always where it took the other reading (the rule's gave rows of different lengths); where it kept the
 * commas as separators, for one line ("0,5", "0,5;-1,2": a number, or a row, with decimal commas?) and
 * for lines that make the matrix wider where decimal commas would not (every line "0,5" pasted into a
 * one-column V), with `otherwise`, the paste read with decimal commas. A CSV of the matrix's own width
 * ("1,2" on each line, pasted into two columns) is not in doubt and has no note.
 */
export function pasteBlock(
  cells: Cells,
  text: string,
  atRow: number,
  atCol: number,
  name: string,
  limits: GridLimits = DEFAULT_GRID_LIMITS,
): PasteResult {
  if (text.trim() === "") return { cells, rows: 0, cols: 0 };
  if (isSingleValue(text)) {
    return { cells: grow(cells, atRow + 1, atCol + 1, [[text.trim()]], atRow, atCol), rows: 1, cols: 1 };
  }
  // The limits bound the block before it is read: a block larger than the grid can hold is refused at once.
  const read = readMatrix(text, name, limits);
  if (!read.ok)
    return {
      error: read.error.message,
      code: read.error.code,
      said: { key: read.error.key, params: read.error.params },
    };
  const pasted = placeBlock(cells, read.value.matrix, atRow, atCol, name, limits);
  const { doubt, decimalComma } = read.value;
  if ("error" in pasted || !doubt) return pasted;
  const where = { name, text: quoted(doubt.text), line: doubt.line };
  if (!doubt.otherwise) {
    const key = decimalComma ? "note.paste.decimalComma" : "note.paste.commaSeparatesOnly";
    return { ...pasted, note: message(key, where) };
  }
  const other = placeBlock(cells, doubt.otherwise, atRow, atCol, name, limits);
  const oneLine = !text.trim().includes("\n");
  const widens = (block: { cols: number }) => atCol + block.cols > width(cells);
  if ("error" in other || !(oneLine || (widens(pasted) && !widens(other)))) return pasted;
  const sizes = { rows: pasted.rows, cols: pasted.cols, otherRows: other.rows, otherCols: other.cols };
  const note = message("note.paste.commaSeparates", { ...where, ...sizes });
  return { ...pasted, note, otherwise: other.cells };
}

/** A block of numbers written into the cells from (atRow, atCol), or why it does not fit the limits. */
function placeBlock(
  cells: Cells,
  matrix: number[][],
  atRow: number,
  atCol: number,
  name: string,
  limits: GridLimits,
): PasteResult {
  const block = matrix.map((row) => row.map(formatCell));
  const rows = block.length;
  const cols = block[0]?.length ?? 0;
  const needRows = Math.max(cells.length, atRow + rows);
  const needCols = Math.max(width(cells), atCol + cols);
  if (needRows > limits.maxRows || needCols > limits.maxCols) {
    const at = message("at.rowCol", { row: atRow + 1, col: atCol + 1 });
    const { maxRows, maxCols } = limits;
    const said = message("error.paste.tooLarge", {
      name,
      rows,
      cols,
      at,
      needRows,
      needCols,
      maxRows,
      maxCols,
    });
    return { error: english(said), code: "too-large", said, rows, cols, needRows, needCols };
  }
  return { cells: grow(cells, needRows, needCols, block, atRow, atCol), rows, cols };
}

/** The cells grown to at least rows × cols with "0", with block written from (atRow, atCol). */
function grow(cells: Cells, rows: number, cols: number, block: Cells, atRow: number, atCol: number): Cells {
  const height = Math.max(cells.length, rows);
  const wide = Math.max(width(cells), cols);
  return Array.from({ length: height }, (_, r) =>
    Array.from({ length: wide }, (_, c) => block[r - atRow]?.[c - atCol] ?? cells[r]?.[c] ?? NEW_CELL),
  );
}

export interface ScrubModifiers {
  /** ×10 per pixel. */
  shift?: boolean;
  /** ×0.1 per pixel. */
  alt?: boolean;
}

/** Change per pixel dragged: 0.01, 0.1 with Shift, 0.001 with Alt. */
export function scrubStep({ shift = false, alt = false }: ScrubModifiers = {}): number {
  return 0.01 * (shift ? 10 : 1) * (alt ? 0.1 : 1);
}

/**
 * The value after dragging a cell dx pixels to the right (negative: left), snapped to the step so
 * a projector shows 0.42, not 0.41999999999999993. Not moving keeps the value as it was.
 * Since |dx| ≥ 1 moves at least one step and snapping moves at most half of one, the value always
 * moves the way the pointer did (grid.test.ts "moves the way the pointer moves").
 */
export function scrubValue(startValue: number, dx: number, modifiers: ScrubModifiers = {}): number {
  const start = Number.isFinite(startValue) ? startValue : 0;
  if (!dx) return start;
  const step = scrubStep(modifiers);
  const decimals = Math.max(0, Math.round(-Math.log10(step)));
  const snapped = Number((Math.round((start + dx * step) / step) * step).toFixed(decimals));
  return snapped === 0 ? 0 : snapped; // no "-0"
}

/** The narrowest and widest a column of the editor is sized, in character widths (columnChars). */
export const COLUMN_CHARS = { min: 3, max: 12 } as const;

/**
 * How many character widths (CSS ch) each column of cells needs: its longest text, a wide character (CJK,
 * full-width forms typed with a Chinese IME) counted twice, at least COLUMN_CHARS.min (room to type "0.5"
 * over a "0") and at most COLUMN_CHARS.max (a longer text scrolls inside its cell). Every column 7 ch wide
 * showed two of the first example's four columns of Q in the explorer's input panel at 1,440 px.
 */
export function columnChars(cells: Cells): number[] {
  const cols = cells[0]?.length ?? 0;
  const widths = new Array<number>(cols).fill(COLUMN_CHARS.min);
  for (const row of cells) {
    for (let col = 0; col < cols; col++) {
      let chars = 0;
      for (const char of (row[col] ?? "").trim()) chars += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
      widths[col] = Math.max(widths[col]!, Math.min(COLUMN_CHARS.max, chars));
    }
  }
  return widths;
}

/**
 * A number as cell text: the shortest text that reads back as the number, with float noise past
 * 15 significant digits removed (0.1 + 0.2 → "0.3"), and "0" for -0.
 */
export function formatCell(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  return String(Number(x.toPrecision(15)));
}

/** The keys of a keydown that matter for moving between cells. */
export interface GridKeyEvent {
  key: string;
  shiftKey?: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** Where the caret is in the cell's text: selectionStart, selectionEnd and the text's length. */
export interface Caret {
  start: number;
  end: number;
  length: number;
}

export interface CellAt {
  row: number;
  col: number;
}

/**
 * The cell a key moves to from (row, col) in a rows × cols grid, or null when the key is the text
 * field's own (the caret moves inside the text) or leaves the grid (Tab past either end).
 * Returning the same cell means "handled, stay here" (Up on the first row, Enter on the last).
 *   Up / Down            the cell above / below, always
 *   Left / Right         the cell left / right, when the caret is at the start / end of the text
 *                        or the whole text is selected; otherwise the caret moves
 *   Tab / Shift+Tab      the next / previous cell, wrapping to the next / previous row
 *   Enter / Shift+Enter  the cell below / above
 *   Ctrl+Home / Ctrl+End the first / last cell (⌘ on a Mac)
 */
export function cellAfterKey(
  event: GridKeyEvent,
  { row, col }: CellAt,
  rows: number,
  cols: number,
  caret: Caret,
): CellAt | null {
  const { key, shiftKey = false, altKey = false, ctrlKey = false, metaKey = false } = event;
  const command = ctrlKey || metaKey;
  if (altKey) return null;
  const at = (r: number, c: number) => ({ row: clamp(r, 0, rows - 1), col: clamp(c, 0, cols - 1) });
  const collapsed = caret.start === caret.end;
  const all = caret.start === 0 && caret.end === caret.length;
  switch (key) {
    case "ArrowUp":
    case "ArrowDown":
      if (shiftKey || command) return null;
      return at(row + (key === "ArrowUp" ? -1 : 1), col);
    case "ArrowLeft":
      if (shiftKey || command || col === 0) return null;
      return (collapsed && caret.start === 0) || all ? at(row, col - 1) : null;
    case "ArrowRight":
      if (shiftKey || command || col === cols - 1) return null;
      return (collapsed && caret.end === caret.length) || all ? at(row, col + 1) : null;
    case "Tab": {
      if (command) return null;
      const index = row * cols + col + (shiftKey ? -1 : 1);
      return index < 0 || index >= rows * cols ? null : { row: Math.floor(index / cols), col: index % cols };
    }
    case "Enter":
      if (command) return null;
      return at(row + (shiftKey ? -1 : 1), col);
    case "Home":
    case "End":
      if (!command || shiftKey) return null;
      return key === "Home" ? at(0, 0) : at(rows - 1, cols - 1);
    default:
      return null;
  }
}
