import type { Dispatch } from "react";
import type { AttentionTrace } from "../../core/types";
import { stopAction, type Example, type Labels } from "../../explorer/examples";
import { useContext } from "react";
import { LangContext, useT } from "../app/i18n";
import type { Lang } from "../../i18n/lang";
import type { Action, ExplorerState } from "../../explorer/state";

interface LessonPanelProps {
  readonly example: Example;
  /** The stop shown; one past the last is the lesson's end. */
  readonly stop: number;
  readonly state: ExplorerState;
  readonly trace?: AttentionTrace;
  readonly labels?: Labels;
  readonly dispatch: Dispatch<Action>;
}

/** The narrative of a worked example: what to notice at this stop, with the numbers on screen. */
export function LessonPanel({ example, stop, state, trace, labels, dispatch }: LessonPanelProps) {
  const t = useT();
  const lang = useContext(LangContext);
  const total = example.stops.length;
  const done = stop >= total;
  const current = example.stops[Math.min(stop, total - 1)]!;
  const numbers =
    trace && labels && current.numbers ? lessonNumbers(current, trace, labels, lang) : undefined;
  const go = (to: number) =>
    to >= total
      ? dispatch({ type: "setLesson", lesson: { example: example.id, stop: total } })
      : dispatch(stopAction(state, example, to));
  return (
    <section className="ap-lesson" aria-labelledby="ap-lesson-title" data-testid="lesson" data-stop={stop}>
      <header className="ap-lesson-head">
        <p className="ap-lesson-label">
          {t("lesson.label")} · {done ? t("lesson.finish") : t("lesson.stop", { n: stop + 1, total })}
        </p>
        <h2 id="ap-lesson-title">{t(example.title)}</h2>
      </header>
      <p className="ap-lesson-text" aria-live="polite" data-testid="lesson-text">
        {/* A stop whose numbers are not computed yet shows its text once they are, never placeholders. */}
        {done
          ? t("lesson.done")
          : numbers === NOT_THIS_INPUT
            ? t("lesson.notThisInput")
            : !current.numbers || numbers
              ? t(current.text, numbers)
              : "…"}
      </p>
      {!done && current.tries && (
        <p className="ap-lesson-tries">
          <span>{t("lesson.try")}</span>
          {current.tries.map((a) => (
            <button key={a.label} type="button" className="ap-button" onClick={() => dispatch(a.action)}>
              {t(a.label)}
            </button>
          ))}
        </p>
      )}
      <nav className="ap-lesson-nav" aria-label={t("lesson.label")}>
        <button
          type="button"
          className="ap-button"
          disabled={stop === 0}
          onClick={() => go(Math.min(stop, total) - 1)}
          data-testid="lesson-prev"
        >
          ← {t("lesson.previous")}
        </button>
        {!done && (
          <button
            type="button"
            className="ap-button ap-primary"
            onClick={() => go(stop + 1)}
            data-testid="lesson-next"
          >
            {stop === total - 1 ? t("lesson.finish") : t("lesson.next")} →
          </button>
        )}
        <button
          type="button"
          className="ap-button"
          onClick={() => dispatch({ type: "setLesson", lesson: null })}
          data-testid="lesson-exit"
        >
          {t("lesson.exit")}
        </button>
      </nav>
    </section>
  );
}

/** A stop's numbers read rows and columns its own example has (examples.ts): other inputs may not have them. */
const NOT_THIS_INPUT = "not this input";

/**
 * The stop's numbers from the trace on screen, or NOT_THIS_INPUT where the trace is not of the lesson's
 * input: a lesson opened from an old link or saved work over inputs edited since (an edit ends a lesson
 * now: state.ts), whose 3 tokens had no 8th query to read.
 */
function lessonNumbers(
  stop: Example["stops"][number],
  trace: AttentionTrace,
  labels: Labels,
  lang: Lang,
): Record<string, string> | typeof NOT_THIS_INPUT | undefined {
  try {
    return stop.numbers?.(trace, labels, lang);
  } catch {
    return NOT_THIS_INPUT;
  }
}
