import type { MaskSpec, PositionalEncoding, RopeLayout, ScoreFunction } from "../core/types";
import { isVisibleToken, tokenize, type Tokenizer } from "../core/tokenize";
import type { BackendName } from "../engine/names";
import type { PaletteName } from "../render/paletteName";
import type { ScaleBy } from "../render/scaleBy";
import { isModelSize } from "./limits";

/** A matrix as the text of every cell, so that nothing a person typed is lost, even when it is invalid. */
export type Cells = string[][];

export const STEP_COUNT = 8;

export type WeightsKind = "random" | "identity" | "custom";
export type BackendChoice = "auto" | "exact" | BackendName;

/** Everything a person can set. View-only state (hover) lives in components. */
export interface ExplorerState {
  readonly input: "sequence" | "matrices";
  readonly sequence: {
    readonly text: string;
    readonly tokenizer: Tokenizer;
    /** The chips: derived from `text`, or edited one by one. */
    readonly tokens: readonly string[];
    /** Cross-attention: a second sequence gives the keys and values. */
    readonly cross: boolean;
    readonly keyText: string;
    readonly keyTokens: readonly string[];
    readonly dModel: number;
    readonly seed: number;
    readonly positional: PositionalEncoding;
    readonly weights: WeightsKind;
    /** W_Q, W_K, W_V, W_O as typed, used when weights is "custom": [d_model, d_model] each. */
    readonly custom: { readonly wq: Cells; readonly wk: Cells; readonly wv: Cells; readonly wo: Cells };
  };
  readonly matrices: {
    readonly q: Cells;
    readonly k: Cells;
    readonly v: Cells;
    /**
     * Names for the query rows and key columns ("it", "animal"), set by worked examples and trained models.
     * A row without a name is called q1, q2… (k1, k2… for keys).
     */
    readonly labels: { readonly queries: readonly string[]; readonly keys: readonly string[] };
  };
  readonly score: ScoreFunction;
  readonly temperature: number;
  readonly mask: {
    readonly kind: MaskSpec["kind"];
    readonly validLength: number;
    /**
     * The cells painted as masked, as [query, key] pairs (rows are queries, columns are keys). A list, not
     * a matrix: it stays small for long sequences, and survives resizing (pairs past the end drop out).
     */
    readonly painted: readonly (readonly [number, number])[];
  };
  readonly heads: number;
  readonly mode: "soft" | "hard";
  readonly backend: BackendChoice;
  /** 1 … STEP_COUNT. */
  readonly step: number;
  /** The head shown large, or the mean over heads. */
  readonly head: number | "mean";
  /** A cell pinned by clicking: rows are queries, columns are keys. */
  readonly locked: { readonly query: number; readonly key: number } | null;
  readonly theme: "light" | "dark";
  /** The heatmaps' colour scale: all of them are readable by colour-blind viewers. */
  readonly palette: PaletteName;
  /** What the weights' colours stand for: the weight, or the weight ÷ its row's largest (render/scaleBy.ts). */
  readonly weightScale: ScaleBy;
  readonly showTables: boolean;
  /** A worked example's lesson being followed: which example, and which of its stops. */
  readonly lesson: { readonly example: string; readonly stop: number } | null;
  /** "Check your work": the step's numbers are hidden and the person types their own. */
  readonly exercise: boolean;
  /** Modern attention: see ModernSettings. */
  readonly modern: ModernSettings;
}

/** The settings of modern attention, and where its two steppers stand. */
export interface ModernSettings {
  /** RoPE's pair layout, or off. */
  readonly rope: "off" | RopeLayout;
  readonly ropeBase: number;
  readonly ropeOffset: number;
  readonly alibi: boolean;
  /** Key/value heads h_kv; null: as many as query heads (multi-head attention). */
  readonly kvHeads: number | null;
  /** The sliding window w (mask kind "sliding"), and whether it looks both ways. */
  readonly window: number;
  readonly bidirectional: boolean;
  /** Tiled online softmax: keys per block B. */
  readonly blockSize: number;
  /** KV-cache decoding: the token decoded (0-based). */
  readonly decodeStep: number;
}

