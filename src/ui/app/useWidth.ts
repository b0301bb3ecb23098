import { useEffect, useRef, useState, type RefObject } from "react";

/** The content-box width of an element, followed as it resizes: the room the views really have. */
export function useWidth<E extends HTMLElement>(fallback = 800): [RefObject<E | null>, number] {
  const element = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.floor(entry?.contentRect.width ?? fallback)),
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [fallback]);
  return [element, width];
}
