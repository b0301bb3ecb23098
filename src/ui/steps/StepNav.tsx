import { useLayoutEffect, useRef, type Dispatch } from "react";
import { useT } from "../app/i18n";
import type { Action } from "../../explorer/state";
import { stepInfo, STEPS, type StepSettings } from "../../explorer/steps";

interface StepNavProps {
  readonly step: number;
  /** Q, K and V are given, not made from a sequence: steps 1, 2 and 8 say so (stepInfo). */
  readonly given: boolean;
  /** The score function and soft or hard attention: step 3 is "Scores: Q·Kᵀ" only for a dot product (stepInfo). */
  readonly settings: StepSettings;
  readonly playing: boolean;
  readonly onPlay: (playing: boolean) => void;
  readonly dispatch: Dispatch<Action>;
}

/** Numbered steps, previous/next, and play/pause. ← and → work from anywhere outside a text field. */
export function StepNav({ step, given, settings, playing, onPlay, dispatch }: StepNavProps) {
  const t = useT();
  const go = (n: number) => dispatch({ type: "setStep", step: n });
  const list = useRef<HTMLOListElement>(null);
  // Where the steps do not fit (a phone, presenter mode's column), they scroll sideways: the current one is
  // kept in view, or a phone at step 8 showed steps 1 to 5 and no sign of where it was.
  useLayoutEffect(() => {
    const box = list.current;
    const current = box?.querySelector('[aria-current="step"]');
    if (!box || !current || box.scrollWidth <= box.clientWidth) return;
    const shown = box.getBoundingClientRect();
    const pill = current.getBoundingClientRect();
    if (pill.left >= shown.left && pill.right <= shown.right) return;
    // Centred; a pill wider than the bar (the current step shows its title) from its number on.
    const centre = (pill.left + pill.right - shown.left - shown.right) / 2;
    box.scrollLeft += pill.width > shown.width ? pill.left - shown.left : centre;
  }, [step]);
  return (
    <nav className="ap-steps" aria-label={t("steps.label")}>
      <button
        type="button"
        className="ap-button"
        onClick={() => go(step - 1)}
        disabled={step === 1}
        aria-label={t("steps.prev")}
        data-testid="prev-step"
      >
        ←
      </button>
      <ol className="ap-step-list" ref={list}>
        {STEPS.map(({ number }) => stepInfo(number, given, settings)).map((s) => (
          <li key={s.number}>
            <button
              type="button"
              className="ap-step"
              aria-current={s.number === step ? "step" : undefined}
              onClick={() => go(s.number)}
              title={t(s.title)}
            >
              <span className="ap-step-number">{s.number}</span>
              <span className="ap-step-title">{t(s.title)}</span>
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="ap-button"
        onClick={() => go(step + 1)}
        disabled={step === STEPS.length}
        aria-label={t("steps.next")}
        data-testid="next-step"
      >
        →
      </button>
      <button
        type="button"
        className="ap-button"
        onClick={() => onPlay(!playing)}
        aria-pressed={playing}
        data-testid="play"
      >
        {playing ? `❚❚ ${t("steps.pause")}` : `▶ ${t("steps.play")}`}
      </button>
    </nav>
  );
}
