/**
 * Attention weights from a file, to browse by layer and head: JSON as model libraries give them
 * (`{"tokens": [...], "attention": [[[[...]]]]}`, or a bare array) or a NumPy .npy file. Everything is
 * checked before anything is kept: a file is either read whole or refused with a message that says where
 * it is wrong and what was expected; nothing is half-loaded.
 */
import { fail, ok, type InputErrorCode, type Result } from "./errors";
import { jsonErrorAt } from "./jsonError";
import { clipped, counted, message, quoted, type Message, type MessageParam } from "./messages";

/** Weights of every layer and head: [layers, heads, queries, keys], row-major; rows are queries. */
export interface ImportedAttention {
  readonly layers: number;
  readonly heads: number;
  readonly queries: number;
  readonly keys: number;
  /** One per query; "1", "2"… when the file has none. */
  readonly tokens: string[];
  /** One per key: the tokens themselves for self-attention. */
  readonly keyTokens: string[];
  /** [layers, heads, queries, keys], row-major; each row sums to 1 (or is all 0: a fully masked row). */
  readonly weights: Float64Array;
}

/** What the explorer browses smoothly; past these a file is refused, with the limit in the message. */
export const IMPORT_LIMITS = {
  maxLayers: 48,
  maxHeads: 64,
  /** Queries and keys each: past 64, the view shows an overview and a window (ui/exchange/ImportedView). */
  maxTokens: 4096,
  /** layers × heads × queries × keys: 256 MiB of float64 (e.g. 32 layers × 16 heads × 256 × 256). */
  maxWeights: 2 ** 25,
} as const;

/**
 * How far a row's sum may be from 1. Not 1e-3: files are often saved from half-precision models, and
 * rounding each weight to bfloat16 (8 significant bits, unit roundoff 2^-8 ≈ 0.0039) moves a row's sum by up
 * to 0.0039 (the weights sum to 1, so their rounding errors do too at most); float16 (2^-11 ≈ 0.0005) stays
 * inside 1e-3, bfloat16 does not. 0.01 accepts both with a margin and still refuses what this check is for:
 * scores or logits saved instead of weights, whose rows sum to anything.
 */
export const ROW_SUM_TOLERANCE = 0.01;

const WEIGHTS = "attention";

/** A place in the nested weights, counting from 1: "layer 2, head 1, row 5". */
function placeOf(names: readonly PlaceName[], index: readonly number[]): MessageParam {
  let at: MessageParam | undefined;
  index.forEach((k, d) => {
    const name = names[d];
    if (!name) return;
    const here = message(`at.import.${name}`, { n: k + 1 });
    at = at === undefined ? here : message("at.import.in", { outer: at, inner: here });
  });
  return at ?? message("word.weights");
}

type PlaceName = "layer" | "batch" | "head" | "row" | "col";

/** What each axis of an array of `dims` axes is: the last two are always rows (queries) and columns (keys). */
function axisNames(dims: number): PlaceName[] {
  const byDims: Record<number, PlaceName[]> = {
    2: ["row", "col"],
    3: ["head", "row", "col"],
    4: ["layer", "head", "row", "col"],
    5: ["layer", "batch", "head", "row", "col"],
  };
  return byDims[dims] ?? [];
}

