import { entry, layer } from "../core/matrix";
import type { AttentionTrace } from "../core/types";
import { tokenize } from "../core/tokenize";
import { MINUS } from "../render/format";
import type { MessageKey } from "../i18n/i18n";
import type { Lang } from "../i18n/lang";
import {
  createInitialState,
  DEFAULT_TOKENS,
  reduce,
  type Action,
  type Cells,
  type ExplorerState,
} from "./state";

/**
 * The worked examples: each opens the explorer on a state of its own and walks through it in stops. A stop
 * shows one step (and may point at a cell, focus a head, or compare variants side by side); its text says
 * what to notice there. Numbers in the texts are read from the trace on screen, never written into them.
 */
export interface LessonStop {
  readonly step: number;
  readonly text: MessageKey;
  /** The cell the stop points at: rows are queries, columns are keys. */
  readonly lock?: { readonly query: number; readonly key: number };
  readonly head?: number | "mean";
  /** The stop's text speaks of the flow view: presenter mode shows it (otherwise only the heatmap). */
  readonly flow?: boolean;
  /**
   * The stop speaks of the modern-attention panel under the step's views (RoPE's arrows, the KV cache):
   * presenter mode shows that panel alone. Otherwise a projected stop shows the views and not the panel.
   */
  readonly panel?: boolean;
  /** Variants computed side by side under the step: soft against hard, or every score function. */
  readonly compare?: "mode" | "score";
  /**
   * The live numbers the text's {placeholders} name, read from the trace on screen; lists are separated
   * as the reader's language writes them ("0.50, 0.50"; "0.50、0.50"). Default: English.
   */
  readonly numbers?: (trace: AttentionTrace, labels: Labels, lang?: Lang) => Record<string, string>;
  /** Edits to try from the stop (each is an ordinary edit: Undo takes it back). */
  readonly tries?: readonly { readonly label: MessageKey; readonly action: Action }[];
}

export interface Labels {
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

export interface Example {
  readonly id: string;
  readonly title: MessageKey;
  readonly summary: MessageKey;
  /** The explorer's state for the example, from the default state (which keeps the viewer's theme). */
  readonly state: () => ExplorerState;
  readonly stops: readonly LessonStop[];
}

const cells = (rows: readonly (readonly number[])[]): Cells => rows.map((r) => r.map(String));

const oneHot = (size: number, at: number, value = 1): number[] =>
  Array.from({ length: size }, (_, i) => (i === at ? value : 0));

/** A hand-set Q, K, V example with names for its rows and columns. */
function matrices(
  q: readonly (readonly number[])[],
  k: readonly (readonly number[])[],
  v: readonly (readonly number[])[],
  labels: { queries: readonly string[]; keys: readonly string[] },
  settings: Partial<ExplorerState> = {},
): ExplorerState {
  const base = createInitialState();
  return {
    ...base,
    input: "matrices",
    matrices: { q: cells(q), k: cells(k), v: cells(v), labels },
    heads: 1,
    head: 0,
    mask: { kind: "none", validLength: k.length, painted: [] },
    ...settings,
  };
}

/** Fixed decimals, as a hand calculation writes them (0.0580, not 0.058), with a true minus sign. */
const f = (x: number, digits = 4) => x.toFixed(digits).replace("-", MINUS);
const row = (trace: AttentionTrace, which: "scores" | "scaled" | "weights", query: number, head = 0) =>
  Array.from({ length: trace.keys }, (_, j) => entry(layer(trace[which], head), query, j));
/** A list's separator: Chinese lists take the enumeration comma 、. */
const comma = (lang: Lang = "en") => (lang === "zh-CN" ? "、" : ", ");
const list = (xs: readonly number[], digits = 4, lang?: Lang) =>
  xs.map((x) => f(x, digits)).join(comma(lang));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const weight = (trace: AttentionTrace, query: number, key: number, head = 0) =>
  f(entry(layer(trace.weights, head), query, key), 2);

/** Textbook example: five encoder outputs, one query, the plain dot product. */
const fiveValues: Example = {
  id: "five-values",
  title: "ex.five.title",
  summary: "ex.five.summary",
  state: () =>
    matrices(
      [[0.5]],
      [[1], [2], [3], [4], [5]],
      [[1], [2], [3], [4], [5]],
      { queries: ["0.5"], keys: ["1", "2", "3", "4", "5"] },
      { score: "dot", step: 3 },
    ),
  stops: [
    {
      step: 3,
      text: "ex.five.s1",
      numbers: (t, _, lang) => ({ scores: list(row(t, "scores", 0), 1, lang) }),
    },
    { step: 4, text: "ex.five.s2" },
    {
      step: 6,
      text: "ex.five.s3",
      lock: { query: 0, key: 4 },
      numbers: (t, _, lang) => {
        const w = row(t, "weights", 0);
        return { weights: list(w, 4, lang), sum: f(sum(w)) };
      },
      tries: [{ label: "ex.try.exercise", action: { type: "setExercise", exercise: true } }],
    },
    {
      step: 7,
      text: "ex.five.s4",
      numbers: (t) => {
        const w = row(t, "weights", 0);
        const terms = w.map((x, j) => `${f(x)} × ${entry(t.v, j, 0)}`).join(" + ");
        return { terms, output: f(entry(t.output, 0, 0)) };
      },
    },
  ],
};

const X = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];

