import { useCallback, useEffect, useMemo, useRef, useState } from "react";

/** How much larger presenter mode draws the views (the --ap-presenter-zoom of classroom.css). */
export const PRESENTER_ZOOM = 1.5;

/**
 * Presenter mode, for a projector in a classroom: the controls give the room to the step, type and lines get
 * larger and contrast higher (app.css, .ap-presenter), the page asks for full screen, and a ring follows the
 * pointer so a class can see what the teacher points at. ?present=1 opens in it.
 */
export function usePresenter(): { on: boolean; toggle: () => void; exit: () => void } {
  const [on, setOn] = useState(() => new URLSearchParams(location.search).get("present") === "1");
  const exit = useCallback(() => {
    setOn(false);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);
  const toggle = useCallback(() => {
    if (on) return exit();
    setOn(true);
    // Full screen needs a user's gesture and may be refused (an iframe, a kiosk): the mode works without it.
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, [on, exit]);
  // Leaving full screen with the browser's own Escape ends the mode too.
  const wasFull = useRef(false);
  useEffect(() => {
    const onChange = () => {
      if (document.fullscreenElement) wasFull.current = true;
      else if (wasFull.current) {
        wasFull.current = false;
        setOn(false);
      }
    };
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  useEffect(() => {
    // On the root, so that rem-sized type grows with it (classroom.css).
    const root = document.documentElement;
    if (on) {
      root.dataset.presenter = "";
      root.style.setProperty("--ap-presenter-zoom", String(PRESENTER_ZOOM));
    } else delete root.dataset.presenter;
    const url = new URL(location.href);
    if (on) url.searchParams.set("present", "1");
    else url.searchParams.delete("present");
    window.history.replaceState(null, "", url);
  }, [on]);
  return useMemo(() => ({ on, toggle, exit }), [on, toggle, exit]);
}

/** A large ring that follows the pointer, drawn above the page and never in the way of a click. */
export function Spotlight() {
  const ring = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const move = (event: PointerEvent) => {
      const r = ring.current;
      if (!r) return;
      r.style.transform = `translate(${event.clientX}px, ${event.clientY}px)`;
      r.hidden = false;
    };
    const hide = () => ring.current && (ring.current.hidden = true);
    window.addEventListener("pointermove", move);
    document.addEventListener("pointerleave", hide);
    return () => {
      window.removeEventListener("pointermove", move);
      document.removeEventListener("pointerleave", hide);
    };
  }, []);
  return <div ref={ring} className="ap-spotlight" aria-hidden="true" hidden data-testid="spotlight" />;
}
