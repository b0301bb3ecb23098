import type { Matrix } from "../core/types";
import { emitValue, htmlElement, indexLabels } from "./dom";
import { formatNumber } from "./format";
import { putCells } from "./paintCells";
import { colorRamp, type ColorRamp } from "./colorRamp";
import { legend, updateLegend, type LegendOptions } from "./legend";
import { divergingScale, finiteExtent, paletteFor, type PaletteName } from "./scales";
import { svgElement } from "./svg";
import { isDark, readTheme } from "./theme";

/** What vector strips report: the row (token) being pointed at. */
export type VectorValue = { readonly row: number };
export type VectorStripsElement = HTMLElement & { value: VectorValue | null };

export interface VectorStripsOptions {
  /** One label per row: the token whose vector it is. Default: the indices. */
  readonly labels?: readonly string[];
  readonly title?: string;
  readonly palette?: PaletteName;
  /** The row drawn emphasised. */
  readonly highlight?: number;
  /** Side of one cell in px, before shrinking to fit `width`. Default 12. */
  readonly cellSize?: number;
  /** Width available in px; long vectors get smaller cells (down to 2 px). */
  readonly width?: number;
  readonly legendTitle?: string;
  readonly digits?: number;
  readonly ariaLabel: string;
}

/** What a figure of strips needs to take new numbers in place (updateVectorStrips) and to move its highlight. */
interface StripsState {
  /** One per row: its label, then its strip (an SVG of rects, or the place of its pixels on `pixels`). */
  readonly rowNodes: readonly HTMLElement[];
  /** Past MOST_RECTS cells, every row's cells on one canvas (pixelCanvas). */
  readonly pixels: HTMLCanvasElement | undefined;
  readonly palette: PaletteName;
  readonly dark: boolean;
  readonly digits: number;
  readonly legendTitle: string;
  readonly legendWidth: number;
  /**
   * A copy of the numbers drawn, row after row: the matrix's own arrays may be recycled once its trace leaves
   * the screen (engine/pool.ts), and written over by a later one, even in the same array object. Pixel
   * strips' tooltips read their rows of it.
   */
  readonly drawn: Float64Array;
}

const states = new WeakMap<Element, StripsState>();

/**
 * Rows of a matrix as strips of small coloured cells beside their tokens: rows of Q, K, V and outputs.
 * matrix: [tokens, width], row-major. One diverging scale (centred on 0, ±max|x|) for the whole matrix, so
 * strips compare with each other. Reports like an <input>: `value` = {row} or null with bubbling `input`
 * while pointing, `change` on click.
 */
export function vectorStrips(
  matrix: Matrix,
  {
    labels = indexLabels(matrix.rows),
    title = "",
    palette = "default",
    highlight,
    cellSize = 12,
    width = Infinity,
    legendTitle = "",
    digits = 2,
    ariaLabel,
  }: VectorStripsOptions,
): VectorStripsElement {
  const { rows, cols, data } = matrix;
  const drawn = Float64Array.from(data);
  // Colours for the page's theme as it is now; a host that switches themes renders the strips again.
  const dark = isDark(readTheme(document.documentElement));
  const { scale, ramp, low, high } = colours(matrix, palette, dark);
  // Room for a label column of about 80 px; the rest is shared by the cells.
  const cell = Math.max(2, Math.min(cellSize, Math.floor((width - 88) / Math.max(1, cols))));
  const gap = cell >= 6 ? 1 : 0;

  const figure = Object.assign(htmlElement("figure", "ap-vectors"), { value: null as VectorValue | null });
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", ariaLabel);
  if (title) figure.append(htmlElement("figcaption", "ap-caption", title));

  const list = htmlElement("div", "ap-vector-rows");
  const emit = (type: "input" | "change", value: VectorValue | null) => emitValue(figure, type, value);
  const rowNodes = Array.from({ length: rows }, (_, i) => {
    const row = htmlElement("div", "ap-vector-row");
    row.dataset.row = String(i);
    const values = drawn.subarray(i * cols, (i + 1) * cols);
    const strip = ramp ? pixelPlace(values, cell, digits) : rectStrip(values, scale, cell, gap, digits);
    row.append(htmlElement("span", "ap-vector-label", labels[i] ?? String(i)), strip);
    row.addEventListener("pointerenter", () => emit("input", { row: i }));
    row.addEventListener("click", () => emit("change", { row: i }));
    return row;
  });
  list.append(...rowNodes);
  const pixels = ramp ? pixelCanvas(list, rowNodes, cols, cell, gap) : undefined;
  if (pixels && ramp) paintPixels(pixels, { rows, cols, data: drawn }, ramp);
  list.addEventListener("pointerleave", () => emit("input", null));
  figure.append(list);

  const legendWidth = Math.max(200, Math.min(280, cols * cell + 88));
  figure.append(legend(legendOptions(data, scale, [low, high], legendTitle, legendWidth, digits)));
  states.set(figure, {
    rowNodes,
    pixels,
    palette,
    dark,
    digits,
    legendTitle,
    legendWidth,
    drawn,
  });
  applyVectorHighlight(figure, { row: highlight });
  return figure;
}

