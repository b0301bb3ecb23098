import type { Dispatch } from "react";
import { useT } from "../app/i18n";
import type { Action } from "../../explorer/state";
import { STEPS } from "../../explorer/steps";

interface StepNavProps {
  readonly step: number;
  readonly playing: boolean;
  readonly onPlay: (playing: boolean) => void;
  readonly dispatch: Dispatch<Action>;
}

/** Numbered steps, previous/next, and play/pause. ← and → work from anywhere outside a text field. */
export function StepNav({ step, playing, onPlay, dispatch }: StepNavProps) {
  const t = useT();
  const go = (n: number) => dispatch({ type: "setStep", step: n });
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
      <ol className="ap-step-list">
        {STEPS.map((s) => (
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
