import { identity, toRows } from "../core/matrix";
import { english, listed, message, type Message, type MessageParams } from "../core/messages";
import { maybeProblem, problemWork } from "../core/problem";
import type { AttentionSpec, Matrix, MatrixLike, MaskSpec } from "../core/types";
import { invisibleOnly } from "../core/tokenize";
import { seededProjections, seededScoreParams } from "../core/weights";
import { parseCells, type CellError } from "./grid";
import { explorerMessage } from "../i18n/messages/errors";
import { EXPLORER_LIMITS, isModelSize } from "./limits";
import { sequenceSizes, type Cells, type ExplorerState } from "./state";

export { EXPLORER_LIMITS } from "./limits";

/**
 * The most work (core/problem.ts problemWork: heads × queries × keys × (d_k + d_v)) that the float64 choice
 * computes, in the page: every problem of up to 512 tokens (at most 2²⁸), about a second.
 */
export const EXACT_MAX_WORK = 2 ** 28;

/**
 * An input problem located where the person can fix it: a field ("tokens", "heads", "Q", "W_K"…) and a cell.
 * `message` is English; `key` and `params` are the same message as an id (src/core/messages.ts or
 * messages/errors.ts), which the page says in its reader's language.
 */
export interface FieldError {
  readonly field: string;
  readonly row?: number;
  readonly col?: number;
  readonly message: string;
  readonly key: string;
  readonly params: MessageParams;
}

/** A FieldError for `field` from a core message id. */
function fieldError(field: string, said: Message): FieldError {
  return { field, message: english(said), key: said.key, params: said.params };
}

/** A FieldError for a cell of a grid, said as the cell error says it (or as its plain text). */
function cellFieldError(field: string, e: CellError): FieldError {
  return { field, ...e, key: e.key ?? "error.text", params: e.params ?? { message: e.message } };
}

