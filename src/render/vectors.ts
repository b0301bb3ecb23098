import type { Matrix } from "../core/types";
import { emitValue, htmlElement, indexLabels } from "./dom";
import { formatNumber } from "./format";
import { colorRamp, type ColorRamp } from "./colorRamp";
import { legend } from "./legend";
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
  /** One per row: its label, then its strip (an SVG of rects, or a canvas of one pixel per cell). */
  readonly rowNodes: readonly HTMLElement[];
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
    const strip = ramp
      ? pixelStrip(values, ramp, cell, gap, digits)
      : rectStrip(values, scale, cell, gap, digits);
    row.append(htmlElement("span", "ap-vector-label", labels[i] ?? String(i)), strip);
    row.addEventListener("pointerenter", () => emit("input", { row: i }));
    row.addEventListener("click", () => emit("change", { row: i }));
    return row;
  });
  list.append(...rowNodes);
  list.addEventListener("pointerleave", () => emit("input", null));
  figure.append(list);

  const legendWidth = Math.max(200, Math.min(280, cols * cell + 88));
  figure.append(stripsLegend(data, scale, [low, high], legendTitle, legendWidth, digits));
  states.set(figure, {
    rowNodes,
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
  state.rowNodes.forEach((row, i) => {
    const strip = row.lastElementChild as Element;
    const values = drawn.subarray(i * cols, (i + 1) * cols);
    if (ramp) paintPixels(strip as HTMLCanvasElement, values, ramp);
    else
      strip
        .querySelectorAll("rect")
        .forEach((rect, j) => paintRect(rect, values[j] as number, scale, state.digits));
  });
  node
    .querySelector(":scope > .ap-legend")
    ?.replaceWith(stripsLegend(data, scale, [low, high], state.legendTitle, state.legendWidth, state.digits));
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

function stripsLegend(
  data: Matrix["data"],
  scale: Scale,
  domain: [number, number],
  title: string,
  width: number,
  digits: number,
): SVGSVGElement {
  const extent = finiteExtent(data);
  return legend({ scale, domain, title, width, marks: extent && { min: extent[0], max: extent[1] }, digits });
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
 * Past this many cells the strips are drawn on canvas. As SVG, one rect and one tooltip per cell: at 512
 * tokens × d_model 512, Q, K and V were 1.6 million nodes, and step 2 froze the page for two minutes. And
 * every rect whose number changes is styled again: about 10-25 µs a rect here, so an edit of τ at step 8
 * with 64 tokens (two figures of 4,096 cells) took 229 ms. Up to 1,024 cells (the lessons, 16 tokens ×
 * d_model 64) they stay rects, with a gap between cells and a tooltip each.
 */
export const MOST_RECTS = 1024;

/**
 * One row's strip as a canvas one pixel high: with gaps, `cell` pixels a cell, the last one blank, as the
 * rects are drawn; without, one pixel a cell, shown `cell` px wide. Its tooltip names the cell under the
 * pointer, as a rect's does. `values` is the row's part of the figure's copy (StripsState.drawn), which new
 * numbers are written into.
 */
function pixelStrip(
  values: ArrayLike<number>,
  ramp: ColorRamp,
  cell: number,
  gap: number,
  digits: number,
): HTMLCanvasElement {
  const cols = values.length;
  const canvas = htmlElement("canvas", "ap-vector-strip");
  canvas.width = Math.max(1, gap > 0 ? cols * cell : cols);
  canvas.height = 1;
  canvas.style.width = `${cols * cell}px`;
  canvas.style.height = `${Math.max(cell, 8)}px`;
  canvas.style.imageRendering = "pixelated";
  // The muted background shows through a cell that is not a number (render.css); the gaps show the page.
  if (gap > 0)
    canvas.style.background = `repeating-linear-gradient(90deg, var(--ap-muted, #8c959f) 0 ${cell - gap}px, transparent ${cell - gap}px ${cell}px)`;
  canvas.setAttribute("aria-hidden", "true");
  paintPixels(canvas, values, ramp);
  canvas.addEventListener("pointermove", (event) => {
    // From the box on screen, as heatmap.ts cellAt: presenter mode zooms the figure.
    const box = canvas.getBoundingClientRect();
    if (box.width === 0) return;
    const j = Math.min(cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)));
    canvas.title = formatNumber(values[j] as number, digits);
  });
  return canvas;
}

/**
 * A pixel strip's colours: each cell's pixels (canvas.width / cols of them). A strip of more than one pixel a
 * cell has gaps (pixelStrip): the last pixel of each cell is left blank.
 */
function paintPixels(canvas: HTMLCanvasElement, values: ArrayLike<number>, ramp: ColorRamp): void {
  const cols = values.length;
  const context = canvas.getContext("2d");
  if (!context || cols === 0) return;
  const per = canvas.width / cols;
  const gap = per > 1 ? 1 : 0;
  const image = context.createImageData(canvas.width, 1);
  for (let j = 0; j < cols; j++) {
    const value = values[j] as number;
    // Not a number, or infinite: transparent, over the strip's muted background (render.css).
    if (!Number.isFinite(value)) continue;
    const at = ramp.index(value) * 4;
    const colour = ramp.bytes.subarray(at, at + 4);
    for (let x = j * per; x < (j + 1) * per - gap; x++) image.data.set(colour, x * 4);
  }
  context.putImageData(image, 0, 0);
}

/** Emphasises row `row` (undefined: none); changes classes only. */
export function applyVectorHighlight(node: Element, { row }: { readonly row?: number | undefined }): void {
  states.get(node)?.rowNodes.forEach((rowNode, i) => rowNode.classList.toggle("ap-active", i === row));
}
