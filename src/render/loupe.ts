import type { Matrix } from "../core/types";
import type { ColorRamp } from "./colorRamp";
import { htmlElement } from "./dom";
import { paintCells } from "./paintCells";
import type { Theme } from "./theme";

/**
 * A magnifier for a finger on small cells: 64 tokens on a phone are cells of 3 px, and a fingertip covers
 * a dozen of them, so a tap landed on a neighbour of the cell meant and hid which one. While a finger (or a
 * pen) is down on cells smaller than LOUPE_BELOW, the loupe shows the LOUPE_SPAN × LOUPE_SPAN cells around
 * the one under it, LOUPE_CELL px each, above the finger, that cell outlined and its query and key named;
 * moving the finger moves it, lifting it picks that cell (heatmap.ts).
 */
export const LOUPE_SPAN = 5;
/** Wide enough for the cells' values to print, "1.2e−12" included (cellValues: 9 px at least). */
export const LOUPE_CELL = 48;
/** Cells narrower than this, in CSS px as drawn, are magnified under a finger. */
export const LOUPE_BELOW = 16;
/** Gap between the loupe and the finger's point, CSS px: the fingertip itself covers about this much. */
const FINGER = 28;
/** The loupe's padding (render.css .ap-loupe), which the outlined cell's place counts from. */
const PADDING = 4;

export interface LoupeOptions {
  /** [rows, cols]: rows are queries, columns are keys. */
  readonly matrix: Matrix;
  readonly masked: Uint8Array | undefined;
  readonly rowDivisors: ArrayLike<number> | undefined;
  readonly ramp: ColorRamp;
  readonly theme: Theme;
  /** Significant digits of the values printed in its cells, as in the heatmap's. */
  readonly digits: number;
  /** The cell under the finger, and its query's and key's labels. */
  readonly row: number;
  readonly col: number;
  readonly label: string;
  /** The finger's point, in client (viewport) px. */
  readonly x: number;
  readonly y: number;
}

/** An area of the screen, in client px: its top and right edges (its left is the window's, 0). */
export interface LoupeArea {
  readonly top: number;
  readonly right: number;
}

/**
 * Where the loupe may be seen, in client px: the window, and inside a widget its box, which clips what it
 * holds (widget.css: contain, which also makes that box the one a fixed position counts from).
 */
function visibleArea(loupe: HTMLElement): LoupeArea {
  const root = loupe.getRootNode();
  const host = root instanceof ShadowRoot ? root.host.getBoundingClientRect() : undefined;
  const right = typeof innerWidth === "number" ? innerWidth : Infinity;
  return { top: Math.max(0, host?.top ?? 0), right: Math.min(right, host?.right ?? right) };
}

/**
 * Where a loupe of `width` × `height` goes for a finger at (x, y), all in client px: centred above the
 * finger, where the hand does not cover it; below it where there is no room above; 4 px inside `area`.
 */
export function loupePlace(
  { x, y }: { readonly x: number; readonly y: number },
  { width, height }: { readonly width: number; readonly height: number },
  area: LoupeArea,
): { left: number; top: number } {
  const left = Math.max(4, Math.min(area.right - width - 4, x - width / 2));
  const above = y - FINGER - height;
  return { left, top: above >= area.top + 4 ? above : y + FINGER };
}

/**
 * Puts a loupe that shows, its body `width` × `height` px, at its place for a finger at client (x, y)
 * (loupePlace), inside the window and a widget's box; its height as laid out, caption included, where it is.
 * Fixed, so that no scrolling box around the view cuts it; placed in client px, then moved by what its box
 * counts from (0 but in a widget).
 */
export function placeLoupe(loupe: HTMLElement, x: number, y: number, width: number, height: number): void {
  const size = { width: width + 2 * PADDING, height: loupe.offsetHeight || height + 2 * PADDING };
  const { left, top } = loupePlace({ x, y }, size, visibleArea(loupe));
  loupe.style.left = `${left}px`;
  loupe.style.top = `${top}px`;
  const placed = loupe.getBoundingClientRect();
  if (placed.left !== left) loupe.style.left = `${2 * left - placed.left}px`;
  if (placed.top !== top) loupe.style.top = `${2 * top - placed.top}px`;
}

/** The first index of the LOUPE_SPAN cells around `at` along an axis of `n`, the window kept inside it. */
export function loupeStart(at: number, n: number): number {
  return Math.max(0, Math.min(n - LOUPE_SPAN, at - (LOUPE_SPAN >> 1)));
}

/**
 * An empty loupe, hidden: a visual aid only (the view's live region or its tokens' names say what is
 * pointed at to screen readers). It holds `body` (the heatmap's cells; the flow's tokens, flowLoupe.ts), the
 * mark that outlines what is under the finger, and a caption.
 */
export function createLoupe(body: HTMLElement = htmlElement("canvas", "ap-loupe-cells")): HTMLElement {
  const loupe = htmlElement("div", "ap-loupe");
  loupe.hidden = true;
  loupe.setAttribute("aria-hidden", "true");
  loupe.append(body, htmlElement("div", "ap-loupe-mark"), htmlElement("div", "ap-loupe-label"));
  return loupe;
}

