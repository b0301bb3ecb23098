import { describe, it, expect } from "vitest";
import { AttentionInputError, type InputErrorCode } from "./errors";
import { LIMITS } from "./limits";
import { maybeProblem } from "./problem";
import { attentionReference } from "./reference";
import type { AttentionSpec, MaskSpec, Matrix, MatrixLike } from "./types";

// Every bad input must come back as an AttentionInputError whose code is stable, whose matrix/row/col
// point at the fault (0-based), and whose message names the matrix and the 1-based position and says
// what was expected.

interface Expected {
  code: InputErrorCode;
  matrix: string;
  row?: number;
  col?: number;
  /** Text the message must contain besides the matrix name and "expected", e.g. "row 2, column 1". */
  says?: string[];
  /** How the message names the matrix, when it words it differently from `matrix` ("4097 queries" for Q). */
  named?: string;
  /** How the message states what was expected, when not with the word "expected" ("the limit is", "needs"). */
  expects?: RegExp;
}

/** attentionReference throws the error; maybeProblem returns the same one as a value. */
function expectInputError(spec: AttentionSpec, want: Expected): AttentionInputError {
  const result = maybeProblem(spec);
  if (result.ok) throw new Error("expected maybeProblem to fail, but it accepted the spec");
  const error = result.error;
  expect(error).toBeInstanceOf(AttentionInputError);
  expect(error.name).toBe("AttentionInputError");
  expect({ code: error.code, matrix: error.matrix, row: error.row, col: error.col }).toEqual({
    code: want.code,
    matrix: want.matrix,
    row: want.row,
    col: want.col,
  });
  expect(error.message).toContain(want.named ?? want.matrix);
  expect(error.message).toMatch(want.expects ?? /expected/);
  for (const text of want.says ?? []) expect(error.message).toContain(text);
  expect(() => attentionReference(spec)).toThrow(AttentionInputError);
  expect(() => attentionReference(spec)).toThrow(error.message);
  return error;
}

const qkv = (q: MatrixLike, k: MatrixLike, v: MatrixLike): AttentionSpec["source"] => ({
  kind: "qkv",
  q,
  k,
  v,
});
const good = {
  q: [[1, 2]],
  k: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  v: [[1], [2], [3]],
};
const goodSource = qkv(good.q, good.k, good.v);
const I2 = [
  [1, 0],
  [0, 1],
];
/** A cheap all-zero [rows, cols] Matrix (no nested arrays). */
const zeros = (rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(rows * cols) });

describe("maybeProblem accepts a good spec", () => {
  it("returns ok with every default filled in", () => {
    const r = maybeProblem({ source: goodSource });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.heads).toBe(1);
    expect(r.value.score).toBe("scaled-dot");
    expect(r.value.temperature).toBe(1);
    expect(r.value.mode).toBe("soft");
    expect([r.value.queries, r.value.keys, r.value.dK, r.value.dV]).toEqual([1, 3, 2, 1]);
  });
});

