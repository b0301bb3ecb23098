import type { Matrix } from "../core/types";
import { pixelRatio } from "./canvas";
import { colorRamp, type ColorRamp } from "./colorRamp";
import { emitValue, htmlElement, indexLabels } from "./dom";
import { formatNumber } from "./format";
import { legend, updateLegend, type LegendOptions } from "./legend";
import { createLoupe, followFinger, hideLoupe, LOUPE_BELOW, showLoupe } from "./loupe";
import { cellSummary } from "./cellSummary";
import { BODY_PADDING, heatmapLayout, LABEL_LINE } from "./heatmapLayout";
import { paintCells } from "./paintCells";
import { paintHighlight } from "./paintHighlight";
import {
  divergingScaleFor,
  paletteFor,
  rowLargest,
  sequentialScale,
  type PaletteName,
  type ScaleBy,
} from "./scales";
import { uniqueId } from "./svg";
import { isDark, readTheme, type Theme } from "./theme";

/** A cell of a [queries, keys] matrix: row is the query, col is the key. */
export interface Cell {
  readonly row: number;
  readonly col: number;
}

/** What is outlined: a row (query), a column (key), or both and their cell. */
export interface HeatmapHighlight {
  readonly row?: number | undefined;
  readonly col?: number | undefined;
}

/**
 * A cell as a screen reader hears it, handed to the host's `describeCell`, which words it in the reader's
 * language: "query 'it', key 'animal', weight 0.62". `text` is the value as the cell prints it.
 */
export interface CellDescription extends Cell {
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly value: number;
  readonly text: string;
  /** Masked (drawn hatched). `value` is what the cell holds: −∞ for a masked score, 0 for a masked weight. */
  readonly masked: boolean;
}

/** The view's root. Like an <input>, `value` holds the pick that the last input or change event reported. */
export type HeatmapElement = HTMLElement & { value: Cell | null };

export interface HeatmapOptions {
  /** One label per row (query), and per column (key). Default: the indices. */
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  /** Axis titles, in the reader's language: "queries ↓", "keys →". */
  readonly rowTitle?: string;
  readonly colTitle?: string;
  /** The figure's caption. */
  readonly title?: string;
  /** diverging: signed values centred on 0 (scores); sequential: weights on [0, 1]. */
  readonly kind?: "diverging" | "sequential";
  readonly palette?: PaletteName;
  /** Domain of a sequential scale. Default [0, 1]. */
  readonly domain?: readonly [number, number];
  /** What a sequential scale's colours stand for: the value, or the value ÷ its row's largest (scales.ts ScaleBy). */
  readonly scaleBy?: ScaleBy;
  /**
   * With scaleBy "row": each row's divisor, when the matrix is a window of a longer one whose rows' largest
   * values lie outside it (updateHeatmap passes new ones). Default: the matrix's own rows' largest (rowLargest).
   */
  readonly rowDivisors?: ArrayLike<number> | undefined;
  /**
   * [rows, cols], 1 where the cell is masked: drawn hatched, and printing the value it holds (−∞ for a masked
   * score, 0 for a masked weight: the view never prints a number the matrix does not hold).
   */
  readonly masked?: Uint8Array;
  /** auto: print values when cells are at least 28 × 16 px. */
  readonly showValues?: "auto" | boolean;
  readonly digits?: number;
  /** Width available in px; cells are sized to fit, from 2 to 56 px. */
  readonly width?: number;
  readonly highlight?: HeatmapHighlight;
  readonly legendTitle?: string;
  /** Names the interactive plot for screen readers. */
  readonly ariaLabel: string;
  /**
   * Words for the cell under the keyboard cursor or the pointer, said by a polite live region in the figure
   * (a canvas has no cells to focus). The host words it: the render layer knows no language.
   */
  readonly describeCell?: (cell: CellDescription) => string;
  /** How to use the plot from the keyboard, in the reader's language: read after its name. */
  readonly keyHint?: string;
  /**
   * false: a picture only (a thumbnail inside a button): not focusable, no events, hidden from screen
   * readers, whose button names it. Default true.
   */
  readonly interactive?: boolean;
}

