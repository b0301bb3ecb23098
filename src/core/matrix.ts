import { fail, ok, type Result } from "./errors";
import { counted, message, place, type Message } from "./messages";
import { LIMITS } from "./limits";
import type { Floats, Matrix, MatrixLike, Stack } from "./types";

export function createMatrix(rows: number, cols: number, data?: Floats): Matrix {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** Nested rows of numbers → Matrix (no validation; see maybeMatrixLike). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return { rows: rows.length, cols, data };
}

export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function entry(m: Matrix, row: number, col: number): number {
  return m.data[row * m.cols + col] as number;
}

export function identity(size: number): Matrix {
  const m = createMatrix(size, size);
  for (let i = 0; i < size; i++) m.data[i * size + i] = 1;
  return m;
}

/** Matrix `index` of a [depth, rows, cols] stack, sharing its storage. */
export function layer(stack: Stack, index: number): Matrix {
  const size = stack.rows * stack.cols;
  return { rows: stack.rows, cols: stack.cols, data: stack.data.subarray(index * size, (index + 1) * size) };
}

/** Columns [start, start + count) of m, copied. */
export function sliceColumns(m: Matrix, start: number, count: number): Matrix {
  const out = createMatrix(m.rows, count);
  for (let i = 0; i < m.rows; i++) {
    out.data.set(m.data.subarray(i * m.cols + start, i * m.cols + start + count), i * count);
  }
  return out;
}

/** Rows [row, row + rows) and columns [col, col + cols) of m, copied. */
export function subMatrix(m: Matrix, row: number, col: number, rows: number, cols: number): Matrix {
  const out = createMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const from = (row + i) * m.cols + col;
    out.data.set(m.data.subarray(from, from + cols), i * cols);
  }
  return out;
}

/**
 * m in blocks of `block` × `block` (the last ones smaller), each cell the largest of its block: an overview
 * of a long sequence's attention in which a single sharp weight still shows. NaN is skipped; a block of NaN
 * only is NaN. With `rowDivisors`, each value of row i is divided by rowDivisors[i] first (weights as
 * fractions of their row's largest).
 */
export function blockMax(m: Matrix, block: number, rowDivisors?: ArrayLike<number>): Matrix {
  const out = createMatrix(Math.ceil(m.rows / block), Math.ceil(m.cols / block));
  out.data.fill(-Infinity);
  const { data } = m;
  // 16 million cells at 4,096 tokens, at every edit, in the page's thread: the loop does one comparison a
  // cell, which NaN never passes (52 -> 25 ms an edit here). A block left at -inf is read again below.
  for (let i = 0; i < m.rows; i++) {
    const base = Math.floor(i / block) * out.cols;
    const row = i * m.cols;
    const d = (rowDivisors?.[i] as number | undefined) ?? 1;
    for (let b = 0; b < out.cols; b++) {
      const end = row + Math.min(m.cols, (b + 1) * block);
      let best = out.data[base + b] as number;
      // The division only where there is one: 16 million cells at 4,096 tokens.
      if (d === 1) {
        for (let k = row + b * block; k < end; k++) {
          const v = data[k] as number;
          if (v > best) best = v;
        }
      } else {
        for (let k = row + b * block; k < end; k++) {
          const v = (data[k] as number) / d;
          if (v > best) best = v;
        }
      }
      out.data[base + b] = best;
    }
  }
  // A block at -inf holds only -inf and NaN: its maximum is -inf (a masked score) if it holds one, else NaN.
  const holdsMinusInfinity = (c: number) => {
    const [r0, c0] = [Math.floor(c / out.cols) * block, (c % out.cols) * block];
    for (let i = r0; i < Math.min(m.rows, r0 + block); i++)
      for (let j = c0; j < Math.min(m.cols, c0 + block); j++)
        if (data[i * m.cols + j] === -Infinity) return true;
    return false;
  };
  for (let c = 0; c < out.data.length; c++)
    if (out.data[c] === -Infinity && !holdsMinusInfinity(c)) out.data[c] = NaN;
  return out;
}

/**
 * A mask [rows, cols] (1 = masked) in blocks of `block` × `block`, as blockMax makes them: 1 where every cell
 * of the block is masked, 0 where any is visible. Visible cells are found with indexOf (a native scan) and a
 * block already seen visible is not scanned again: a loop over the 16 million cells at 4,096 tokens took
 * 73 ms of the page's thread an edit.
 */
export function blockAllMasked(mask: Uint8Array, rows: number, cols: number, block: number): Uint8Array {
  const outCols = Math.ceil(cols / block);
  const out = new Uint8Array(Math.ceil(rows / block) * outCols).fill(1);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    const base = Math.floor(i / block) * outCols;
    for (let b = 0; b < outCols; b++) {
      if (out[base + b] === 0) continue;
      const visible = mask.indexOf(0, row + b * block);
      if (visible < 0 || visible >= row + cols) break;
      b = Math.floor((visible - row) / block);
      out[base + b] = 0;
    }
  }
  return out;
}

