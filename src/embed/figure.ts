import { layer } from "../core/matrix";
import type { MessageParams } from "../core/messages";
import type { AttentionTrace, Matrix, Stack } from "../core/types";
import {
  applyFlowHighlight,
  applyHighlight,
  applyTheme,
  flow,
  heatmap,
  updateFlow,
  updateHeatmap,
  HEAD_COLORS,
} from "../render/index";
import {
  describeFlowToken,
  describeScoreCell,
  headMatrix,
  MAX_FLOW_TOKENS,
  MEAN_STEP,
  nameFlowToken,
  shownHead,
  weightLegendKey,
} from "../explorer/describe";
import type { Lang } from "../i18n/lang";
import { STEP_COUNT } from "../explorer/state";
import { qkvGiven, stepInfo, STEPS } from "../explorer/steps";
import type { PaletteName } from "../render/paletteName";
import type { ScaleBy } from "../render/scaleBy";
import type { View } from "./attributes";
import { translate, type WidgetKey } from "./say";

/** The pointed or locked cell: rows are queries, columns are keys; either may be unknown (a flow token). */
export interface Selection {
  readonly query?: number;
  readonly key?: number;
}

export interface FigureOptions {
  readonly step: number;
  /** 0-based head drawn, or the mean over heads. */
  readonly head: number | "mean";
  readonly view: View;
  readonly lang: Lang;
  /** Room available, px. */
  readonly width: number;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** The heatmap's colours (the explorer's Colours setting). */
  readonly palette: PaletteName;
  /** Weights coloured on one 0–1 scale ("domain") or each row from 0 to its largest ("row"). */
  readonly weightScale: ScaleBy;
}

export interface Figure {
  readonly node: HTMLElement;
  /** New numbers of the same computation (the engine's, after the reference's): painted in place. */
  update(trace: AttentionTrace): void;
  /** Repaints canvases with the current theme colours. */
  repaint(): void;
}

/** Heatmap and flow side by side from this width; stacked below it. */
const SIDE_BY_SIDE = 720;

/** The [heads, queries, keys] stack a step is about, and how it is coloured. */
interface Shown {
  /** The explorer's step whose matrix this is: 3 to 5, or 6 (the weights, also drawn at steps 1–2 and 7–8). */
  readonly of: number;
  readonly stack: (trace: AttentionTrace) => Stack;
  readonly kind: "diverging" | "sequential";
  readonly title: WidgetKey;
  readonly quantity: WidgetKey;
  readonly masked: boolean;
}

/**
 * What each step shows. Steps 3–5 have a [queries, keys] matrix of their own (scores, scaled, masked).
 * Steps 1–2 (embeddings, projections) and 7–8 (weighted sums, heads joined) are about [tokens, dimensions]
 * matrices, which have no query–key cells to point at and no flow: the widget shows the attention weights
 * there, the matrix those steps lead to or use, and its heatmap title says so.
 */
function shownFor(step: number): Shown {
  switch (step) {
    case 3:
      return {
        of: 3,
        stack: (t) => t.scores,
        kind: "diverging",
        title: "view.scores",
        quantity: "a11y.score",
        masked: false,
      };
    case 4:
      return {
        of: 4,
        stack: (t) => t.scaled,
        kind: "diverging",
        title: "view.scaled",
        quantity: "a11y.scaled",
        masked: false,
      };
    case 5:
      return {
        of: 5,
        stack: (t) => t.masked,
        kind: "diverging",
        title: "view.masked",
        quantity: "a11y.masked",
        masked: true,
      };
    default:
      return {
        of: MEAN_STEP,
        stack: (t) => t.weights,
        kind: "sequential",
        title: "view.weights",
        quantity: "a11y.weight",
        masked: true,
      };
  }
}

/**
 * The explorer's title of a step (explorer/steps.ts; the titles are in the app catalog, which the widget
 * has), for a trace made from a sequence or from Q, K and V given inline (qkvGiven).
 */
export const stepTitle = (lang: Lang, step: number, trace: AttentionTrace): string => {
  const info = STEPS[step - 1] ? stepInfo(step, qkvGiven(trace), trace) : STEPS[5]!;
  return translate(lang, info.title as WidgetKey);
};

/** Rows of a matrix as plain arrays (−∞ becomes null in JSON): what tests and readers of the page compare. */
const rowsOf = (m: Matrix): number[][] =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));