/** Self-attention on X = Q = K = V: large dot products make the softmax nearly one-hot. */
const bigDots: Example = {
  id: "large-dot-products",
  title: "ex.big.title",
  summary: "ex.big.summary",
  state: () => matrices(X, X, X, { queries: ["x1", "x2", "x3"], keys: ["x1", "x2", "x3"] }, { step: 3 }),
  stops: [
    {
      step: 3,
      text: "ex.big.s1",
      lock: { query: 2, key: 2 },
      numbers: (t, _, lang) => ({ row: list(row(t, "scores", 2), 0, lang) }),
    },
    {
      step: 4,
      text: "ex.big.s2",
      lock: { query: 2, key: 2 },
      numbers: (t, _, lang) => ({ divisor: f(t.divisor, 3), row: list(row(t, "scaled", 2), 2, lang) }),
    },
    {
      step: 6,
      text: "ex.big.s3",
      lock: { query: 2, key: 2 },
      numbers: (t, _, lang) => ({ row: list(row(t, "weights", 2), 4, lang), top: weight(t, 2, 2) }),
      tries: [
        { label: "ex.try.scalingOff", action: { type: "setScaled", scaled: false } },
        { label: "ex.try.scalingOn", action: { type: "setScaled", scaled: true } },
      ],
    },
    {
      step: 6,
      text: "ex.big.s4",
      lock: { query: 2, key: 2 },
      numbers: (t, _, lang) => ({ tau: f(t.temperature, 2), row: list(row(t, "weights", 2), 4, lang) }),
      tries: [
        { label: "ex.try.tau100", action: { type: "setTemperature", temperature: 100 } },
        { label: "ex.try.tau10", action: { type: "setTemperature", temperature: 10 } },
        { label: "ex.try.tau1", action: { type: "setTemperature", temperature: 1 } },
        { label: "ex.try.tau01", action: { type: "setTemperature", temperature: 0.1 } },
      ],
    },
  ],
};

/**
 * Pronoun resolution with hand-set features [animate, place, function word, state]: "it" asks for
 * something animate that can be tired, and "animal" is the key that answers.
 */
const FEATURES = {
  animal: { k: [2, 0, 0, 1], q: [1, 0, 0, 0.5] },
  street: { k: [0, 2, 0, 0], q: [0, 1, 0, 0] },
  it: { k: [1, 0, 0, 0], q: [3, 0, 0, 1] },
  tired: { k: [0, 0, 0, 2], q: [2, 0, 0, 1] },
  word: { k: [0, 0, 1, 0], q: [0, 0, 1, 0] },
} as const;

function pronoun(tokens: readonly string[], roles: Record<string, keyof typeof FEATURES>): ExplorerState {
  const role = (t: string) => FEATURES[roles[t] ?? "word"];
  const k = tokens.map((t) => [...role(t).k]);
  const q = tokens.map((t) => [...role(t).q]);
  return matrices(q, k, k, { queries: tokens, keys: tokens }, { step: 6 });
}

const ZH_SENTENCE = ["动物", "没有", "过", "马路", "，", "因为", "它", "太", "累", "了"];