describe("bad matrices", () => {
  it("ragged Q: row 2 has a different length from row 1", () => {
    expectInputError(
      {
        source: qkv(
          [
            [1, 2],
            [3, 4, 5],
          ],
          good.k,
          good.v,
        ),
      },
      { code: "ragged", matrix: "Q", row: 1, says: ["row 2", "3 entries", "2"] },
    );
  });

  it("empty K: no rows", () => {
    expectInputError({ source: qkv(good.q, [], good.v) }, { code: "empty", matrix: "K", says: ["empty"] });
  });

  it("empty K: a row with no columns", () => {
    expectInputError({ source: qkv(good.q, [[]], good.v) }, { code: "empty", matrix: "K" });
  });

  it("missing V", () => {
    expectInputError(
      { source: { kind: "qkv", q: good.q, k: good.k } as unknown as AttentionSpec["source"] },
      { code: "empty", matrix: "V", says: ["missing"] },
    );
  });

  it("NaN in V at row 2, column 1", () => {
    expectInputError(
      { source: qkv(good.q, good.k, [[1], [NaN], [3]]) },
      { code: "not-finite", matrix: "V", row: 1, col: 0, says: ["V row 2, column 1", "NaN", "finite"] },
    );
  });

  it("Infinity in V at row 3, column 2", () => {
    expectInputError(
      {
        source: qkv(good.q, good.k, [
          [1, 0],
          [2, 0],
          [3, -Infinity],
        ]),
      },
      { code: "not-finite", matrix: "V", row: 2, col: 1, says: ["V row 3, column 2", "-Infinity"] },
    );
  });

  it("Infinity in a typed-array Matrix at row 1, column 2", () => {
    expectInputError(
      { source: qkv({ rows: 1, cols: 2, data: Float32Array.from([1, Infinity]) }, good.k, good.v) },
      { code: "not-finite", matrix: "Q", row: 0, col: 1, says: ["Q row 1, column 2", "Infinity"] },
    );
  });

  it("NaN and a too-large entry in a float64 Matrix, at their places", () => {
    const k = (data: number[]) => ({ rows: 2, cols: 2, data: Float64Array.from(data) });
    expectInputError(
      { source: qkv(good.q, k([1, 2, 3, NaN]), good.v) },
      { code: "not-finite", matrix: "K", row: 1, col: 1, says: ["K row 2, column 2", "NaN"] },
    );
    expectInputError(
      { source: qkv(good.q, k([1, -2e6, 3, 4]), good.v) },
      { code: "too-large", matrix: "K", row: 0, col: 1, says: ["K row 1, column 2"] },
    );
  });

  it("a Matrix whose data length is not rows × cols", () => {
    expectInputError(
      { source: qkv({ rows: 2, cols: 2, data: new Float64Array(3) }, good.k, good.v) },
      { code: "shape", matrix: "Q", says: ["4"] },
    );
  });

  it("a text entry names the text", () => {
    expectInputError(
      { source: qkv([[1, "2x" as unknown as number]], good.k, good.v) },
      { code: "not-finite", matrix: "Q", row: 0, col: 1, says: ['"2x"'] },
    );
  });
});

describe("shapes that do not fit together", () => {
  it("Q width ≠ K width (the inner dimension of Q·Kᵀ)", () => {
    expectInputError(
      { source: qkv([[1, 2, 3]], good.k, good.v) },
      { code: "shape", matrix: "K", says: ["2 columns", "3"] },
    );
  });

  it("V rows ≠ K rows (one value per key)", () => {
    expectInputError(
      { source: qkv(good.q, good.k, [[1], [2]]) },
      { code: "shape", matrix: "V", says: ["2 rows", "3"] },
    );
  });

  it("W_Q rows ≠ d_model (the columns of X)", () => {
    expectInputError(
      { source: { kind: "embeddings", x: [[1, 2]], wq: [[1, 0]], wk: I2, wv: I2 } },
      { code: "shape", matrix: "W_Q", says: ["1 row,", "2"] },
    );
  });

  it("W_V rows ≠ d_model", () => {
    expectInputError(
      { source: { kind: "embeddings", x: [[1, 2]], wq: I2, wk: I2, wv: [[1], [2], [3]] } },
      { code: "shape", matrix: "W_V", says: ["3 rows", "2"] },
    );
  });

  it("W_K width ≠ W_Q width", () => {
    expectInputError(
      { source: { kind: "embeddings", x: [[1, 2]], wq: I2, wk: [[1], [1]], wv: I2 } },
      { code: "shape", matrix: "W_K", says: ["1 column,", "2"] },
    );
  });

  it("X_kv width ≠ X width", () => {
    expectInputError(
      { source: { kind: "embeddings", x: [[1, 2]], xKV: [[1, 2, 3]], wq: I2, wk: I2, wv: I2 } },
      { code: "shape", matrix: "X_kv", says: ["3 columns", "2"] },
    );
  });

  it("W_Q of a tokens source with rows ≠ d_model", () => {
    expectInputError(
      {
        source: {
          kind: "tokens",
          tokens: ["a"],
          dModel: 3,
          seed: 0,
          positional: "none",
          wq: I2,
          wk: I2,
          wv: I2,
        },
      },
      { code: "shape", matrix: "W_Q", says: ["3"] },
    );
  });

  it("W_O with the wrong number of rows (heads × d_v)", () => {
    expectInputError(
      { source: goodSource, wo: [[1], [2]] },
      { code: "shape", matrix: "W_O", says: ["2 rows", "expected 1"] },
    );
  });
});

