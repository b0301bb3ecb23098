import { storageOf } from "./storage";
import { SCORE_FUNCTIONS } from "../core/types";
import { isVisibleToken, TOKENIZERS } from "../core/tokenize";
import { ROPE_MAX_BASE, ROPE_MAX_OFFSET } from "../core/rope";
import { BACKEND_ORDER } from "../engine/names";
import { PALETTE_NAMES } from "../render/scales";
import { EXPLORER_LIMITS } from "./spec";
import { createInitialState, STEP_COUNT, type Cells, type ExplorerState, type ModernSettings } from "./state";

/**
 * Saved state is read back field by field: anything missing, of the wrong type or out of range takes its
 * default, so a damaged or foreign save opens the default instead of crashing. Version 1.
 */
export const SAVE_KEY = "attention-playground:state:v1";

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const oneOf = <T extends string>(x: Json, options: readonly T[], fallback: T): T =>
  typeof x === "string" && (options as readonly string[]).includes(x) ? (x as T) : fallback;
const int = (x: Json, min: number, max: number, fallback: number): number =>
  typeof x === "number" && Number.isInteger(x) && x >= min && x <= max ? x : fallback;
const num = (x: Json, min: number, max: number, fallback: number): number =>
  typeof x === "number" && Number.isFinite(x) && x >= min && x <= max ? x : fallback;
const bool = (x: Json, fallback: boolean): boolean => (typeof x === "boolean" ? x : fallback);
const greaterThanOne = (x: number, fallback: number): number => (x > 1 ? x : fallback);
/** The most tokens a saved sequence keeps (the explorer's limit). */
const MAX_TOKENS = EXPLORER_LIMITS.maxTokens;
/**
 * The longest text a saved state keeps, and the most characters of its tokens together: 4,096 tokens of 200
 * characters. It was 20,000 characters, fewer than the text of 4,096 tokens "w1 … w4096" (23,468): a reload
 * kept the tokens but put the default sentence in the text box. A token is not limited on its own: one of
 * 250 characters, which the explorer accepts, put the default sentence's tokens under the person's text.
 */
const MAX_TEXT_LENGTH = MAX_TOKENS * 201;
const str = (x: Json, fallback: string, max = MAX_TEXT_LENGTH): string =>
  typeof x === "string" && x.length <= max ? x : fallback;
const strings = (x: Json, fallback: readonly string[], max = MAX_TOKENS): readonly string[] =>
  Array.isArray(x) &&
  x.length <= max &&
  x.every((t) => typeof t === "string") &&
  (x as string[]).reduce((sum, t) => sum + t.length, 0) <= MAX_TEXT_LENGTH
    ? (x as string[])
    : fallback;

/**
 * Characters of one saved matrix's cells together: a 512 × 512 matrix of 16 characters a cell. A cell is not
 * limited on its own: one of 70 digits, which the grid accepts (and says is too large), put the default
 * matrix back on reload.
 */
const MAX_CELL_TEXT = 2 ** 22;

/** A rectangle of cell texts, at most 512 × 512, or the fallback. */
function cells(x: Json, fallback: Cells): Cells {
  if (!Array.isArray(x) || x.length === 0 || x.length > 512) return fallback;
  const width = Array.isArray(x[0]) ? x[0].length : 0;
  if (width === 0 || width > 512) return fallback;
  let characters = 0;
  const ok = x.every(
    (r) =>
      Array.isArray(r) &&
      r.length === width &&
      r.every((c) => typeof c === "string" && (characters += c.length) <= MAX_CELL_TEXT),
  );
  return ok ? (x as Cells) : fallback;
}

/** Painted mask cells: [query, key] pairs of whole numbers. */
function painted(x: Json): [number, number][] {
  if (!Array.isArray(x) || x.length > 65_536) return [];
  const pair = (p: Json) =>
    Array.isArray(p) &&
    p.length === 2 &&
    p.every((i) => typeof i === "number" && Number.isInteger(i) && i >= 0 && i < 4096);
  return x.every(pair) ? (x as [number, number][]) : [];
}

/** A lesson being followed: an example's id (checked against the examples where it is used) and a stop. */
function lessonOf(x: Json): ExplorerState["lesson"] {
  if (!isObject(x) || typeof x.example !== "string" || !/^[a-z0-9-]{1,40}$/.test(x.example)) return null;
  return { example: x.example, stop: int(x.stop, 0, 99, 0) };
}

