/**
 * Sizes a canvas to `width` × `height` CSS px with a backing store of devicePixelRatio × that, so lines and
 * text stay sharp on high-density screens, and returns its 2D context in CSS px units. Null where there is
 * no 2D context (happy-dom in unit tests): callers then draw nothing and build everything else.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const screen = typeof devicePixelRatio === "number" && devicePixelRatio > 0 ? devicePixelRatio : 1;
  // A page that enlarges a view with CSS zoom (presenter mode) gets a backing store to match, not a blur.
  const zoom = (canvas as { currentCSSZoom?: number }).currentCSSZoom;
  const ratio = screen * (typeof zoom === "number" && zoom > 0 ? zoom : 1);
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  // Assigning width or height clears the canvas even when unchanged; assign only on change.
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}
