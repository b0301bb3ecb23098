import {
  Fragment,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from "react";

/**
 * The least zoom of the figure in presenter mode. The render layer draws labels at 12 CSS px
 * (render/heatmap.ts LABEL_SIZE, render.css): zoomed 2× they are 24 px on the projector, readable from the
 * back of a classroom (lessons.spec.ts "presenter mode … at 1920×1080").
 */
export const MIN_PRESENTER_ZOOM = 2;
/** The screen height, in CSS px, at which MIN_PRESENTER_ZOOM is the last resort too (a 1920 × 1080 projector). */
const PROJECTOR_HEIGHT = 1080;

/**
 * The last resort's zoom on a screen `screenHeight` CSS px tall: for a figure that does not fit at
 * MIN_PRESENTER_ZOOM even wide and bare, instead of a figure that scrolls. Labels keep the share of the screen's
 * height that 24 px is of 1,080 lines, so that they are as large on the wall as on a 1920 × 1080 projector:
 * 17.8 px on a 1280 × 800 one (presenter-fit.spec.ts), never below the 12 px of a laptop.
 */
export function leastZoom(screenHeight: number): number {
  return Math.max(1, MIN_PRESENTER_ZOOM * Math.min(1, screenHeight / PROJECTOR_HEIGHT));
}
const MAX_PRESENTER_ZOOM = 4;
/** The narrowest layout the views are given before the figure is shown wide, then bare (PresenterFit). */
const MIN_LAYOUT_WIDTH = 160;
/**
 * The narrowest layout of a bare figure, before it is allowed to scroll: step 1's three matrices of 11 tokens
 * and 4 dimensions, in Chinese, whose short row labels leave wider (so taller) cells at 160.
 */
const MIN_BARE_WIDTH = 120;
/** Layout passes per stop: each narrows the views towards a figure that fits at the least zoom. */
const MAX_NARROWINGS = 6;
/** Each narrower layout is at most this share of the last one. */
const NARROWING = 5 / 6;
/** Views are built after React commits; a fit measures once they have stopped changing size. */
const SETTLE_MS = 100;

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
    if (on) root.dataset.presenter = "";
    else delete root.dataset.presenter;
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

/** How the figure is drawn in presenter mode: the width its views are laid out in, and the zoom on top. */
export interface PresenterFit {
  /** CSS px the views are laid out in, before the zoom. */
  readonly width: number;
  readonly zoom: number;
  /**
   * The figure takes the screen's whole width under the words (classroom.css): beside them it did not fit
   * at the least zoom, however narrow its layout (three matrices side by side, a modern-attention panel).
   */
  readonly wide?: boolean;
  /**
   * The figure's colour legends are left out (classroom.css): shown wide, it still did not fit at the least
   * zoom (step 1's Q, K and V of 11 tokens each on a 1080-line screen). Pointing at a cell gives its number.
   */
  readonly bare?: boolean;
}

/**
 * Scales the figure to fill its area on the projected screen. The views are laid out in `width` CSS px and
 * the whole figure is zoomed (CSS zoom: canvases get a backing store to match, render/canvas.ts) by the
 * largest factor at which it still fits the area, never below MIN_PRESENTER_ZOOM. A figure too large for
 * the area at that zoom is laid out narrower (heatmap cells shrink) and measured again; `key` names what is
 * shown (stop, step, input), and a new one starts from the widest layout. A figure that does not fit even
 * then is shown wide (`wide`: the whole width of the screen, the words above it) and fitted again there;
 * one that does not fit wide is shown bare (`bare`: without its legends) and, on a screen less tall than a
 * 1920 × 1080 projector's, zoomed less if it must be, as far as leastZoom of the screen's height.
 */
export function usePresenterFit(
  on: boolean,
  area: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  key: string,
  /** False for a figure of text and formulas (a modern-attention panel): narrower only makes it taller. */
  narrowable = true,
): PresenterFit {
  // The area's size, and the fit found for what is shown in it; a fit found for another key or size is
  // stale, and the widest layout at the least zoom stands in for it until the figure is measured.
  const [room, setRoom] = useState({ w: 0, h: 0 });
  const [found, setFound] = useState<Fitted | null>(null);
  /**
   * The figure shown wide (its key: it did not fit beside the words), and whether bare too (it did not fit
   * even wide); `grownFor` is the same for the measurements, which read it between renders.
   */
  const [grown, setGrown] = useState<Grown | null>(null);
  const grownFor = useRef<Grown | null>(null);
  /** The newest fit asked for: `found` as it will be once React has rendered it. */
  const asked = useRef<Fitted | null>(null);
  const shown = `${key}|${room.w}x${room.h}`;
  const fit = found?.shown === shown ? found : start(shown, room.w);
  const latestKey = useRef(key);
  const canNarrow = useRef(narrowable);
  useEffect(() => {
    latestKey.current = key;
    canNarrow.current = narrowable;
  }, [key, narrowable]);
  useEffect(() => {
    const box = area.current;
    const figure = content.current;
    if (!on || !box || !figure) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Measurements since the last resize: each new fit is checked once more, up to a few times. */
    let checks = 0;
    const measure = () => {
      // The room is the area's content box: its padding is no room for the figure (at 0.4rem, 20 px on
      // 1920 × 1080, the figure overflowed by as much and scrolled).
      const style = getComputedStyle(box);
      const w = Math.floor(box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
      const h = Math.floor(box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom));
      setRoom((r) => (r.w === w && r.h === h ? r : { w, h }));
      const rect = figure.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || w === 0 || h === 0) return;
      // What is shown in the room as measured now: a room that has just changed size is not yet in `shown`,
      // and a fit recorded for the old size would be stale at once, with nothing left to measure it again.
      const now = `${latestKey.current}|${w}x${h}`;
      const previous = asked.current;
      // A figure shown bare before (its step again) may again be laid out as narrow as a bare one.
      const stage = grownFor.current?.key === latestKey.current ? grownFor.current : null;
      const bare = stage?.bare === true;
      const lastResort = { floor: MIN_BARE_WIDTH, least: leastZoom(window.innerHeight) };
      const current = previous?.shown === now ? previous : { ...start(now, w), ...(bare ? lastResort : {}) };
      // The fit the measured box was drawn with, as the DOM says. A newer fit of the same figure that React
      // has not drawn yet (a busy page) is measured once it is drawn: this box says nothing of it. Nor does a
      // box drawn with no fit, before the room was known: it holds words ("type some text"), not the views,
      // and fitted as it was, the views came in at 4× to be narrowed twice after.
      const drawn = drawnFit(figure);
      if (
        !drawn ||
        (current === previous && (drawn.zoom !== current.zoom || drawn.width !== current.width))
      ) {
        clearTimeout(timer);
        timer = setTimeout(measure, SETTLE_MS);
        return;
      }
      const next = nextFit(current, drawn, rect, { w, h }, canNarrow.current);
      const asDrawn = drawn.width === current.width && Math.abs(drawn.zoom - current.zoom) < 0.02;
      if (asDrawn && tooLarge(current, drawn, rect, { w, h }, canNarrow.current)) {
        // A panel of words (it does not narrow) on a screen less tall than a 1920 × 1080 projector's: laid
        // out as wide as the room at the last resort's zoom, where it is shorter, before it is shown wide or
        // bare. Shown wide on a 1280 × 800 projector it had the 328 px under the lesson's words to fill,
        // against 738 beside them (RoPE's stop of the modern lesson: 612 px of panel in 328).
        if (!canNarrow.current && (current.least ?? MIN_PRESENTER_ZOOM) > lastResort.least) {
          asked.current = { ...current, ...resortFor(w, lastResort.least) };
          setFound(asked.current);
          clearTimeout(timer);
          timer = setTimeout(measure, SETTLE_MS);
          return;
        }
        // Too large beside the words: laid out wide, the area changes size, and the observer measures the
        // figure again there.
        if (!stage) {
          grownFor.current = { key: latestKey.current, bare: false };
          setGrown(grownFor.current);
          return;
        }
        // Too large even wide: without its legends the figure shrinks, and it may be laid out narrower again;
        // too large still at the least zoom, it is zoomed less, down to the screen's last resort (leastZoom).
        if (!bare) {
          grownFor.current = { key: latestKey.current, bare: true };
          setGrown(grownFor.current);
          // Without its legends the figure has other sizes: the layouts measured with them say nothing.
          asked.current = {
            ...current,
            tried: undefined,
            narrowings: 0,
            ...lastResort,
            ...(canNarrow.current ? {} : resortFor(w, lastResort.least)),
          };
          setFound(asked.current);
          clearTimeout(timer);
          timer = setTimeout(measure, SETTLE_MS);
          return;
        }
      }
      if (next !== previous && next.width > 0) {
        asked.current = next;
        setFound(next);
        // A narrower layout need not change the figure's size either (a flow at its widest, 640 px, beside
        // vector strips): it is measured at least once more, to narrow on, or to be shown wide or bare.
        if (next.narrowings > current.narrowings) checks = Math.min(checks, MAX_CHECKS - 1);
      }
      // A new zoom need not resize what is observed (the area, the figure's own box): the figure drawn with
      // it is measured again a few times, so that a fit found while its views were still being built is
      // corrected. A measurement that finds the same fit changes nothing.
      if (checks++ < MAX_CHECKS) {
        clearTimeout(timer);
        timer = setTimeout(measure, SETTLE_MS);
      }
    };
    const observer = new ResizeObserver(() => {
      checks = 0;
      clearTimeout(timer);
      timer = setTimeout(measure, SETTLE_MS);
    });
    observer.observe(box);
    observer.observe(figure);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [on, area, content]);
  const shownGrown = on && grown?.key === key;
  return { width: fit.width, zoom: fit.zoom, wide: shownGrown, bare: shownGrown && grown.bare };
}

/** A figure too large beside the words, by its key: shown wide, and bare where it did not fit even wide. */
type Grown = { readonly key: string; readonly bare: boolean };
type Rect = { readonly width: number; readonly height: number };
type Room = { readonly w: number; readonly h: number };

/** The zoom at which a figure measured as `rect` when drawn with `drawn` would just fill `room`. */
function fillingZoom(drawn: PresenterFit, rect: Rect, room: Room): number {
  // The figure's size before the zoom: the rendered box divided by the zoom it was drawn with.
  const natural = { w: rect.width / drawn.zoom, h: rect.height / drawn.zoom };
  return Math.min(room.w / natural.w, room.h / natural.h);
}

/** The narrowest layout `current` may take. */
const floorOf = (current: Fitted) => current.floor ?? MIN_LAYOUT_WIDTH;

/** Whether a narrower layout is left to try (up to MAX_NARROWINGS, down to the fit's floor). */
const narrowerLeft = (current: Fitted, drawn: PresenterFit, narrowable: boolean) =>
  narrowable && drawn.width > floorOf(current) && current.narrowings < MAX_NARROWINGS;

/**
 * Whether a figure measured as `rect` when drawn with `drawn` is too large for the room at the least zoom
 * (MIN_PRESENTER_ZOOM, or the fit's own `least`), and no narrower layout is left to try (nextFit would keep
 * the least zoom, and the figure would scroll).
 */
export function tooLarge(
  current: Fitted,
  drawn: PresenterFit,
  rect: Rect,
  room: Room,
  narrowable: boolean,
): boolean {
  // A hair of tolerance: a figure that fits exactly measures a fraction of a pixel over.
  const least = Math.min(MIN_PRESENTER_ZOOM, current.least ?? MIN_PRESENTER_ZOOM);
  return !narrowerLeft(current, drawn, narrowable) && fillingZoom(drawn, rect, room) < least * 0.995;
}

/**
 * A panel of words (a figure that does not narrow) at the screen's last resort, `least`: laid out in the
 * whole width of a room `roomWidth` CSS px at that zoom, where its lines are longest and so fewest.
 */
export function resortFor(roomWidth: number, least: number): Pick<Fitted, "width" | "zoom" | "least"> {
  return { width: Math.floor(roomWidth / least), zoom: least, least };
}

/**
 * The fit for a figure measured as `rect` on the screen when drawn with `drawn`, in a room `room` CSS px:
 * `current` itself when it already fits (within 2 % of the zoom), a narrower layout when even the least zoom
 * is too large (up to MAX_NARROWINGS times), else the largest zoom at which it fits, in the layout measured
 * or, once no narrower one is left, in the widest of those that fitted largest (`tried`).
 */
export function nextFit(
  current: Fitted,
  drawn: PresenterFit,
  rect: Rect,
  room: Room,
  narrowable: boolean,
): Fitted {
  const scale = fillingZoom(drawn, rect, room);
  const tried = [...(current.tried ?? []), { width: drawn.width, scale }];
  if (scale < MIN_PRESENTER_ZOOM && narrowerLeft(current, drawn, narrowable)) {
    // Narrower than the layout that was measured, in proportion to how much too large it was, and by a
    // sixth at least: views that do not narrow (vector strips; a flow wider than its widest, 640 px) make
    // a figure shrink less than its layout, and steps of 4 % used up the narrowings in vain.
    const proportional = Math.floor((drawn.width * scale) / MIN_PRESENTER_ZOOM) - 4;
    const width = Math.max(floorOf(current), Math.min(proportional, Math.floor(drawn.width * NARROWING)));
    return { ...current, width, zoom: MIN_PRESENTER_ZOOM, narrowings: current.narrowings + 1, tried };
  }
  // A hair under the exact fit, so that rounding never makes a scrollbar.
  const least = Math.min(MIN_PRESENTER_ZOOM, current.least ?? MIN_PRESENTER_ZOOM);
  const zoomFor = (fits: number) =>
    Math.min(MAX_PRESENTER_ZOOM, Math.max(least, Math.floor(fits * 98) / 100));
  // Narrowed to the end, a figure may have stopped shrinking on the way: a view that does not narrow (a
  // flow's labels) came to set its height, and narrower layouts only made the heatmap's cells smaller (step 6
  // on a 1280 × 800 projector: cells of 5 px at 120 px wide, the same zoom as at 200). The widest layout
  // that fitted as large as any, within 2 %, is shown, and no other is tried.
  const best = tried.reduce((a, b) => (b.scale > a.scale ? b : a));
  const widest = tried
    .filter((t) => t.scale >= best.scale * 0.98)
    .reduce((a, b) => (b.width > a.width ? b : a));
  if (widest.width !== drawn.width)
    return {
      ...current,
      width: widest.width,
      zoom: zoomFor(widest.scale),
      narrowings: MAX_NARROWINGS,
      tried: [widest],
    };
  const zoom = zoomFor(scale);
  return Math.abs(zoom - current.zoom) < 0.02 && drawn.width === current.width
    ? current
    : { ...current, zoom };
}

/** The layout width and zoom a figure is drawn with (PresenterFigure's data attributes), if it has them. */
function drawnFit(figure: HTMLElement): PresenterFit | undefined {
  const width = Number(figure.dataset.width);
  const zoom = Number(figure.dataset.zoom);
  return width > 0 && zoom > 0 ? { width, zoom } : undefined;
}

/** Measurements of a figure after it was fitted, before a resize: enough for a layout to settle. */
const MAX_CHECKS = 4;

export interface Fitted extends PresenterFit {
  /** What the fit is for: the key of what is shown and the area's size. */
  readonly shown: string;
  readonly narrowings: number;
  /** The narrowest layout to try: MIN_LAYOUT_WIDTH, or once the figure is bare MIN_BARE_WIDTH. */
  readonly floor?: number;
  /**
   * The least zoom once no narrower layout is left: MIN_PRESENTER_ZOOM, or once the figure is bare the
   * screen's last resort (leastZoom), which may be less.
   */
  readonly least?: number;
  /** The layouts measured while narrowing, each with the zoom at which it would just fill the room. */
  readonly tried?: readonly { readonly width: number; readonly scale: number }[];
}

/** The widest layout that keeps labels at 24 px: the area's width at the least zoom. */
export const start = (shown: string, roomWidth: number): Fitted => ({
  shown,
  width: Math.floor(roomWidth / MIN_PRESENTER_ZOOM),
  zoom: MIN_PRESENTER_ZOOM,
  narrowings: 0,
});

/**
 * Scrolls the pointed cell of the figure's main heatmap into view (the figure's own scrolling, the heatmap's
 * sideways scrolling, the page's), so that what a lesson's stop points at is on the screen.
 */
export function scrollCellIntoView(figure: HTMLElement, cell: { query: number; key: number }): void {
  const plot = [...figure.querySelectorAll<HTMLElement>(".ap-plot[role=application]")].find(
    (p) => p.closest(".ap-multiples, .ap-compare") === null,
  );
  const size = Number(plot?.dataset.cell);
  if (!plot || !(size > 0)) return;
  const marker = document.createElement("div");
  Object.assign(marker.style, {
    position: "absolute",
    left: `${cell.key * size}px`,
    top: `${cell.query * size}px`,
    width: `${size}px`,
    height: `${size}px`,
    pointerEvents: "none",
  });
  plot.append(marker);
  marker.scrollIntoView({ block: "nearest", inline: "nearest" });
  marker.remove();
}

/**
 * The figure of presenter mode: refs for its area and its zoomed content, the fit, and the pointed cell kept
 * in view whenever the fit, the cell or what is shown changes.
 */
export function usePresenterFigure(
  on: boolean,
  key: string,
  locked: { query: number; key: number } | null,
  narrowable = true,
): { area: RefObject<HTMLDivElement | null>; content: RefObject<HTMLDivElement | null>; fit: PresenterFit } {
  const area = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const fit = usePresenterFit(on, area, content, key, narrowable);
  useEffect(() => {
    const figure = area.current;
    if (!on || !figure || !locked) return;
    // After the views are built (they are, in the effects of this commit's children) and laid out.
    const frame = requestAnimationFrame(() => scrollCellIntoView(figure, locked));
    return () => cancelAnimationFrame(frame);
  }, [on, key, locked, fit]);
  return { area, content, fit };
}

/**
 * The step's figure: an area (in presenter mode, the screen's room beside the lesson) and the views inside it,
 * zoomed by the fit. `flow` false hides the flow view in presenter mode: a lesson's stop shows it only when
 * its text speaks of it (classroom.css).
 */
export function PresenterFigure({
  area,
  content,
  fit,
  flow,
  panel = false,
  children,
}: {
  area: RefObject<HTMLDivElement | null>;
  content: RefObject<HTMLDivElement | null>;
  /** The figure's fit in presenter mode; undefined outside it. */
  fit: PresenterFit | undefined;
  flow: boolean;
  /** Presenter mode shows the modern-attention panel alone (the stop speaks of it), else the views alone. */
  panel?: boolean;
  children: ReactNode;
}) {
  const zoom = fit?.zoom;
  // --ap-fit-width: the layout width, where rows of vector strips wrap (classroom.css).
  const style = fit && ({ zoom: fit.zoom, "--ap-fit-width": `${fit.width}px` } as CSSProperties);
  return (
    <div
      className="ap-step-figure"
      ref={area}
      data-flow={flow ? undefined : "hidden"}
      data-show={panel ? "panel" : "views"}
      data-wide={fit?.wide || undefined}
      data-bare={fit?.bare || undefined}
    >
      <div
        className="ap-step-figure-fit"
        ref={content}
        style={style}
        data-zoom={zoom}
        data-width={fit?.width}
      >
        {/* A new zoom rebuilds the views, so that their canvases are painted sharp at it. */}
        <Fragment key={zoom ?? 1}>{children}</Fragment>
      </div>
    </div>
  );
}