/**
 * Strips made by vectorStrips take `matrix`'s numbers in place: their colours, values, tooltips and legend
 * become what a new vectorStrips of `matrix` would draw, without making its rows again (at 64 tokens, a new
 * figure of the outputs at step 8 cost 0.4 s an edit here, mostly styling 8,192 new rects). The same numbers
 * draw nothing. False, with nothing changed, for a matrix of another shape: the caller builds it anew.
 */
export function updateVectorStrips(node: Element, matrix: Matrix): boolean {
  const state = states.get(node);
  const { rows, cols, data } = matrix;
  if (!state || state.rowNodes.length !== rows || state.drawn.length !== data.length) return false;
  const { drawn } = state;
  let same = true;
  for (let k = 0; same && k < drawn.length; k++) same = Object.is(drawn[k], data[k]);
  if (same) return true;
  drawn.set(data);
  // The theme they were drawn in: reading it again would make the browser style the page first, with the
  // strips drawn just before still to style (0.1 s at 64 tokens, step 8). The same shape is drawn alike,
  // as rects or as pixels.
  const { scale, ramp, low, high } = colours(matrix, state.palette, state.dark);
  if (state.pixels && ramp) paintPixels(state.pixels, { rows, cols, data: drawn }, ramp);
  else
    state.rowNodes.forEach((row, i) => {
      const values = drawn.subarray(i * cols, (i + 1) * cols);
      (row.lastElementChild as Element)
        .querySelectorAll("rect")
        .forEach((rect, j) => paintRect(rect, values[j] as number, scale, state.digits));
    });
  const options = legendOptions(data, scale, [low, high], state.legendTitle, state.legendWidth, state.digits);
  const shown = node.querySelector(":scope > .ap-legend");
  if (shown instanceof SVGSVGElement && !updateLegend(shown, options)) shown.replaceWith(legend(options));
  return true;
}

/**
 * The strips' colours: one diverging scale (centred on 0, ±max|x|) for the whole matrix, in the page's theme
 * (`dark`); a ramp when they are drawn as pixels.
 */
function colours(matrix: Matrix, palette: PaletteName, dark: boolean) {
  const scale = divergingScale(matrix.data, paletteFor(palette, dark));
  const [low, , high] = scale.domain() as [number, number, number];
  const ramp = matrix.rows * matrix.cols > MOST_RECTS ? colorRamp(scale, [low, high]) : undefined;
  return { scale, ramp, low, high };
}

type Scale = ReturnType<typeof divergingScale>;

function legendOptions(
  data: Matrix["data"],
  scale: Scale,
  domain: [number, number],
  title: string,
  width: number,
  digits: number,
): LegendOptions {
  const extent = finiteExtent(data);
  return { scale, domain, title, width, marks: extent && { min: extent[0], max: extent[1] }, digits };
}

function rectStrip(
  values: ArrayLike<number>,
  scale: Scale,
  cell: number,
  gap: number,
  digits: number,
): SVGSVGElement {
  const cols = values.length;
  const strip = svgElement("svg", {
    class: "ap-vector-strip",
    width: cols * cell,
    height: Math.max(cell, 8),
    "aria-hidden": "true",
  });
  for (let j = 0; j < cols; j++) {
    const rect = svgElement("rect", {
      x: j * cell + gap / 2,
      y: 0,
      width: cell - gap,
      height: Math.max(cell, 8),
      rx: Math.min(2, cell / 4),
    });
    // A tooltip with the number, for readers who point at one cell.
    rect.append(svgElement("title"));
    paintRect(rect, values[j] as number, scale, digits);
    strip.append(rect);
  }
  return strip;
}

/** One rect's colour, exact value and tooltip. */
function paintRect(rect: SVGRectElement, value: number, scale: Scale, digits: number): void {
  rect.setAttribute("fill", Number.isFinite(value) ? scale(value) : "var(--ap-muted, #8c959f)");
  rect.setAttribute("data-value", String(value));
  const tip = rect.firstElementChild;
  if (tip) tip.textContent = formatNumber(value, digits);
}