function pronounExample(
  id: string,
  tokens: readonly string[],
  names: [string, string, string, string],
): Example {
  const [animal, street, it, tired] = names;
  const at = (t: string) => tokens.indexOf(t);
  return {
    id,
    title: id === "pronoun" ? "ex.pronoun.title" : "ex.pronounZh.title",
    summary: id === "pronoun" ? "ex.pronoun.summary" : "ex.pronounZh.summary",
    state: () => pronoun(tokens, { [animal]: "animal", [street]: "street", [it]: "it", [tired]: "tired" }),
    stops: [
      { step: 3, text: "ex.pronoun.s1", lock: { query: at(it), key: at(animal) } },
      {
        step: 6,
        text: "ex.pronoun.s2",
        lock: { query: at(it), key: at(animal) },
        numbers: (t, l) => ({
          it: l.queryLabels[at(it)] ?? it,
          animal: l.keyLabels[at(animal)] ?? animal,
          street: l.keyLabels[at(street)] ?? street,
          wAnimal: weight(t, at(it), at(animal)),
          wStreet: weight(t, at(it), at(street)),
        }),
      },
      {
        step: 7,
        text: "ex.pronoun.s3",
        lock: { query: at(it), key: at(animal) },
        numbers: (t, l) => ({ it: l.queryLabels[at(it)] ?? it }),
      },
    ],
  };
}

/** Cross-attention from a sentence to its translation, with a word that moves (yesterday / 昨天). */
const EN = ["I", "ate", "an", "apple", "yesterday"];
const ZH = ["我", "昨天", "吃了", "一个", "苹果"];
/** ZH[i] translates EN[ALIGN[i]]. */
const ALIGN = [0, 4, 1, 2, 3];

function translation(direction: "en-zh" | "zh-en"): ExplorerState {
  const n = EN.length;
  // Queries are the words being written (the target), keys and values the source sentence.
  const pairs = direction === "en-zh" ? ALIGN.map((j, i) => [i, j]) : ALIGN.map((j, i) => [j, i]);
  const targetOf = new Map(pairs.map(([i, j]) => [i, j] as const));
  const q = Array.from({ length: n }, (_, i) => oneHot(n, targetOf.get(i) ?? 0, 6));
  const identity = Array.from({ length: n }, (_, j) => oneHot(n, j));
  const labels = direction === "en-zh" ? { queries: ZH, keys: EN } : { queries: EN, keys: ZH };
  return matrices(q, identity, identity, labels, { step: 6 });
}

const translate = (direction: "en-zh" | "zh-en"): Example => ({
  id: `translate-${direction}`,
  title: direction === "en-zh" ? "ex.translate.title" : "ex.translateBack.title",
  summary: direction === "en-zh" ? "ex.translate.summary" : "ex.translateBack.summary",
  state: () => translation(direction),
  stops: [
    { step: 3, text: "ex.translate.s1" },
    {
      step: 6,
      text: "ex.translate.s2",
      flow: true,
      lock: direction === "en-zh" ? { query: 1, key: 4 } : { query: 4, key: 1 },
      numbers: (t, l) => {
        const query = direction === "en-zh" ? 1 : 4;
        const key = direction === "en-zh" ? 4 : 1;
        return {
          query: l.queryLabels[query] ?? "",
          key: l.keyLabels[key] ?? "",
          weight: weight(t, query, key),
        };
      },
    },
    { step: 7, text: "ex.translate.s3" },
  ],
});

/** A language model's causal mask, token by token. */
const CAUSAL_TEXT = "the cat sat on the mat";
const causal: Example = {
  id: "causal",
  title: "ex.causal.title",
  summary: "ex.causal.summary",
  state: () => {
    const base = createInitialState();
    const tokens = tokenize(CAUSAL_TEXT, "words");
    return {
      ...base,
      input: "sequence",
      sequence: { ...base.sequence, text: CAUSAL_TEXT, tokens, cross: false, dModel: 8, seed: 3 },
      heads: 1,
      head: 0,
      mask: { kind: "causal", validLength: tokens.length, painted: [] },
      step: 3,
    };
  },
  stops: [
    { step: 3, text: "ex.causal.s1" },
    { step: 5, text: "ex.causal.s2", lock: { query: 1, key: 2 } },
    ...[0, 1, 2, 5].map((query): LessonStop => ({
      step: 6,
      text: query === 0 ? "ex.causal.first" : "ex.causal.next",
      lock: { query, key: query },
      numbers: (t, l, lang) => ({
        token: l.queryLabels[query] ?? "",
        visible: l.keyLabels.slice(0, query + 1).join(lang === "zh-CN" ? "、" : " "),
        weights: list(row(t, "weights", query).slice(0, query + 1), 2, lang),
        n: String(query + 1),
      }),
    })),
  ],
};

