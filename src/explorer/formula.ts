import { entry, layer } from "../core/matrix";
import type { AttentionTrace, Matrix } from "../core/types";
import { MINUS } from "../render/format";

/**
 * The computation behind one cell, typeset (TeX for KaTeX) with the trace's real numbers: every number
 * here is read from the engine's trace; the only arithmetic done here is the products and exponentials
 * shown as terms, whose total is the engine's own value beside them.
 */
export interface Pointed {
  readonly head: number;
  readonly query: number;
  readonly key: number;
}

/** At most this many terms are written out; the middle ones become "⋯". */
const MAX_TERMS = 4;

/**
 * Whether `x` is the number `text` says, as far as the engines can tell: they compute in float32 (about 7
 * significant digits), where 1.1 typed in a grid is 1.100000024 and 1.5 × 1.1 is 1.650000095, and float64
 * has 1.5 × 1.1 = 1.6500000000000001. Within a millionth of the text, the text is the number.
 */
const isNumber = (x: number, text: string) => Math.abs(Number(text) - x) <= 1e-6 * Math.abs(x);

/**
 * A number with `significant` significant digits (0.99997 stays 0.99997 at 5, not "1"): trailing zeros are
 * dropped only when the shorter text is the number (isNumber: 1 → "1", 0.5 → "0.5", float32's 1.1 → "1.1"),
 * so "1.000" says that the value is not quite 1. Exponent form for |x| ≥ 1e5 or 0 < |x| < 1e-3. ASCII
 * minus: callers choose the sign.
 */
function significant(x: number, digits: number): { mantissa: string; exponent?: number } {
  const abs = Math.abs(x);
  const exact = (text: string) =>
    isNumber(x, text) && text.includes(".") ? text.replace(/\.?0+$/u, "") : text;
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) {
    const [mantissa = "", exponent = "0"] = x.toExponential(digits - 1).split("e");
    const m = isNumber(x, `${mantissa}e${exponent}`) ? mantissa.replace(/\.?0+$/u, "") : mantissa;
    return { mantissa: m, exponent: Number(exponent) };
  }
  // toPrecision writes 12345 with 4 digits as "1.235e+4": whole numbers that long are written whole.
  if (abs >= 10 ** digits) return { mantissa: String(Math.round(x)) };
  return { mantissa: exact(x.toPrecision(digits)) };
}

/** A number for KaTeX with `digits` significant digits; −∞ included. */
export function tex(x: number, digits = 4): string {
  if (x === -Infinity) return "-\\infty";
  if (x === Infinity) return "\\infty";
  if (Number.isNaN(x)) return "\\text{NaN}";
  const { mantissa, exponent } = significant(x, digits);
  return exponent === undefined ? mantissa : `${mantissa}\\times10^{${exponent}}`;
}

/** The same number as plain text, for a sentence beside the formula: "−1.234", "2.5e−7". */
export function plain(x: number, digits = 4): string {
  if (x === -Infinity) return `${MINUS}∞`;
  if (x === Infinity) return "∞";
  if (Number.isNaN(x)) return "NaN";
  const { mantissa, exponent } = significant(x, digits);
  const text = exponent === undefined ? mantissa : `${mantissa}e${exponent}`;
  return text.replaceAll("-", MINUS);
}

/** (a)(b) with parentheses only around negatives, so "0.5 \cdot (-1.2)" reads naturally. */
export const wrap = (x: number, digits?: number) => (x < 0 ? `(${tex(x, digits)})` : tex(x, digits));

/** Shows terms 1, 2, …, last with "⋯" when there are more than MAX_TERMS. */
function terms<T>(items: readonly T[], show: (item: T, index: number) => string): string {
  if (items.length <= MAX_TERMS) return items.map(show).join(" + ");
  const head = items.slice(0, MAX_TERMS - 1).map(show);
  return [...head, "\\cdots", show(items[items.length - 1] as T, items.length - 1)].join(" + ");
}

function row(m: Matrix, i: number, start = 0, count = m.cols): number[] {
  return Array.from(m.data.subarray(i * m.cols + start, i * m.cols + start + count));
}

/** A row vector, its first entries and "⋯" when it is long. */
const vector = (xs: readonly number[]) =>
  `\\begin{bmatrix}${(xs.length > MAX_TERMS ? [...xs.slice(0, MAX_TERMS - 1).map((x) => tex(x)), "\\cdots"] : xs.map((x) => tex(x))).join(" & ")}\\end{bmatrix}`;

