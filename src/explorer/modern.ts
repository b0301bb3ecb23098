import { alibiBias } from "../core/alibi";
import { entry, layer } from "../core/matrix";
import type { OnlineBlock } from "../core/onlineSoftmax";
import { applyRope, ropeFrequencies, ropePairs } from "../core/rope";
import type { AttentionTrace, Matrix } from "../core/types";
import { isRight, readAnswer, type Mark } from "./exercise";
import { tex, wrap } from "./formula";

/**
 * What the explorer shows of modern attention, computed from the trace on screen: RoPE's rotation of one
 * token's first pair, the relative-position check, ALiBi's bias of one cell, and one block of the tiled
 * online softmax, each as TeX with the real numbers. Every number is read from the trace or from the core's
 * own functions; nothing is computed here that the engine does not also compute.
 */

/** Head h's columns of row `row` of an [n, heads·d] matrix. */
export function headRow(m: Matrix, row: number, head: number, width: number): number[] {
  return Array.from({ length: width }, (_, c) => entry(m, row, head * width + c));
}

/** One rotated pair: the vector before and after, the angle, at position p. */
export interface RotatedPair {
  readonly before: readonly [number, number];
  readonly after: readonly [number, number];
  readonly angle: number;
  readonly position: number;
  readonly theta: number;
}

/** Pair i of head h of row `row`, before and after RoPE (the trace's own q/k and rotated q/k). */
export function rotatedPair(
  trace: AttentionTrace,
  side: "q" | "k",
  row: number,
  head: number,
  pair = 0,
): RotatedPair | undefined {
  const rope = trace.rope;
  const rotated = side === "q" ? trace.qRotated : trace.kRotated;
  if (!rope || !rotated) return undefined;
  const kv = side === "k" ? (trace.kvHeadOf[head] ?? head) : head;
  const [a, b] = ropePairs(trace.dK, rope.layout)[pair] ?? [0, 1];
  const plain = headRow(side === "q" ? trace.q : trace.k, row, kv, trace.dK);
  const turned = headRow(rotated, row, kv, trace.dK);
  const theta = ropeFrequencies(trace.dK, rope.base)[pair] ?? 1;
  const position = row + rope.offset;
  return {
    before: [plain[a] ?? 0, plain[b] ?? 0],
    after: [turned[a] ?? 0, turned[b] ?? 0],
    angle: position * theta,
    position,
    theta,
  };
}

/**
 * [a, b] → [a cos pθ − b sin pθ, a sin pθ + b cos pθ], with the numbers of one pair: a negative b in
 * parentheses, so that "− −2.241" reads "− (−2.241)".
 */
export function ropeFormula(p: RotatedPair): string {
  const [a, b] = p.before;
  const [x, y] = p.after;
  const angle = `${p.position}\\cdot${tex(p.theta, 4)}`;
  return String.raw`\begin{bmatrix}${tex(a)}\\${tex(b)}\end{bmatrix}\xrightarrow{\;p\theta\,=\,${angle}\,=\,${tex(p.angle)}\;}\begin{bmatrix}${tex(a)}\cos ${tex(p.angle)} - ${wrap(b)}\sin ${tex(p.angle)}\\ ${tex(a)}\sin ${tex(p.angle)} + ${wrap(b)}\cos ${tex(p.angle)}\end{bmatrix} = \begin{bmatrix}${tex(x)}\\${tex(y)}\end{bmatrix}`;
}

/**
 * The relative-position check: head h's q_i·k_j with RoPE at positions (i, j), and again with both moved
 * `shift` places later. The second is computed by the core's applyRope on the trace's unrotated q_i and k_j.
 */
