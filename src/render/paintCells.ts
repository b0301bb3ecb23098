import { interpolateRgb } from "d3";
import type { Matrix } from "../core/types";
import { pixelRatio, sizeCanvas } from "./canvas";
import type { ColorRamp } from "./colorRamp";
import { cellValues } from "./cellValues";
import { cellRect, GAP_FROM } from "./heatmapLayout";
import { contrastRatio, relativeLuminance, textColorOn } from "./scales";
import { FONT_FAMILY, type Theme } from "./theme";

export interface PaintCellsOptions {
  /** [rows, cols], row-major; rows are queries, columns are keys. */
  readonly matrix: Matrix;
  /** Side of a square cell, CSS px. */
  readonly cell: number;
  readonly ramp: ColorRamp;
  /** Per row: its cells are coloured by value ÷ this (scales.ts rowLargest); by value when not given. */
  readonly rowDivisors?: ArrayLike<number> | undefined;
  /** [rows, cols], 1 where the cell is masked: drawn hatched, printing its value (−∞ for a score, 0 for a weight). */
  readonly masked?: Uint8Array | undefined;
  readonly showValues: boolean;
  readonly digits: number;
  readonly theme: Theme;
  /** Backing-store pixels per CSS px (canvas.ts pixelRatio); read from the canvas when not given. */
  readonly ratio?: number | undefined;
}

/** Below this cell size masked cells are too small to hatch: they get a wash of the muted colour. */
const IMAGE_BELOW = 4;
/** Opacity of the wash of the muted colour under a masked cell's hatch (hatchTile). */
export const HATCH_WASH = 0.18;
/** Opacity of the hatch's stripes of the muted colour, over its wash. */
export const HATCH_STRIPE = 0.55;
/** WCAG AA for text, and a margin: the canvas lies on a card a shade off the page's own background. */
const TEXT_CONTRAST = 4.5;
const MARGIN = 0.3;

/**
 * The colour of the text on a masked cell ("−∞", or "0" for a masked weight): the muted colour, which says "not there", when it reaches 4.5:1 on
 * the hatch's wash (with a margin), else the text colour, else black or white (paintCells.test.ts "contrast").
 */
export function maskedTextColor(theme: Theme): string {
  const key = `${theme.bg}|${theme.muted}|${theme.fg}`;
  const known = maskedTextColors.get(key);
  if (known !== undefined) return known;
  const color = chooseMaskedTextColor(theme);
  maskedTextColors.set(key, color);
  return color;
}

/** By theme: a heatmap repaints at every edit, the theme's colours rarely change. */
const maskedTextColors = new Map<string, string>();

function chooseMaskedTextColor(theme: Theme): string {
  const wash = relativeLuminance(interpolateRgb(theme.bg, theme.muted)(HATCH_WASH));
  const ratio = (color: string) => contrastRatio(relativeLuminance(color), wash);
  if (ratio(theme.muted) >= TEXT_CONTRAST + MARGIN) return theme.muted;
  if (ratio(theme.fg) >= TEXT_CONTRAST + MARGIN) return theme.fg;
  return textColorOn(interpolateRgb(theme.bg, theme.muted)(HATCH_WASH));
}

/** Paints the cells of `matrix` on `canvas`: colours, hatched masked cells, and values when asked. */
export function paintCells(canvas: HTMLCanvasElement, options: PaintCellsOptions): void {
  const { matrix, cell, showValues, digits } = options;
  if (cell < GAP_FROM && !(showValues && cellValues(matrix, cell, digits)))
    return paintPixels(canvas, options);
  // What paintPixels set on this canvas, if it painted it before.
  setStyle(canvas, "imageRendering", "");
  setStyle(canvas, "backgroundImage", "");
  setStyle(canvas, "backgroundSize", "");
  const context = sizeCanvas(canvas, matrix.cols * cell, matrix.rows * cell, options.ratio);
  if (!context) return;
  // Cells with gaps, or so many values to print that small cells print them (a matrix of 0s and 1s).
  paintRects(context, options);
  if (showValues) paintValues(context, options);
}

/** A style written only when it changes: an unchanged write still dirties the page's styles. */
function setStyle(
  canvas: HTMLCanvasElement,
  name: "width" | "height" | "imageRendering" | "backgroundImage" | "backgroundSize",
  value: string,
) {
  if (canvas.style[name] !== value) canvas.style[name] = value;
}

