import { alibiSlopes } from "./alibi";
import { embedTokens } from "./embedding";
import { fail, ok, type Result } from "./errors";
import { LIMITS } from "./limits";
import { counted, listed, message, type Message, type MessageParams } from "./messages";
import { resolveMask } from "./mask";
import { createMatrix, maybeMatrixLike } from "./matrix";
import { kvHeadsOf, maybeKvHeads } from "./gqa";
import { sinusoidalEncoding } from "./positional";
import { maybeRope, type RopeSettings } from "./rope";
import {
  SCORE_FUNCTIONS,
  type AttentionSpec,
  type Matrix,
  type ScoreFunction,
  type TokenSource,
} from "./types";

/**
 * An AttentionSpec checked and normalised: every matrix float64, every default filled in.
 * Both the float64 reference and the tfjs engine compute from this, so they see the same numbers.
 */
export interface AttentionProblem {
  readonly queries: number;
  readonly keys: number;
  readonly heads: number;
  /** Key/value heads h_kv (dividing h), and the KV head each query head reads: ⌊i·h_kv/h⌋. */
  readonly kvHeads: number;
  readonly kvHeadOf: readonly number[];
  readonly dK: number;
  readonly dV: number;
  /** RoPE, with its defaults filled in, when the spec asked for it. */
  readonly rope?: RopeSettings;
  /** ALiBi's slope per query head, when the spec asked for it. */
  readonly alibiSlopes?: readonly number[];
  /** Embeddings (+ positional encoding) and projections, when the source was tokens or embeddings. */
  readonly embedded?: {
    readonly x: Matrix;
    readonly xKV?: Matrix;
    readonly positional?: Matrix;
    readonly positionalKV?: Matrix;
    readonly wq: Matrix;
    readonly wk: Matrix;
    readonly wv: Matrix;
  };
  /** Q, K and V, when given directly. */
  readonly given?: { readonly q: Matrix; readonly k: Matrix; readonly v: Matrix };
  readonly score: ScoreFunction;
  /** general: one [d_k, d_k] matrix per head. */
  readonly general?: readonly Matrix[];
  /** additive: per head W_q, W_k [d_k, d_a] and v as a [1, d_a] matrix. */
  readonly additive?: readonly { readonly wq: Matrix; readonly wk: Matrix; readonly v: Matrix }[];
  readonly temperature: number;
  /** √d_k·τ for scaled-dot, τ otherwise. */
  readonly divisor: number;
  readonly mode: "soft" | "hard";
  /** [queries, keys], 1 = masked. */
  readonly mask: Uint8Array;
  /** Whether any entry of `mask` is 1 (so the engine can skip masking altogether). */
  readonly anyMasked: boolean;
  readonly emptyRows: readonly number[];
  readonly wo?: Matrix;
}

/** The work of computing a problem: h·n·m·(d_k + d_v) multiply-adds (scores and weighted values). */
export function problemWork(p: AttentionProblem): number {
  return p.heads * p.queries * p.keys * (p.dK + p.dV);
}

/**
 * Problems up to this much work (problemWork) take a few ms in float64: the explorer computes them in the
 * page, faster than a round trip to a worker and at once while the tfjs backends start; the widget paints
 * them from the reference before tfjs loads.
 */
export const REFERENCE_WORK = 2e6;

const invalid = (said: Message, matrix: string, expected: string) =>
  fail(said, { code: "invalid", matrix, expected });

/** Checks a spec and resolves it. Never throws; every error names the matrix, row, column and what was expected. */
export function maybeProblem(spec: AttentionSpec): Result<AttentionProblem> {
  try {
    return resolve(spec);
  } catch (error) {
    // Only a caller's malformed object (e.g. a getter that throws) gets here.
    return invalid(
      message("error.spec.unreadable", { reason: String(error) }),
      "spec",
      "an AttentionSpec object",
    );
  }
}