/**
 * Past this many cells the strips are drawn on one canvas. As SVG, one rect and one tooltip per cell: at 512
 * tokens × d_model 512, Q, K and V were 1.6 million nodes, and step 2 froze the page for two minutes. And
 * every rect whose number changes is styled again: about 10-25 µs a rect here, so an edit of τ at step 7
 * took 52 ms with 64 tokens (four heads' outputs of 1,024 cells), 27 ms with 16 (four of 256). Up to 128
 * cells (the sentence one starts with: 11 tokens × d_model 8) they stay rects, with rounded corners and a
 * tooltip each.
 */
export const MOST_RECTS = 128;

/** Rows drawn on one canvas are laid out to these sizes (px): the gap between two rows, … */
const ROW_GAP = 2;
/** … a label's line (12 px text), and a row's padding above and below (render.css). */
const LABEL_LINE = 16;
const ROW_PADDING = 1;

/**
 * A row's place for its strip when the cells are pixels of the figure's canvas (pixelCanvas): a box as wide
 * and high as the rects would be, whose tooltip names the cell under the pointer, as a rect's does. `values` is
 * the row's part of the figure's copy (StripsState.drawn), which new numbers are written into.
 */
function pixelPlace(values: ArrayLike<number>, cell: number, digits: number): HTMLElement {
  const cols = values.length;
  const place = htmlElement("div", "ap-vector-strip");
  place.style.width = `${cols * cell}px`;
  place.style.height = `${Math.max(cell, 8)}px`;
  place.addEventListener("pointermove", (event) => {
    // From the box on screen, as heatmap.ts cellAt: presenter mode zooms the figure.
    const box = place.getBoundingClientRect();
    if (box.width === 0) return;
    const j = Math.min(cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)));
    place.title = formatNumber(values[j] as number, digits);
  });
  return place;
}

/**
 * Every row's cells on one canvas, laid over the rows' strip places: one backing pixel a cell, stretched to
 * `cell` px wide and to the rows' pitch high (the list's rows are given it exactly: each row `height` px,
 * ROW_GAP apart). A mask shows each cell as a rect is drawn, and the gaps between cells and rows see-through
 * to the rows (their highlight). One canvas, not one a row: 128 canvases cost 14-19 ms a frame to lay out
 * and paint here; and one pixel a cell, as the heatmaps draw theirs (paintCells.ts).
 */
function pixelCanvas(
  list: HTMLElement,
  rowNodes: readonly HTMLElement[],
  cols: number,
  cell: number,
  gap: number,
): HTMLCanvasElement {
  const strip = Math.max(cell, 8);
  const height = Math.max(strip, LABEL_LINE) + 2 * ROW_PADDING;
  const pitch = height + ROW_GAP;
  list.classList.add("ap-pixels");
  list.style.gridAutoRows = `${height}px`;
  list.style.rowGap = `${ROW_GAP}px`;
  const canvas = htmlElement("canvas", "ap-vector-canvas");
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rowNodes.length);
  canvas.style.width = `${cols * cell}px`;
  canvas.style.height = `${rowNodes.length * pitch}px`;
  const rows = `repeating-linear-gradient(#000 0 ${strip}px, transparent ${strip}px ${pitch}px)`;
  const cells = `repeating-linear-gradient(90deg, #000 0 ${cell - gap}px, transparent ${cell - gap}px ${cell}px)`;
  const mask = gap > 0 ? `${rows}, ${cells}` : rows;
  for (const prefix of ["", "-webkit-"]) {
    canvas.style.setProperty(`${prefix}mask-image`, mask);
    if (gap > 0) canvas.style.setProperty(`${prefix}mask-composite`, prefix ? "source-in" : "intersect");
  }
  canvas.setAttribute("aria-hidden", "true");
  rowNodes[0]?.lastElementChild?.append(canvas);
  return canvas;
}

/**
 * The canvas's colours: row i of `matrix` in backing pixel row i. A cell that is not a number, or −∞, is
 * see-through to the canvas's muted background (render.css), as a rect of it is muted.
 */
function paintPixels(canvas: HTMLCanvasElement, matrix: Matrix, ramp: ColorRamp): void {
  const context = canvas.getContext("2d");
  if (context) putCells(context, { matrix, ramp }, [0, 0, 0, 0]);
}

/** Emphasises row `row` (undefined: none); changes classes only. */
export function applyVectorHighlight(node: Element, { row }: { readonly row?: number | undefined }): void {
  states.get(node)?.rowNodes.forEach((rowNode, i) => rowNode.classList.toggle("ap-active", i === row));
}