/** a·b in float64: [r, k]·[k, c] → [r, c]. Shapes are checked by the caller. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const out = createMatrix(a.rows, b.cols);
  const { data: o } = out;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k] as number;
      if (aik === 0) continue;
      const bRow = k * b.cols;
      const oRow = i * b.cols;
      for (let j = 0; j < b.cols; j++)
        o[oRow + j] = (o[oRow + j] as number) + aik * (b.data[bRow + j] as number);
    }
  }
  return out;
}

function isMatrix(value: MatrixLike): value is Matrix {
  return !Array.isArray(value) && typeof (value as Matrix).rows === "number";
}

/**
 * Checks a caller's matrix and copies it to float64: not empty, not ragged, every entry a finite number.
 * `name` names the matrix in the error's `matrix` ("Q", "W_K"); `label` names it in messages when the name
 * holds words to translate ("W (general, head 1)"), and is the name itself otherwise.
 */
export function maybeMatrixLike(
  value: MatrixLike | undefined,
  name: string,
  label: string | Message = name,
): Result<Matrix> {
  if (value === undefined || value === null) {
    return fail(message("error.matrix.missing", { name: label }), { code: "empty", matrix: name });
  }
  if (isMatrix(value)) {
    if (value.rows < 1 || value.cols < 1) return emptyError(name, label);
    if (value.data.length !== value.rows * value.cols) {
      return fail(
        message("error.matrix.dataLength", {
          name: label,
          got: counted(value.data.length, "count.number", "count.numbers"),
          want: value.rows * value.cols,
        }),
        {
          code: "shape",
          matrix: name,
          expected: `${value.rows * value.cols} numbers`,
        },
      );
    }
    const data = value.data;
    // A typed array of in-range entries is the common case (the engine's own callers, a model's weights):
    // one tight pass, without the per-entry closure below (1.8 ms for Q, K and V at n = 1024). A float64
    // one is used as it is: copying a d_model² weight on every computation cost more than the attention
    // itself for small n (bench: wasm, n = 64, d_model = 512).
    if ((data instanceof Float64Array || data instanceof Float32Array) && allInRange(data)) {
      const copy = data instanceof Float64Array ? data : new Float64Array(data);
      return ok({ rows: value.rows, cols: value.cols, data: copy });
    }
    // Anything else is copied entry by entry, and a bad entry is found with its row and column.
    return checkFinite(name, label, value.rows, value.cols, (i, j) => data[i * value.cols + j]);
  }
  if (!Array.isArray(value) || value.length === 0) return emptyError(name, label);
  const first = value[0];
  if (!Array.isArray(first) || first.length === 0) return emptyError(name, label);
  const cols = first.length;
  for (let i = 0; i < value.length; i++) {
    const row = value[i];
    if (!Array.isArray(row)) {
      return fail(message("error.matrix.rowNotList", { at: place(label, i) }), {
        code: "syntax",
        matrix: name,
        row: i,
      });
    }
    if (row.length !== cols) {
      return fail(
        message("error.matrix.ragged", {
          at: place(label, i),
          got: counted(row.length, "count.entry", "count.entries"),
          want: cols,
        }),
        {
          code: "ragged",
          matrix: name,
          row: i,
          expected: `${cols} entries`,
        },
      );
    }
  }
  return checkFinite(name, label, value.length, cols, (i, j) => value[i]?.[j]);
}

/** Every entry finite and within ±LIMITS.maxAbsValue (NaN fails both comparisons). */
function allInRange(data: Floats): boolean {
  const max = LIMITS.maxAbsValue;
  for (let k = 0; k < data.length; k++) {
    const x = data[k] as number;
    if (!(x >= -max && x <= max)) return false;
  }
  return true;
}

function emptyError(name: string, label: string | Message): Result<Matrix> {
  return fail(message("error.matrix.empty", { name: label }), { code: "empty", matrix: name });
}

function checkFinite(
  name: string,
  label: string | Message,
  rows: number,
  cols: number,
  at: (i: number, j: number) => unknown,
): Result<Matrix> {
  const m = createMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = at(i, j);
      if (typeof x !== "number" || !Number.isFinite(x)) {
        return fail(message("error.matrix.notFinite", { at: place(label, i, j), value: describe(x) }), {
          code: "not-finite",
          matrix: name,
          row: i,
          col: j,
          expected: "a finite number",
        });
      }
      if (Math.abs(x) > LIMITS.maxAbsValue) {
        return fail(message("error.matrix.tooLarge", { at: place(label, i, j), value: x }), {
          code: "too-large",
          matrix: name,
          row: i,
          col: j,
          expected: `|x| ≤ ${LIMITS.maxAbsValue}`,
        });
      }
      m.data[i * cols + j] = x;
    }
  }
  return ok(m);
}

/** A bad entry as a message says it: NaN, Infinity, the text "abc", null, undefined. */
function describe(x: unknown): string | Message {
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return message("value.text", { text: x.slice(0, 20) });
  return x === null ? "null" : typeof x;
}
