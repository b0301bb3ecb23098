import type { Matrix } from "../core/types";
import { emitValue, indexLabels } from "./dom";
import { formatNumber } from "./format";
import {
  flowLayout,
  flowLineOpacity,
  flowLineWidth,
  flowLinks,
  LABEL_SIZE,
  MAX_LABEL,
  MIN_WEIGHT,
  type FlowLayout,
  type FlowToken,
} from "./flowLayout";
import { magnifyUnderFinger } from "./flowLoupe";
import { pixelRatio, sizeCanvas, styleSize } from "./canvas";
import { LINE_FIELDS, strokeLines, type LineFrame } from "./flowStroke";
import { offscreenPainter, painterReady } from "./offscreenFlow";
import { fitLabel } from "./fitLabel";
import { labelTurn } from "./heatmapLayout";
import { textWidth } from "./measure";
import { svgElement, svgText as text } from "./svg";

/** What a flow reports: the query token or the key token being pointed at. */
export type FlowValue = { readonly query: number } | { readonly key: number };
export type FlowElement = SVGSVGElement & { value: FlowValue | null };

/** Isolates the lines of one query, one key, or the one (query, key) pair. */
export interface FlowHighlight {
  readonly query?: number | undefined;
  readonly key?: number | undefined;
}

/**
 * A token as a screen reader hears it, handed to the host's `describeToken`, which words it in the reader's
 * language: "query 'it': strongest key 'animal', 0.62". `strongest` is the token on the other side with the
 * largest weight (over every head drawn), undefined when every weight is 0 (a query that sees no key).
 */
export interface FlowTokenDescription {
  readonly side: "query" | "key";
  readonly index: number;
  readonly label: string;
  readonly strongest?: {
    readonly index: number;
    readonly label: string;
    readonly head: number;
    readonly weight: number;
    /** The weight as people read it: formatNumber with `digits`. */
    readonly text: string;
  };
}

export interface FlowOptions {
  readonly queryLabels?: readonly string[];
  readonly keyLabels?: readonly string[];
  /** Titles of the two token columns, in the reader's language: "queries", "keys". */
  readonly queryTitle?: string;
  readonly keyTitle?: string;
  /** One colour per head; default Okabe–Ito, a categorical set made for colour-blind readers. */
  readonly headColors?: readonly string[];
  /** Names of the heads ("head 1"); when given, a key of colours is drawn. */
  readonly headLabels?: readonly string[];
  /** Lines for weights below this are left out. Default 0.01. */
  readonly minWeight?: number;
  /** horizontal: queries left, keys right; vertical: queries on top, keys below (for phone widths). */
  readonly orientation?: "horizontal" | "vertical";
  readonly highlight?: FlowHighlight;
  readonly width?: number;
  readonly height?: number;
  readonly ariaLabel: string;
  /** The accessible name of each token (read when it is focused); default: its label. Kept up to date. */
  readonly describeToken?: (token: FlowTokenDescription) => string;
  /** Decimals of the weight given to describeToken. Default 2. */
  readonly digits?: number;
  /**
   * A token's side and label in the reader's language, the caption of the loupe under a finger on close
   * tokens (flowLoupe.ts): "query 'it'". Default: in English.
   */
  readonly nameToken?: (token: FlowToken, label: string) => string;
}

/** Okabe & Ito (2008) without black, which would vanish on a dark theme. */
export const HEAD_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

/** A line as the flow draws it, from query `query` to key `key` in head `head`, in the flow's CSS px. */
export interface FlowLine {
  readonly head: number;
  readonly query: number;
  readonly key: number;
  readonly weight: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly stroke: string;
  readonly width: number;
  readonly opacity: number;
  /** Drawn at FADED of its opacity: another query's or key's lines are isolated. */
  faded: boolean;
}

interface FlowState {
  lines: readonly FlowLine[];
  /**
   * New weights whose lines are not made yet: they came while the flow was far from the screen, where nothing
   * is drawn. The lines are made when it comes near, or when someone asks for them (catchUp).
   */
  pending: readonly Matrix[] | undefined;
  readonly tokens: readonly SVGGElement[];
  highlight: FlowHighlight;
  readonly heads: number;
  readonly queries: number;
  readonly keys: number;
  /** Draws the lines of new weights of the same shape. */
  setWeights(weights: readonly Matrix[]): void;
  /** Paints the lines as they are onto the canvas. */
  paint(): void;
  /** Makes the pending weights' lines, faded as the highlight says. */
  catchUp(): void;
}