export interface BuiltSpec {
  readonly spec?: AttentionSpec;
  readonly errors: readonly FieldError[];
  /** Token labels of the query rows and key columns. */
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

/** The explorer's state → the engine's pure description, or every problem found, each where it is. */
/** One shared empty list, so that views memoised on `errors` do not re-render while there are none. */
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

export function buildSpec(state: ExplorerState): BuiltSpec {
  const built = build(state);
  return built.errors.length === 0 ? { ...built, errors: NO_ERRORS } : built;
}

function build(state: ExplorerState): BuiltSpec {
  const errors: FieldError[] = [];
  const built = state.input === "sequence" ? sequenceSource(state, errors) : matrixSource(state, errors);
  if (!built) return { errors, queryLabels: [], keyLabels: [] };
  const { source, wo, queryLabels, keyLabels, dK } = built;

  const heads = state.heads;
  if (!Number.isInteger(heads) || heads < 1 || heads > EXPLORER_LIMITS.maxHeads) {
    errors.push(
      fieldError(
        "heads",
        message("error.heads.range", { value: String(heads), max: EXPLORER_LIMITS.maxHeads }),
      ),
    );
  }
  if (errors.length > 0) return { errors, queryLabels, keyLabels };

  const modern = modernSpec(state);
  const spec: AttentionSpec = {
    ...modern,
    source: kvSource(source, heads, modern.kvHeads),
    heads,
    score: state.score,
    scoreParams: Number.isInteger(dK / heads)
      ? seededScoreParams(state.score, heads, dK / heads, seedOf(state))
      : undefined,
    temperature: state.temperature,
    mask: maskSpec(state),
    mode: state.mode,
    wo,
  };
  // The engine's own checks (shapes, heads dividing widths, limits) say the rest, with the same names.
  const problem = maybeProblem(spec);
  if (!problem.ok) {
    const { matrix, row, col, message, key, params } = problem.error;
    return { errors: [{ field: matrix ?? "spec", row, col, message, key, params }], queryLabels, keyLabels };
  }
  // float64 runs in the page itself: past a second or so of work it would freeze the page.
  const work = problemWork(problem.value);
  workOfBuilt.set(spec, work);
  if (state.backend === "exact" && work > EXACT_MAX_WORK) {
    const params = { work: work.toLocaleString("en-US"), max: EXACT_MAX_WORK.toLocaleString("en-US") };
    errors.push({ field: "backend", ...explorerMessage("error.explorer.exactTooLarge", params) });
    return { errors, queryLabels, keyLabels };
  }
  return { spec, errors, queryLabels, keyLabels };
}

/** The work (problemWork) of each spec built here, resolved once: resolving 4,096 tokens' mask takes 0.1 s. */
const workOfBuilt = new WeakMap<AttentionSpec, number>();

/** The work of a spec that buildSpec built and checked; undefined for any other spec. */
export function builtWork(spec: AttentionSpec): number | undefined {
  return workOfBuilt.get(spec);
}

/** RoPE, ALiBi and grouped-query heads as the spec says them: only what is switched on. */
function modernSpec(state: ExplorerState): Pick<AttentionSpec, "rope" | "alibi" | "kvHeads"> {
  const m = state.modern;
  return {
    ...(m.rope === "off" ? {} : { rope: { layout: m.rope, base: m.ropeBase, offset: m.ropeOffset } }),
    ...(m.alibi ? { alibi: true } : {}),
    ...(m.kvHeads === null ? {} : { kvHeads: m.kvHeads }),
  };
}

/**
 * With h_kv < h key/value heads, a sequence's W_K and W_V keep their first h_kv·d_k columns (the KV heads'
 * own), so the same seeded or typed weights serve every h_kv; hand-set K and V must have that width already.
 */
function kvSource(source: AttentionSpec["source"], heads: number, kvHeads: number | undefined) {
  if (kvHeads === undefined || source.kind === "qkv" || kvHeads === heads) return source;
  const keep = (w: MatrixLike): MatrixLike => {
    const rows = Array.isArray(w) ? (w as number[][]) : toRows(w as Matrix);
    const width = Math.round(((rows[0]?.length ?? 0) * kvHeads) / heads);
    return Number.isInteger(kvHeads) && kvHeads > 0 && heads % kvHeads === 0
      ? rows.map((r) => r.slice(0, width))
      : rows;
  };
  return { ...source, wk: keep(source.wk), wv: keep(source.wv) };
}

const seedOf = (state: ExplorerState) => (state.input === "sequence" ? state.sequence.seed : 1);

function maskSpec(state: ExplorerState): MaskSpec {
  switch (state.mask.kind) {
    case "causal":
      return { kind: "causal" };
    case "padding":
      return { kind: "padding", validLength: state.mask.validLength };
    case "sliding":
      return { kind: "sliding", window: state.modern.window, bidirectional: state.modern.bidirectional };
    case "custom": {
      const { queries, keys } = sequenceSizes(state);
      const masked = Array.from({ length: queries }, () => new Array<boolean>(keys).fill(false));
      for (const [i, j] of state.mask.painted) if (masked[i] && j < keys) masked[i][j] = true;
      return { kind: "custom", masked };
    }
    default:
      return { kind: "none" };
  }
}

interface Source {
  source: AttentionSpec["source"];
  wo?: MatrixLike;
  queryLabels: readonly string[];
  keyLabels: readonly string[];
  /** Width of Q and K, all heads together. */
  dK: number;
}

function sequenceSource(state: ExplorerState, errors: FieldError[]): Source | undefined {
  const s = state.sequence;
  const sequences = [
    ["tokens", s.tokens, s.text] as const,
    ...(s.cross ? [["keyTokens", s.keyTokens, s.keyText] as const] : []),
  ];
  for (const [field, tokens, text] of sequences) {
    // Text of zero-width characters alone makes no tokens: say which characters, not "type some text".
    const unseen = tokens.length === 0 ? invisibleOnly(text) : [];
    if (unseen.length > 0) {
      const params = { list: listed(unseen) };
      errors.push({ field, ...explorerMessage("error.explorer.invisibleOnly", params) });
    } else if (tokens.length === 0) errors.push({ field, ...explorerMessage("error.explorer.noTokens", {}) });
    if (tokens.length > EXPLORER_LIMITS.maxTokens) {
      const params = { count: tokens.length, max: EXPLORER_LIMITS.maxTokens };
      errors.push({ field, ...explorerMessage("error.explorer.tooManyTokens", params) });
    }
  }
  const d = s.dModel;
  if (!isModelSize(d)) {
    errors.push(
      fieldError(
        "dModel",
        message("error.dModel.range", { value: String(d), max: EXPLORER_LIMITS.maxModel }),
      ),
    );
    return undefined;
  }
  if (!Number.isInteger(s.seed))
    errors.push(fieldError("seed", message("error.seed.integer", { value: String(s.seed) })));
  const weights = projections(state.sequence, errors);
  if (!weights) return undefined;
  return {
    source: {
      kind: "tokens",
      tokens: s.tokens,
      keyTokens: s.cross ? s.keyTokens : undefined,
      dModel: d,
      seed: s.seed,
      positional: s.positional,
      wq: weights.wq,
      wk: weights.wk,
      wv: weights.wv,
    },
    wo: weights.wo,
    queryLabels: s.tokens,
    keyLabels: s.cross ? s.keyTokens : s.tokens,
    dK: d,
  };
}

/** The label arrays made last (queries and keys, and a side-by-side variant's): sameLabels returns them again. */
let madeLabels: readonly (readonly string[])[] = [];

/**
 * Labels of hand-entered matrices: the array made before while they read the same. Views draw anew for new
 * labels (a flow is built again, not updated), and each edit of τ made new ones, the same words.
 */
function sameLabels(labels: readonly string[]): readonly string[] {
  const made = madeLabels.find((m) => m.length === labels.length && m.every((l, i) => l === labels[i]));
  if (made) return made;
  madeLabels = [labels, ...madeLabels].slice(0, 4);
  return labels;
}

type Projections = {
  wq: Matrix | number[][];
  wk: Matrix | number[][];
  wv: Matrix | number[][];
  wo: Matrix | number[][];
};

/** The last seeded projections: an edit of anything else (τ, the mask) does not draw 4·d_model² normals again. */
let lastSeeded: { key: string; projections: Projections } | undefined;
function seededOnce(dModel: number, seed: number): Projections {
  const key = `${dModel}|${seed}`;
  if (lastSeeded?.key !== key) lastSeeded = { key, projections: seededProjections(dModel, seed) };
  return lastSeeded.projections;
}

/** W_Q, W_K, W_V, W_O: seeded, identity, or as typed. */
export function projections(
  s: ExplorerState["sequence"],
  errors: FieldError[] = [],
): Projections | undefined {
  // None for a size the explorer refuses (buildSpec says why): a typed 20,000 drew four 20,000² matrices.
  if (!isModelSize(s.dModel)) return undefined;
  if (s.weights === "random") return seededOnce(s.dModel, s.seed);
  if (s.weights === "identity") {
    const i = identity(s.dModel);
    return { wq: i, wk: i, wv: i, wo: i };
  }
  const names = { wq: "W_Q", wk: "W_K", wv: "W_V", wo: "W_O" } as const;
  const out: Partial<Projections> = {};
  for (const key of ["wq", "wk", "wv", "wo"] as const) {
    const parsed = parseCells(s.custom[key], names[key]);
    errors.push(...parsed.errors.map((e) => cellFieldError(names[key], e)));
    if (parsed.values) out[key] = parsed.values;
  }
  return errors.length === 0 ? (out as Projections) : undefined;
}

function matrixSource(state: ExplorerState, errors: FieldError[]): Source | undefined {
  const parsed: Partial<Record<"q" | "k" | "v", number[][]>> = {};
  for (const key of ["q", "k", "v"] as const) {
    const name = key.toUpperCase();
    const cells: Cells = state.matrices[key];
    if (cells.length > EXPLORER_LIMITS.maxGridRows || (cells[0]?.length ?? 0) > EXPLORER_LIMITS.maxGridCols) {
      const params = {
        name,
        rows: cells.length,
        cols: cells[0]?.length ?? 0,
        maxRows: EXPLORER_LIMITS.maxGridRows,
        maxCols: EXPLORER_LIMITS.maxGridCols,
      };
      errors.push({ field: name, ...explorerMessage("error.explorer.gridTooLarge", params) });
      continue;
    }
    const r = parseCells(cells, name);
    errors.push(...r.errors.map((e) => cellFieldError(name, e)));
    if (r.values) parsed[key] = r.values;
  }
  const { q, k, v } = parsed;
  if (!q || !k || !v) return undefined;
  return {
    source: { kind: "qkv", q, k, v },
    queryLabels: sameLabels(q.map((_, i) => state.matrices.labels.queries[i] || `q${i + 1}`)),
    keyLabels: sameLabels(k.map((_, j) => state.matrices.labels.keys[j] || `k${j + 1}`)),
    dK: q[0]?.length ?? 0,
  };
}