/** Shows the cells around (row, col) in `loupe`, placed above the finger's point, inside the window. */
export function showLoupe(loupe: HTMLElement, options: LoupeOptions): void {
  const { matrix, masked, rowDivisors, ramp, theme, digits, row, col, label, x, y } = options;
  const firstRow = loupeStart(row, matrix.rows);
  const first = loupeStart(col, matrix.cols);
  const rows = Math.min(LOUPE_SPAN, matrix.rows);
  const cols = Math.min(LOUPE_SPAN, matrix.cols);
  const part = new Float64Array(rows * cols);
  const partMask = masked && new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = (firstRow + i) * matrix.cols + first + j;
      part[i * cols + j] = matrix.data[k] as number;
      if (partMask && masked) partMask[i * cols + j] = masked[k] as number;
    }
  }
  const divisors = rowDivisors && Array.from({ length: rows }, (_, i) => rowDivisors[firstRow + i] as number);
  const [cells, mark, caption] = loupe.children as unknown as [HTMLCanvasElement, HTMLElement, HTMLElement];
  paintCells(cells, {
    matrix: { rows, cols, data: part },
    cell: LOUPE_CELL,
    ramp,
    rowDivisors: divisors,
    masked: partMask,
    showValues: true,
    digits,
    theme,
  });
  outline(mark, (col - first) * LOUPE_CELL, (row - firstRow) * LOUPE_CELL, LOUPE_CELL, LOUPE_CELL);
  caption.textContent = label;
  Object.assign(loupe.dataset, { row: String(row), col: String(col) });
  loupe.hidden = false;
  placeLoupe(loupe, x, y, cols * LOUPE_CELL, rows * LOUPE_CELL);
}

/** Puts the loupe's mark around the box at (left, top), width × height px from its body's top-left corner. */
export function outline(mark: HTMLElement, left: number, top: number, width: number, height: number): void {
  Object.assign(mark.style, {
    left: `${PADDING + left}px`,
    top: `${PADDING + top}px`,
    width: `${width}px`,
    height: `${height}px`,
  });
}

export function hideLoupe(loupe: HTMLElement): void {
  loupe.hidden = true;
}

/** How a view under a finger finds, shows and picks what is there (followFinger). */
export interface FingerView<T> {
  /** Whether a finger pressed here is magnified: what it lands on is drawn smaller than LOUPE_BELOW. */
  readonly magnifies: (event: PointerEvent) => boolean;
  /** What is under the finger's point; null off the view's cells or tokens. */
  readonly at: (event: PointerEvent) => T | null;
  /** Shows the loupe for what is under the finger; null: hides it until the finger comes back. */
  readonly show: (event: PointerEvent, at: T | null) => void;
  /** Hides the loupe once the finger is lifted (after pick). */
  readonly hide: () => void;
  /** Picks what the finger is lifted from, as a click on it does. */
  readonly pick: (at: T) => void;
}

/**
 * A finger (or a pen; a mouse points and clicks as before) pressed on `target` where the view magnifies:
 * the loupe follows it, lifting it picks what is under it, lifting it off the view or a cancelled touch
 * picks nothing. Returns whether a finger is magnified now. Call it before the view adds its own click
 * listener to `target`: the click a browser may send after the lift is stopped before it picks again.
 */
export function followFinger<T>(target: Element, view: FingerView<T>): () => boolean {
  let magnifying = false;
  let lifted = false;
  const on = <K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ) => target.addEventListener(type, listener as EventListener, options);
  on("pointerdown", (event) => {
    lifted = false;
    if (event.pointerType === "mouse" || !view.magnifies(event)) return;
    // Moves off the target still come here until the finger is lifted.
    try {
      target.setPointerCapture(event.pointerId);
    } catch {
      // Not capturable (a synthetic event): the loupe follows the moves the target receives.
    }
    magnifying = true;
    view.show(event, view.at(event));
  });
  on("pointermove", (event) => {
    if (magnifying) view.show(event, view.at(event));
  });
  const lift = (event: PointerEvent) => {
    if (!magnifying) return;
    magnifying = false;
    lifted = true;
    const at = event.type === "pointerup" ? view.at(event) : null;
    if (at) view.pick(at);
    view.hide();
  };
  on("pointerup", lift);
  on("pointercancel", lift);
  // The finger moves the loupe, not the page: a scroll would cancel the touch (pointercancel). Here, not
  // only in CSS: Chrome reads touch-action on an <svg>, not on its tokens.
  on("touchmove", (event) => magnifying && event.preventDefault(), { passive: false });
  // Capturing the pointer, the browser says it left the child first touched (a flow's token): it stays lit.
  on("pointerleave", (event) => magnifying && event.target !== target && event.stopPropagation(), {
    capture: true,
  });
  // Before the view's own click listeners (capture, and added first): the browser may click what was lifted.
  on(
    "click",
    (event) => {
      if (lifted) {
        event.stopImmediatePropagation();
        event.stopPropagation();
      }
      lifted = false;
    },
    { capture: true },
  );
  return () => magnifying;
}