const states = new WeakMap<Element, FlowState>();

/**
 * Attention as lines from each query token to each key token, one colour per head, thicker and more opaque
 * for larger weights. weights: one [queries, keys] matrix per head, row-major; rows are queries.
 * Reports like an <input>: `value` = {query: i} or {key: j} while a token is pointed at (bubbling `input`),
 * null when the pointer leaves; a click or Enter reports `change`.
 */
export function flow(
  weights: readonly Matrix[],
  {
    queryLabels = indexLabels(weights[0]?.rows ?? 0),
    keyLabels = indexLabels(weights[0]?.cols ?? 0),
    queryTitle = "",
    keyTitle = "",
    headColors = HEAD_COLORS,
    headLabels,
    minWeight = MIN_WEIGHT,
    orientation = "horizontal",
    highlight = {},
    width = 360,
    height,
    ariaLabel,
    describeToken,
    digits = 2,
    nameToken = ({ side }, label) => `${side} '${label}'`,
  }: FlowOptions,
): FlowElement {
  const queries = weights[0]?.rows ?? 0;
  const keys = weights[0]?.cols ?? 0;
  const layout = flowLayout(
    { queries, keys, heads: weights.length },
    { queryLabels, keyLabels, queryTitle, keyTitle, headLabels, orientation, width, height },
  );
  const { vertical, rotate, band, labelEvery, step, queryAt, keyAt, height: total } = layout;

  const svg = Object.assign(
    svgElement("svg", { class: "ap-flow", width, height: total, viewBox: `0 0 ${width} ${total}` }),
    {
      value: null as FlowValue | null,
    },
  );
  // A group, not an image: an image's content is presentational, and its tokens are focusable buttons.
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", ariaLabel);
  const axisTitle = (content: string, at: { x: number; y: number; anchor: "start" | "end" }) =>
    text(content, {
      x: at.x,
      y: at.y,
      ...(at.anchor === "end" ? { "text-anchor": "end" } : {}),
      class: "ap-axis-title",
    });
  if (layout.queryTitle) svg.append(axisTitle(queryTitle, layout.queryTitle));
  if (layout.keyTitle) svg.append(axisTitle(keyTitle, layout.keyTitle));

  // The lines are painted on a canvas under the tokens: a flow of 128 tokens has up to MAX_LINES (2,000)
  // of them, and as SVG elements every edit rebuilt, styled and laid out each one (long tasks while dragging).
  const links = svgElement("foreignObject", { class: "ap-flow-links", x: 0, y: 0, width, height: total });
  const newCanvas = () => {
    const made = document.createElementNS("http://www.w3.org/1999/xhtml", "canvas") as HTMLCanvasElement;
    made.className = "ap-flow-canvas";
    return made;
  };
  let canvas = newCanvas();
  links.append(canvas);
  /** Paints the flow again when its canvas's size on the screen changes (below). */
  let resized: ResizeObserver | undefined;
  /** Puts `fresh` in the canvas's place, with its attributes. */
  const swapCanvas = (fresh: HTMLCanvasElement) => {
    Object.assign(fresh.dataset, canvas.dataset);
    fresh.style.cssText = canvas.style.cssText;
    canvas.replaceWith(fresh);
    resized?.unobserve(canvas);
    canvas = fresh;
    observeSize();
  };
  /** The flow painter's worker failed: a canvas of the page's own takes the lost one's place. */
  const takeBack = () => {
    painter = undefined;
    swapCanvas(newCanvas());
    paint();
  };
  /** Where the flow painter's worker draws this flow's lines (offscreenFlow.ts); undefined: the page draws them. */
  let painter = offscreenPainter(canvas, takeBack);
  /**
   * Once the flow painter runs, a flow made before it gives it a fresh canvas (one drawn on in the page can
   * no longer be handed over).
   */
  const handOver = () => {
    const fresh = newCanvas();
    painter = offscreenPainter(fresh, takeBack);
    if (painter) swapCanvas(fresh);
  };
  function observeSize() {
    try {
      resized?.observe(canvas, { box: "device-pixel-content-box" });
    } catch {
      resized?.observe(canvas);
    }
  }
  // Where each token and head's offset are, once: a line is then one object, not four (allocation is
  // most of the cost of 2,000 lines an edit here).
  const queryPoints = Array.from({ length: queries }, (_, i) => queryAt(i));
  const keyPoints = Array.from({ length: keys }, (_, j) => keyAt(j));
  const offsets = weights.map((_, h) => layout.headOffset(h));
  const drawLines = (current: readonly Matrix[]): FlowLine[] =>
    flowLinks(current, minWeight).map(({ h, i, j, w }) => {
      const from = queryPoints[i] as readonly [number, number];
      const to = keyPoints[j] as readonly [number, number];
      const offset = offsets[h] as readonly [number, number];
      return {
        head: h,
        query: i,
        key: j,
        weight: w,
        x1: from[0] + offset[0],
        y1: from[1] + offset[1],
        x2: to[0] + offset[0],
        y2: to[1] + offset[1],
        stroke: headColors[h % headColors.length] ?? "#0072B2",
        width: Number(flowLineWidth(w)),
        opacity: Number(flowLineOpacity(w)),
        faded: false,
      };
    });
  svg.append(links);
  // Read when the flow is laid out or resized (below), not at every repaint: reading styles between the
  // DOM writes of an edit's other views would make the browser recalculate them each time.
  let looks: { ratio: number; thicken: number } | undefined;
  const readLooks = () =>
    (looks = {
      ratio: pixelRatio(canvas),
      // A page may thicken every line alike (presenter mode, classroom.css): a factor on the flow's root.
      thicken: Number(getComputedStyle(svg).getPropertyValue("--ap-flow-line-scale")) || 1,
    });
  /** The rows of the flow the canvas covers (CSS px): all of them, unless the flow is taller than the screen. */
  let drawn: Band = { top: 0, bottom: total };
  /**
   * Whether `drawn` was measured: at the first paint, at scrolls and resizes. New weights and pointing reuse
   * it: measuring in the middle of React's commit forced a layout of the page at every edit (5 ms at 64
   * tokens here); it is checked once the frame lays the page out anyway (checkBand).
   */
  let measured = false;
  /**
   * The rows on the screen, without the margin, when `drawn` was last measured: what new weights are drawn
   * over (setWeights). The margin is drawn once the edits pause (WIDEN_AFTER_MS).
   */
  let seen: Band = drawn;
  /** Measures where the flow is on the screen: sets `seen`, returns the band to draw for a scroll. */
  const measure = (): Band => {
    const { screen, band } = onScreen(svg, total);
    seen = screen;
    return band;
  };
  /**
   * Whether the flow is within BAND_MARGIN of the screen, as the browser last said (an IntersectionObserver,
   * below, which costs no layout); true until it has. A flow far from the screen draws no lines: at every
   * step of a scrub, rasterising lines nobody sees took 4–7 ms of the frame at 64 tokens here. They are
   * drawn when it comes near, by a scroll or by the page moving around it.
   */
  let near = true;
  /** Between the page's beforeprint and afterprint: the page strokes the lines itself (whenPrinted below). */
  let printing = false;
  const paint = (wanted: Band = measured ? drawn : measure()) => {
    if (!painter && !printing && painterReady()) handOver();
    const band = near ? wanted : NOTHING;
    const { ratio, thicken } = looks ?? readLooks();
    // A flow taller than the screen (128 tokens: 3,900 px) gets a canvas over the part on screen only,
    // moved and drawn again as the page scrolls. Without a GPU every frame copies the whole canvas into new
    // memory: 80 ms a frame for the full flow here, whether or not a line is drawn.
    drawn = band;
    measured = svg.isConnected;
    const height = Math.max(0, drawn.bottom - drawn.top);
    const shift = drawn.top > 0 ? `translateY(${drawn.top}px)` : "";
    if (canvas.style.transform !== shift) canvas.style.transform = shift;
    canvas.dataset.lines = String(state.lines.length);
    canvas.dataset.faded = String(state.lines.filter((l) => l.faded).length);
    canvas.dataset.drawn = `${Math.round(drawn.top)}-${Math.round(drawn.bottom)}`;
    const frame: LineFrame = {
      pixelWidth: Math.round(width * ratio),
      pixelHeight: Math.round(height * ratio),
      ratio,
      top: drawn.top,
      band: drawn.top > 0 || drawn.bottom < total ? drawn : undefined,
      thicken,
      lines: height > 0 ? packLines(state.lines, headColors.length) : new Float32Array(0),
      colors: headColors,
    };
    if (painter) {
      styleSize(canvas, width, height);
      painter(frame);
      return;
    }
    const context = sizeCanvas(canvas, width, height, ratio);
    if (!context || height === 0) return;
    strokeLines(context, frame);
  };
  /** Set while new weights came in the last WIDEN_AFTER_MS: only the rows on the screen are kept drawn then. */
  let widening: ReturnType<typeof setTimeout> | undefined;
  // Drawn again when a scroll (or a change of the page above it) brings rows on screen that the last paint
  // left out: with the margin, or, right after new weights (margin false), only the rows on the screen.
  // While edits come, a scroll that leaves the rows on the screen drawn draws nothing (the margin waits).
  const checkBand = (margin = true) => {
    if (!near) return;
    const band = measure();
    const kept = margin && widening === undefined ? band : seen;
    if (kept.top < drawn.top || kept.bottom > drawn.bottom) paint(margin ? band : seen);
  };
  whenScrolled(svg, () => checkBand());
  /** Whether the browser last said the flow is near the screen (`near` is also true while printing). */
  let seenNear = near;
  // Paper has no screen to be far from: a post printed before it was scrolled through printed a flow far
  // down the page as its tokens without a line. All of it is drawn for the print, as it stands on paper.
  // The lines are stroked here, in the page, for the print: the browser prints what the page has drawn when
  // the print begins, before the flow painter's worker could answer.
  whenPrinted(svg, (now) => {
    printing = now;
    near = now || seenNear;
    if (!now) return checkBand();
    // A fresh canvas, also where the page drew this one: a canvas cleared again prints a white rectangle.
    painter = undefined;
    swapCanvas(newCanvas());
    state.catchUp();
    paint({ top: 0, bottom: total });
  });
  if (typeof IntersectionObserver === "function") {
    new IntersectionObserver(
      (entries) => {
        near = seenNear = entries[entries.length - 1]?.isIntersecting ?? near;
        if (!near) return;
        state.catchUp();
        checkBand();
      },
      { rootMargin: `${BAND_MARGIN}px 0px` },
    ).observe(svg);
  }

  const emit = (type: "input" | "change", value: FlowValue | null) => emitValue(svg, type, value);
  const token = (label: string, [x, y]: readonly [number, number], side: "query" | "key", index: number) => {
    const g = svgElement("g", { class: "ap-flow-token", transform: `translate(${x},${y})`, tabindex: 0 });
    g.dataset[side] = String(index);
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", label);
    const labelWidth = Math.min(MAX_LABEL, textWidth(label, LABEL_SIZE));
    const before = side === "query";
    // Where a vertical flow turns its labels, one that fits between its neighbours still lies flat.
    const turn = vertical && rotate ? labelTurn(label, step, labelEvery) : "flat";
    const place = vertical
      ? turn === "rotated"
        ? {
            // Turned by −90°, the label's x runs up the screen: 8 px above the dot (below, for a key).
            x: before ? 8 : -8,
            y: 0,
            transform: "rotate(-90)",
            "text-anchor": before ? "start" : "end",
            dy: "0.32em",
          }
        : { x: 0, y: before ? -8 : 8, "text-anchor": "middle", dy: before ? "0" : "0.8em" }
      : { x: before ? -8 : 8, y: 0, "text-anchor": before ? "end" : "start", dy: "0.32em" };
    // An invisible hit area over dot and label: thin text alone is hard to point at, on a phone above all.
    // No wider than the step between tokens: where areas overlapped, the last token's took the pointer,
    // and pointing at a dot among 128 lit a token two or three to its right.
    const room = Math.max(0, step / 2);
    const half = Math.min(turn === "flat" ? Math.max(10, labelWidth / 2 + 4) : 10, room);
    const across = Math.min(11, room);
    const hit = vertical
      ? { x: -half, y: before ? -band - 2 : -6, width: 2 * half, height: band + 8 }
      : { x: before ? -labelWidth - 12 : -6, y: -across, width: labelWidth + 18, height: 2 * across };
    // A thinned label shows while its token is highlighted (render.css).
    const labelClass = index % labelEvery === 0 ? "ap-flow-label" : "ap-flow-label ap-thinned";
    g.append(
      svgElement("rect", { class: "ap-flow-hit", ...hit, fill: "transparent" }),
      svgElement("circle", { class: "ap-flow-dot", r: 3.5 }),
      text(fitLabel(label, MAX_LABEL, LABEL_SIZE), { ...place, class: labelClass }),
    );
    const value = flowValue({ side, index });
    g.addEventListener("pointerenter", () => emit("input", value));
    g.addEventListener("pointerleave", () => emit("input", null));
    g.addEventListener("focus", () => emit("input", value));
    g.addEventListener("blur", () => emit("input", null));
    g.addEventListener("click", () => emit("change", value));
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        emit("change", value);
      } else if (event.key === "Escape") emit("change", null);
    });
    return g;
  };
  const tokens = [
    ...queryLabels.slice(0, queries).map((label, i) => token(label, queryAt(i), "query", i)),
    ...keyLabels.slice(0, keys).map((label, j) => token(label, keyAt(j), "key", j)),
  ];
  // Dense: labels thinned out (render.css fades the others while one token is highlighted).
  svg.append(svgElement("g", { class: labelEvery > 1 ? "ap-flow-tokens ap-dense" : "ap-flow-tokens" }));
  svg.lastElementChild?.append(...tokens);
  // Tokens closer than a finger can tell apart: a loupe shows the ones under it while it is down.
  magnifyUnderFinger(svg, {
    layout,
    counts: { queries, keys },
    labels: { query: queryLabels, key: keyLabels },
    name: nameToken,
    point: (at) => {
      const value = at && flowValue(at);
      if (!sameValue(value, svg.value)) emit("input", value);
    },
    pick: (at) => emit("change", flowValue(at)),
  });

  if (headLabels) svg.append(headKey(layout.headKey, headColors));
  // Names that say what a token attends to (or is attended by), made again with each new set of weights.
  const nameTokens = (current: readonly Matrix[]) => {
    if (!describeToken) return;
    const labelsOf = { query: queryLabels, key: keyLabels };
    for (const node of tokens) {
      const side = node.dataset.query !== undefined ? "query" : "key";
      const index = Number(node.dataset[side]);
      const label = labelsOf[side][index] ?? String(index);
      const other = side === "query" ? "key" : "query";
      const best = strongest(current, side, index);
      node.setAttribute(
        "aria-label",
        describeToken({
          side,
          index,
          label,
          strongest: best && {
            ...best,
            label: labelsOf[other][best.index] ?? String(best.index),
            text: formatNumber(best.weight, digits),
          },
        }),
      );
    }
  };
  nameTokens(weights);
  let pendingNames: number | undefined;
  const afterPaint = (task: () => void) => {
    if (typeof requestIdleCallback !== "function") return task();
    if (pendingNames !== undefined) cancelIdleCallback(pendingNames);
    pendingNames = requestIdleCallback(
      () => {
        pendingNames = undefined;
        task();
      },
      { timeout: 500 },
    );
  };
  const state: FlowState = {
    lines: drawLines(weights),
    pending: undefined,
    tokens,
    highlight,
    heads: weights.length,
    queries,
    keys,
    paint,
    setWeights(next) {
      // The names follow once the frame is painted: renaming 256 tokens at every step of a drag is work
      // nobody hears (a name is read when a token is reached), so only the newest weights name them.
      afterPaint(() => nameTokens(next));
      // Far from the screen no line is drawn, so none is made: making and fading them took 2.5 ms of every
      // edit of a scrub at 64 tokens here (a flow below the heatmap). They are made when the flow comes near.
      if (!near) {
        state.pending = next;
        // Nothing drawn (a canvas of no height), so that the flow is painted again when it comes near.
        paint();
        return;
      }
      state.pending = undefined;
      state.lines = drawLines(next);
      fadeLines(state.lines, state.highlight);
      if (total <= (globalThis.innerHeight || 0)) return paint();
      // A flow taller than the screen draws new weights over the rows on the screen only. At 128 tokens,
      // with the flow's top rows on the screen, the margin kept the painter's worker busy 6.7–7.3 ms an edit
      // of a scrub, 3.5–5.0 without it. The margin is drawn once the edits pause, for the next scroll.
      if (!measured) measure();
      paint(seen);
      if (typeof requestAnimationFrame === "function")
        requestAnimationFrame(() => svg.isConnected && checkBand(false));
      clearTimeout(widening);
      widening = setTimeout(() => {
        widening = undefined;
        if (svg.isConnected) checkBand();
      }, WIDEN_AFTER_MS);
    },
    catchUp() {
      if (!state.pending) return;
      state.lines = drawLines(state.pending);
      state.pending = undefined;
      fadeLines(state.lines, state.highlight);
    },
  };
  states.set(svg, state);
  applyFlowHighlight(svg, highlight);
  // Painted once the flow is in a document (its zoom and the page's line factor apply then), and again
  // whenever its size on the screen changes (a new zoom).
  if (typeof ResizeObserver === "function") {
    resized = new ResizeObserver(() => {
      const before = looks;
      const now = readLooks();
      const band = measure();
      // Its own resizing to the band on screen (a scroll), or to the rows on screen (an edit), is painted already.
      const same =
        before?.ratio === now.ratio &&
        before.thicken === now.thicken &&
        (sameRows(band, drawn) || sameRows(seen, drawn));
      if (!same) paint(band);
    });
  }
  observeSize();
  return svg;
}