/** Two heads: one looks at the previous token, the other at earlier copies of the same word. */
const TWO_HEAD_TOKENS = ["the", "cat", "saw", "the", "dog"];
const twoHeads: Example = {
  id: "two-heads",
  title: "ex.heads.title",
  summary: "ex.heads.summary",
  state: () => {
    const n = TWO_HEAD_TOKENS.length;
    const words = [...new Set(TWO_HEAD_TOKENS)];
    const word = (i: number) => words.indexOf(TWO_HEAD_TOKENS[i]!);
    // Head 1 (columns 1–5) matches positions: query i asks for position i − 1. Head 2 (columns 6–10)
    // matches words: query i asks for its own word. Values say where each row came from.
    const k = Array.from({ length: n }, (_, j) => [...oneHot(n, j), ...oneHot(n, word(j))]);
    const q = Array.from({ length: n }, (_, i) => [
      ...(i > 0 ? oneHot(n, i - 1, 8) : oneHot(n, 0, 0)),
      ...oneHot(n, word(i), 8),
    ]);
    const v = Array.from({ length: n }, (_, j) => [...oneHot(n, j), ...oneHot(n, j)]);
    return matrices(q, k, v, { queries: TWO_HEAD_TOKENS, keys: TWO_HEAD_TOKENS }, { heads: 2, step: 6 });
  },
  stops: [
    {
      step: 6,
      text: "ex.heads.s1",
      head: 0,
      lock: { query: 2, key: 1 },
      numbers: (t) => ({ w: weight(t, 2, 1, 0) }),
    },
    {
      step: 6,
      text: "ex.heads.s2",
      head: 1,
      lock: { query: 3, key: 0 },
      numbers: (t) => ({ w: weight(t, 3, 0, 1) }),
    },
    { step: 6, text: "ex.heads.s3", head: 0, lock: { query: 0, key: 0 } },
    { step: 8, text: "ex.heads.s4", head: "mean" },
  ],
};

/** One small input for the side-by-side comparisons. */
const COMPARE_LABELS = ["red", "apple", "green", "pear"];
const compareState = (): ExplorerState =>
  matrices(
    [
      [1, 0, 1, 0],
      [0, 2, 0, 1],
      [1, 1, 0, 0],
      [0, 0, 1, 2],
    ],
    [
      [1, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [0, 0, 1, 1],
    ],
    [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 2],
    ],
    { queries: COMPARE_LABELS, keys: COMPARE_LABELS },
    { step: 6 },
  );

const hardSoft: Example = {
  id: "hard-soft",
  title: "ex.hard.title",
  summary: "ex.hard.summary",
  state: compareState,
  stops: [
    { step: 6, text: "ex.hard.s1", compare: "mode" },
    {
      step: 7,
      text: "ex.hard.s2",
      compare: "mode",
      tries: [
        { label: "ex.try.hard", action: { type: "setMode", mode: "hard" } },
        { label: "ex.try.soft", action: { type: "setMode", mode: "soft" } },
      ],
    },
  ],
};

const scoreFunctions: Example = {
  id: "score-functions",
  title: "ex.scores.title",
  summary: "ex.scores.summary",
  state: compareState,
  stops: [
    { step: 3, text: "ex.scores.s1", compare: "score" },
    { step: 6, text: "ex.scores.s2", compare: "score" },
  ],
};

/**
 * Attention as today's language models run it: RoPE, grouped-query heads, a causal sliding window and ALiBi,
 * then the two loops of inference: the tiled online softmax and KV-cache decoding.
 */