export const DEFAULT_MODERN: ModernSettings = {
  rope: "off",
  ropeBase: 10000,
  ropeOffset: 0,
  alibi: false,
  kvHeads: null,
  window: 3,
  bidirectional: false,
  blockSize: 2,
  decodeStep: 0,
};

export const DEFAULT_TEXT = "The animal didn't cross the street because it was too tired";
/** The second sequence of cross-attention, when it is switched on. */
export const DEFAULT_KEY_TEXT = "动物没有过马路，因为它太累了";

/**
 * The default texts split into words, as tokenize(…, "words") splits them (state.test.ts checks that it
 * does): a page's first word segmenter costs 75 ms here (Intl.Segmenter loads its dictionaries), at every
 * first visit, before the page can draw anything.
 */
export const DEFAULT_TOKENS: readonly string[] = [
  "The",
  "animal",
  "didn't",
  "cross",
  "the",
  "street",
  "because",
  "it",
  "was",
  "too",
  "tired",
];
const DEFAULT_KEY_TOKENS = ["动物", "没有", "过", "马路", "，", "因为", "它", "太", "累了"];

const cells = (rows: readonly (readonly number[])[]): Cells => rows.map((r) => r.map(String));

export function createInitialState(): ExplorerState {
  return {
    input: "sequence",
    sequence: {
      text: DEFAULT_TEXT,
      tokenizer: "words",
      tokens: [...DEFAULT_TOKENS],
      cross: false,
      keyText: DEFAULT_KEY_TEXT,
      keyTokens: [...DEFAULT_KEY_TOKENS],
      dModel: 8,
      seed: 1,
      positional: "sinusoidal",
      weights: "random",
      custom: { wq: square(8), wk: square(8), wv: square(8), wo: square(8) },
    },
    matrices: {
      q: cells([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
      k: cells([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
      v: cells([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      labels: { queries: [], keys: [] },
    },
    score: "scaled-dot",
    temperature: 1,
    mask: { kind: "none", validLength: DEFAULT_TOKENS.length, painted: [] },
    heads: 2,
    mode: "soft",
    backend: "auto",
    step: 6,
    head: 0,
    locked: null,
    theme: "light",
    palette: "default",
    weightScale: "domain",
    showTables: false,
    lesson: null,
    exercise: false,
    modern: DEFAULT_MODERN,
  };
}

/** An identity matrix as cells: a neutral start for hand-edited weights. */
function square(size: number): Cells {
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => (i === j ? "1" : "0")),
  );
}

/** Every operation a person can do, by name (Excalidraw's habit): one reducer applies them all. */
export type Action =
  | { type: "setInput"; input: ExplorerState["input"] }
  | { type: "setText"; text: string }
  | { type: "setTokenizer"; tokenizer: Tokenizer }
  | { type: "setTokens"; tokens: readonly string[] }
  | { type: "setCross"; cross: boolean }
  | { type: "setKeyText"; text: string }
  | { type: "setModelSize"; dModel: number }
  | { type: "setSeed"; seed: number }
  | { type: "setPositional"; positional: PositionalEncoding }
  | { type: "setWeights"; weights: WeightsKind; current?: ExplorerState["sequence"]["custom"] }
  | { type: "setCustomWeight"; name: keyof ExplorerState["sequence"]["custom"]; cells: Cells }
  | { type: "setMatrix"; name: keyof ExplorerState["matrices"]; cells: Cells }
  | { type: "setScore"; score: ScoreFunction }
  | { type: "setScaled"; scaled: boolean }
  | { type: "setTemperature"; temperature: number }
  | { type: "setMaskKind"; kind: MaskSpec["kind"] }
  | { type: "setValidLength"; validLength: number }
  | { type: "toggleMaskCell"; query: number; key: number }
  | { type: "setHeads"; heads: number }
  | { type: "setMode"; mode: ExplorerState["mode"] }
  | { type: "setBackend"; backend: BackendChoice }
  | { type: "setStep"; step: number }
  | { type: "setHead"; head: ExplorerState["head"] }
  | { type: "lock"; query: number; key: number }
  | { type: "unlock" }
  | { type: "setTheme"; theme: ExplorerState["theme"] }
  | { type: "setPalette"; palette: PaletteName }
  | { type: "setWeightScale"; weightScale: ScaleBy }
  | { type: "setShowTables"; showTables: boolean }
  | { type: "setLesson"; lesson: ExplorerState["lesson"] }
  | { type: "setExercise"; exercise: boolean }
  | {
      type: "showStop";
      lesson: ExplorerState["lesson"];
      step: number;
      locked: ExplorerState["locked"];
      head: ExplorerState["head"];
    }
  | { type: "setModern"; modern: Partial<ModernSettings> }
  | { type: "load"; state: ExplorerState };

/** Actions that change only how things are viewed: they are not undone by Ctrl+Z. */
const VIEW_ACTIONS = new Set<Action["type"]>([
  "setStep",
  "setHead",
  "lock",
  "unlock",
  "setTheme",
  "setPalette",
  "setShowTables",
  "setLesson",
  "setExercise",
  "showStop",
]);
export const isViewAction = (action: Action): boolean => VIEW_ACTIONS.has(action.type);

/** Number of queries and keys the current input gives. */
export function sequenceSizes(state: ExplorerState): { queries: number; keys: number } {
  if (state.input === "matrices") return { queries: state.matrices.q.length, keys: state.matrices.k.length };
  const queries = state.sequence.tokens.length;
  return { queries, keys: state.sequence.cross ? state.sequence.keyTokens.length : queries };
}

/**
 * Q, K and V typed by hand start with one head: the textbook's 3 × 3 matrices do not divide into the two
 * heads of the default sequence. Set more heads, and Q, K, V's widths must divide by them (spec.ts says so).
 */
function headsOnSwitch(state: ExplorerState, input: ExplorerState["input"]): number {
  return input === "matrices" && state.input !== "matrices" ? 1 : state.heads;
}

/** What the page says about an action that changed more than it names, as a message id and parameters. */
export type SideEffect =
  | { readonly key: "heads.setForMatrices"; readonly params: { readonly from: number; readonly to: number } }
  | { readonly key: "lesson.endedByEdit"; readonly params?: undefined };

/**
 * Edits of the input itself: what the attention is computed of (tokens, Q, K and V, the model that makes
 * them, its heads). A lesson's words and numbers are of its own example's input (examples.ts reads its
 * rows and columns by index): such an edit ends it. Settings a lesson invites one to try (τ, scaling, hard
 * attention, the mask) keep it.
 */
const INPUT_ACTIONS = new Set<Action["type"]>([
  "setInput",
  "setText",
  "setTokenizer",
  "setTokens",
  "setCross",
  "setKeyText",
  "setModelSize",
  "setSeed",
  "setPositional",
  "setWeights",
  "setCustomWeight",
  "setMatrix",
  "setHeads",
]);

/**
 * The side effect of `action` on `state`, if it has one to say: an edit of the input ends the lesson, and
 * switching to Q, K, V by hand sets 1 head.
 */
export function sideEffectOf(state: ExplorerState, action: Action): SideEffect | undefined {
  if (state.lesson && INPUT_ACTIONS.has(action.type)) return { key: "lesson.endedByEdit" };
  if (action.type !== "setInput") return undefined;
  const heads = headsOnSwitch(state, action.input);
  return heads === state.heads
    ? undefined
    : { key: "heads.setForMatrices", params: { from: state.heads, to: heads } };
}

/** Painted cells past the end of a shorter sequence drop out; the rest stay painted. */
function fitPainted(state: ExplorerState): ExplorerState {
  const { queries, keys } = sequenceSizes(state);
  const old = state.mask.painted;
  const painted = old.filter(([i, j]) => i < queries && j < keys);
  const validLength = Math.min(state.mask.validLength, keys);
  if (painted.length === old.length && validLength === state.mask.validLength) return state;
  return { ...state, mask: { ...state.mask, painted, validLength } };
}

function resizeSquare(c: Cells, size: number): Cells {
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => c[i]?.[j] ?? (i === j ? "1" : "0")),
  );
}

function withSequence(state: ExplorerState, patch: Partial<ExplorerState["sequence"]>): ExplorerState {
  return fitPainted({ ...state, sequence: { ...state.sequence, ...patch } });
}

export function reduce(state: ExplorerState, action: Action): ExplorerState {
  const next = apply(state, action);
  return next.lesson && INPUT_ACTIONS.has(action.type) ? { ...next, lesson: null } : next;
}

function apply(state: ExplorerState, action: Action): ExplorerState {
  const s = state.sequence;
  switch (action.type) {
    case "setInput":
      return fitPainted({
        ...state,
        input: action.input,
        locked: null,
        heads: headsOnSwitch(state, action.input),
        head: headsOnSwitch(state, action.input) === state.heads ? state.head : 0,
      });
    case "setText":
      return withSequence(state, { text: action.text, tokens: tokenize(action.text, s.tokenizer) });
    case "setTokenizer":
      return withSequence(state, {
        tokenizer: action.tokenizer,
        tokens: tokenize(s.text, action.tokenizer),
        keyTokens: tokenize(s.keyText, action.tokenizer),
      });
    case "setTokens": {
      // Edited chips are the truth now: the text becomes the chips separated by spaces, which the
      // whitespace tokenizer reads back exactly.
      const tokens = action.tokens.map((t) => t.replace(/\s+/gu, "")).filter(isVisibleToken);
      return withSequence(state, { tokens, text: tokens.join(" "), tokenizer: "whitespace" });
    }
    case "setCross":
      return withSequence(state, { cross: action.cross });
    case "setKeyText":
      return withSequence(state, { keyText: action.text, keyTokens: tokenize(action.text, s.tokenizer) });
    case "setModelSize": {
      const d = action.dModel;
      const c = s.custom;
      // A size the explorer refuses (buildSpec says why) leaves the hand-set weights as they are: resizing
      // them to 20,000² cells each froze the page for a minute and then crashed it.
      if (!isModelSize(d)) return withSequence(state, { dModel: d });
      return withSequence(state, {
        dModel: d,
        custom: {
          wq: resizeSquare(c.wq, d),
          wk: resizeSquare(c.wk, d),
          wv: resizeSquare(c.wv, d),
          wo: resizeSquare(c.wo, d),
        },
      });
    }
    case "setSeed":
      return withSequence(state, { seed: action.seed });
    case "setPositional":
      return withSequence(state, { positional: action.positional });
    case "setWeights":
      // Switching to hand-edited weights starts from the matrices on screen, so nothing jumps.
      return withSequence(state, { weights: action.weights, custom: action.current ?? s.custom });
    case "setCustomWeight":
      return withSequence(state, { custom: { ...s.custom, [action.name]: action.cells } });
    case "setMatrix":
      return fitPainted({ ...state, matrices: { ...state.matrices, [action.name]: action.cells } });
    case "setScore":
      return { ...state, score: action.score };
    case "setScaled":
      return { ...state, score: action.scaled ? "scaled-dot" : "dot" };
    case "setTemperature":
      return { ...state, temperature: action.temperature };
    case "setMaskKind":
      return fitPainted({ ...state, mask: { ...state.mask, kind: action.kind } });
    case "setValidLength":
      return { ...state, mask: { ...state.mask, validLength: action.validLength } };
    case "toggleMaskCell": {
      const { query, key } = action;
      const old = state.mask.painted;
      const painted = old.some(([i, j]) => i === query && j === key)
        ? old.filter(([i, j]) => i !== query || j !== key)
        : [...old, [query, key] as const];
      return { ...state, mask: { ...state.mask, kind: "custom", painted } };
    }
    case "setHeads":
      return {
        ...state,
        heads: action.heads,
        head: typeof state.head === "number" && state.head >= action.heads ? 0 : state.head,
      };
    case "setMode":
      return { ...state, mode: action.mode };
    case "setBackend":
      return { ...state, backend: action.backend };
    case "setStep":
      return { ...state, step: Math.min(STEP_COUNT, Math.max(1, Math.round(action.step))) };
    case "setHead":
      return { ...state, head: action.head };
    case "lock":
      return { ...state, locked: { query: action.query, key: action.key } };
    case "unlock":
      return { ...state, locked: null };
    case "setTheme":
      return { ...state, theme: action.theme };
    case "setPalette":
      return { ...state, palette: action.palette };
    case "setWeightScale":
      return { ...state, weightScale: action.weightScale };
    case "setShowTables":
      return { ...state, showTables: action.showTables };
    case "setLesson":
      return { ...state, lesson: action.lesson };
    case "setExercise":
      return { ...state, exercise: action.exercise };
    case "showStop": {
      const { lesson, step, locked, head } = action;
      return { ...state, lesson, step, locked, head };
    }
    case "setModern":
      return { ...state, modern: { ...state.modern, ...action.modern } };
    case "load":
      return fitPainted(action.state);
  }
}

/** Undo/redo around the reducer. A gesture (a drag) is one undo step however many edits it makes. */
export interface History {
  readonly past: readonly ExplorerState[];
  readonly present: ExplorerState;
  readonly future: readonly ExplorerState[];
  readonly gesture: boolean;
}

export type HistoryAction =
  | Action
  | { type: "undo" }
  | { type: "redo" }
  | { type: "beginGesture" }
  | { type: "endGesture" }
  /** Back to what the page opened on (`to`, the first page's example), or else the initial state. */
  | { type: "reset"; to?: ExplorerState }
  /** Applies an edit without a new undo step: typing a word, or dragging a slider, is one step. */
  | { type: "merge"; action: Action };

const HISTORY_LIMIT = 200;

export function createHistory(present: ExplorerState): History {
  return { past: [], present, future: [], gesture: false };
}

export function reduceHistory(history: History, action: HistoryAction): History {
  const { past, present, future } = history;
  switch (action.type) {
    case "undo": {
      const previous = past[past.length - 1];
      if (!previous) return history;
      return {
        ...history,
        past: past.slice(0, -1),
        present: keepView(previous, present),
        future: [present, ...future],
      };
    }
    case "redo": {
      const next = future[0];
      if (!next) return history;
      return {
        ...history,
        past: [...past, present],
        present: keepView(next, present),
        future: future.slice(1),
      };
    }
    case "beginGesture":
      return { ...history, past: [...past, present].slice(-HISTORY_LIMIT), future: [], gesture: true };
    case "endGesture":
      return { ...history, gesture: false };
    case "reset": {
      // Reset restores the example, not the way the person views it: theme, tables and backend stay.
      const example = action.to ?? createInitialState();
      const restored = {
        ...keepView(example, present),
        step: example.step,
        backend: present.backend,
        lesson: example.lesson,
        locked: example.locked,
        exercise: false,
      };
      return { ...history, past: [...past, present].slice(-HISTORY_LIMIT), present: restored, future: [] };
    }
    case "merge": {
      const next = reduce(present, action.action);
      if (!changes(present, next)) return history;
      // Still a new edit: what was undone before it can no longer be redone.
      return { ...history, present: next, future: [] };
    }
    default: {
      const next = reduce(present, action);
      if (!changes(present, next)) return history;
      if (isViewAction(action) || history.gesture) return { ...history, present: next };
      return { ...history, past: [...past, present].slice(-HISTORY_LIMIT), present: next, future: [] };
    }
  }
}

/**
 * Whether an action changed any field. One that sets a value to what it is already (a slider's change event
 * repeats its input event's value) is no edit: no undo step, and the page is not rendered again for it.
 */
function changes(before: ExplorerState, after: ExplorerState): boolean {
  if (after === before) return false;
  const fields = Object.keys(after) as (keyof ExplorerState)[];
  return fields.length !== Object.keys(before).length || fields.some((f) => after[f] !== before[f]);
}

/** Undo restores what was edited, not where the person is looking. */
function keepView(restored: ExplorerState, current: ExplorerState): ExplorerState {
  return {
    ...restored,
    step: current.step,
    theme: current.theme,
    palette: current.palette,
    weightScale: current.weightScale,
    showTables: current.showTables,
    // A lesson goes with its input: an undo or redo that brings back another input brings back the lesson it
    // had (one that an edit of it ended, reduce), or none.
    lesson: sameInput(restored, current) ? current.lesson : restored.lesson,
    exercise: current.exercise,
    locked: null,
  };
}

/** The same input (what INPUT_ACTIONS edit): the reducer makes a new part only where an edit changes it. */
const sameInput = (a: ExplorerState, b: ExplorerState) =>
  a.input === b.input && a.sequence === b.sequence && a.matrices === b.matrices && a.heads === b.heads;