/** A value as a message says it: numbers as they are, text quoted, anything else by its JSON. */
function shown(x: unknown): MessageParam {
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return quoted(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  const json = JSON.stringify(x) ?? String(x);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

const failAt = (said: Message, code: InputErrorCode) => fail(said, { code, matrix: WEIGHTS });

/** Where the text stops being JSON (jsonErrorAt), said in the page's language, not the browser's English. */
function jsonSyntaxError(text: string): Message {
  const at = jsonErrorAt(text);
  if (at === undefined) return message("error.import.json");
  const before = text.slice(0, at).split("\n");
  const place = { line: before.length, column: Array.from(before[before.length - 1] ?? "").length + 1 };
  if (text.slice(at).trim() === "") return message("error.import.jsonEnd", place);
  return message("error.import.jsonAt", { ...place, near: clipped(text.slice(at).split("\n")[0] ?? "", 12) });
}

/**
 * Attention weights from JSON text: `{"tokens", "attention" | "attentions", "keyTokens" | "key_tokens"}`
 * or a bare array, nested 4 ([layers][heads][queries][keys]), 3 ([heads][queries][keys]) or 2 deep
 * ([queries][keys]); 5 deep when it still has a batch axis of one sequence ([layers][1][heads][q][k], what
 * Hugging Face's `attentions`, a tuple of [batch, heads, q, k] per layer, gives through `.tolist()`).
 */
export function maybeAttentionJson(text: string): Result<ImportedAttention> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failAt(jsonSyntaxError(text), "syntax");
  }
  let nested: unknown = json;
  let tokens: unknown;
  let keyTokens: unknown;
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    nested = own(record, "attention") ?? own(record, "attentions");
    tokens = own(record, "tokens");
    keyTokens = own(record, "keyTokens") ?? own(record, "key_tokens");
  }
  if (!Array.isArray(nested)) {
    return failAt(
      message("error.import.noWeights", { field: '"attention"', fieldHf: '"attentions"' }),
      "shape",
    );
  }

  // The shape, read along the first entry of each level; every other entry is checked against it below.
  const shape: number[] = [];
  for (let level: unknown = nested; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0 || shape.length > 16) break;
  }
  if (shape.length === 1 && shape[0] === 0) {
    return failAt(message("error.import.empty", { at: message("word.weights") }), "empty");
  }
  if (shape.length < 2 || shape.length > 5) {
    return failAt(message("error.import.depth", { depth: shape.length }), "shape");
  }
  const names = axisNames(shape.length);
  const limits = checkShape(shape);
  if (!limits.ok) return limits;

  // Walk every entry: lists of the right length down to numbers; numbers are checked in attentionFromArray.
  const total = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(total);
  let offset = 0;
  const walk = (node: unknown, depth: number, index: number[]): Result<null> => {
    const want = shape[depth] as number;
    if (!Array.isArray(node)) {
      return failAt(
        message("error.import.notList", { at: placeOf(names, index), value: shown(node) }),
        "shape",
      );
    }
    if (node.length !== want) {
      const at = placeOf(names, index);
      return failAt(
        message("error.import.ragged", {
          at,
          got: counted(node.length, "count.entry", "count.entries"),
          want,
        }),
        "ragged",
      );
    }
    for (let k = 0; k < node.length; k++) {
      const child: unknown = node[k];
      if (depth === shape.length - 1) {
        if (typeof child !== "number") {
          const at = placeOf(names, [...index, k]);
          return failAt(message("error.import.notNumber", { at, value: shown(child) }), "not-a-number");
        }
        data[offset++] = child;
      } else {
        const inner = walk(child, depth + 1, [...index, k]);
        if (!inner.ok) return inner;
      }
    }
    return ok(null);
  };
  const walked = walk(nested, 0, []);
  if (!walked.ok) return walked;
  return attentionFromArray(shape, data, tokens, keyTokens);
}

/** An own property only: "__proto__" or "constructor" in a file never reach Object.prototype. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Dimensions, batch and the limits, before anything is allocated. */
function checkShape(shape: readonly number[]): Result<null> {
  const names = axisNames(shape.length);
  const dims = shape.join(", ");
  if (names.length === 0) {
    return failAt(
      message("error.import.dims", {
        dims: counted(shape.length, "count.dimension", "count.dimensions"),
        shape: dims,
      }),
      "shape",
    );
  }
  const empty = shape.findIndex((n) => n === 0);
  if (empty >= 0) {
    const at = placeOf(
      names,
      Array.from({ length: empty }, () => 0),
    );
    return failAt(message("error.import.empty", { at }), "empty");
  }
  const [queries, keys] = shape.slice(-2) as [number, number];
  const heads = shape.length >= 3 ? (shape[shape.length - 3] as number) : 1;
  const layers = shape.length >= 4 ? (shape[0] as number) : 1;
  if (shape.length === 5 && shape[1] !== 1) {
    return failAt(message("error.import.batch", { batch: shape[1] as number }), "shape");
  }
  const tooMany = (count: number, what: "layers" | "heads" | "queries" | "keys", max: number) =>
    failAt(message("error.import.tooMany", { count, what: message(`word.${what}`), max }), "too-large");
  if (layers > IMPORT_LIMITS.maxLayers) return tooMany(layers, "layers", IMPORT_LIMITS.maxLayers);
  if (heads > IMPORT_LIMITS.maxHeads) return tooMany(heads, "heads", IMPORT_LIMITS.maxHeads);
  if (queries > IMPORT_LIMITS.maxTokens) return tooMany(queries, "queries", IMPORT_LIMITS.maxTokens);
  if (keys > IMPORT_LIMITS.maxTokens) return tooMany(keys, "keys", IMPORT_LIMITS.maxTokens);
  const total = layers * heads * queries * keys;
  if (total > IMPORT_LIMITS.maxWeights) {
    const said = message("error.import.tooManyWeights", {
      layers,
      heads,
      queries,
      keys,
      total,
      max: IMPORT_LIMITS.maxWeights,
    });
    return failAt(said, "too-large");
  }
  return ok(null);
}