const MODERN_TEXT = "the cat sat on the mat because it was tired";
const modern: Example = {
  id: "modern",
  title: "ex.modern.title",
  summary: "ex.modern.summary",
  state: () => {
    const base = createInitialState();
    const tokens = tokenize(MODERN_TEXT, "words");
    return {
      ...base,
      input: "sequence",
      sequence: {
        ...base.sequence,
        text: MODERN_TEXT,
        tokens,
        cross: false,
        dModel: 8,
        seed: 5,
        positional: "none",
      },
      heads: 4,
      head: 0,
      mask: { kind: "sliding", validLength: tokens.length, painted: [] },
      modern: {
        ...base.modern,
        rope: "half",
        alibi: true,
        kvHeads: 2,
        window: 4,
        blockSize: 3,
        decodeStep: 7,
      },
      step: 2,
    };
  },
  stops: [
    {
      step: 2,
      text: "ex.modern.rope",
      panel: true,
      lock: { query: 7, key: 5 },
      numbers: (t, l) => ({ token: l.queryLabels[7] ?? "", position: String(7 + (t.rope?.offset ?? 0)) }),
    },
    {
      step: 3,
      text: "ex.modern.gqa",
      panel: true,
      numbers: (t) => ({ heads: String(t.heads), kvHeads: String(t.kvHeads) }),
    },
    {
      step: 4,
      text: "ex.modern.alibi",
      panel: true,
      lock: { query: 7, key: 4 },
      numbers: (t, l) => {
        const slope = t.alibiSlopes?.[0] ?? 0;
        return {
          token: l.queryLabels[7] ?? "",
          key: l.keyLabels[4] ?? "",
          distance: "3",
          slope: f(slope, 4),
          penalty: f(3 * slope, 4),
        };
      },
    },
    {
      step: 5,
      text: "ex.modern.window",
      lock: { query: 7, key: 4 },
      numbers: (t, l) => ({
        token: l.queryLabels[7] ?? "",
        visible: l.keyLabels.slice(4, 8).join(" "),
        slope: f(t.alibiSlopes?.[0] ?? 0, 4),
      }),
    },
    { step: 6, text: "ex.modern.online", panel: true, lock: { query: 7, key: 7 } },
    { step: 7, text: "ex.modern.kv", panel: true, lock: { query: 7, key: 7 } },
  ],
};

export const EXAMPLES: readonly Example[] = [
  fiveValues,
  bigDots,
  pronounExample("pronoun", DEFAULT_TOKENS, ["animal", "street", "it", "tired"]),
  pronounExample("pronoun-zh", ZH_SENTENCE, ["动物", "马路", "它", "累"]),
  translate("en-zh"),
  translate("zh-en"),
  causal,
  twoHeads,
  hardSoft,
  scoreFunctions,
  modern,
];

export const exampleById = (id: string | null | undefined): Example | undefined =>
  EXAMPLES.find((e) => e.id === id);

/** Going to a stop of an example's lesson: its step, pointed cell and head (a view change, not an edit). */
export function stopAction(state: ExplorerState, example: Example, stop: number): Action {
  const index = Math.max(0, Math.min(example.stops.length - 1, stop));
  const s = example.stops[index]!;
  return {
    type: "showStop",
    lesson: { example: example.id, stop: index },
    step: s.step,
    locked: s.lock ?? null,
    head: s.head ?? (typeof state.head === "number" && state.head < state.heads ? state.head : 0),
  };
}

/** Opening an example: its state, the viewer's theme and palette kept, at the lesson's first stop. */
export function openExample(current: ExplorerState, example: Example): ExplorerState {
  const state = {
    ...example.state(),
    theme: current.theme,
    palette: current.palette,
    weightScale: current.weightScale,
    showTables: current.showTables,
    backend: current.backend,
  };
  return reduce(state, stopAction(state, example, 0));
}

/**
 * What the page opens on for someone who has no saved work: the pronoun lesson at its softmax stop, where
 * the weights show "it" attending to "animal" (hand-set features, so the pattern has a reason the lesson
 * gives), with that cell pointed at. `?example=`, permalinks and saved work open over it as before; the
 * base of permalinks and saved work stays createInitialState. A page in Chinese opens the lesson's Chinese
 * sentence: its text speaks of 它 and 动物, and the English sentence under it read "it" and "animal".
 */
export const START_EXAMPLE: Readonly<Record<Lang, string>> = { en: "pronoun", "zh-CN": "pronoun-zh" };
export const START_STOP = 1;

export function createStartState(
  current: ExplorerState = createInitialState(),
  lang: Lang = "en",
): ExplorerState {
  const example = exampleById(START_EXAMPLE[lang])!;
  const opened = openExample(current, example);
  return reduce(opened, stopAction(opened, example, START_STOP));
}