interface Band {
  readonly top: number;
  readonly bottom: number;
}

const sameRows = (a: Band, b: Band) => a.top === b.top && a.bottom === b.bottom;

/** No rows: the band of a flow far from the screen. */
const NOTHING: Band = { top: 0, bottom: 0 };

/** Rows drawn beyond the screen's edges (CSS px), so that a short scroll shows drawn lines at once. */
const BAND_MARGIN = 300;

/** How long after the last new weights a flow taller than the screen draws its margin too (setWeights). */
export const WIDEN_AFTER_MS = 200;

/**
 * The rows of a flow `height` CSS px tall that are on screen (`screen`), and the same with BAND_MARGIN above
 * and below (`band`): all of them for a flow that fits on the screen (or outside a document).
 */
function onScreen(flow: Element, height: number): { readonly screen: Band; readonly band: Band } {
  const screen = globalThis.innerHeight || 0;
  if (!flow.isConnected || screen <= 0 || height <= screen) {
    const all = { top: 0, bottom: height };
    return { screen: all, band: all };
  }
  const rect = flow.getBoundingClientRect();
  // A zoomed flow (presenter mode) is taller or shorter on screen than in its own pixels.
  const scale = rect.height > 0 ? height / rect.height : 1;
  const rows = (margin: number) => ({
    top: Math.max(0, (-rect.top - margin) * scale),
    bottom: Math.min(height, (screen - rect.top + margin) * scale),
  });
  return { screen: rows(0), band: rows(BAND_MARGIN) };
}

