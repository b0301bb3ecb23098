import { listed, type Message, type MessageParams } from "../core/messages";
import { withMinus } from "../core/minus";
import type { ShareKey } from "../i18n/messages/share";
import { storageOf } from "./storage";
import { SCORE_FUNCTIONS } from "../core/types";
import { isVisibleToken, TOKENIZERS } from "../core/tokenize";
import { ROPE_MAX_BASE, ROPE_MAX_OFFSET } from "../core/rope";
import { BACKEND_ORDER } from "../engine/names";
import { PALETTE_NAMES } from "../render/scales";
import { EXPLORER_LIMITS } from "./spec";
import { createInitialState, STEP_COUNT, type Cells, type ExplorerState, type ModernSettings } from "./state";

/** Where the state is saved, read back by loadSavedWork. Version 1. */
export const SAVE_KEY = "attention-playground:state:v1";

type Json = unknown;
type JsonObject = Record<string, Json>;
const isObject = (x: Json): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * A setting of a link or a save that could not be used and took its default: where it was in the state
 * ("temperature", "sequence.dModel", a name the state does not have as written), the value refused, and
 * what was expected (a message of messages/share.ts; none for a name the state does not have).
 */
export interface IgnoredField {
  readonly path: string;
  readonly value: Json;
  readonly expected?: Message<ShareKey>;
}

const expect = (key: ShareKey, params: MessageParams = {}): Message<ShareKey> => ({ key, params });

/**
 * A bound as a message shows it: 1e12 and 1e−6 rather than thirteen digits, a minus sign, not a hyphen.
 * Exact, unlike a view's formatNumber (render/format.ts), which rounds and writes exponents from 1e5: a
 * bound is said as it is checked.
 */
function bound(n: number): string {
  const text = Math.abs(n) >= 1e6 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential() : String(n);
  return withMinus(text.replace("e+", "e"));
}

/**
 * One kind of value: how it is read (undefined when it cannot be used) and what a message says was expected.
 * Each reads untrusted JSON and never throws.
 */
interface Kind<T> {
  readonly read: (x: Json) => T | undefined;
  readonly expected: Message<ShareKey>;
}

const oneOf = <T extends string>(options: readonly T[]): Kind<T> => ({
  read: (x) => (typeof x === "string" && (options as readonly string[]).includes(x) ? (x as T) : undefined),
  expected: expect("share.expect.oneOf", { list: listed(options) }),
});
const int = (min: number, max: number): Kind<number> => ({
  read: (x) => (typeof x === "number" && Number.isInteger(x) && x >= min && x <= max ? x : undefined),
  expected:
    max >= Number.MAX_SAFE_INTEGER
      ? min <= -Number.MAX_SAFE_INTEGER
        ? expect("share.expect.wholeAny")
        : expect("share.expect.wholeAtLeast", { min: bound(min) })
      : expect("share.expect.whole", { min: bound(min), max: bound(max) }),
});
const num = (min: number, max: number): Kind<number> => ({
  read: (x) => (typeof x === "number" && Number.isFinite(x) && x >= min && x <= max ? x : undefined),
  expected: expect("share.expect.number", { min: bound(min), max: bound(max) }),
});
const bool: Kind<boolean> = {
  read: (x) => (typeof x === "boolean" ? x : undefined),
  expected: expect("share.expect.boolean"),
};
/** The most tokens a saved sequence keeps (the explorer's limit). */
const MAX_TOKENS = EXPLORER_LIMITS.maxTokens;
/**
 * The longest text a saved state keeps, and the most characters of its tokens together: 4,096 tokens of 200
 * characters. It was 20,000 characters, fewer than the text of 4,096 tokens "w1 … w4096" (23,468): a reload
 * kept the tokens but put the default sentence in the text box. A token is not limited on its own: one of
 * 250 characters, which the explorer accepts, put the default sentence's tokens under the person's text.
 */
const MAX_TEXT_LENGTH = MAX_TOKENS * 201;
const str: Kind<string> = {
  read: (x) => (typeof x === "string" && x.length <= MAX_TEXT_LENGTH ? x : undefined),
  expected: expect("share.expect.text", { max: MAX_TEXT_LENGTH }),
};
const strings: Kind<readonly string[]> = {
  read: (x) =>
    Array.isArray(x) &&
    x.length <= MAX_TOKENS &&
    x.every((t) => typeof t === "string") &&
    (x as string[]).reduce((sum, t) => sum + t.length, 0) <= MAX_TEXT_LENGTH
      ? (x as string[])
      : undefined,
  expected: expect("share.expect.texts", { max: MAX_TOKENS, characters: MAX_TEXT_LENGTH }),
};