/** n of a word of labels(), as a counted noun ("1 token", "3 queries"). */
function countOf(n: number, word: "word.tokens" | "word.keyTokens" | "word.queries" | "word.keys"): Message {
  if (word === "word.tokens") return counted(n, "count.token", "count.tokens");
  if (word === "word.keyTokens") return counted(n, "count.keyToken", "count.keyTokens");
  if (word === "word.queries") return counted(n, "count.query", "count.queries");
  return counted(n, "count.key", "count.keys");
}

/** Token labels: the file's, checked, or "1"…"n" when it has none. */
function labels(
  given: unknown,
  count: number,
  name: "word.tokens" | "word.keyTokens",
  side: "word.queries" | "word.keys",
): Result<string[]> {
  if (given === undefined || given === null)
    return ok(Array.from({ length: count }, (_, i) => String(i + 1)));
  if (!Array.isArray(given)) {
    return fail(message("error.import.tokensNotList", { name: message(name), value: shown(given) }), {
      code: "invalid",
      matrix: "tokens",
    });
  }
  const bad = given.findIndex((t) => typeof t !== "string");
  if (bad >= 0) {
    return fail(message("error.tokens.notString", { name: message(name), index: bad + 1 }), {
      code: "invalid",
      matrix: "tokens",
    });
  }
  if (given.length !== count) {
    const said = message("error.import.tokenCount", {
      count: countOf(given.length, name),
      name: message(name),
      want: countOf(count, side),
      side: message(side),
    });
    return fail(said, { code: "shape", matrix: "tokens" });
  }
  return ok([...(given as string[])]);
}

/**
 * Attention weights from an array's shape and numbers (row-major), as read from .npy or JSON: 2 to 4
 * dimensions ([queries, keys], [heads, queries, keys], [layers, heads, queries, keys]), or 5 with a batch of
 * one ([layers, 1, heads, queries, keys]). Every weight must be finite and ≥ 0, and every row must sum to 1
 * within ROW_SUM_TOLERANCE, or be all 0 (a query whose keys are all masked). `tokens` and `keyTokens` are
 * checked here too, since they come from a file as well.
 */