function resolve(spec: AttentionSpec): Result<AttentionProblem> {
  if (spec === null || typeof spec !== "object" || spec.source === null || typeof spec.source !== "object") {
    return invalid(message("error.spec.noSource"), "source", "a source");
  }
  const heads = spec.heads ?? 1;
  if (!Number.isInteger(heads) || heads < 1 || heads > LIMITS.maxHeads) {
    return fail(message("error.heads.range", { value: String(heads), max: LIMITS.maxHeads }), {
      code: "heads",
      matrix: "heads",
      expected: `an integer in [1, ${LIMITS.maxHeads}]`,
    });
  }
  const kv = maybeKvHeads(spec.kvHeads, heads);
  if (!kv.ok) return kv;
  const kvHeads = kv.value;
  const score = spec.score ?? "scaled-dot";
  if (!SCORE_FUNCTIONS.includes(score)) {
    return invalid(
      message("error.score.unknown", { name: String(score), list: listed(SCORE_FUNCTIONS) }),
      "score",
      SCORE_FUNCTIONS.join(", "),
    );
  }
  const temperature = spec.temperature ?? 1;
  if (
    typeof temperature !== "number" ||
    !(temperature >= LIMITS.minTemperature && temperature <= LIMITS.maxTemperature)
  ) {
    return fail(
      message("error.temperature.range", {
        value: String(temperature),
        min: LIMITS.minTemperature,
        max: LIMITS.maxTemperature,
      }),
      {
        code: "temperature",
        matrix: "temperature",
        expected: `${LIMITS.minTemperature} ≤ τ ≤ ${LIMITS.maxTemperature}`,
      },
    );
  }
  const mode = spec.mode ?? "soft";
  if (mode !== "soft" && mode !== "hard")
    return invalid(message("error.mode.unknown", { mode: String(mode) }), "mode", "soft or hard");

  const sources = maybeSources(spec);
  if (!sources.ok) return sources;
  const { embedded, given, qCols, kCols, vCols, queries, keys } = sources.value;

  if (kvHeads === heads && qCols !== kCols) {
    const [q, k] = given ? ["Q", "K"] : ["W_Q", "W_K"];
    return shapeError(
      message("error.shape.queryKeyWidth", { a: q, b: k, got: columns(kCols), want: qCols }),
      k,
      `${qCols} columns`,
    );
  }
  const widths: [string, number, number][] = [
    [given ? "Q" : "W_Q", qCols, heads],
    [given ? "V" : "W_V", vCols, kvHeads],
  ];
  for (const [name, cols, heads] of widths) {
    if (cols % heads !== 0) {
      return fail(
        message("error.heads.divide", {
          name,
          cols: columns(cols),
          heads: counted(heads, "count.head", "count.heads"),
          multiple: heads,
        }),
        {
          code: "heads",
          matrix: name,
          expected: `a multiple of ${heads} columns`,
        },
      );
    }
  }
  const dK = qCols / heads;
  const dV = vCols / kvHeads;
  if (kCols !== kvHeads * dK) {
    const name = given ? "K" : "W_K";
    const want = kvHeads * dK;
    return shapeError(
      message("error.shape.kvWidth", {
        name,
        got: columns(kCols),
        want,
        kvHeads: counted(kvHeads, "count.kvHead", "count.kvHeads"),
        per: columns(dK),
      }),
      name,
      `${want} columns`,
    );
  }
  const rope = maybeRope(spec.rope, dK);
  if (!rope.ok) return rope;
  if (spec.alibi !== undefined && typeof spec.alibi !== "boolean") {
    return invalid(
      message("error.alibi.notBoolean", { value: String(spec.alibi) }),
      "alibi",
      "true or false",
    );
  }
  for (const [name, word, width] of [
    ["Q/K width", "word.qkWidth", qCols],
    ["V width", "word.vWidth", vCols],
  ] as const) {
    if (width > LIMITS.maxWidth) {
      const said = message("error.tooLarge.width", {
        name: message(word),
        value: width,
        max: LIMITS.maxWidth,
      });
      return tooLarge(said, `at most ${LIMITS.maxWidth}`, name);
    }
  }
  if (heads * queries * keys > LIMITS.maxScoreCells) {
    const total = heads * queries * keys;
    const max = LIMITS.maxScoreCells;
    return tooLarge(
      message("error.tooLarge.scores", { heads, queries, keys, total, max }),
      `at most ${max} (e.g. 8 heads of 2048 × 2048)`,
      "scores",
    );
  }

  const mask = resolveMask(spec.mask ?? undefined, queries, keys);
  if (!mask.ok) return mask;

  let wo: Matrix | undefined;
  if (spec.wo !== undefined) {
    const r = maybeMatrixLike(spec.wo, "W_O");
    if (!r.ok) return r;
    wo = r.value;
    if (wo.rows !== heads * dV) {
      return shapeError(
        message("error.shape.outputRows", { got: rows(wo.rows), want: heads * dV }),
        "W_O",
        `${heads * dV} rows`,
      );
    }
    if (wo.cols > LIMITS.maxWidth) {
      const said = message("error.tooLarge.columns", { name: "W_O", cols: wo.cols, max: LIMITS.maxWidth });
      return tooLarge(said, `at most ${LIMITS.maxWidth}`, "W_O");
    }
  }

  const params = maybeScoreParams(spec, score, heads, dK, queries, keys);
  if (!params.ok) return params;

  return ok({
    queries,
    keys,
    heads,
    kvHeads,
    kvHeadOf: kvHeadsOf(heads, kvHeads),
    dK,
    dV,
    rope: rope.value,
    alibiSlopes: spec.alibi === true ? alibiSlopes(heads) : undefined,
    embedded,
    given,
    score,
    ...params.value,
    temperature,
    divisor: score === "scaled-dot" ? Math.sqrt(dK) * temperature : temperature,
    mode,
    ...mask.value,
    wo,
  });
}