/**
 * Cells without gaps (below GAP_FROM px) and without values: one backing-store pixel per cell, shown `cell`
 * CSS px wide by the browser (image-rendering: pixelated). Without a GPU every frame that shows a changed
 * canvas copies its backing store into new memory: 128 × 128 pixels instead of 768 × 768 (17 ms a frame at
 * 128 tokens here). A hidden cell is see-through: under it, the hatch as the canvas's CSS background (cells
 * of 4 px and more), or, smaller, the card under a wash of the muted colour; as paintRects draws them.
 */
function paintPixels(canvas: HTMLCanvasElement, options: PaintCellsOptions) {
  const { matrix, cell, theme } = options;
  const { rows, cols } = matrix;
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  setStyle(canvas, "width", `${cols * cell}px`);
  setStyle(canvas, "height", `${rows * cell}px`);
  setStyle(canvas, "imageRendering", "pixelated");
  const context = canvas.getContext("2d");
  if (!context) return;
  const hatched = cell >= IMAGE_BELOW;
  let hiddenBytes: ArrayLike<number> = [0, 0, 0, 0];
  if (!hatched) {
    // Too small to hatch: masked cells get a see-through wash of the muted colour instead.
    const wash = parseColor(context, theme.muted).slice();
    wash[3] = 110;
    hiddenBytes = wash;
  }
  putCells(context, options, hiddenBytes);
  setStyle(
    canvas,
    "backgroundImage",
    hatched ? hatchBackground(theme, options.ratio ?? pixelRatio(canvas)) : "",
  );
  setStyle(canvas, "backgroundSize", hatched ? `${HATCH_SIZE}px ${HATCH_SIZE}px` : "");
}

/** A cell drawn hatched, not coloured: masked (a score of −∞ or a weight of 0), −∞, or not a number. */
export function isHidden(value: number, k: number, masked: Uint8Array | undefined): boolean {
  return masked?.[k] === 1 || value === -Infinity || Number.isNaN(value);
}

/**
 * One pixel per cell, `hiddenBytes` (RGBA) for a hidden cell: the cells as an image the size of the matrix,
 * written into `reuse` when it has that size. putImageData copies the image, so a canvas can hand the same
 * one back at every paint: in Chromium here, a new 512 × 512 image (1 MiB of new memory) made this loop take
 * 8–10 ms, writing into the old one 2–4.
 */
function cellImage(
  { matrix, ramp, masked, rowDivisors }: CellImageOptions,
  hiddenBytes: ArrayLike<number>,
  reuse: ImageData | undefined,
): ImageData {
  const { rows, cols, data } = matrix;
  const image = reuse?.width === cols && reuse.height === rows ? reuse : new ImageData(cols, rows);
  // One 32-bit write per pixel: byte views of the same memory on both sides, so byte order cannot differ.
  const pixels = new Uint32Array(image.data.buffer);
  const colors = new Uint32Array(ramp.bytes.slice().buffer);
  const hidden = new Uint32Array(Uint8ClampedArray.from(hiddenBytes).buffer)[0] as number;
  // ramp.index, written out: 262,144 calls of it at 512 tokens were a third of this loop's time in the page.
  const { low, scale } = ramp;
  const last = colors.length - 1;
  // By row, the value ÷ its row's divisor is coloured: the same arithmetic as ramp.index, bit for bit. The
  // default loop has no division or test in it (the ramp's index is written out in each loop).
  if (!rowDivisors) {
    for (let k = 0; k < rows * cols; k++) {
      const value = data[k] as number;
      if (isHidden(value, k, masked)) {
        pixels[k] = hidden;
        continue;
      }
      const i = Math.round((value - low) * scale);
      pixels[k] = colors[i < 0 ? 0 : i > last ? last : i] as number;
    }
    return image;
  }
  for (let row = 0, k = 0; row < rows; row++) {
    const d = rowDivisors[row] as number;
    for (const end = k + cols; k < end; k++) {
      const value = data[k] as number;
      if (isHidden(value, k, masked)) {
        pixels[k] = hidden;
        continue;
      }
      const i = Math.round((value / d - low) * scale);
      pixels[k] = colors[i < 0 ? 0 : i > last ? last : i] as number;
    }
  }
  return image;
}

/** The image each canvas (or the scratch canvas) was last painted from, to be written again. */
const images = new WeakMap<HTMLCanvasElement, ImageData>();