describe("heads", () => {
  it("Q width not divisible by heads", () => {
    expectInputError(
      { source: qkv([[1, 2, 3]], [[1, 2, 3]], [[1, 2]]), heads: 2 },
      { code: "heads", matrix: "Q", says: ["3 columns", "2 heads"] },
    );
  });

  it("V width not divisible by heads", () => {
    expectInputError(
      { source: qkv([[1, 2]], [[1, 2]], [[1, 2, 3]]), heads: 2 },
      { code: "heads", matrix: "V", says: ["3 columns", "multiple of 2"] },
    );
  });

  it("d_model not divisible by heads (tokens source: W_Q is [d_model, d_model])", () => {
    const I3 = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expectInputError(
      {
        source: {
          kind: "tokens",
          tokens: ["a", "b"],
          dModel: 3,
          seed: 0,
          positional: "none",
          wq: I3,
          wk: I3,
          wv: I3,
        },
        heads: 2,
      },
      { code: "heads", matrix: "W_Q", says: ["3 columns", "2 heads"] },
    );
  });

  for (const heads of [0, 2.5, -1, NaN, LIMITS.maxHeads + 1]) {
    it(`heads = ${heads} is refused`, () => {
      expectInputError(
        { source: goodSource, heads },
        { code: "heads", matrix: "heads", says: [`heads is ${heads}`] },
      );
    });
  }
});

describe("masks", () => {
  const mask = (m: MaskSpec): AttentionSpec => ({ source: goodSource, mask: m }); // 1 query, 3 keys

  it("custom mask with the wrong number of rows (one per query)", () => {
    expectInputError(
      mask({
        kind: "custom",
        masked: [
          [0, 0, 1],
          [0, 0, 0],
        ],
      }),
      { code: "mask", matrix: "mask", says: ["2 rows", "expected 1", "rows are queries"] },
    );
  });

  it("custom mask with the wrong number of columns (one per key)", () => {
    expectInputError(mask({ kind: "custom", masked: [[0, 1]] }), {
      code: "mask",
      matrix: "mask",
      row: 0,
      says: ["mask row 1", "2 entries", "expected 3"],
    });
  });

  it("custom mask entry 2", () => {
    expectInputError(mask({ kind: "custom", masked: [[0, 2, 1]] }), {
      code: "mask",
      matrix: "mask",
      row: 0,
      col: 1,
      says: ["mask row 1, column 2", "is 2"],
    });
  });

  it("custom mask entry that is a string", () => {
    expectInputError(mask({ kind: "custom", masked: [[0, "1" as unknown as number, 1]] }), {
      code: "mask",
      matrix: "mask",
      row: 0,
      col: 1,
    });
  });

  for (const validLength of [4, -1, 1.5, NaN]) {
    it(`padding validLength ${validLength} is out of range for 3 keys`, () => {
      expectInputError(mask({ kind: "padding", validLength }), {
        code: "mask",
        matrix: "mask",
        says: [`${validLength}`, "0 to 3"],
      });
    });
  }

  it("an unknown mask kind", () => {
    expectInputError(mask({ kind: "diagonal" } as unknown as MaskSpec), {
      code: "mask",
      matrix: "mask",
      says: ["diagonal"],
    });
  });
});