export function attentionFromArray(
  shape: readonly number[],
  data: Float64Array,
  tokens?: unknown,
  keyTokens?: unknown,
): Result<ImportedAttention> {
  const checked = checkShape(shape);
  if (!checked.ok) return checked;
  const want = shape.reduce((a, b) => a * b, 1);
  if (data.length !== want) {
    return failAt(
      message("error.import.shapeData", { shape: shape.join(", "), want, got: data.length }),
      "shape",
    );
  }
  const names = axisNames(shape.length);
  const [queries, keys] = shape.slice(-2) as [number, number];
  const heads = shape.length >= 3 ? (shape[shape.length - 3] as number) : 1;
  const layers = shape.length >= 4 ? (shape[0] as number) : 1;
  /** The index in the file's own axes of flat entry k: a 2-D file's errors say "row 2", not "layer 1…". */
  const indexOf = (k: number) => {
    const index: number[] = [];
    for (let d = shape.length - 1; d >= 0; d--) {
      const n = shape[d] as number;
      index.unshift(k % n);
      k = Math.floor(k / n);
    }
    return index;
  };

  for (let row = 0; row < data.length / keys; row++) {
    let sum = 0;
    for (let j = 0; j < keys; j++) {
      const k = row * keys + j;
      const w = data[k] as number;
      if (!Number.isFinite(w)) {
        const at = placeOf(names, indexOf(k));
        return failAt(message("error.import.notFinite", { at, value: String(w) }), "not-finite");
      }
      if (w < 0) {
        const at = placeOf(names, indexOf(k));
        return failAt(message("error.import.negative", { at, value: String(w) }), "invalid");
      }
      sum += w;
    }
    if (sum !== 0 && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      const at = placeOf(names, indexOf(row * keys).slice(0, -1));
      const said = message("error.import.rowSum", {
        at,
        // Six decimals: enough to see how far off, without float noise (0.30000000000000004).
        sum: String(Math.round(sum * 1e6) / 1e6),
        tolerance: ROW_SUM_TOLERANCE,
      });
      return failAt(said, "invalid");
    }
  }

  const queryLabels = labels(tokens, queries, "word.tokens", "word.queries");
  if (!queryLabels.ok) return queryLabels;
  // Self-attention (as many keys as queries) and no key tokens: the keys are the tokens themselves.
  const keyLabels =
    (keyTokens === undefined || keyTokens === null) && keys === queries
      ? queryLabels
      : labels(keyTokens, keys, "word.keyTokens", "word.keys");
  if (!keyLabels.ok) return keyLabels;
  return ok({
    layers,
    heads,
    queries,
    keys,
    tokens: queryLabels.value,
    keyTokens: [...keyLabels.value],
    // A copy: the caller's array may be a view of a file's buffer, or reused.
    weights: Float64Array.from(data),
  });
}

/** Element types of .npy files read here: kind (f float, i signed, u unsigned, b bool) and bytes. */
const NPY_TYPES = new Set(["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]);

const npyFail = (said: Message, code: InputErrorCode = "syntax") => fail(said, { code, matrix: ".npy" });

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Whether bytes begin as a NumPy .npy file does (the rest may still be malformed: see maybeNpy). */
export const isNpy = (bytes: Uint8Array): boolean => NPY_MAGIC.every((b, i) => bytes[i] === b);

/**
 * The array in a NumPy .npy file (format 1.0, 2.0 or 3.0): its shape and its numbers as float64, in C
 * (row-major) order even when the file is in Fortran order. Reads float16/32/64 and integers of 1 to 8
 * bytes, little- or big-endian; refuses object arrays (reading them means running pickle), structured
 * types, and data that is shorter or longer than the shape says.
 */
export function maybeNpy(buffer: ArrayBuffer): Result<{ shape: number[]; data: Float64Array }> {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || !isNpy(bytes)) {
    return npyFail(message("error.npy.magic", { magic: '"\\x93NUMPY"' }));
  }
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (![1, 2, 3].includes(major) || minor !== 0) {
    return npyFail(message("error.npy.version", { version: `${major}.${minor}` }));
  }
  const view = new DataView(buffer);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return npyHeaderFail(message("npy.why.lengthCut"));
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) return npyHeaderFail(message("npy.why.headerCut"));
  const headerBytes = bytes.subarray(headerStart, dataStart);
  // Versions 1 and 2 write the header in latin-1, version 3 in UTF-8.
  let header = "";
  if (major === 3) header = new TextDecoder("utf-8").decode(headerBytes);
  else for (const b of headerBytes) header += String.fromCharCode(b);

  const dict = parseNpyHeader(header);
  if ("key" in dict) return npyHeaderFail(dict);
  const { descr, fortranOrder, shape } = dict;

  const type = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (/^[|<>=]?O/.test(descr)) {
    return npyFail(message("error.npy.object", { descr }), "invalid");
  }
  const kind = type ? `${type[2]}${type[3]}` : "";
  if (!type || !NPY_TYPES.has(kind)) {
    const said = message("error.npy.dtype", { descr, floats: "f2, f4, f8", integers: "i1–i8, u1–u8" });
    return npyFail(said, "invalid");
  }
  // "=" is the writer's native order: every platform NumPy runs on today is little-endian.
  const little = type[1] !== ">";
  const size = Number(type[3]);
  const count = shape.reduce((a, b) => a * b, 1);
  const want = count * size;
  const got = bytes.length - dataStart;
  const shapeText = shape.join(", ");
  if (got < want) return npyFail(message("error.npy.truncated", { shape: shapeText, want, got }), "shape");
  if (got > want) return npyFail(message("error.npy.extra", { shape: shapeText, want, got }), "shape");

  const read = reader(kind, little);
  const flat = new Float64Array(count);
  for (let k = 0; k < count; k++) flat[k] = read(view, dataStart + k * size);
  return ok({ shape, data: fortranOrder ? toRowMajor(flat, shape) : flat });
}