type CellImageOptions = Pick<PaintCellsOptions, "matrix" | "ramp" | "masked" | "rowDivisors">;

/**
 * putImageData of the cells' image (one pixel a cell, `hiddenBytes` RGBA for a hidden cell) onto `context`'s
 * canvas, reusing the canvas's last image. Vector strips (vectors.ts) draw theirs with it too.
 */
export function putCells(
  context: CanvasRenderingContext2D,
  options: CellImageOptions,
  hiddenBytes: ArrayLike<number>,
): void {
  const image = cellImage(options, hiddenBytes, images.get(context.canvas));
  images.set(context.canvas, image);
  context.putImageData(image, 0, 0);
}

/**
 * Cells with gaps: the colours as an image of one pixel per cell drawn `cell` px a pixel (nearest
 * neighbour), the hatch over each row's runs of hidden cells, then the gaps cleared, as cellRect places
 * them. A fillRect per cell with a fill style of its own (the hatch pattern for 2,016 of the 4,096 cells of a
 * causal heatmap of 64 tokens) took 8–14 ms to rasterise without a GPU here, this 1–3 ms.
 */
function paintRects(context: CanvasRenderingContext2D, options: PaintCellsOptions) {
  const { matrix, cell, masked, theme } = options;
  const { rows, cols, data } = matrix;
  const pixels = pixelCanvas(cols, rows);
  if (pixels) {
    putCells(pixels, options, [0, 0, 0, 0]);
    context.imageSmoothingEnabled = false;
    context.drawImage(pixels.canvas, 0, 0, cols, rows, 0, 0, cols * cell, rows * cell);
    context.imageSmoothingEnabled = true;
  }
  context.fillStyle = hatchPattern(context, theme) ?? theme.muted;
  context.beginPath();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (!isHidden(data[i * cols + j] as number, i * cols + j, masked)) continue;
      let end = j + 1;
      while (end < cols && isHidden(data[i * cols + end] as number, i * cols + end, masked)) end++;
      context.rect(j * cell, i * cell, (end - j) * cell, cell);
      j = end;
    }
  }
  context.fill();
  const gaps = gapMask(context, rows, cols, cell);
  if (!gaps) return;
  // Cut out with one image of the gaps: each gap cut out as a fillRect of its own cost 4–5 ms an edit at
  // 64 tokens here (rasterised without a GPU, 130 lines across 832 px), one drawImage of them 0.1–0.3.
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.globalCompositeOperation = "destination-out";
  context.drawImage(gaps, 0, 0);
  context.restore();
}

/**
 * Gap masks by geometry, the most recently used last: heatmaps of one shape share one (the training view's
 * four probe heads), and at most MAX_GAP_MASKS are kept (each is as large as its canvas).
 */
const gapMasks = new Map<string, HTMLCanvasElement>();
const MAX_GAP_MASKS = 4;

/**
 * The gaps between cells (cellRect) as opaque lines on a clear canvas of `context`'s backing-store size,
 * antialiased as the cells' own edges are; made when the geometry changes, not at every paint. Null with
 * no gap (cells below GAP_FROM) or no 2D context.
 */
function gapMask(
  context: CanvasRenderingContext2D,
  rows: number,
  cols: number,
  cell: number,
): HTMLCanvasElement | null {
  const gap = cell - cellRect(0, 0, cell).width;
  if (gap === 0) return null;
  const { canvas } = context;
  // The canvas's backing size follows from these (sizeCanvas), so they name the mask.
  const ratio = context.getTransform().a || 1;
  const key = `${rows}×${cols}×${cell}@${ratio}`;
  const known = gapMasks.get(key);
  if (known) {
    gapMasks.delete(key);
    gapMasks.set(key, known);
    return known;
  }
  const mask = document.createElement("canvas");
  [mask.width, mask.height] = [canvas.width, canvas.height];
  const lines = mask.getContext("2d");
  if (!lines) return null;
  lines.setTransform(ratio, 0, 0, ratio, 0, 0);
  lines.fillStyle = "#000";
  for (let j = 0; j <= cols; j++) lines.fillRect(j * cell - gap / 2, 0, gap, rows * cell);
  for (let i = 0; i <= rows; i++) lines.fillRect(0, i * cell - gap / 2, cols * cell, gap);
  gapMasks.set(key, mask);
  for (const old of gapMasks.keys()) if (gapMasks.size > MAX_GAP_MASKS) gapMasks.delete(old);
  return mask;
}