/** Step 3: s_ij for a dot-product score: the terms of q_i · k_j. */
export function scoreFormula(trace: AttentionTrace, { head, query, key }: Pointed): string {
  const s = entry(layer(trace.scores, head), query, key);
  const q = row(trace.q, query, head * trace.dK, trace.dK);
  const k = row(trace.k, key, head * trace.dK, trace.dK);
  const ij = `_{${cellIndex(query, key)}}`;
  switch (trace.score) {
    case "dot":
    case "scaled-dot":
      return `s${ij} = q_{${query + 1}} \\cdot k_{${key + 1}} = ${terms(q, (x, c) => `${wrap(x)} \\times ${wrap(k[c] as number)}`)} = ${tex(s)}`;
    case "cosine":
      return `s${ij} = \\frac{q_{${query + 1}} \\cdot k_{${key + 1}}}{\\lVert q_{${query + 1}} \\rVert\\,\\lVert k_{${key + 1}} \\rVert} = ${tex(s)}`;
    case "general":
      return `s${ij} = q_{${query + 1}}\\, W\\, k_{${key + 1}}^{\\top} = ${tex(s)}`;
    case "additive":
      return `s${ij} = v^{\\top} \\tanh\\!\\left(q_{${query + 1}} W_q + k_{${key + 1}} W_k\\right) = ${tex(s)}`;
  }
}

/** Step 4: the division by √d_k (scaled dot only) and by τ. */
export function scaleFormula(trace: AttentionTrace, { head, query, key }: Pointed): string {
  const s = entry(layer(trace.scores, head), query, key);
  const scaled = entry(layer(trace.scaled, head), query, key);
  const ij = `_{${cellIndex(query, key)}}`;
  const divisor =
    trace.score === "scaled-dot"
      ? `\\sqrt{${trace.dK}}\\cdot ${tex(trace.temperature)}`
      : `${tex(trace.temperature)}`;
  const symbolic =
    trace.score === "scaled-dot" ? `\\frac{s${ij}}{\\sqrt{d_k}\\,\\tau}` : `\\frac{s${ij}}{\\tau}`;
  return `\\tilde s${ij} = ${symbolic} = \\frac{${tex(s)}}{${divisor}} = ${tex(scaled)}`;
}

/**
 * Step 5: the mask keeps the score or puts −∞ in its place. Only symbols: the panel says in words, in the
 * reader's language, which key is hidden (no English inside the TeX).
 */
export function maskFormula(trace: AttentionTrace, { head, query, key }: Pointed): string {
  const masked = entry(layer(trace.masked, head), query, key);
  const ij = `_{${cellIndex(query, key)}}`;
  return isMasked(trace, { head, query, key })
    ? `\\hat s${ij} = -\\infty`
    : `\\hat s${ij} = \\tilde s${ij} = ${tex(masked)}`;
}

export const isMasked = (trace: AttentionTrace, { query, key }: Pointed): boolean =>
  trace.mask[query * trace.keys + key] === 1;

/**
 * The subscript of cell (query, key), 1-based: "82" while both are single digits, as textbooks write a_{82};
 * "303,276" past 9, where "303276" could be read many ways.
 */
export function cellIndex(query: number, key: number): string {
  return query < 9 && key < 9 ? `${query + 1}${key + 1}` : `${query + 1},${key + 1}`;
}

/**
 * The largest score of the pointed row, which softmax subtracts before exp (as the engine does, so that
 * e^{±1e4} never overflows); undefined where no softmax is taken (hard attention, a row with every key masked).
 */
export function softmaxRowMax(trace: AttentionTrace, { head, query }: Pointed): number | undefined {
  if (trace.mode === "hard" || trace.emptyRows.includes(query)) return undefined;
  return Math.max(...row(layer(trace.masked, head), query));
}

/**
 * Step 6: a_ij = e^(ŝ_ij − m) / Σ_k e^(ŝ_ik − m), m the row's largest score, then the row's real terms and
 * their sum, then the weight. The weight is the engine's, with 5 significant digits (0.99997, not 1).
 */
export function softmaxFormula(trace: AttentionTrace, { head, query, key }: Pointed): string {
  const w = layer(trace.weights, head);
  const logits = row(layer(trace.masked, head), query);
  const weight = entry(w, query, key);
  const i = query + 1;
  const ij = `_{${cellIndex(query, key)}}`;
  const max = softmaxRowMax(trace, { head, query, key });
  if (max === undefined) {
    // Hard attention, or a row whose every key is masked (its weights are all 0; the panel says why).
    return trace.mode === "hard" && !trace.emptyRows.includes(query)
      ? `a${ij} = [\\,j = \\arg\\max_k \\hat s_{${i}k}\\,] = ${tex(weight, 5)}`
      : `a${ij} = 0`;
  }
  const visible = logits.filter((x) => x !== -Infinity);
  const sum = visible.reduce((acc, x) => acc + Math.exp(x - max), 0);
  const exp = (x: number) => `e^{${tex(x)} - ${wrap(max)}}`;
  // The cell's term and the row's sum with a digit more than the weight: divided by hand, they give the
  // weight's 5 digits (with 4 each, 1 / 1.667 = 0.59988 stood beside a weight of 0.59994).
  const numerator = tex(Math.exp((logits[key] as number) - max), 6);
  const total = tex(sum, 6);
  const denominator = `\\sum_k e^{\\hat s_{${i}k} - m}`;
  // The row's sum is a statement of its own: a sum of terms breaks after a + where it is wider than the
  // panel (Tex layout "statements"), a fraction's denominator never does (a projector's panel cut off its
  // last terms).
  return (
    `a${ij} = \\frac{e^{\\hat s${ij} - m}}{${denominator}},\\quad ` +
    `m = \\max_k \\hat s_{${i}k} = ${tex(max)};\\quad ` +
    `${denominator} = ${terms(visible, exp)} = ${total};\\quad ` +
    `a${ij} = \\frac{${exp(logits[key] as number)}}{${total}} = \\frac{${numerator}}{${total}} = ${tex(weight, 5)}`
  );
}

