import { pixelRatio, sizeCanvas } from "./canvas";
import type { Theme } from "./theme";

export interface PaintHighlightOptions {
  readonly rows: number;
  readonly cols: number;
  /** Side of a square cell, CSS px. */
  readonly cell: number;
  /** Outlined row (a query) and column (a key); both together also outline their cell. */
  readonly row?: number | undefined;
  readonly col?: number | undefined;
  /** The cell under the pointer or the keyboard cursor. */
  readonly cursor?: { readonly row: number; readonly col: number } | null | undefined;
  readonly theme: Theme;
  /** Backing-store pixels per CSS px (canvas.ts pixelRatio); read from the canvas when not given. */
  readonly ratio?: number | undefined;
}

/** What each overlay shows now, as paintHighlight last painted it. */
const shown = new WeakMap<HTMLCanvasElement, string>();

/**
 * Paints outlines on the transparent overlay canvas above the cells, so that moving a highlight repaints a
 * few lines instead of every cell. Each line is drawn twice, wide in the background colour and then narrow
 * in the foreground colour, so it stands out on every colour of every palette, light or dark.
 *
 * Painted only when what it shows changes (new numbers in the cells leave it as it is), and with nothing
 * to outline it has no backing store at all: without a GPU the browser copied a changed canvas at every
 * frame, and a cleared 768 × 768 overlay cost 30 ms per edit at 128 tokens.
 */
export function paintHighlight(
  canvas: HTMLCanvasElement,
  { rows, cols, cell, row, col, cursor, theme, ratio }: PaintHighlightOptions,
): void {
  const width = cols * cell;
  const height = rows * cell;
  const inRange = (i: number | undefined, n: number): i is number => i !== undefined && i >= 0 && i < n;
  const pointed = cursor && inRange(cursor.row, rows) && inRange(cursor.col, cols) ? cursor : undefined;
  const empty = !inRange(row, rows) && !inRange(col, cols) && !pointed;
  const pixels = empty ? 0 : (ratio ?? pixelRatio(canvas));
  const look = empty
    ? `${width}×${height}`
    : [
        width,
        height,
        cell,
        row,
        col,
        pointed?.row,
        pointed?.col,
        theme.fg,
        theme.bg,
        theme.accent,
        pixels,
      ].join();
  if (shown.get(canvas) === look) return;
  shown.set(canvas, look);
  const context = sizeCanvas(canvas, width, height, pixels);
  if (!context || empty) return;
  const outline = (x: number, y: number, w: number, h: number, color: string, line: number) => {
    // Keep the whole line inside the canvas: inset by half its width.
    const inset = (line + 2) / 2;
    context.lineWidth = line + 2;
    context.strokeStyle = theme.bg;
    context.strokeRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset);
    context.lineWidth = line;
    context.strokeStyle = color;
    context.strokeRect(x + inset, y + inset, w - 2 * inset, h - 2 * inset);
  };
  const line = cell >= 8 ? 1.5 : 1;
  if (inRange(row, rows)) outline(0, row * cell, width, cell, theme.fg, line);
  if (inRange(col, cols)) outline(col * cell, 0, cell, height, theme.fg, line);
  if (inRange(row, rows) && inRange(col, cols))
    outline(col * cell, row * cell, cell, cell, theme.fg, line + 1);
  if (pointed) {
    // Grow a tiny cell's cursor so it can still be seen.
    const pad = cell < 8 ? 3 : 0;
    outline(
      pointed.col * cell - pad,
      pointed.row * cell - pad,
      cell + 2 * pad,
      cell + 2 * pad,
      theme.accent,
      2,
    );
  }
}
