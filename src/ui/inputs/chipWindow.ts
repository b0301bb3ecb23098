/**
 * Which chunks of a long list of token chips are drawn. The chips scroll in a box of their own; only the
 * chunks near its visible part are built, and each run of the others is one empty block of their height
 * (measured once drawn, estimated before). A sequence of 4,096 tokens is then a few hundred nodes, not 20,000.
 */

/** Chips per chunk: the list is drawn, measured and left out a chunk at a time. */
export const CHUNK = 32;

/** A chunk of chips drawn, or a run of chunks left out: an empty block `height` px tall. */
export type ChipSegment =
  | { readonly kind: "chunk"; readonly index: number }
  | { readonly kind: "gap"; readonly from: number; readonly to: number; readonly height: number };

/** The chunks whose rows fall within [top − margin, top + height + margin] of the box's content, in px. */
export function visibleChunks(
  chunks: number,
  heightOf: (chunk: number) => number,
  top: number,
  height: number,
  margin: number,
): { readonly first: number; readonly last: number } {
  const from = top - margin;
  const to = top + height + margin;
  let first = -1;
  let last = -1;
  let y = 0;
  for (let c = 0; c < chunks; c++) {
    const bottom = y + heightOf(c);
    if (bottom >= from && y <= to) {
      if (first < 0) first = c;
      last = c;
    }
    if (y > to) break;
    y = bottom;
  }
  // Scrolled past the end (the list just got shorter): the last chunk, whose rows the box will show.
  if (first < 0 && chunks > 0) first = last = chunks - 1;
  return { first, last };
}

/**
 * The list as it is built: every chunk in `drawn`, and each run of the others as one gap as tall as they are.
 * Chunks outside the window may be drawn too (the one holding focus, so that scrolling does not take it away).
 */
export function chipSegments(
  chunks: number,
  drawn: ReadonlySet<number>,
  heightOf: (chunk: number) => number,
): ChipSegment[] {
  const segments: ChipSegment[] = [];
  let gapFrom = -1;
  let gapHeight = 0;
  const closeGap = (to: number) => {
    if (gapFrom < 0) return;
    segments.push({ kind: "gap", from: gapFrom, to, height: gapHeight });
    gapFrom = -1;
    gapHeight = 0;
  };
  for (let c = 0; c < chunks; c++) {
    if (drawn.has(c)) {
      closeGap(c - 1);
      segments.push({ kind: "chunk", index: c });
    } else {
      if (gapFrom < 0) gapFrom = c;
      gapHeight += heightOf(c);
    }
  }
  closeGap(chunks - 1);
  return segments;
}

/**
 * The height of a chunk: as measured when it was last drawn, else the mean of those measured (chunks of the
 * same tokens wrap alike), else `fallback`. The last chunk holds fewer chips: its estimate is scaled down.
 */
export function chunkHeights(
  measured: ReadonlyMap<number, number>,
  tokens: number,
  fallback: number,
): (chunk: number) => number {
  let sum = 0;
  let count = 0;
  for (const [c, h] of measured) {
    // Only full chunks set the mean: a short last one would pull it down.
    if ((c + 1) * CHUNK <= tokens) {
      sum += h;
      count++;
    }
  }
  const full = count > 0 ? sum / count : fallback;
  return (chunk) => {
    const known = measured.get(chunk);
    if (known !== undefined) return known;
    const chips = Math.min(CHUNK, tokens - chunk * CHUNK);
    return chips >= CHUNK ? full : Math.max(1, Math.ceil((full * chips) / CHUNK));
  };
}