interface HeatmapState {
  highlight: HeatmapHighlight;
  readonly rows: number;
  readonly cols: number;
  /** New numbers of the same shape: new colours and legend, the same DOM. */
  setData(matrix: Matrix, masked: Uint8Array | undefined, rowDivisors?: ArrayLike<number>): void;
  paint(): void;
  paintOverlay(): void;
  /** By row and column; none for an empty label. */
  readonly rowLabels: readonly (HTMLElement | undefined)[];
  readonly colLabels: readonly (HTMLElement | undefined)[];
}

const states = new WeakMap<Element, HeatmapState>();

/**
 * A [queries, keys] matrix as a heatmap: rows are queries, columns are keys, and the axis titles say so.
 * Cells are painted on a canvas (fast up to 512 × 512); labels, titles and legend are HTML and SVG.
 * Reports picks like an <input>: `value` = {row, col} or null, with bubbling `input` (pointing, arrow keys)
 * and `change` (click, Enter or Space; Escape reports null) events.
 */
export function heatmap(
  initialMatrix: Matrix,
  {
    rowLabels = indexLabels(initialMatrix.rows),
    colLabels = indexLabels(initialMatrix.cols),
    rowTitle = "",
    colTitle = "",
    title = "",
    kind = "sequential",
    palette = "default",
    domain,
    scaleBy = "domain",
    rowDivisors: initialDivisors,
    masked: initialMasked,
    showValues = "auto",
    digits = 2,
    width = 640,
    highlight = {},
    legendTitle = "",
    ariaLabel,
    describeCell,
    keyHint,
    interactive = true,
  }: HeatmapOptions,
): HeatmapElement {
  let matrix = initialMatrix;
  let masked = initialMasked;
  let givenDivisors = initialDivisors;
  const { rows, cols } = matrix;
  const layout = heatmapLayout(matrix, { rowLabels, colLabels, rowTitle, width, showValues });
  const { left, cell, plotWidth, plotHeight, values } = layout;

  const figure = Object.assign(htmlElement("figure", "ap-heatmap"), { value: null as Cell | null });
  if (title) figure.append(htmlElement("figcaption", "ap-caption", title));

  const body = htmlElement("div", "ap-heatmap-body");
  // Every distance of the layout is set here, none in render.css, so that the SVG export (same layout) matches.
  body.style.gridTemplateColumns = `${left}px ${plotWidth}px`;
  body.style.padding = `${BODY_PADDING}px`;
  const corner = htmlElement("div", "ap-corner");
  corner.append(htmlElement("span", "ap-axis-title ap-row-title", rowTitle));
  const colTitleNode = htmlElement("div", "ap-axis-title ap-col-title", colTitle);

  const colLabelBand = htmlElement("div", "ap-col-labels");
  colLabelBand.style.height = `${layout.colLabels.band}px`;
  // An empty label gets no node: small multiples have none (5 × 128 nodes at 64 tokens that every layout
  // and paint of the page walked).
  const colNodes = layout.colLabels.places.map(({ index, text, at, shown, turn }) => {
    if (!text) return undefined;
    // Too long to lie flat, a label turns a quarter as a whole (labelTurn), cut with "…" past the band; its
    // title, and the formula panel when its key is pointed at, say it whole.
    const node = htmlElement("span", `ap-col-label${turn === "flat" ? "" : ` ap-${turn}`}`, text);
    node.title = text;
    node.dataset.col = String(index);
    // A rotated label turns about its bottom-left corner (render.css): half a line right centres it.
    node.style.left = `${turn === "rotated" ? at + LABEL_LINE / 2 : at}px`;
    node.style.maxWidth = `${turn === "flat" ? layout.colLabels.flatWidth : layout.colLabels.maxWidth}px`;
    if (!shown) node.classList.add("ap-thinned");
    return node;
  });
  colLabelBand.append(...colNodes.filter((node) => node !== undefined));

  const rowLabelBand = htmlElement("div", "ap-row-labels");
  const rowNodes = layout.rowLabels.places.map(({ index, text, at, shown }) => {
    if (!text) return undefined;
    const node = htmlElement("span", "ap-row-label", text);
    node.title = text;
    node.dataset.row = String(index);
    node.style.top = `${at}px`;
    node.style.right = `${-layout.rowLabels.x}px`;
    node.style.maxWidth = `${layout.rowLabels.maxWidth}px`;
    if (!shown) node.classList.add("ap-thinned");
    return node;
  });
  rowLabelBand.append(...rowNodes.filter((node) => node !== undefined));

  const plot = htmlElement("div", interactive ? "ap-plot ap-focusable" : "ap-plot");
  if (interactive) {
    plot.tabIndex = 0;
    plot.setAttribute("role", "application");
    plot.setAttribute("aria-label", ariaLabel);
  } else {
    figure.setAttribute("aria-hidden", "true");
  }
  Object.assign(plot.dataset, { rows: String(rows), cols: String(cols), cell: String(cell) });
  plot.style.width = `${plotWidth}px`;
  plot.style.height = `${plotHeight}px`;
  const cells = htmlElement("canvas", "ap-cells");
  const overlay = htmlElement("canvas", "ap-overlay");
  cells.setAttribute("aria-hidden", "true");
  overlay.setAttribute("aria-hidden", "true");
  plot.append(cells, overlay);

  body.append(corner, colTitleNode, colLabelBand, rowLabelBand, plot);
  figure.append(body);
  // The live region exists from the start: screen readers announce changes to a region they already know.
  const live = htmlElement("div", "ap-sr-only ap-announce");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  if (interactive) figure.append(live);
  if (interactive && keyHint) {
    const hint = htmlElement("span", "ap-sr-only", keyHint);
    hint.id = uniqueId("ap-key-hint");
    plot.setAttribute("aria-describedby", hint.id);
    figure.append(hint);
  }

  // Colours: the scale spans its domain; the legend also marks the data's real min and max. Both depend on
  // the theme (a dark page gets the palette's dark twin), so they are made again when it changes.
  const legendNode = htmlElement("div", "ap-legend-wrap");
  legendNode.style.paddingLeft = `${layout.plotX + layout.legend.x}px`;
  legendNode.style.marginTop = `${layout.legend.y - plotHeight - BODY_PADDING}px`;
  figure.append(legendNode);
  let colours: { dark: boolean; ramp: ColorRamp } | undefined;
  let divisors: ArrayLike<number> | undefined;
  let legendShown = "";
  const coloursFor = (theme: Theme) => {
    const dark = isDark(theme);
    if (colours?.dark === dark) return colours.ramp;
    const colors = paletteFor(palette, dark);
    const { extent, hasHidden, maskedLabel } = cellSummary(matrix.data, masked, digits);
    const scale =
      kind === "diverging" ? divergingScaleFor(extent, colors) : sequentialScale(matrix.data, colors, domain);
    // By row: each cell coloured by its value ÷ its row's largest; the legend spans that fraction, unmarked.
    divisors =
      scaleBy === "row" && kind === "sequential" ? (givenDivisors ?? rowLargest(matrix, masked)) : undefined;
    const ends = scale.domain();
    const scaleDomain: [number, number] = [ends[0] as number, ends[ends.length - 1] as number];
    const ramp = colorRamp(scale, scaleDomain);
    const legendOptions = {
      scale,
      domain: scaleDomain,
      title: legendTitle,
      width: layout.legend.width,
      marks: divisors ? undefined : extent && { min: extent[0], max: extent[1] },
      masked: hasHidden,
      maskedLabel: maskedLabel ?? "",
      digits,
    };
    // Redrawn only when it would look different: in place, or anew when its parts differ (updateLegend).
    const look = legendLook(legendOptions, dark);
    if (look !== legendShown) {
      const shown = legendNode.firstElementChild;
      const updated = shown instanceof SVGSVGElement && updateLegend(shown, legendOptions);
      if (!updated) legendNode.replaceChildren(legend(legendOptions));
    }
    legendShown = look;
    colours = { dark, ramp };
    return ramp;
  };
  coloursFor(readTheme(figure));

  let cursor: Cell | null = null;
  // Read at each full paint (in a document, on resizing, on a theme change); new numbers and the overlay
  // reuse them, so neither scrubbing nor pointing makes the browser recalculate styles.
  let theme = readTheme(figure);
  let ratio: number | undefined;
  const state: HeatmapState = {
    highlight,
    rows,
    cols,
    rowLabels: rowNodes,
    colLabels: colNodes,
    setData(next, nextMasked, nextDivisors) {
      const same = sameNumbers(next, matrix) && nextMasked === masked && nextDivisors === givenDivisors;
      // Kept even when its numbers are the same: the old trace's buffers may be recycled (engine/pool.ts).
      matrix = next;
      masked = nextMasked;
      givenDivisors = nextDivisors;
      if (same) return;
      colours = undefined;
      // The theme is unchanged: reading it again would force a style recalculation on every scrub step.
      paintWithTheme();
    },
    paint() {
      theme = readTheme(figure);
      ratio = pixelRatio(cells);
      paintWithTheme();
    },
    paintOverlay() {
      const { row, col } = state.highlight;
      paintHighlight(overlay, { rows, cols, cell, row, col, cursor, theme, ratio });
    },
  };
  const paintWithTheme = () => {
    const ramp = coloursFor(theme);
    paintCells(cells, {
      matrix,
      cell,
      ramp,
      rowDivisors: divisors,
      masked,
      showValues: values,
      digits,
      theme,
      ratio,
    });
    state.paintOverlay();
  };
  states.set(figure, state);
  markLabels(state);

  const emit = (type: "input" | "change", value: Cell | null) => emitValue(figure, type, value);
  const describe = ({ row, col }: Cell): CellDescription => {
    const k = row * cols + col;
    const value = matrix.data[k] as number;
    const hidden = masked?.[k] === 1 || value === -Infinity;
    const rowLabel = rowLabels[row] ?? String(row);
    const colLabel = colLabels[col] ?? String(col);
    return { row, col, rowLabel, colLabel, value, text: formatNumber(value, digits), masked: hidden };
  };
  const announce = (at: Cell | null) => {
    if (!describeCell) return;
    // Emptied when nothing is pointed at, so a stale cell is not read later; an empty region says nothing.
    live.textContent = at ? describeCell(describe(at)) : "";
  };
  const moveCursor = (next: Cell | null) => {
    cursor = next;
    state.paintOverlay();
    announce(next);
  };
  const cellAt = (event: MouseEvent): Cell | null => {
    // Scale by the rendered size, so a host that shrinks the plot with CSS still gets the right cell.
    const rect = plot.getBoundingClientRect();
    const col = Math.floor(((event.clientX - rect.left) / (rect.width || plotWidth)) * cols);
    const row = Math.floor(((event.clientY - rect.top) / (rect.height || plotHeight)) * rows);
    return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null;
  };

  if (!interactive) {
    paintWhenLaidOut(plot, state);
    return figure;
  }
  // A finger on small cells: the loupe shows the cells around it while it is down (loupe.ts); lifting it
  // picks the cell under it, as a click does. Made at the first such touch: most heatmaps are never touched.
  let loupe: HTMLElement | undefined;
  followFinger(plot, {
    magnifies: () => plot.getBoundingClientRect().width / cols < LOUPE_BELOW,
    at: cellAt,
    show: (event, at) => {
      if (!loupe) figure.append((loupe = createLoupe()));
      if (!at) return hideLoupe(loupe);
      showLoupe(loupe, {
        matrix,
        masked,
        rowDivisors: divisors,
        ramp: coloursFor(theme),
        theme,
        digits,
        ...at,
        label: `${rowLabels[at.row] ?? at.row + 1} → ${colLabels[at.col] ?? at.col + 1}`,
        x: event.clientX,
        y: event.clientY,
      });
    },
    hide: () => loupe && hideLoupe(loupe),
    pick: (at) => emit("change", at),
  });
  plot.addEventListener("pointermove", (event) => {
    const pick = cellAt(event);
    if (sameCell(pick, figure.value)) return;
    moveCursor(pick);
    emit("input", pick);
  });
  plot.addEventListener("pointerleave", () => {
    moveCursor(null);
    if (figure.value !== null) emit("input", null);
  });
  plot.addEventListener("click", (event) => {
    const pick = cellAt(event);
    if (pick) emit("change", pick);
  });
  plot.addEventListener("keydown", (event) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      // The first arrow press lands on the highlighted cell (or the first one) rather than next to it.
      const start = cursor ?? { row: state.highlight.row ?? 0, col: state.highlight.col ?? 0 };
      const next = cursor
        ? { row: clamp(start.row + move[0], rows), col: clamp(start.col + move[1], cols) }
        : { row: clamp(start.row, rows), col: clamp(start.col, cols) };
      moveCursor(next);
      emit("input", next);
    } else if ((event.key === "Enter" || event.key === " ") && cursor) {
      event.preventDefault();
      emit("change", cursor);
    } else if (event.key === "Escape") {
      moveCursor(null);
      emit("change", null);
    }
  });
  plot.addEventListener("blur", () => moveCursor(null));
  paintWhenLaidOut(plot, state);
  return figure;
}