function element<K extends keyof HTMLElementTagNameMap>(name: K, className: string, text?: string) {
  const node = document.createElement(name);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The widget's figure for one step: a caption (the step's title, and which way the matrix reads), the
 * step's [queries, keys] matrix as a heatmap and/or the weights as a flow, linked: pointing at a cell lights
 * its query and key in both views, a click locks it. Built with the render layer's plain functions.
 */
export function createFigure(initial: AttentionTrace, options: FigureOptions): Figure {
  const { step, view, lang, width, queryLabels, keyLabels, palette } = options;
  const t = (key: WidgetKey, params?: MessageParams) => translate(lang, key, params);
  const shown = shownFor(step);
  // The flow draws the weights, every head's lines for the mean. The heatmap draws the head its matrix's
  // step shows in the explorer (describe.ts shownHead): the mean of the weights, but head 1 of the scores,
  // each head's own (a mean of scores is nothing attention computes), with a line that says why.
  const head = options.head === "mean" || options.head < initial.heads ? options.head : 0;
  const matrixHead = shownHead(shown.of, head, initial.heads);
  let trace = initial;

  const figure = element("figure", "apw-figure");
  figure.setAttribute("aria-label", t("embed.figure"));
  const caption = element("figcaption", "apw-caption");
  caption.append(
    element(
      "span",
      "apw-title",
      t("embed.caption", { n: step, total: STEP_COUNT, title: stepTitle(lang, step, initial) }),
    ),
    element("span", "apw-orientation", t("embed.orientation")),
  );
  figure.append(caption);

  const sideBySide = view === "both" && width >= SIDE_BY_SIDE;
  const views = element("div", sideBySide ? "apw-views apw-side" : "apw-views");
  figure.append(views);
  const readout = element("p", "apw-readout");
  readout.setAttribute("aria-live", "polite");
  figure.append(readout);

  const paneWidth = sideBySide ? Math.floor((width - 24) / 2) : width;
  const headTitle = matrixHead === "mean" ? t("view.mean") : t("view.head", { n: matrixHead + 1 });
  const title = initial.heads > 1 ? `${t(shown.title)} · ${headTitle}` : t(shown.title);
  const maskOf = (tr: AttentionTrace) => (shown.masked ? tr.mask : undefined);
  const matrixOf = (tr: AttentionTrace) => headMatrix(shown.stack(tr), matrixHead);
  const flowWeightsOf = (tr: AttentionTrace) =>
    head === "mean"
      ? Array.from({ length: tr.heads }, (_, h) => layer(tr.weights, h))
      : [layer(tr.weights, head)];

  let heatmapNode: HTMLElement | undefined;
  if (view !== "flow") {
    const quantity = t(shown.quantity);
    // As the explorer: only weights are coloured by row.
    const scaleBy = shown.kind === "sequential" ? options.weightScale : undefined;
    heatmapNode = heatmap(matrixOf(trace), {
      rowLabels: [...queryLabels],
      colLabels: [...keyLabels],
      rowTitle: t("axis.queries"),
      colTitle: t("axis.keys"),
      title,
      kind: shown.kind,
      palette,
      ...(scaleBy ? { scaleBy } : {}),
      masked: maskOf(trace),
      width: Math.min(paneWidth, 120 + keyLabels.length * 64),
      legendTitle: shown.kind === "sequential" ? t(weightLegendKey(scaleBy)) : t("view.score"),
      ariaLabel: title,
      showValues: "auto",
      digits: 2,
      keyHint: t("a11y.heatmapKeys"),
      describeCell: (cell) => describeScoreCell(t, quantity, cell),
    });
    const pane = element("div", "ap-view apw-heatmap");
    pane.append(heatmapNode);
    if (head === "mean" && matrixHead !== "mean" && initial.heads > 1)
      pane.append(element("p", "apw-hint", t("view.meanOfWeights", { n: matrixHead + 1 })));
    views.append(pane);
  }

  let flowNode: SVGSVGElement | undefined;
  if (view !== "heatmap") {
    const pane = element("div", "ap-view apw-flow");
    pane.append(element("div", "apw-flow-title", t("view.flow")));
    if (Math.max(queryLabels.length, keyLabels.length) > MAX_FLOW_TOKENS) {
      pane.append(element("p", "apw-hint", t("view.flowTooLarge", { max: MAX_FLOW_TOKENS })));
    } else {
      const narrow = paneWidth < 560;
      const weights = flowWeightsOf(trace);
      flowNode = flow(weights, {
        queryLabels: [...queryLabels],
        keyLabels: [...keyLabels],
        queryTitle: t("axis.queries"),
        keyTitle: t("axis.keys"),
        width: Math.min(paneWidth, 640),
        height: narrow ? 260 : Math.max(220, 30 * Math.max(queryLabels.length, keyLabels.length) + 40),
        orientation: narrow ? "vertical" : "horizontal",
        ariaLabel: t("view.flow"),
        headColors: head === "mean" ? HEAD_COLORS : [HEAD_COLORS[head % HEAD_COLORS.length] ?? "#0072B2"],
        headLabels:
          head === "mean" && trace.heads > 1
            ? Array.from({ length: trace.heads }, (_, h) => t("view.head", { n: h + 1 }))
            : undefined,
        describeToken: (token) => describeFlowToken(t, token, weights.length),
        nameToken: ({ side }, label) => nameFlowToken(t, side, label),
      });
      pane.append(flowNode);
    }
    views.append(pane);
  }

  // The numbers shown, as data: a page (or a test) reads exactly what is drawn.
  const expose = () => {
    figure.dataset.step = String(step);
    figure.dataset.matrix = JSON.stringify(rowsOf(matrixOf(trace)));
    figure.dataset.weights = JSON.stringify(rowsOf(headMatrix(trace.weights, head)));
    figure.dataset.backend = trace.backend;
  };
  expose();

  // Pointing: what the pointer is on wins; otherwise what a click locked.
  let pointed: Selection | null = null;
  let locked: Selection | null = null;
  const show = () => {
    const at = pointed ?? locked ?? {};
    if (heatmapNode) applyHighlight(heatmapNode, { row: at.query, col: at.key });
    if (flowNode) applyFlowHighlight(flowNode, at);
    readout.textContent = describe(at);
  };
  const describe = ({ query, key }: Selection): string => {
    const label = (labels: readonly string[], i: number) => labels[i] ?? String(i + 1);
    if (query !== undefined && key !== undefined) {
      const m = matrixOf(trace);
      const value = m.data[query * m.cols + key] as number;
      const isMasked = value === -Infinity || (shown.masked && trace.mask[query * m.cols + key] === 1);
      const names = { query: label(queryLabels, query), key: label(keyLabels, key) };
      return isMasked
        ? t("a11y.cellMasked", names)
        : t("a11y.cell", {
            ...names,
            quantity: t(shown.quantity),
            value: value.toFixed(4).replace("-", "−"),
          });
    }
    if (query !== undefined || key !== undefined) {
      const w = headMatrix(trace.weights, head);
      const side = query !== undefined ? "query" : "key";
      const index = (query ?? key) as number;
      const count = side === "query" ? w.cols : w.rows;
      let best = -1;
      let bestWeight = 0;
      for (let k = 0; k < count; k++) {
        const x = w.data[side === "query" ? index * w.cols + k : k * w.cols + index] as number;
        if (x > bestWeight) [best, bestWeight] = [k, x];
      }
      const token = side === "query" ? label(queryLabels, index) : label(keyLabels, index);
      if (best < 0) return t(side === "query" ? "a11y.flowQueryNone" : "a11y.flowKeyNone", { token });
      const other = side === "query" ? label(keyLabels, best) : label(queryLabels, best);
      return t(side === "query" ? "a11y.flowQuery" : "a11y.flowKey", {
        token,
        other,
        value: bestWeight.toFixed(4),
      });
    }
    return "";
  };
  const selectionOf = (event: Event): Selection | null => {
    const value = (event.target as { value?: unknown }).value;
    if (!value || typeof value !== "object") return null;
    if ("row" in value && "col" in value) {
      const { row, col } = value as { row: number; col: number };
      return { query: row, key: col };
    }
    return value as Selection;
  };
  views.addEventListener("input", (event) => {
    pointed = selectionOf(event);
    show();
  });
  views.addEventListener("change", (event) => {
    locked = selectionOf(event);
    pointed = null;
    show();
  });

  return {
    node: figure,
    update(next) {
      trace = next;
      if (heatmapNode) updateHeatmap(heatmapNode, matrixOf(trace), maskOf(trace));
      if (flowNode) updateFlow(flowNode, flowWeightsOf(trace));
      expose();
      show();
    },
    repaint() {
      if (heatmapNode) applyTheme(heatmapNode);
    },
  };
}