function npyHeaderFail(reason: Message) {
  return npyFail(message("error.npy.header", { reason, keys: "'descr', 'fortran_order', 'shape'" }));
}

/**
 * The header: a Python dict literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`,
 * padded with spaces and a newline. Read with patterns for its three keys, never evaluated.
 * Returns why, as a message, when it cannot be read.
 */
function parseNpyHeader(header: string): { descr: string; fortranOrder: boolean; shape: number[] } | Message {
  const text = header.trim();
  if (!text.startsWith("{") || !text.endsWith("}")) return message("npy.why.notDict");
  const descr = /['"]descr['"]\s*:\s*(?:'([^']*)'|"([^"]*)")/.exec(text);
  if (!descr) {
    // A list here is a structured type (named fields), which is not an array of numbers.
    const other = /['"]descr['"]\s*:\s*([^,]*)/.exec(text)?.[1]?.trim();
    return other
      ? message("npy.why.descr", { value: other.slice(0, 40) })
      : message("npy.why.missing", { key: "'descr'" });
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)\b/.exec(text);
  if (!fortran) return message("npy.why.fortran");
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shape) return message("npy.why.missing", { key: "'shape'" });
  const items = (shape[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // A size of more than 10 digits (10¹⁰ and up) is no array a page can hold: said as too large.
  if (items.some((s) => /^\d{11,}L?$/.test(s)))
    return message("npy.why.shapeHuge", { shape: shape[1] ?? "" });
  if (items.some((s) => /^-\d+$/.test(s))) return message("npy.why.shapeNegative", { shape: shape[1] ?? "" });
  if (!items.every((s) => /^\d{1,10}L?$/.test(s))) return message("npy.why.shape", { shape: shape[1] ?? "" });
  return {
    descr: descr[1] ?? descr[2] ?? "",
    fortranOrder: fortran[1] === "True",
    shape: items.map((s) => Number.parseInt(s, 10)),
  };
}

/** Reads one element of type `kind` (e.g. "f4") at a byte offset. */
function reader(kind: string, little: boolean): (view: DataView, at: number) => number {
  switch (kind) {
    case "f2":
      return (v, at) => float16(v.getUint16(at, little));
    case "f4":
      return (v, at) => v.getFloat32(at, little);
    case "f8":
      return (v, at) => v.getFloat64(at, little);
    case "i1":
      return (v, at) => v.getInt8(at);
    case "i2":
      return (v, at) => v.getInt16(at, little);
    case "i4":
      return (v, at) => v.getInt32(at, little);
    // 64-bit integers past 2^53 lose their last digits as float64, which weights never reach.
    case "i8":
      return (v, at) => Number(v.getBigInt64(at, little));
    case "u8":
      return (v, at) => Number(v.getBigUint64(at, little));
    case "u2":
      return (v, at) => v.getUint16(at, little);
    case "u4":
      return (v, at) => v.getUint32(at, little);
    default: // u1, b1
      return (v, at) => v.getUint8(at);
  }
}

/** IEEE 754 half precision: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
export function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Column-major (Fortran) numbers of `shape` in row-major (C) order. */
function toRowMajor(data: Float64Array, shape: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  const dims = shape.length;
  // Fortran strides: the first axis varies fastest.
  const strides: number[] = [];
  let stride = 1;
  for (let d = 0; d < dims; d++) {
    strides.push(stride);
    stride *= shape[d] as number;
  }
  const index = new Array<number>(dims).fill(0);
  for (let k = 0; k < data.length; k++) {
    let from = 0;
    for (let d = 0; d < dims; d++) from += (index[d] as number) * (strides[d] as number);
    out[k] = data[from] as number;
    // Next C-order index: the last axis varies fastest.
    for (let d = dims - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}
