import { useEffect, useId, useRef, useState, type FocusEvent } from "react";
import { useT } from "../app/i18n";
import { CHUNK, chipSegments, chunkHeights, visibleChunks } from "./chipWindow";

/** Before any chunk is measured: 32 chips at about three a row of 30 px. */
const CHUNK_HEIGHT_GUESS = 330;
/** Rows drawn beyond the box's visible part, above and below (px), so that a short scroll shows chips at once. */
const DRAW_MARGIN = 400;
/** The box's visible height before it is measured (its CSS max-height is about this). */
const VIEW_GUESS = 300;

interface TokenChipsProps {
  readonly tokens: readonly string[];
  readonly onChange: (tokens: string[]) => void;
  readonly label: string;
  readonly testId?: string;
}

/**
 * Tokens as chips: click one to edit it, × deletes it, + inserts a new one after it. The chips scroll in a
 * box of their own, so that the settings below stay near at hand however long the sequence; only the chips
 * near the box's visible part are built (chipWindow.ts), up to the explorer's 4,096 tokens and past them.
 */
export function TokenChips({ tokens, onChange, label, testId }: TokenChipsProps) {
  const t = useT();
  const [editing, setEditing] = useState<number | null>(null);
  // Keyboard users keep their place: after Enter or Escape in the editor, or a delete, focus goes to the
  // chip at this index (the button that had it is gone), not back to the top of the page. State, not a ref:
  // it is set in the same event as the edit it follows, so it is rendered with it, and only the effect of
  // that render acts on it. (With a ref, the pending effect of an earlier render, still showing the editor,
  // could take it first on a busy page, find no chip and drop it: focus was lost to the page.)
  const [refocus, setRefocus] = useState<{ readonly index: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  /** The box's scroll position and visible height, px. */
  const [view, setView] = useState({ top: 0, height: VIEW_GUESS });
  /** Each drawn chunk's height, px, as last measured; forgotten when the box's width changes. */
  const [measured, setMeasured] = useState<ReadonlyMap<number, number>>(() => new Map());
  /** The chunk holding focus: it stays drawn while the box scrolls away from it. */
  const [focused, setFocused] = useState<number | null>(null);
  const labelId = useId();

  /** Takes the box's scroll position and height, drawing again only when they moved. */
  const looked = (node: HTMLElement) =>
    setView((before) =>
      before.top === node.scrollTop && before.height === node.clientHeight
        ? before
        : { top: node.scrollTop, height: node.clientHeight },
    );

  const chunks = Math.ceil(tokens.length / CHUNK);
  const heightOf = chunkHeights(measured, tokens.length, CHUNK_HEIGHT_GUESS);
  const { first, last } = visibleChunks(chunks, heightOf, view.top, view.height, DRAW_MARGIN);
  const drawn = new Set<number>();
  for (let c = first; c >= 0 && c <= last; c++) drawn.add(c);
  // Also drawn: the chunk with focus (a chip, or the editor), which scrolling must not take away.
  if (focused !== null && chunks > 0) drawn.add(Math.min(focused, chunks - 1));
  const segments = chipSegments(chunks, drawn, heightOf);

  useEffect(() => {
    // Once per refocus asked for: a later render (new tokens from elsewhere) must not move focus again.
    if (refocus)
      box.current?.querySelector<HTMLElement>(`.ap-chip-text[data-index="${refocus.index}"]`)?.focus();
  }, [refocus]);

  // The box's size (its visible height; a new width wraps every chunk anew) and each drawn chunk's height,
  // reported by the browser once laid out, before the page is painted. A height unlike the one assumed
  // moves the gaps. Made again after each render, to watch the chunks drawn now (it re-renders only when a
  // size changed: both updates keep the old state when nothing moved).
  useEffect(() => {
    const node = box.current;
    if (!node || typeof ResizeObserver !== "function") return;
    let width = node.clientWidth;
    const observer = new ResizeObserver((entries) => {
      const resized = node.clientWidth !== width;
      width = node.clientWidth;
      looked(node);
      setMeasured((before) => {
        const next = new Map(resized ? [] : before);
        for (const entry of entries) {
          const chunk = (entry.target as HTMLElement).dataset.chunk;
          const height = (entry.target as HTMLElement).offsetHeight;
          if (chunk !== undefined && height > 0) next.set(Number(chunk), height);
        }
        const same = next.size === before.size && [...next].every(([c, h]) => before.get(c) === h);
        return same ? before : next;
      });
    });
    observer.observe(node);
    for (const chunk of node.querySelectorAll(".ap-chips-chunk")) observer.observe(chunk);
    return () => observer.disconnect();
  });

  // Scrolling moves the window, at most once a frame.
  const frame = useRef<number | undefined>(undefined);
  useEffect(() => () => cancelAnimationFrame(frame.current ?? 0), []);
  const onScroll = () => {
    frame.current ??= requestAnimationFrame(() => {
      frame.current = undefined;
      if (box.current) looked(box.current);
    });
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const chunk = (event.target as HTMLElement).closest<HTMLElement>(".ap-chips-chunk")?.dataset.chunk;
    setFocused(chunk === undefined ? null : Number(chunk));
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(null);
  };

  const replace = (index: number, text: string) =>
    onChange(tokens.map((token, i) => (i === index ? text : token)));
  const chip = (token: string, i: number) =>
    editing === i ? (
      <input
        key={i}
        className="ap-chip-input"
        autoFocus
        defaultValue={token}
        aria-label={t("chip.edit", { n: i + 1, token })}
        onBlur={(e) => {
          replace(i, e.currentTarget.value);
          setEditing(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === "Escape") setRefocus({ index: i });
          // preventDefault: the Enter would otherwise go on to press the chip that focus returns to.
          if (e.key === "Enter") {
            e.preventDefault();
            e.currentTarget.blur();
          }
          if (e.key === "Escape") setEditing(null);
        }}
      />
    ) : (
      <span key={i} className="ap-chip" data-testid="token-chip">
        <button
          type="button"
          className="ap-chip-text"
          data-index={i}
          onClick={() => setEditing(i)}
          aria-label={t("chip.edit", { n: i + 1, token })}
        >
          {/* The space makes the visible text "1 The", a part of the name "Edit token 1: The" (axe). */}
          <span className="ap-chip-index">{i + 1}</span> {token}
        </button>
        <button
          type="button"
          className="ap-chip-action"
          aria-label={t("chip.insert", { token })}
          onClick={() => {
            onChange([...tokens.slice(0, i + 1), t("chip.new"), ...tokens.slice(i + 1)]);
            setEditing(i + 1);
          }}
        >
          +
        </button>
        <button
          type="button"
          className="ap-chip-action"
          aria-label={t("chip.delete", { token })}
          onClick={(e) => {
            // Only a keypress moves focus on; a click (detail > 0) leaves it where the pointer is.
            // The chip that takes its place, or the one before it when it was the last.
            if (e.detail === 0) setRefocus({ index: Math.min(i, tokens.length - 2) });
            onChange(tokens.filter((_, j) => j !== i));
          }}
        >
          ×
        </button>
      </span>
    );

  return (
    <div className="ap-field ap-field-wide">
      <span id={labelId}>{label}</span>
      <div
        className="ap-chips"
        role="group"
        aria-labelledby={labelId}
        data-testid={testId}
        ref={box}
        onScroll={onScroll}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        {segments.map((segment) =>
          segment.kind === "gap" ? (
            <div
              key={`gap-${segment.from}`}
              className="ap-chips-gap"
              aria-hidden="true"
              style={{ height: segment.height }}
            />
          ) : (
            <div key={segment.index} className="ap-chips-chunk" data-chunk={segment.index}>
              {tokens
                .slice(segment.index * CHUNK, (segment.index + 1) * CHUNK)
                .map((token, k) => chip(token, segment.index * CHUNK + k))}
            </div>
          ),
        )}
      </div>
    </div>
  );
}