/**
 * Paints once the figure is in a document (its CSS theme applies then), and again if its size in device
 * pixels changes: a resize, or a zoom above it (presenter mode), which needs a new backing store.
 */
function paintWhenLaidOut(plot: HTMLElement, state: HeatmapState) {
  if (typeof ResizeObserver !== "function") return state.paint();
  const observer = new ResizeObserver(() => state.paint());
  try {
    observer.observe(plot, { box: "device-pixel-content-box" });
  } catch {
    // Browsers without that box (Safari) report CSS-pixel resizes only.
    observer.observe(plot);
  }
}

/**
 * Outlines row `row` (a query), column `col` (a key) and their cell, repainting the overlay only: cheap
 * enough to call on every input event. Labels of the highlighted row and column are emphasised (and shown
 * even where small cells thinned them out).
 */
export function applyHighlight(node: Element, highlight: HeatmapHighlight): void {
  const state = states.get(node);
  if (!state) return;
  const previous = state.highlight;
  state.highlight = { row: highlight.row, col: highlight.col };
  markLabels(state, previous);
  state.paintOverlay();
}

/**
 * Shows new numbers of the same shape without rebuilding the view (labels, canvases and listeners stay):
 * what scrubbing a value needs. Returns false, doing nothing, when the node is no heatmap or the shape
 * differs; the host then builds a new view.
 */