describe("temperature", () => {
  for (const temperature of [0, -1, NaN, Infinity, -0]) {
    it(`τ = ${temperature} is refused`, () => {
      expectInputError(
        { source: goodSource, temperature },
        { code: "temperature", matrix: "temperature", says: ["τ", "greater than 0"] },
      );
    });
  }

  it("a tiny positive τ is accepted", () => {
    expect(maybeProblem({ source: goodSource, temperature: 1e-6 }).ok).toBe(true);
  });
});

describe("sizes past LIMITS", () => {
  it(`more than LIMITS.maxTokens (${LIMITS.maxTokens}) queries`, () => {
    expectInputError(
      { source: qkv(zeros(LIMITS.maxTokens + 1, 1), [[1]], [[1]]) },
      {
        code: "too-large",
        matrix: "Q",
        named: "queries",
        expects: /too large: expected at most/,
        says: [`${LIMITS.maxTokens + 1} queries`],
      },
    );
  });

  it("more than LIMITS.maxTokens keys", () => {
    const k = zeros(LIMITS.maxTokens + 1, 1);
    expectInputError(
      { source: qkv([[1]], k, k) },
      {
        code: "too-large",
        matrix: "K",
        named: "keys",
        expects: /too large: expected at most/,
        says: [`${LIMITS.maxTokens + 1} keys`],
      },
    );
  });

  it("more than LIMITS.maxTokens tokens", () => {
    const tokens = new Array<string>(LIMITS.maxTokens + 1).fill("a");
    expectInputError(
      { source: { kind: "tokens", tokens, dModel: 2, seed: 0, positional: "none", wq: I2, wk: I2, wv: I2 } },
      {
        code: "too-large",
        matrix: "tokens",
        expects: /too large: expected at most/,
        says: [`${LIMITS.maxTokens + 1} tokens`, `${LIMITS.maxTokens}`],
      },
    );
  });

  it("heads × n × m past LIMITS.maxScoreCells", () => {
    // 4 heads × 4096 × 4096 = 2^26 > 2^25.
    const n = LIMITS.maxTokens;
    const m = zeros(n, 4);
    expect(4 * n * n).toBeGreaterThan(LIMITS.maxScoreCells);
    expectInputError(
      { source: qkv(m, m, m), heads: 4 },
      {
        code: "too-large",
        matrix: "scores",
        expects: /too large: expected at most/,
        says: ["4 heads", `${4 * n * n}`, `${LIMITS.maxScoreCells}`],
      },
    );
  });

  it("heads × n × m exactly at LIMITS.maxScoreCells is accepted", () => {
    // 2 heads × 4096 × 4096 = 2^25.
    const m = zeros(LIMITS.maxTokens, 2);
    expect(2 * LIMITS.maxTokens ** 2).toBe(LIMITS.maxScoreCells);
    expect(maybeProblem({ source: qkv(m, m, m), heads: 2 }).ok).toBe(true);
  });

  it("a Q/K width past LIMITS.maxWidth", () => {
    const w = zeros(1, LIMITS.maxWidth + 1);
    expectInputError(
      { source: qkv(w, w, [[1]]) },
      {
        code: "too-large",
        matrix: "Q/K width",
        expects: /too large: expected at most/,
        says: ["2049", "2048"],
      },
    );
  });
});