export function maybeExplorerState(json: Json): ExplorerState {
  const d = createInitialState();
  if (!isObject(json)) return d;
  const s = isObject(json.sequence) ? json.sequence : {};
  const custom = isObject(s.custom) ? s.custom : {};
  const m = isObject(json.matrices) ? json.matrices : {};
  const labels = isObject(m.labels) ? m.labels : {};
  const mask = isObject(json.mask) ? json.mask : {};
  const locked = isObject(json.locked) ? json.locked : undefined;
  const heads = int(json.heads, 1, 64, d.heads);
  return {
    input: oneOf(json.input, ["sequence", "matrices"], d.input),
    sequence: {
      text: str(s.text, d.sequence.text),
      tokenizer: oneOf(s.tokenizer, TOKENIZERS, d.sequence.tokenizer),
      tokens: strings(s.tokens, d.sequence.tokens).filter(isVisibleToken),
      cross: bool(s.cross, d.sequence.cross),
      keyText: str(s.keyText, d.sequence.keyText),
      keyTokens: strings(s.keyTokens, d.sequence.keyTokens).filter(isVisibleToken),
      dModel: int(s.dModel, 1, 2048, d.sequence.dModel),
      // Any whole number, as the seed field takes it (spec.ts): ±2³¹ put a typed 1e300 back to 1 on reload.
      seed: int(s.seed, -Number.MAX_VALUE, Number.MAX_VALUE, d.sequence.seed),
      positional: oneOf(s.positional, ["none", "sinusoidal"], d.sequence.positional),
      weights: oneOf(s.weights, ["random", "identity", "custom"], d.sequence.weights),
      custom: {
        wq: cells(custom.wq, d.sequence.custom.wq),
        wk: cells(custom.wk, d.sequence.custom.wk),
        wv: cells(custom.wv, d.sequence.custom.wv),
        wo: cells(custom.wo, d.sequence.custom.wo),
      },
    },
    matrices: {
      q: cells(m.q, d.matrices.q),
      k: cells(m.k, d.matrices.k),
      v: cells(m.v, d.matrices.v),
      labels: {
        queries: strings(labels.queries, []),
        keys: strings(labels.keys, []),
      },
    },
    score: oneOf(json.score, SCORE_FUNCTIONS, d.score),
    temperature: num(json.temperature, 1e-6, 1e12, d.temperature),
    mask: {
      kind: oneOf(mask.kind, ["none", "causal", "padding", "custom", "sliding"], d.mask.kind),
      validLength: int(mask.validLength, 0, 4096, d.mask.validLength),
      painted: painted(mask.painted),
    },
    heads,
    mode: oneOf(json.mode, ["soft", "hard"], d.mode),
    backend: oneOf(json.backend, ["auto", "exact", ...BACKEND_ORDER], d.backend),
    step: int(json.step, 1, STEP_COUNT, d.step),
    head: json.head === "mean" ? "mean" : int(json.head, 0, heads - 1, 0),
    locked: locked ? { query: int(locked.query, 0, 4095, 0), key: int(locked.key, 0, 4095, 0) } : null,
    theme: oneOf(json.theme, ["light", "dark"], d.theme),
    palette: oneOf(json.palette, PALETTE_NAMES, d.palette),
    weightScale: oneOf(json.weightScale, ["domain", "row"], d.weightScale),
    showTables: bool(json.showTables, d.showTables),
    lesson: lessonOf(json.lesson),
    exercise: bool(json.exercise, d.exercise),
    modern: modernOf(json.modern, d.modern),
  };
}

/** Modern attention's settings, each range-checked (a link or a save from before them has none). */
function modernOf(x: Json, d: ModernSettings): ModernSettings {
  const m = isObject(x) ? x : {};
  return {
    rope: oneOf(m.rope, ["off", "half", "interleaved"], d.rope),
    // As the core checks them (rope.ts): a base greater than 1, a window of at least 1 key.
    ropeBase: greaterThanOne(num(m.ropeBase, 1, ROPE_MAX_BASE, d.ropeBase), d.ropeBase),
    ropeOffset: int(m.ropeOffset, 0, ROPE_MAX_OFFSET, d.ropeOffset),
    alibi: bool(m.alibi, d.alibi),
    kvHeads: m.kvHeads === null ? null : int(m.kvHeads, 1, 64, 0) || d.kvHeads,
    window: int(m.window, 1, Number.MAX_SAFE_INTEGER, d.window),
    bidirectional: bool(m.bidirectional, d.bidirectional),
    blockSize: int(m.blockSize, 1, 4096, d.blockSize),
    decodeStep: int(m.decodeStep, 0, 4095, d.decodeStep),
  };
}

/** The saved state, or undefined when there is none or it cannot be read (then the default opens). */
export function loadSaved(
  storage: Pick<Storage, "getItem"> | undefined = storageOf("local"),
): ExplorerState | undefined {
  try {
    const text = storage?.getItem(SAVE_KEY);
    return text ? maybeExplorerState(JSON.parse(text)) : undefined;
  } catch {
    return undefined;
  }
}

export function save(
  state: ExplorerState,
  storage: Pick<Storage, "setItem"> | undefined = storageOf("local"),
): void {
  try {
    storage?.setItem(SAVE_KEY, JSON.stringify(state));
  } catch {
    // Private mode or a full quota: the work still lives in the page, and in undo history.
  }
}
