import { createMatrix, layer } from "../core/matrix";
import type { MessageParams } from "../core/messages";
import type { Matrix, Stack } from "../core/types";
import type { CellDescription, FlowTokenDescription } from "../render/index";
import type { ScaleBy } from "../render/scaleBy";

/**
 * What the explorer (src/ui/StepContent.tsx) and the widget (src/embed/figure.ts) both draw and say. No React
 * here: the widget's first download imports this module.
 */

/** The messages said here: the explorer's translate and the widget's both know them. */
export type DescribeKey =
  | "a11y.cell"
  | "a11y.cellMasked"
  | "a11y.flowQuery"
  | "a11y.flowKey"
  | "a11y.flowQueryNone"
  | "a11y.flowKeyNone"
  | "a11y.inHead"
  | "view.flowLoupeQuery"
  | "view.flowLoupeKey";

/** A translate function: the explorer's useT(), or the widget's translate in its language. */
export type Say = (key: DescribeKey, params?: MessageParams) => string;

/** The message that titles a weights legend: the weight, or by row the weight ÷ its row's largest. */
export const weightLegendKey = (scaleBy: ScaleBy | undefined) =>
  scaleBy === "row" ? ("view.weightOfRow" as const) : ("view.weight" as const);

/** Past this many tokens a side, lines between tokens a few pixels apart are a blur, and slow to draw. */
export const MAX_FLOW_TOKENS = 128;

/** The one step whose view can be the mean of the heads: the attention weights. */
export const MEAN_STEP = 6;

/**
 * The head whose numbers step `step` shows when `head` is chosen: the mean of the heads only at step 6, as
 * BertViz and the papers average attention weights (each row still sums to 1); at the other steps head 1.
 * A mean of scores is no quantity of attention (a masked one is a mean of −∞, and softmax of the mean is
 * not the mean of the softmaxes), and heads' outputs lie in their own d_v columns of V, so averaging them
 * mixes unrelated dimensions. A head past the trace's count is head 1 too.
 */
export function shownHead(step: number, head: number | "mean", heads: number): number | "mean" {
  if (head === "mean") return step === MEAN_STEP && heads > 1 ? "mean" : 0;
  return head < heads ? head : 0;
}

const means = new WeakMap<Stack, Matrix>();
const heads = new WeakMap<Stack, Matrix[]>();

/**
 * Head h's matrix, or the mean over heads (−∞ stays −∞: a masked cell is masked in every head). Each is
 * made once per stack, so pointing (which re-renders) never makes a new matrix for the views to repaint.
 */
export function headMatrix(stack: Stack, head: number | "mean"): Matrix {
  if (head !== "mean") {
    // layer() makes a new view object each call: one per head is kept, so a re-render keeps its identity.
    const h = Math.min(head, stack.depth - 1);
    let views = heads.get(stack);
    if (!views) heads.set(stack, (views = []));
    return (views[h] ??= layer(stack, h));
  }
  const cached = means.get(stack);
  if (cached) return cached;
  const size = stack.rows * stack.cols;
  const mean = createMatrix(stack.rows, stack.cols);
  for (let h = 0; h < stack.depth; h++) {
    for (let i = 0; i < size; i++)
      mean.data[i] = (mean.data[i] as number) + (stack.data[h * size + i] as number) / stack.depth;
  }
  means.set(stack, mean);
  return mean;
}

const slices = new WeakMap<Matrix, Matrix[]>();

/**
 * Head h's columns of a [tokens, heads·width] matrix (columns h·width … (h+1)·width − 1, README "Heads"):
 * the V that head h weighs at step 7. Each is made once per matrix, as headMatrix's are.
 */
export function headColumns(m: Matrix, head: number, width: number): Matrix {
  let views = slices.get(m);
  if (!views) slices.set(m, (views = []));
  const cached = views[head];
  if (cached) return cached;
  const slice = createMatrix(m.rows, width);
  for (let i = 0; i < m.rows; i++)
    slice.data.set(m.data.subarray(i * m.cols + head * width, i * m.cols + (head + 1) * width), i * width);
  return (views[head] = slice);
}

/** A flow token in its loupe under a finger, by its side: "query 'it'", "key 'animal'". */
export function nameFlowToken(t: Say, side: "query" | "key", label: string): string {
  return t(side === "query" ? "view.flowLoupeQuery" : "view.flowLoupeKey", { token: label });
}

/** What a screen reader says of a cell of a [queries, keys] matrix: "query 'it', key 'animal', weight 0.62". */
export function describeScoreCell(t: Say, quantity: string, cell: CellDescription): string {
  const names = { query: cell.rowLabel, key: cell.colLabel };
  return cell.masked ? t("a11y.cellMasked", names) : t("a11y.cell", { ...names, quantity, value: cell.text });
}

/** A flow token: "query 'it': strongest key 'animal', 0.62", with the head when several are drawn. */
export function describeFlowToken(t: Say, token: FlowTokenDescription, heads: number): string {
  const { side, label, strongest } = token;
  if (!strongest) return t(side === "query" ? "a11y.flowQueryNone" : "a11y.flowKeyNone", { token: label });
  const text = t(side === "query" ? "a11y.flowQuery" : "a11y.flowKey", {
    token: label,
    other: strongest.label,
    value: strongest.text,
  });
  return heads > 1 ? t("a11y.inHead", { text, n: strongest.head + 1 }) : text;
}