describe("score functions", () => {
  it("an unknown score function", () => {
    expectInputError(
      { source: goodSource, score: "softmax" as unknown as AttentionSpec["score"] },
      { code: "invalid", matrix: "score", says: ['"softmax"', "dot, scaled-dot, general, additive, cosine"] },
    );
  });

  it("general without scoreParams", () => {
    expectInputError(
      { source: goodSource, score: "general" },
      {
        code: "invalid",
        matrix: "W (general)",
        named: "scoreParams.general",
        expects: /needs/,
        says: ["[2, 2]", "got none"],
      },
    );
  });

  it("general with one W for two heads", () => {
    expectInputError(
      {
        source: qkv([[1, 2]], [[1, 2]], [[1, 2]]),
        heads: 2,
        score: "general",
        scoreParams: { general: [[[1]]] },
      },
      {
        code: "invalid",
        matrix: "W (general)",
        named: "scoreParams.general",
        expects: /needs/,
        says: ["2 matrices", "got 1"],
      },
    );
  });

  it("general with a W of the wrong shape", () => {
    expectInputError(
      { source: goodSource, score: "general", scoreParams: { general: [[[1, 0, 0]]] } },
      { code: "shape", matrix: "W (general, head 1)", says: ["[1, 3]", "[2, 2]"] },
    );
  });

  it("additive without scoreParams", () => {
    expectInputError(
      { source: goodSource, score: "additive" },
      {
        code: "invalid",
        matrix: "W (additive)",
        named: "scoreParams.additive",
        expects: /needs/,
        says: ["{wq, wk, v}", "got none"],
      },
    );
  });

  it("additive with a v of the wrong length", () => {
    expectInputError(
      {
        source: goodSource,
        score: "additive",
        scoreParams: { additive: [{ wq: I2, wk: I2, v: [1, 2, 3] }] },
      },
      { code: "shape", matrix: "v (additive, head 1)", says: ["3 entries", "expected 2"] },
    );
  });

  it("additive with a W_k of the wrong shape", () => {
    expectInputError(
      {
        source: goodSource,
        score: "additive",
        scoreParams: { additive: [{ wq: I2, wk: [[1, 2]], v: [1, 2] }] },
      },
      { code: "shape", matrix: "W_k (additive, head 1)", says: ["[1, 2]", "[2, 2]"] },
    );
  });
});

describe("a null mask", () => {
  it("means no mask, as undefined does (JSON has no undefined)", () => {
    const spec = {
      source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] },
      mask: null,
    } as unknown as AttentionSpec;
    const r = maybeProblem(spec);
    expect(r.ok && Array.from(r.value.mask)).toEqual([0]);
  });
});

describe("maybeProblem never throws", () => {
  const garbage: [string, unknown][] = [
    ["{}", {}],
    ["{source: null}", { source: null }],
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a string", "attention"],
    ["source: a string", { source: "qkv" }],
    ["an unknown source kind", { source: { kind: "pixels" } }],
    ["qkv with nothing", { source: { kind: "qkv" } }],
    ["qkv with strings for matrices", { source: { kind: "qkv", q: "1 2", k: "3 4", v: "5 6" } }],
    ["qkv with rows that are not arrays", { source: { kind: "qkv", q: [1, 2], k: [[1]], v: [[1]] } }],
    ["tokens with nothing", { source: { kind: "tokens" } }],
    [
      "tokens with numbers",
      { source: { kind: "tokens", tokens: [1, 2], dModel: 2, seed: 0, positional: "none" } },
    ],
    ["embeddings with nothing", { source: { kind: "embeddings" } }],
    [
      "custom mask with null rows",
      { source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] }, mask: { kind: "custom", masked: null } },
    ],
    [
      "additive with a null entry",
      {
        source: { kind: "qkv", q: [[1]], k: [[1]], v: [[1]] },
        score: "additive",
        scoreParams: { additive: [null] },
      },
    ],
    [
      "a getter that throws",
      Object.defineProperty({}, "source", {
        get() {
          throw new Error("boom");
        },
      }),
    ],
  ];
  for (const [name, spec] of garbage) {
    it(`returns ok: false with an AttentionInputError for ${name}`, () => {
      let result: ReturnType<typeof maybeProblem> | undefined;
      expect(() => {
        result = maybeProblem(spec as AttentionSpec);
      }).not.toThrow();
      expect(result?.ok).toBe(false);
      if (result && !result.ok) {
        expect(result.error).toBeInstanceOf(AttentionInputError);
        expect(result.error.message.length).toBeGreaterThan(0);
      }
    });
  }
});