/** A scratch canvas of at least `cols` × `rows` pixels for the image of the cells, one for the page. */
let scratch: CanvasRenderingContext2D | null | undefined;
function pixelCanvas(cols: number, rows: number): CanvasRenderingContext2D | null {
  scratch ??= document.createElement("canvas").getContext("2d");
  if (!scratch) return null;
  const { canvas } = scratch;
  if (canvas.width < cols) canvas.width = cols;
  if (canvas.height < rows) canvas.height = rows;
  return scratch;
}

function paintValues(context: CanvasRenderingContext2D, options: PaintCellsOptions) {
  const { matrix, cell, ramp, masked, digits, theme, rowDivisors } = options;
  const { rows, cols, data } = matrix;
  const values = cellValues(matrix, cell, digits);
  if (!values) return;
  const { texts, size } = values;
  context.font = `${size}px ${FONT_FAMILY}`;
  const hiddenText = maskedTextColor(theme);
  context.textAlign = "center";
  context.textBaseline = "middle";
  // A colour is parsed at each assignment: set only when it changes (cells mostly share two text colours).
  let colour = "";
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const value = data[k] as number;
      const shade = ramp.index(rowDivisors ? value / (rowDivisors[i] as number) : value);
      const next = isHidden(value, k, masked) ? hiddenText : (ramp.textColors[shade] as string);
      if (next !== colour) context.fillStyle = colour = next;
      context.fillText(texts[k] as string, j * cell + cell / 2, i * cell + cell / 2 + 0.5);
    }
  }
}

/** Hatch tiles by colour and pixel ratio: made once, not at every repaint. */
const hatchTiles = new Map<string, HTMLCanvasElement | null>();

/** Diagonal lines in the muted colour over a faint wash of it: reads as "not there" in light and dark. */
function hatchPattern(context: CanvasRenderingContext2D, theme: Theme): CanvasPattern | null {
  const ratio = context.getTransform().a || 1;
  const id = `${theme.muted}@${ratio}`;
  if (!hatchTiles.has(id)) hatchTiles.set(id, hatchTile(theme, ratio));
  const tile = hatchTiles.get(id);
  if (!tile) return null;
  const pattern = context.createPattern(tile, "repeat");
  // The tile has device pixels; undo the context's scale so one tile covers `size` CSS px.
  pattern?.setTransform(new DOMMatrix().scale(1 / ratio));
  return pattern;
}

/** The hatch's tile, CSS px square. */
const HATCH_SIZE = 6;

/** The hatch's tile as a CSS background image (a data: URL, which the widget's CSP allows as an image). */
function hatchBackground(theme: Theme, ratio: number): string {
  const id = `${theme.muted}@${ratio}`;
  let url = hatchUrls.get(id);
  if (url === undefined) {
    if (!hatchTiles.has(id)) hatchTiles.set(id, hatchTile(theme, ratio));
    const tile = hatchTiles.get(id);
    url = tile ? `url("${tile.toDataURL()}")` : "";
    hatchUrls.set(id, url);
  }
  return url;
}
const hatchUrls = new Map<string, string>();

function hatchTile(theme: Theme, ratio: number): HTMLCanvasElement | null {
  const size = HATCH_SIZE;
  const tile = document.createElement("canvas");
  tile.width = Math.round(size * ratio);
  tile.height = Math.round(size * ratio);
  const t = tile.getContext("2d");
  if (!t) return null;
  t.scale(ratio, ratio);
  t.globalAlpha = HATCH_WASH;
  t.fillStyle = theme.muted;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = HATCH_STRIPE;
  t.strokeStyle = theme.muted;
  t.lineWidth = 1;
  t.beginPath();
  for (const offset of [-size, 0, size]) {
    t.moveTo(offset, size);
    t.lineTo(offset + size, 0);
  }
  t.stroke();
  return tile;
}

/** Parsed colours: reading a pixel back makes a GPU canvas finish its drawing first, so each is read once. */
const parsedColors = new Map<string, Uint8ClampedArray>();

/** Any CSS colour → RGBA bytes, through the canvas's own parser. */
function parseColor(context: CanvasRenderingContext2D, color: string): Uint8ClampedArray {
  const known = parsedColors.get(color);
  if (known) return known;
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const pixel = context.getImageData(0, 0, 1, 1).data;
  context.clearRect(0, 0, 1, 1);
  context.restore();
  parsedColors.set(color, pixel);
  return pixel;
}
