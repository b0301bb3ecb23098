/**
 * Backing-store pixels per CSS px for `canvas`: the screen's density times any CSS zoom above it (presenter
 * mode), so that an enlarged view gets a backing store to match, not a blur. Reading the zoom makes the
 * browser bring styles up to date: a view that repaints often reads it once and passes it to sizeCanvas.
 */
export function pixelRatio(canvas: HTMLCanvasElement): number {
  const screen = typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const zoom = (canvas as { currentCSSZoom?: number }).currentCSSZoom;
  return screen * (typeof zoom === "number" && zoom > 0 ? zoom : 1);
}

/**
 * Sizes a canvas to `width` × `height` CSS px with a backing store of `ratio` × that (pixelRatio), so lines
 * and text stay sharp on high-density screens, and returns its 2D context in CSS px units. Null where there
 * is no 2D context (happy-dom in unit tests): callers then draw nothing and build everything else.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  ratio = pixelRatio(canvas),
): CanvasRenderingContext2D | null {
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  // Assigning width or height clears the canvas even when unchanged; assign only on change.
  const resized = canvas.width !== pixelWidth || canvas.height !== pixelHeight;
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  styleSize(canvas, width, height);
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  // A resized canvas is clear already. Printed, a clearRect is a white rectangle (the PDF has no "clear"):
  // a flow drawn for the print covered a dark widget's flow with white.
  if (!resized) context.clearRect(0, 0, width, height);
  return context;
}

/** Gives `canvas` a size of `width` × `height` CSS px on the page, whatever its backing store. */
export function styleSize(canvas: HTMLCanvasElement, width: number, height: number): void {
  // Style writes only on change: an unchanged write still dirties the style, and the next view's size read
  // would then recalculate it (each of a step's views repaints on every edit).
  if (canvas.style.width !== `${width}px`) canvas.style.width = `${width}px`;
  if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
}