export function relativeScores(
  trace: AttentionTrace,
  head: number,
  query: number,
  key: number,
  shift: number,
): { score: number; shifted: number } | undefined {
  const rope = trace.rope;
  if (!rope) return undefined;
  const d = trace.dK;
  const kv = trace.kvHeadOf[head] ?? head;
  const at = (v: number[], position: number) =>
    applyRope({ rows: 1, cols: d, data: Float64Array.from(v) }, d, { ...rope, offset: position }).data;
  const q = headRow(trace.q, query, head, d);
  const k = headRow(trace.k, key, kv, d);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
    Array.from(a).reduce((s, x, c) => s + x * (b[c] as number), 0);
  const o = rope.offset;
  return {
    score: entry(layer(trace.scores, head), query, key),
    shifted: dot(at(q, query + o + shift), at(k, key + o + shift)),
  };
}

/** ALiBi on one cell: s̃ + (−m·|i − j|) = the biased score, with the trace's numbers. */
export function alibiFormula(trace: AttentionTrace, head: number, query: number, key: number): string {
  const slope = trace.alibiSlopes?.[head] ?? 0;
  const scaled = entry(layer(trace.scaled, head), query, key);
  const biased = trace.biased ? entry(layer(trace.biased, head), query, key) : scaled;
  const bias = alibiBias(slope, query, key);
  return String.raw`\tilde s_{${query + 1},${key + 1}} - m_{${head + 1}}\,|i - j| = ${tex(scaled)} - ${tex(slope, 5)}\cdot ${Math.abs(query - key)} = ${tex(scaled)} ${bias < 0 ? "-" : "+"} ${tex(Math.abs(bias), 4)} = ${tex(biased)}`;
}

/**
 * A number of the online softmax as its table beside the formula writes it (ModernPanel's fmt): up to 4
 * decimals, trailing zeros dropped, so that ℓ reads 1.2466 in both, not 1.2466 in one and 1.247 in the other.
 */
const asInTable = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)).toString() : tex(x));

/** One block of the online softmax, with its numbers: the new max, the rescale and the updated ℓ. */
export function onlineFormula(block: OnlineBlock, previousL: number, index: number): string {
  const mOld = asInTable(block.mOld);
  return String.raw`\text{B}_{${index + 1}}:\; m = \max(${mOld}, \max_{j\in[${block.start + 1},${block.end}]} s_j) = ${asInTable(block.m)},\quad e^{m_{old}-m} = ${asInTable(block.rescale)},\quad \ell = ${asInTable(previousL)}\cdot ${asInTable(block.rescale)} + \textstyle\sum_j e^{s_j - m} = ${asInTable(block.l)}`;
}

/**
 * The block the exercise asks about until the student picks one: the first whose larger max rescales what
 * came before (0 < e^{m_old − m} < 1), the rule the online softmax is about; else the first with a key to
 * read (a finite max); else the first. Masked keys leave a block's m at −∞ and its ℓ and o at 0: asked
 * about such a block, the student had nothing to compute (the modern lesson's first block of 3 keys lies
 * outside the window of "it").
 */
export function exerciseBlockOf(blocks: readonly OnlineBlock[]): number {
  const rescaled = blocks.findIndex((b) => b.rescale > 0 && b.rescale < 1);
  if (rescaled >= 0) return rescaled;
  return Math.max(
    0,
    blocks.findIndex((b) => Number.isFinite(b.m)),
  );
}

/** The exercise: m, ℓ and the first entry of o after a block, typed by the student, each marked. */
export interface OnlineAnswers {
  readonly m: string;
  readonly l: string;
  readonly o: string;
}

export function checkOnlineBlock(
  block: OnlineBlock,
  answers: OnlineAnswers,
): Record<keyof OnlineAnswers, Mark> {
  const mark = (text: string, truth: number): Mark => {
    const a = readAnswer(text);
    if (a === "empty" || a === "invalid") return a;
    return isRight(a, truth) ? "right" : "wrong";
  };
  return { m: mark(answers.m, block.m), l: mark(answers.l, block.l), o: mark(answers.o, block.o[0] ?? 0) };
}