export function updateHeatmap(
  node: Element,
  matrix: Matrix,
  masked?: Uint8Array,
  rowDivisors?: ArrayLike<number>,
): boolean {
  const state = states.get(node);
  if (!state || state.rows !== matrix.rows || state.cols !== matrix.cols) return false;
  state.setData(matrix, masked, rowDivisors);
  return true;
}

/**
 * Repaints with the current CSS custom properties, after the host switched themes: canvases, and the
 * colours of cells and legend when the page went from light to dark or back.
 */
export function applyTheme(node: Element): void {
  states.get(node)?.paint();
}

/** Emphasises the highlighted labels; only the few labels marked before are visited, not all 2 × 512. */
function markLabels({ highlight, rowLabels, colLabels }: HeatmapState, previous: HeatmapHighlight = {}) {
  const mark = (
    labels: readonly (HTMLElement | undefined)[],
    old: number | undefined,
    now: number | undefined,
  ) => {
    if (old !== undefined) labels[old]?.classList.remove("ap-active");
    if (now !== undefined) labels[now]?.classList.add("ap-active");
  };
  mark(rowLabels, previous.row, highlight.row);
  mark(colLabels, previous.col, highlight.col);
}

/**
 * What a legend shows, as a key: its texts, and where its marks stand to a thousandth of the bar (below
 * a pixel at any legend width on screen).
 */
function legendLook(options: LegendOptions, dark: boolean): string {
  const { domain, marks, digits = 2 } = options;
  const [low, high] = domain;
  const at = (x: number) =>
    `${formatNumber(x, digits)}@${Math.round(((x - low) / (high - low || 1)) * 1000)}`;
  const shown = marks ? `${at(marks.min)} ${at(marks.max)}` : "";
  return [dark, low, high, shown, options.masked, options.maskedLabel, options.title, options.width].join(
    "|",
  );
}

/** The same numbers: the same storage, even through a new Matrix object or subarray over it. */
function sameNumbers(a: Matrix, b: Matrix): boolean {
  return (
    a.data === b.data ||
    (a.data.buffer === b.data.buffer &&
      a.data.byteOffset === b.data.byteOffset &&
      a.data.length === b.data.length)
  );
}

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function sameCell(a: Cell | null, b: Cell | null): boolean {
  return a === b || (a !== null && b !== null && a.row === b.row && a.col === b.col);
}