interface Sources {
  embedded?: AttentionProblem["embedded"];
  given?: AttentionProblem["given"];
  qCols: number;
  kCols: number;
  vCols: number;
  queries: number;
  keys: number;
}

function maybeSources(spec: AttentionSpec): Result<Sources> {
  const source = spec.source;
  if (source.kind === "qkv") {
    const q = maybeMatrixLike(source.q, "Q");
    if (!q.ok) return q;
    const k = maybeMatrixLike(source.k, "K");
    if (!k.ok) return k;
    const v = maybeMatrixLike(source.v, "V");
    if (!v.ok) return v;
    if (v.value.rows !== k.value.rows) {
      return shapeError(
        message("error.shape.valueRows", { got: rows(v.value.rows), want: k.value.rows }),
        "V",
        `${k.value.rows} rows`,
      );
    }
    const sizes = checkTokens(q.value.rows, k.value.rows);
    if (!sizes.ok) return sizes;
    return ok({
      given: { q: q.value, k: k.value, v: v.value },
      qCols: q.value.cols,
      kCols: k.value.cols,
      vCols: v.value.cols,
      queries: q.value.rows,
      keys: k.value.rows,
    });
  }
  let x: Matrix;
  let xKV: Matrix | undefined;
  let positional: Matrix | undefined;
  let positionalKV: Matrix | undefined;
  if (source.kind === "tokens") {
    const embedded = maybeEmbedTokens(source);
    if (!embedded.ok) return embedded;
    ({ x, xKV, positional, positionalKV } = embedded.value);
  } else if (source.kind === "embeddings") {
    const rx = maybeMatrixLike(source.x, "X");
    if (!rx.ok) return rx;
    x = rx.value;
    if (source.xKV !== undefined) {
      const r = maybeMatrixLike(source.xKV, "X_kv");
      if (!r.ok) return r;
      xKV = r.value;
      if (xKV.cols !== x.cols) {
        return shapeError(
          message("error.shape.crossWidth", { got: columns(xKV.cols), want: x.cols }),
          "X_kv",
          `${x.cols} columns`,
        );
      }
    }
  } else {
    return invalid(
      message("error.spec.sourceKind", { kind: String((source as { kind: unknown }).kind) }),
      "source",
      "tokens, embeddings or qkv",
    );
  }
  const dModel = x.cols;
  if (dModel > LIMITS.maxWidth) {
    const said = message("error.tooLarge.dModel", { value: dModel, max: LIMITS.maxWidth });
    return tooLarge(said, `at most ${LIMITS.maxWidth}`, "X");
  }
  const sizes = checkTokens(x.rows, (xKV ?? x).rows);
  if (!sizes.ok) return sizes;
  const w: Matrix[] = [];
  for (const [name, value] of [
    ["W_Q", source.wq],
    ["W_K", source.wk],
    ["W_V", source.wv],
  ] as const) {
    const r = maybeMatrixLike(value, name);
    if (!r.ok) return r;
    if (r.value.rows !== dModel) {
      return shapeError(
        message("error.shape.projectionRows", { name, got: rows(r.value.rows), want: dModel }),
        name,
        `${dModel} rows`,
      );
    }
    w.push(r.value);
  }
  const [wq, wk, wv] = w as [Matrix, Matrix, Matrix];
  return ok({
    embedded: { x, xKV, positional, positionalKV, wq, wk, wv },
    qCols: wq.cols,
    kCols: wk.cols,
    vCols: wv.cols,
    queries: x.rows,
    keys: (xKV ?? x).rows,
  });
}