/**
 * Characters of one saved matrix's cells together: a 512 × 512 matrix of 16 characters a cell. A cell is not
 * limited on its own: one of 70 digits, which the grid accepts (and says is too large), put the default
 * matrix back on reload.
 */
const MAX_CELL_TEXT = 2 ** 22;

/** A rectangle of cell texts, at most 512 × 512. */
const cells: Kind<Cells> = {
  read: (x) => {
    if (!Array.isArray(x) || x.length === 0 || x.length > 512) return undefined;
    const width = Array.isArray(x[0]) ? x[0].length : 0;
    if (width === 0 || width > 512) return undefined;
    let characters = 0;
    const ok = x.every(
      (r) =>
        Array.isArray(r) &&
        r.length === width &&
        r.every((c) => typeof c === "string" && (characters += c.length) <= MAX_CELL_TEXT),
    );
    return ok ? (x as Cells) : undefined;
  },
  expected: expect("share.expect.cells", { max: 512 }),
};

/** Painted mask cells: [query, key] pairs of whole numbers. */
const painted: Kind<[number, number][]> = {
  read: (x) => {
    if (!Array.isArray(x) || x.length > 65_536) return undefined;
    const pair = (p: Json) =>
      Array.isArray(p) &&
      p.length === 2 &&
      p.every((i) => typeof i === "number" && Number.isInteger(i) && i >= 0 && i < 4096);
    return x.every(pair) ? (x as [number, number][]) : undefined;
  },
  expected: expect("share.expect.painted", { max: 4095 }),
};

/** A JSON object's fields; an object that is not one, and each name it does not know, are noted as ignored. */
type Fields = (path: string, x: Json, known: readonly string[]) => JsonObject;

/**
 * A link's or a save's JSON → the explorer's state, field by field: anything missing takes its default, and
 * anything of the wrong type, out of range or unknown takes its default too and is listed in `ignored` (the
 * settings in the order they are read here, then the names the state does not have), so that the person
 * opening a link can be told what of the sender's state is missing (startup.ts).
 */