/** Step 7: output row i as the weighted sum of the value rows. */
export function outputFormula(trace: AttentionTrace, { head, query }: Pointed): string {
  const weights = row(layer(trace.weights, head), query);
  const out = row(layer(trace.headOutputs, head), query);
  const items = weights.map((a, j) => ({ a, j }));
  return (
    `o_{${query + 1}} = \\sum_j a_{${query + 1}j}\\, v_j = ` +
    `${terms(items, ({ a, j }) => `${tex(a)}\\,v_{${j + 1}}`)} = ${vector(out)}`
  );
}

/**
 * Step 6 with the mean of the heads on screen (describe.ts shownHead): the pointed weight is the average of
 * the heads' own, written out with each head's number, as the view computes it (describe.ts headMatrix).
 */
export function meanWeightFormula(trace: AttentionTrace, { query, key }: Pointed): string {
  const h = trace.heads;
  const ij = cellIndex(query, key);
  const heads = Array.from({ length: h }, (_, head) => head);
  const values = heads.map((head) => entry(layer(trace.weights, head), query, key));
  const mean = values.reduce((acc, x) => acc + x / h, 0);
  return (
    `\\bar a_{${ij}} = \\tfrac{1}{${h}}\\left(${terms(heads, (head) => `a^{(${head + 1})}_{${ij}}`)}\\right) = ` +
    `\\tfrac{1}{${h}}\\left(${terms(values, (x) => tex(x, 5))}\\right) = ${tex(mean, 5)}`
  );
}

/** Step 8: heads concatenated and projected. */
export function projectionFormula(trace: AttentionTrace, { query }: Pointed): string {
  const heads = Array.from({ length: trace.heads }, (_, h) => `o^{(${h + 1})}_{${query + 1}}`);
  const shown = heads.length > MAX_TERMS ? [...heads.slice(0, 2), "\\ldots", heads[heads.length - 1]] : heads;
  const out = row(trace.output, query);
  const projection = trace.projected ? "\\, W_O" : "";
  return `y_{${query + 1}} = [\\,${shown.join(",\\ ")}\\,]${projection} = \\begin{bmatrix}${out
    .slice(0, MAX_TERMS)
    .map((x) => tex(x))
    .join(" & ")}${out.length > MAX_TERMS ? " & \\cdots" : ""}\\end{bmatrix}`;
}

/** Step 1: the query token's vector, its embedding plus its positional encoding (when there is one). */
export function embeddingFormula(trace: AttentionTrace, { query }: Pointed): string {
  if (!trace.x) return `q_{${query + 1}} = ${vector(row(trace.q, query))}`;
  const x = row(trace.x, query);
  if (!trace.positional) return `x_{${query + 1}} = \\mathrm{embed}(t_{${query + 1}}) = ${vector(x)}`;
  const pe = row(trace.positional, query);
  // The embedding alone is x − PE: the trace keeps the sum and the encoding that was added.
  const e = x.map((value, c) => value - (pe[c] as number));
  return `x_{${query + 1}} = \\mathrm{embed}(t_{${query + 1}}) + PE_{${query}} = ${vector(e)} + ${vector(pe)} = ${vector(x)}`;
}

/** Step 2: the query, key and value rows of the pointed tokens. */
export function projectionRowsFormula(trace: AttentionTrace, { query, key }: Pointed): string {
  const project = trace.x ? (w: string, i: number) => `x_{${i + 1}} W_${w}` : undefined;
  const q = `q_{${query + 1}} = ${project ? `${project("Q", query)} = ` : ""}${vector(row(trace.q, query))}`;
  const k = `k_{${key + 1}} = ${vector(row(trace.k, key))}`;
  const v = `v_{${key + 1}} = ${vector(row(trace.v, key))}`;
  return `${q},\\quad ${k},\\quad ${v}`;
}
