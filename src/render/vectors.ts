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

const states = new WeakMap<Element, readonly HTMLElement[]>();

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
  // Colours for the page's theme as it is now; a host that switches themes renders the strips again.
  const scale = divergingScale(data, paletteFor(palette, isDark(readTheme(document.documentElement))));
  const [low, , high] = scale.domain() as [number, number, number];
  // Room for a label column of about 80 px; the rest is shared by the cells.
  const cell = Math.max(2, Math.min(cellSize, Math.floor((width - 88) / Math.max(1, cols))));
  const gap = cell >= 6 ? 1 : 0;

  const figure = Object.assign(htmlElement("figure", "ap-vectors"), { value: null as VectorValue | null });
  figure.setAttribute("role", "group");
  figure.setAttribute("aria-label", ariaLabel);
  if (title) figure.append(htmlElement("figcaption", "ap-caption", title));

  const list = htmlElement("div", "ap-vector-rows");
  const emit = (type: "input" | "change", value: VectorValue | null) => emitValue(figure, type, value);
  const ramp = rows * cols > MOST_RECTS ? colorRamp(scale, [low, high]) : undefined;
  const rowNodes = Array.from({ length: rows }, (_, i) => {
    const row = htmlElement("div", "ap-vector-row");
    row.dataset.row = String(i);
    row.append(
      htmlElement("span", "ap-vector-label", labels[i] ?? String(i)),
      ramp ? pixelStrip(data.subarray(i * cols, (i + 1) * cols), ramp, cell, digits) : rectStrip(i),
    );
    row.addEventListener("pointerenter", () => emit("input", { row: i }));
    row.addEventListener("click", () => emit("change", { row: i }));
    return row;
  });
  function rectStrip(i: number): SVGSVGElement {
    const strip = svgElement("svg", {
      class: "ap-vector-strip",
      width: cols * cell,
      height: Math.max(cell, 8),
      "aria-hidden": "true",
    });
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j] as number;
      const rect = svgElement("rect", {
        x: j * cell + gap / 2,
        y: 0,
        width: cell - gap,
        height: Math.max(cell, 8),
        rx: Math.min(2, cell / 4),
        fill: Number.isFinite(value) ? scale(value) : "var(--ap-muted, #8c959f)",
        "data-value": String(value),
      });
      // A tooltip with the number, for readers who point at one cell.
      const tip = svgElement("title");
      tip.textContent = formatNumber(value, digits);
      rect.append(tip);
      strip.append(rect);
    }
    return strip;
  }
  list.append(...rowNodes);
  list.addEventListener("pointerleave", () => emit("input", null));
  figure.append(list);

  const extent = finiteExtent(data);
  figure.append(
    legend({
      scale,
      domain: [low, high],
      title: legendTitle,
      width: Math.max(200, Math.min(280, cols * cell + 88)),
      marks: extent && { min: extent[0], max: extent[1] },
      digits,
    }),
  );
  states.set(figure, rowNodes);
  applyVectorHighlight(figure, { row: highlight });
  return figure;
}

/**
 * Past this many cells the strips are drawn on canvas. As SVG, one rect and one tooltip per cell: at 512
 * tokens × d_model 512, Q, K and V were 1.6 million nodes, and step 2 froze the page for two minutes.
 */
export const MOST_RECTS = 8192;

/**
 * One row's strip as a canvas of one pixel per cell, shown `cell` px a pixel; its tooltip names the cell
 * under the pointer, as a rect's does.
 */
function pixelStrip(
  values: ArrayLike<number>,
  ramp: ColorRamp,
  cell: number,
  digits: number,
): HTMLCanvasElement {
  const cols = values.length;
  const canvas = htmlElement("canvas", "ap-vector-strip");
  canvas.width = Math.max(1, cols);
  canvas.height = 1;
  canvas.style.width = `${cols * cell}px`;
  canvas.style.height = `${Math.max(cell, 8)}px`;
  canvas.style.imageRendering = "pixelated";
  canvas.setAttribute("aria-hidden", "true");
  const context = canvas.getContext("2d");
  if (context && cols > 0) {
    const image = context.createImageData(cols, 1);
    for (let j = 0; j < cols; j++) {
      const value = values[j] as number;
      // Not a number, or infinite: transparent, over the strip's muted background (render.css).
      if (!Number.isFinite(value)) continue;
      const at = ramp.index(value) * 4;
      image.data.set(ramp.bytes.subarray(at, at + 4), j * 4);
    }
    context.putImageData(image, 0, 0);
  }
  canvas.addEventListener("pointermove", (event) => {
    // From the box on screen, as heatmap.ts cellAt: presenter mode zooms the figure.
    const box = canvas.getBoundingClientRect();
    if (box.width === 0) return;
    const j = Math.min(cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)));
    canvas.title = formatNumber(values[j] as number, digits);
  });
  return canvas;
}

/** Emphasises row `row` (undefined: none); changes classes only. */
export function applyVectorHighlight(node: Element, { row }: { readonly row?: number | undefined }): void {
  states.get(node)?.forEach((rowNode, i) => rowNode.classList.toggle("ap-active", i === row));
}