export function readExplorerState(json: Json): {
  readonly state: ExplorerState;
  readonly ignored: readonly IgnoredField[];
} {
  const ignored: IgnoredField[] = [];
  // Names the state does not have, listed after the settings it has whose values were refused.
  const unknown: IgnoredField[] = [];
  const d = createInitialState();
  const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
  /** The value of a field, or `fallback` (silently when the field is absent, noted when it is refused). */
  const take = <T>(path: string, x: Json, kind: Kind<T>, fallback: T): T => {
    if (x === undefined) return fallback;
    const value = kind.read(x);
    if (value !== undefined) return value;
    ignored.push({ path, value: x, expected: kind.expected });
    return fallback;
  };
  const fields: Fields = (path, x, known) => {
    if (x === undefined) return {};
    if (!isObject(x)) {
      ignored.push({ path, value: x, expected: expect("share.expect.object") });
      return {};
    }
    for (const name of Object.keys(x)) {
      if (!known.includes(name)) unknown.push({ path: join(path, name), value: x[name] });
    }
    return x;
  };
  if (!isObject(json)) return { state: d, ignored };
  const top = fields("", json, Object.keys(d));
  const s = fields("sequence", top.sequence, Object.keys(d.sequence));
  const custom = fields("sequence.custom", s.custom, Object.keys(d.sequence.custom));
  const m = fields("matrices", top.matrices, Object.keys(d.matrices));
  const labels = fields("matrices.labels", m.labels, Object.keys(d.matrices.labels));
  const mask = fields("mask", top.mask, Object.keys(d.mask));
  const heads = take("heads", top.heads, int(1, 64), d.heads);
  const state: ExplorerState = {
    input: take("input", top.input, oneOf(["sequence", "matrices"]), d.input),
    sequence: {
      text: take("sequence.text", s.text, str, d.sequence.text),
      tokenizer: take("sequence.tokenizer", s.tokenizer, oneOf(TOKENIZERS), d.sequence.tokenizer),
      tokens: take("sequence.tokens", s.tokens, strings, d.sequence.tokens).filter(isVisibleToken),
      cross: take("sequence.cross", s.cross, bool, d.sequence.cross),
      keyText: take("sequence.keyText", s.keyText, str, d.sequence.keyText),
      keyTokens: take("sequence.keyTokens", s.keyTokens, strings, d.sequence.keyTokens).filter(
        isVisibleToken,
      ),
      dModel: take("sequence.dModel", s.dModel, int(1, 2048), d.sequence.dModel),
      // Any whole number, as the seed field takes it (spec.ts): ±2³¹ put a typed 1e300 back to 1 on reload.
      seed: take("sequence.seed", s.seed, int(-Number.MAX_VALUE, Number.MAX_VALUE), d.sequence.seed),
      positional: take(
        "sequence.positional",
        s.positional,
        oneOf(["none", "sinusoidal"]),
        d.sequence.positional,
      ),
      weights: take(
        "sequence.weights",
        s.weights,
        oneOf(["random", "identity", "custom"]),
        d.sequence.weights,
      ),
      custom: {
        wq: take("sequence.custom.wq", custom.wq, cells, d.sequence.custom.wq),
        wk: take("sequence.custom.wk", custom.wk, cells, d.sequence.custom.wk),
        wv: take("sequence.custom.wv", custom.wv, cells, d.sequence.custom.wv),
        wo: take("sequence.custom.wo", custom.wo, cells, d.sequence.custom.wo),
      },
    },
    matrices: {
      q: take("matrices.q", m.q, cells, d.matrices.q),
      k: take("matrices.k", m.k, cells, d.matrices.k),
      v: take("matrices.v", m.v, cells, d.matrices.v),
      labels: {
        queries: take("matrices.labels.queries", labels.queries, strings, []),
        keys: take("matrices.labels.keys", labels.keys, strings, []),
      },
    },
    score: take("score", top.score, oneOf(SCORE_FUNCTIONS), d.score),
    temperature: take("temperature", top.temperature, num(1e-6, 1e12), d.temperature),
    mask: {
      kind: take(
        "mask.kind",
        mask.kind,
        oneOf(["none", "causal", "padding", "custom", "sliding"]),
        d.mask.kind,
      ),
      validLength: take("mask.validLength", mask.validLength, int(0, 4096), d.mask.validLength),
      painted: take("mask.painted", mask.painted, painted, []),
    },
    heads,
    mode: take("mode", top.mode, oneOf(["soft", "hard"]), d.mode),
    backend: take("backend", top.backend, oneOf(["auto", "exact", ...BACKEND_ORDER]), d.backend),
    step: take("step", top.step, int(1, STEP_COUNT), d.step),
    head: take("head", top.head, headOf(heads), 0),
    locked: lockedOf(top.locked, fields, take),
    theme: take("theme", top.theme, oneOf(["light", "dark"]), d.theme),
    palette: take("palette", top.palette, oneOf(PALETTE_NAMES), d.palette),
    weightScale: take("weightScale", top.weightScale, oneOf(["domain", "row"]), d.weightScale),
    showTables: take("showTables", top.showTables, bool, d.showTables),
    lesson: lessonOf(top.lesson, fields, take),
    exercise: take("exercise", top.exercise, bool, d.exercise),
    modern: modernOf(fields("modern", top.modern, Object.keys(d.modern)), d.modern, take),
  };
  return { state, ignored: [...ignored, ...unknown] };
}

/**
 * Saved or linked state read back field by field: anything missing, of the wrong type or out of range takes
 * its default, so a damaged or foreign save opens the default instead of crashing.
 */
export function maybeExplorerState(json: Json): ExplorerState {
  return readExplorerState(json).state;
}

type Take = <T>(path: string, x: Json, kind: Kind<T>, fallback: T) => T;

/** The head drawn: one of the `heads` (0-based), or "mean". */
const headOf = (heads: number): Kind<ExplorerState["head"]> => ({
  read: (x) => (x === "mean" ? "mean" : int(0, heads - 1).read(x)),
  expected: expect("share.expect.head", { max: heads - 1 }),
});

/** The cell locked by a click, or null. */
function lockedOf(x: Json, fields: Fields, take: Take): ExplorerState["locked"] {
  const objectOrNull: Kind<JsonObject | null> = {
    read: (y) => (y === null || isObject(y) ? y : undefined),
    expected: expect("share.expect.locked"),
  };
  const object = take("locked", x, objectOrNull, null);
  if (!object) return null;
  const locked = fields("locked", object, ["query", "key"]);
  return {
    query: take("locked.query", locked.query, int(0, 4095), 0),
    key: take("locked.key", locked.key, int(0, 4095), 0),
  };
}

/** A lesson being followed: an example's id (checked against the examples where it is used) and a stop. */
function lessonOf(x: Json, fields: Fields, take: Take): ExplorerState["lesson"] {
  const lessonOrNull: Kind<{ example: string; stop?: Json } | null> = {
    read: (y) =>
      y === null
        ? null
        : isObject(y) && typeof y.example === "string" && /^[a-z0-9-]{1,40}$/.test(y.example)
          ? { example: y.example, stop: y.stop }
          : undefined,
    expected: expect("share.expect.lesson"),
  };
  const lesson = take("lesson", x, lessonOrNull, null);
  if (!lesson) return null;
  fields("lesson", x, ["example", "stop"]);
  return { example: lesson.example, stop: take("lesson.stop", lesson.stop, int(0, 99), 0) };
}

