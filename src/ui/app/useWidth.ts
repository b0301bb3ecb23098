import { useLayoutEffect, useRef, useState, type RefObject } from "react";

/**
 * The content-box width of an element, followed as it resizes: the room the views really have; `fallback`
 * until it is measured. `measured`: it has been, in the layout effect of the element's first render, before
 * the page is painted; views built before that would be built again at the real width.
 */
export function useWidth<E extends HTMLElement>(
  fallback = 800,
): [ref: RefObject<E | null>, width: number, measured: boolean] {
  const element = useRef<E>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    const style = getComputedStyle(node);
    const now = Math.floor(node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    // An element not laid out (presenter mode lays the stage out as its figure's parts) has no width: the
    // fallback, as before the observer reports one.
    setWidth(now > 0 ? now : fallback);
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.floor(entry?.contentRect.width ?? fallback)),
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [fallback]);
  return [element, width ?? fallback, width !== undefined];
}
