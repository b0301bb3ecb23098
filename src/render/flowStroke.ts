/**
 * The lines of a flow as they are stroked onto its canvas, in the page or in the flow painter's worker
 * (flowPainter.ts): the same drawing either way.
 */

/** How much of its opacity a line keeps while another query's or key's lines are isolated. */
export const FADED = 0.06;

/** Numbers per line in a packed frame: x1, y1, x2, y2, width, opacity, faded (0 or 1), colour index. */
export const LINE_FIELDS = 8;

/** What one paint of a flow's canvas needs, packed so that it crosses to a worker as one buffer. */
export interface LineFrame {
  /** Backing-store size, in device px. */
  readonly pixelWidth: number;
  readonly pixelHeight: number;
  /** Device px per CSS px. */
  readonly ratio: number;
  /** The flow's row (CSS px) at the canvas's top edge. */
  readonly top: number;
  /** Rows outside [top, bottom] need no line (a line is straight: its ends bound it); undefined: draw all. */
  readonly band?: { readonly top: number; readonly bottom: number } | undefined;
  /** A page's factor on every line's width (presenter mode). */
  readonly thicken: number;
  /** LINE_FIELDS numbers per line, weakest first, in the flow's CSS px. */
  readonly lines: Float32Array;
  readonly colors: readonly string[];
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Strokes a frame's lines, weakest first, so that the strong ones are drawn on top. Neighbours in that order
 * that look alike (same colour, width, opacity and fading) are stroked as one path: 2,000 strokes made the
 * browser's frame wait 40 ms here, a few hundred paths do not.
 */
export function strokeLines(context: Context2D, frame: LineFrame): void {
  const { ratio, top, band, thicken, lines, colors } = frame;
  context.setTransform(ratio, 0, 0, ratio, 0, -top * ratio);
  context.lineCap = "round";
  let open = false;
  let last = -1;
  for (let k = 0; k < lines.length; k += LINE_FIELDS) {
    const y1 = lines[k + 1]!;
    const y2 = lines[k + 3]!;
    const reach = lines[k + 4]! * thicken;
    if (band && (Math.max(y1, y2) + reach < band.top || Math.min(y1, y2) - reach > band.bottom)) continue;
    if (last < 0 || !alike(lines, last, k)) {
      if (open) context.stroke();
      context.globalAlpha = lines[k + 5]! * (lines[k + 6] ? FADED : 1);
      context.strokeStyle = colors[lines[k + 7]!] ?? "#0072B2";
      context.lineWidth = reach;
      context.beginPath();
      open = true;
      last = k;
    }
    context.moveTo(lines[k]!, y1);
    context.lineTo(lines[k + 2]!, y2);
  }
  if (open) context.stroke();
}

/** Same width, opacity, fading and colour. */
const alike = (lines: Float32Array, a: number, b: number) =>
  lines[a + 4] === lines[b + 4] &&
  lines[a + 5] === lines[b + 5] &&
  lines[a + 6] === lines[b + 6] &&
  lines[a + 7] === lines[b + 7];