/** Modern attention's settings, each range-checked (a link or a save from before them has none). */
function modernOf(m: JsonObject, d: ModernSettings, take: Take): ModernSettings {
  // As the core checks them (rope.ts): a base greater than 1, a window of at least 1 key.
  const ropeBase: Kind<number> = {
    read: (x) => {
      const base = num(1, ROPE_MAX_BASE).read(x);
      return base !== undefined && base > 1 ? base : undefined;
    },
    expected: expect("share.expect.greaterThanOne", { max: bound(ROPE_MAX_BASE) }),
  };
  const kvHeads: Kind<number | null> = {
    read: (x) => (x === null ? null : int(1, 64).read(x)),
    expected: expect("share.expect.kvHeads", { max: 64 }),
  };
  return {
    rope: take("modern.rope", m.rope, oneOf(["off", "half", "interleaved"]), d.rope),
    ropeBase: take("modern.ropeBase", m.ropeBase, ropeBase, d.ropeBase),
    ropeOffset: take("modern.ropeOffset", m.ropeOffset, int(0, ROPE_MAX_OFFSET), d.ropeOffset),
    alibi: take("modern.alibi", m.alibi, bool, d.alibi),
    kvHeads: take("modern.kvHeads", m.kvHeads, kvHeads, d.kvHeads),
    window: take("modern.window", m.window, int(1, Number.MAX_SAFE_INTEGER), d.window),
    bidirectional: take("modern.bidirectional", m.bidirectional, bool, d.bidirectional),
    blockSize: take("modern.blockSize", m.blockSize, int(1, 4096), d.blockSize),
    decodeStep: take("modern.decodeStep", m.decodeStep, int(0, 4095), d.decodeStep),
  };
}

/**
 * Where a save that could not be read in full is kept, as its text was, before the next save replaces it:
 * the person's work is not lost to a damaged save (a newer version's fields, a hand edit, a cut-off write).
 */
export const DAMAGED_KEY = `${SAVE_KEY}.damaged`;

/** How a save could not be read in full, as the page tells the person (startup.ts). */
export interface SaveDamage {
  /** The settings that took their defaults; undefined when nothing could be read (not JSON, not an object). */
  readonly ignored?: readonly IgnoredField[];
  /** Whether the text as saved was kept under DAMAGED_KEY. */
  readonly kept: boolean;
}

/** What is saved: the state to open (none when nothing is saved or nothing could be read) and any damage. */
export interface SavedWork {
  readonly state?: ExplorerState;
  readonly damage?: SaveDamage;
}

/** The text saved, and what it reads as: the state and the settings it could not use, or nothing. */
function readSaved(storage: Pick<Storage, "getItem"> | undefined): {
  readonly text?: string;
  readonly read?: ReturnType<typeof readExplorerState>;
} {
  let text: string | null | undefined;
  try {
    text = storage?.getItem(SAVE_KEY);
  } catch {
    return {};
  }
  if (!text) return {};
  try {
    const json: Json = JSON.parse(text);
    return isObject(json) ? { text, read: readExplorerState(json) } : { text };
  } catch {
    return { text };
  }
}

/** The saved state, or undefined when there is none or it cannot be read (then the default opens). */
export function loadSaved(
  storage: Pick<Storage, "getItem"> | undefined = storageOf("local"),
): ExplorerState | undefined {
  return readSaved(storage).read?.state;
}

/**
 * The saved work, as the explorer opens it. A save that cannot be read in full (not JSON, not a state,
 * settings of the wrong type or out of range, names this page does not know) is first copied, as its text
 * was, to DAMAGED_KEY (persist.test.ts "a damaged save is kept"), since the next autosave replaces it.
 */
export function loadSavedWork(
  storage: Pick<Storage, "getItem" | "setItem"> | undefined = storageOf("local"),
): SavedWork {
  const { text, read } = readSaved(storage);
  if (text === undefined) return {};
  if (read && read.ignored.length === 0) return { state: read.state };
  let kept = false;
  try {
    storage?.setItem(DAMAGED_KEY, text);
    kept = storage !== undefined;
  } catch {
    // A full quota: the notice says that the next save replaces what was saved.
  }
  return read ? { state: read.state, damage: { ignored: read.ignored, kept } } : { damage: { kept } };
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
