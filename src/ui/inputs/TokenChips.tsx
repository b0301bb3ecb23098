import { useEffect, useRef, useState } from "react";
import { useT } from "../app/i18n";

/**
 * Chips drawn at most: a chip is editable text with two buttons (5 nodes), and 4,096 of them (a long
 * sequence the explorer takes) would be 20,000 nodes to lay out at every edit. The rest are counted; the
 * text box holds every token.
 */
const MAX_CHIPS = 512;

interface TokenChipsProps {
  readonly tokens: readonly string[];
  readonly onChange: (tokens: string[]) => void;
  readonly label: string;
  readonly testId?: string;
}

/** Tokens as chips: click one to edit it, × deletes it, + inserts a new one after it. */
export function TokenChips({ tokens, onChange, label, testId }: TokenChipsProps) {
  const t = useT();
  const [editing, setEditing] = useState<number | null>(null);
  // Keyboard users keep their place: after Enter or Escape in the editor, or a delete, focus goes to the
  // chip at this index (the button that had it is gone), not back to the top of the page.
  const refocus = useRef<number | null>(null);
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refocus.current === null) return;
    const chips = group.current?.querySelectorAll<HTMLElement>(".ap-chip-text");
    chips?.[Math.min(refocus.current, chips.length - 1)]?.focus();
    refocus.current = null;
  });
  const replace = (index: number, text: string) =>
    onChange(tokens.map((token, i) => (i === index ? text : token)));
  return (
    <div className="ap-chips" role="group" aria-label={label} data-testid={testId} ref={group}>
      {tokens.slice(0, MAX_CHIPS).map((token, i) =>
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
              if (e.key === "Enter" || e.key === "Escape") refocus.current = i;
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
                if (e.detail === 0) refocus.current = i;
                onChange(tokens.filter((_, j) => j !== i));
              }}
            >
              ×
            </button>
          </span>
        ),
      )}
      {tokens.length > MAX_CHIPS && (
        <span className="ap-chips-more" data-testid="chips-more">
          {t("chip.more", { n: tokens.length - MAX_CHIPS })}
        </span>
      )}
    </div>
  );
}