/** Repaints for scrolls, at most once a frame, for flows still in the document (one listener for all). */
const scrolled = new Map<Element, () => void>();
let frame: number | undefined;
let listening = false;
function whenScrolled(node: Element, repaint: () => void): void {
  if (typeof addEventListener !== "function") return;
  if (!listening) {
    listening = true;
    addEventListener(
      "scroll",
      () => {
        frame ??= requestAnimationFrame(() => {
          frame = undefined;
          for (const [flow, paint] of scrolled) {
            if (flow.isConnected) paint();
            else scrolled.delete(flow);
          }
        });
      },
      { capture: true, passive: true },
    );
  }
  // Flows replaced while nothing scrolled are let go here too.
  for (const flow of scrolled.keys()) if (!flow.isConnected) scrolled.delete(flow);
  scrolled.set(node, repaint);
}

/** What each flow still in the document does before the page prints (true) and after (false). */
const printed = new Map<Element, (printing: boolean) => void>();
let printListening = false;
function whenPrinted(node: Element, print: (printing: boolean) => void): void {
  if (typeof addEventListener !== "function") return;
  if (!printListening) {
    printListening = true;
    const each = (printing: boolean) => () => {
      for (const [flow, action] of printed) {
        if (flow.isConnected) action(printing);
        else printed.delete(flow);
      }
    };
    addEventListener("beforeprint", each(true));
    addEventListener("afterprint", each(false));
  }
  // Flows replaced since the last print are let go here too.
  for (const flow of printed.keys()) if (!flow.isConnected) printed.delete(flow);
  printed.set(node, print);
}