/** The tokens' embeddings X (and X_kv), with the positional encoding added, and that encoding; cached by content. */
export function maybeEmbedTokens(
  source: TokenSource,
): Result<{ x: Matrix; xKV?: Matrix; positional?: Matrix; positionalKV?: Matrix }> {
  const { dModel, seed, positional } = source;
  if (!Number.isInteger(dModel) || dModel < 1 || dModel > LIMITS.maxWidth) {
    return invalid(
      message("error.dModel.range", { value: String(dModel), max: LIMITS.maxWidth }),
      "d_model",
      `an integer in [1, ${LIMITS.maxWidth}]`,
    );
  }
  if (!Number.isInteger(seed))
    return invalid(message("error.seed.integer", { value: String(seed) }), "seed", "an integer");
  if (positional !== "none" && positional !== "sinusoidal") {
    return invalid(
      message("error.positional.unknown", { value: String(positional) }),
      "positional",
      "none or sinusoidal",
    );
  }
  const sequences: [string, Message, readonly string[] | undefined][] = [
    ["tokens", message("word.tokens"), source.tokens],
    ["key tokens", message("word.keyTokens"), source.keyTokens],
  ];
  for (const [name, word, tokens] of sequences) {
    if (tokens === undefined && name === "key tokens") continue;
    if (!Array.isArray(tokens) || tokens.length === 0) {
      return fail(message("error.tokens.empty", { name: word }), { code: "empty", matrix: name });
    }
    const bad = tokens.findIndex((t) => typeof t !== "string");
    if (bad >= 0) {
      return invalid(message("error.tokens.notString", { name: word, index: bad + 1 }), name, "strings");
    }
  }
  const embed = (tokens: readonly string[]) => {
    const key = `${dModel}|${seed}|${positional}|${tokens.join("\u0000")}`;
    const cached = recentEmbeddings.get(key);
    if (cached) return cached;
    const e = embedTokens(tokens, dModel, seed);
    const pe = positional === "none" ? undefined : sinusoidalEncoding(tokens.length, dModel);
    const x = pe
      ? createMatrix(
          e.rows,
          e.cols,
          e.data.map((value, i) => value + (pe.data[i] as number)),
        )
      : e;
    remember(key, { x, pe });
    return { x, pe };
  };
  if (source.tokens.length > LIMITS.maxTokens || (source.keyTokens?.length ?? 0) > LIMITS.maxTokens) {
    const count = Math.max(source.tokens.length, source.keyTokens?.length ?? 0);
    return tooLarge(
      message("error.tooLarge.tokens", { count, max: LIMITS.maxTokens }),
      `at most ${LIMITS.maxTokens}`,
      "tokens",
    );
  }
  const self = embed(source.tokens);
  const cross = source.keyTokens ? embed(source.keyTokens) : undefined;
  return ok({ x: self.x, positional: self.pe, xKV: cross?.x, positionalKV: cross?.pe });
}

/**
 * The last few sequences' embeddings: dragging τ or switching a mask recomputes attention many times over
 * the same tokens, whose embeddings (n·d_model normal draws plus the encoding) need computing only once.
 * Keyed by content, not by array, so a caller that edits an array in place never gets stale vectors.
 */
const recentEmbeddings = new Map<string, { x: Matrix; pe: Matrix | undefined }>();
function remember(key: string, value: { x: Matrix; pe: Matrix | undefined }) {
  recentEmbeddings.set(key, value);
  if (recentEmbeddings.size > 8) recentEmbeddings.delete(recentEmbeddings.keys().next().value as string);
}

function checkTokens(queries: number, keys: number): Result<true> {
  const max = LIMITS.maxTokens;
  if (queries > max)
    return tooLarge(message("error.tooLarge.queries", { count: queries, max }), `at most ${max}`, "Q");
  if (keys > max)
    return tooLarge(message("error.tooLarge.keys", { count: keys, max }), `at most ${max}`, "K");
  return ok(true);
}

