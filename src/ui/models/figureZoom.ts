import { useEffect, useState } from "react";

/** The screen width the models page's figures are laid out for: a wider screen shows them enlarged. */
const LAYOUT_SCREEN = 1280;
/** Past a 2,560 px screen the figures grow no more: the page's own type stops growing at 2,364 px (app.css). */
const MOST_ZOOM = 2;

/**
 * The zoom of the models page's figures on a screen `screenWidth` CSS px wide: 1 up to 1,280 px (a laptop, a
 * phone), then in proportion to the width, so that a projector of 1,920 px shows a figure as a laptop does,
 * half as large again: the render layer's 11 and 12 px labels become 16.5 and 18 px, read from the back of
 * a room (models-projector.spec.ts). In steps of 0.05, so that resizing a window rebuilds the views seldom.
 */
export function figureZoom(screenWidth: number): number {
  const zoom = Math.min(MOST_ZOOM, Math.max(1, screenWidth / LAYOUT_SCREEN));
  return Math.floor(zoom * 20) / 20;
}

/** figureZoom of the window's width, followed as the window resizes. */
export function useFigureZoom(): number {
  const [zoom, setZoom] = useState(() => figureZoom(window.innerWidth));
  useEffect(() => {
    const onResize = () => setZoom(figureZoom(window.innerWidth));
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return zoom;
}