/**
 * Draws new weights of the same shape (heads, queries, keys) into an existing flow, keeping its tokens and
 * listeners. Returns false, doing nothing, when the shape differs; the host then builds a new flow.
 */
export function updateFlow(node: Element, weights: readonly Matrix[]): boolean {
  const state = states.get(node);
  const first = weights[0];
  if (
    !state ||
    !first ||
    state.heads !== weights.length ||
    state.queries !== first.rows ||
    state.keys !== first.cols
  ) {
    return false;
  }
  state.setWeights(weights);
  return true;
}

/**
 * The lines of a flow's newest weights, weakest first, faded as pointed: made now if they waited while the
 * flow was far from the screen. Empty for another node.
 */
export function flowLines(node: Element): readonly FlowLine[] {
  const state = states.get(node);
  state?.catchUp();
  return state?.lines ?? [];
}

/**
 * Isolates the lines of a query, a key, or a (query, key) pair: the others fade to near-transparent.
 * An empty highlight shows every line again. Repaints the lines' canvas and toggles the tokens' classes;
 * nothing is rebuilt.
 */
export function applyFlowHighlight(node: Element, { query, key }: FlowHighlight): void {
  const state = states.get(node);
  if (!state) return;
  state.highlight = { query, key };
  fadeLines(state.lines, state.highlight);
  state.paint();
  for (const token of state.tokens) {
    const active =
      (query !== undefined && token.dataset.query === String(query)) ||
      (key !== undefined && token.dataset.key === String(key));
    token.classList.toggle("ap-active", active);
  }
}