function maybeScoreParams(
  spec: AttentionSpec,
  score: ScoreFunction,
  heads: number,
  dK: number,
  queries: number,
  keys: number,
): Result<Pick<AttentionProblem, "general" | "additive">> {
  if (score === "general") {
    const list = spec.scoreParams?.general;
    if (!Array.isArray(list) || list.length !== heads) {
      return invalid(
        message("error.general.missing", {
          heads,
          dK,
          got: Array.isArray(list) ? list.length : message("word.none"),
        }),
        "W (general)",
        `${heads} matrices [${dK}, ${dK}]`,
      );
    }
    const general: Matrix[] = [];
    for (let h = 0; h < heads; h++) {
      const name = `W (general, head ${h + 1})`;
      const label = message("name.generalHead", { head: h + 1 });
      const r = maybeMatrixLike(list[h], name, label);
      if (!r.ok) return r;
      if (r.value.rows !== dK || r.value.cols !== dK) {
        return shapeError(
          message("error.general.shape", { name: label, rows: r.value.rows, cols: r.value.cols, dK }),
          name,
          `[${dK}, ${dK}]`,
        );
      }
      general.push(r.value);
    }
    return ok({ general });
  }
  if (score === "additive") {
    const list = spec.scoreParams?.additive;
    if (!Array.isArray(list) || list.length !== heads) {
      return invalid(
        message("error.additive.missing", {
          heads,
          got: Array.isArray(list) ? list.length : message("word.none"),
        }),
        "W (additive)",
        `${heads} sets {wq, wk, v}`,
      );
    }
    const additive: { wq: Matrix; wk: Matrix; v: Matrix }[] = [];
    for (let h = 0; h < heads; h++) {
      const p = list[h];
      const head: MessageParams = { head: h + 1 };
      const names = {
        wq: [`W_q (additive, head ${h + 1})`, message("name.additiveWq", head)],
        wk: [`W_k (additive, head ${h + 1})`, message("name.additiveWk", head)],
        v: [`v (additive, head ${h + 1})`, message("name.additiveV", head)],
      } as const;
      const wq = maybeMatrixLike(p?.wq, ...names.wq);
      if (!wq.ok) return wq;
      const wk = maybeMatrixLike(p?.wk, ...names.wk);
      if (!wk.ok) return wk;
      const v = maybeMatrixLike(p?.v ? [p.v] : undefined, ...names.v);
      if (!v.ok) return v;
      const dA = wq.value.cols;
      for (const [[name, label], m] of [
        [names.wq, wq.value],
        [names.wk, wk.value],
      ] as const) {
        if (m.rows !== dK || m.cols !== dA) {
          return shapeError(
            message("error.additive.shape", { name: label, rows: m.rows, cols: m.cols, dK, dA }),
            name,
            `[${dK}, ${dA}]`,
          );
        }
      }
      if (v.value.cols !== dA) {
        return shapeError(
          message("error.additive.vLength", {
            name: names.v[1],
            got: counted(v.value.cols, "count.entry", "count.entries"),
            want: dA,
          }),
          names.v[0],
          `${dA} entries`,
        );
      }
      if (heads * queries * keys * dA > LIMITS.maxAdditiveCells) {
        return tooLarge(
          message("error.tooLarge.additive", {
            count: heads * queries * keys * dA,
            max: LIMITS.maxAdditiveCells,
          }),
          `at most ${LIMITS.maxAdditiveCells}`,
          "scores",
        );
      }
      additive.push({ wq: wq.value, wk: wk.value, v: v.value });
    }
    return ok({ additive });
  }
  return ok({});
}

const rows = (n: number) => counted(n, "count.row", "count.rows");
const columns = (n: number) => counted(n, "count.column", "count.columns");

function shapeError(said: Message, matrix: string, expected: string) {
  return fail(said, { code: "shape", matrix, expected });
}

function tooLarge(said: Message, limit: string, matrix: string) {
  return fail(said, {
    code: "too-large",
    matrix,
    expected: limit,
  });
}

/** The fields of a trace that come straight from its problem, whichever engine computed the rest. */
export function traceFromProblem(p: AttentionProblem) {
  return {
    heads: p.heads,
    kvHeads: p.kvHeads,
    kvHeadOf: p.kvHeadOf,
    rope: p.rope,
    alibiSlopes: p.alibiSlopes,
    queries: p.queries,
    keys: p.keys,
    dK: p.dK,
    dV: p.dV,
    score: p.score,
    temperature: p.temperature,
    divisor: p.divisor,
    mode: p.mode,
    x: p.embedded?.x,
    xKV: p.embedded?.xKV,
    positional: p.embedded?.positional,
    positionalKV: p.embedded?.positionalKV,
    mask: p.mask,
    emptyRows: p.emptyRows,
    projected: p.wo !== undefined,
  };
}