/** Fades every line but those of the highlighted query, key or pair; none when nothing is highlighted. */
function fadeLines(lines: readonly FlowLine[], { query, key }: FlowHighlight): void {
  const isolating = query !== undefined || key !== undefined;
  for (const line of lines) {
    const active = (query === undefined || line.query === query) && (key === undefined || line.key === key);
    line.faded = isolating && !active;
  }
}

/**
 * The largest weight of query `index`'s row (side "query") or key `index`'s column (side "key") over every
 * head, the first one on ties; undefined when none is above 0. weights: [queries, keys] per head.
 */
export function strongest(
  weights: readonly Matrix[],
  side: "query" | "key",
  index: number,
): { index: number; head: number; weight: number } | undefined {
  let best: { index: number; head: number; weight: number } | undefined;
  weights.forEach(({ rows, cols, data }, head) => {
    const count = side === "query" ? cols : rows;
    for (let k = 0; k < count; k++) {
      const weight = data[side === "query" ? index * cols + k : k * cols + index] as number;
      if (weight > (best?.weight ?? 0)) best = { index: k, head, weight };
    }
  });
  return best;
}

/** What a flow reports for a token. */
function flowValue({ side, index }: FlowToken): FlowValue {
  return side === "query" ? { query: index } : { key: index };
}

function sameValue(a: FlowValue | null, b: FlowValue | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A flow's lines as strokeLines reads them (LINE_FIELDS numbers each); colours by head, from `colors` of them. */
function packLines(lines: readonly FlowLine[], colors: number): Float32Array {
  const packed = new Float32Array(lines.length * LINE_FIELDS);
  let k = 0;
  for (const line of lines) {
    packed[k++] = line.x1;
    packed[k++] = line.y1;
    packed[k++] = line.x2;
    packed[k++] = line.y2;
    packed[k++] = line.width;
    packed[k++] = line.opacity;
    packed[k++] = line.faded ? 1 : 0;
    packed[k++] = line.head % colors;
  }
  return packed;
}

function headKey(places: FlowLayout["headKey"], colors: readonly string[]): SVGGElement {
  const g = svgElement("g", { class: "ap-flow-heads" });
  places.forEach(({ x, y, label }, h) => {
    g.append(
      svgElement("rect", { x, y: y - 8, width: 14, height: 4, rx: 2, fill: colors[h % colors.length] ?? "" }),
      text(label, { x: x + 18, y: y - 2, class: "ap-flow-head-label" }),
    );
  });
  return g;
}
