import { useState } from "react";
import type { AttentionTrace } from "../../core/types";
import {
  check,
  EXERCISE_MAX,
  QUANTITY_OF_STEP,
  readAnswer,
  TOLERANCE,
  truthOf,
  type Checked,
} from "../../explorer/exercise";
import { useT } from "../app/i18n";
import { type MessageKey } from "../../i18n/i18n";

interface ExerciseProps {
  readonly trace: AttentionTrace;
  readonly step: number;
  readonly head: number;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** What the person typed, kept by the page per step so that moving between steps loses nothing. */
  readonly answers: readonly (readonly string[])[];
  readonly onAnswers: (answers: string[][]) => void;
}

/** Whether the trace is small enough to be worked out by hand. */
export const exerciseFits = (trace: AttentionTrace) =>
  trace.queries <= EXERCISE_MAX &&
  trace.keys <= EXERCISE_MAX &&
  trace.heads === 1 &&
  trace.dV <= EXERCISE_MAX;

/**
 * "Check your work": the step's numbers are hidden; the person types their own in a grid of the same shape
 * (rows are queries, columns are keys — or value dimensions for the output), and Check marks every cell.
 */
export function Exercise({ trace, step, head, queryLabels, keyLabels, answers, onAnswers }: ExerciseProps) {
  const t = useT();
  const [checked, setChecked] = useState<Checked | null>(null);
  const quantity = QUANTITY_OF_STEP[step];
  // The page shows an exercise only for steps 3–7 of a trace that fits (exerciseFits).
  if (!quantity) return null;
  const truth = truthOf(trace, quantity, head);
  const colLabels =
    quantity === "output" ? Array.from({ length: truth.cols }, (_, j) => `v${j + 1}`) : keyLabels;
  const text = (i: number, j: number) => answers[i]?.[j] ?? "";
  const set = (i: number, j: number, value: string) => {
    const next = Array.from({ length: truth.rows }, (_, r) =>
      Array.from({ length: truth.cols }, (_, c) => text(r, c)),
    );
    next[i]![j] = value;
    onAnswers(next);
    setChecked(null);
  };
  const run = () =>
    setChecked(
      check(
        Array.from({ length: truth.rows }, (_, i) =>
          Array.from({ length: truth.cols }, (_, j) => readAnswer(text(i, j))),
        ),
        trace,
        quantity,
        head,
      ),
    );
  const markLabel = (i: number, j: number): string | undefined => {
    const mark = checked?.marks[i]?.[j];
    if (!mark) return undefined;
    if (mark === "wrong") return t("exercise.wrong", { value: text(i, j) });
    if (mark === "invalid") return t("exercise.notNumber", { text: text(i, j) });
    if (mark === "chance") return t("exercise.chance");
    return t(mark === "right" ? "exercise.right" : "exercise.unanswered");
  };
  return (
    <section className="ap-exercise" data-testid="exercise" data-quantity={quantity}>
      <h3>{t("exercise.title", { quantity: t(`exercise.quantity.${quantity}` as MessageKey) })}</h3>
      <p>{t("exercise.intro")}</p>
      <table className="ap-exercise-grid">
        <thead>
          <tr>
            <td />
            {colLabels.map((label, j) => (
              <th key={j} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: truth.rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{queryLabels[i]}</th>
              {Array.from({ length: truth.cols }, (_, j) => {
                const mark = checked?.marks[i]?.[j];
                const described = markLabel(i, j);
                return (
                  <td key={j} className={mark ? `ap-mark-${mark}` : undefined}>
                    <input
                      type="text"
                      inputMode="decimal"
                      value={text(i, j)}
                      onChange={(e) => set(i, j, e.currentTarget.value)}
                      onKeyDown={(e) => e.key === "Enter" && run()}
                      aria-label={t("exercise.cell", {
                        query: queryLabels[i] ?? "",
                        key: colLabels[j] ?? "",
                      })}
                      aria-invalid={mark === "wrong" || mark === "invalid" ? true : undefined}
                      aria-description={described}
                      data-testid={`answer-${i}-${j}`}
                      data-mark={mark}
                    />
                    {mark === "right" && <span aria-hidden="true"> ✓</span>}
                    {(mark === "wrong" || mark === "invalid") && <span aria-hidden="true"> ✗</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ap-exercise-actions">
        <button type="button" className="ap-button ap-primary" onClick={run} data-testid="exercise-check">
          {t("exercise.check")}
        </button>
        <button
          type="button"
          className="ap-button"
          onClick={() => {
            onAnswers([]);
            setChecked(null);
          }}
        >
          {t("exercise.clear")}
        </button>
        <span className="ap-hint" data-testid="exercise-tolerance">
          {t("exercise.tolerance", {
            // Written out (0.0005), not as a number of the views (5e−4): a student reads it.
            tol: String(TOLERANCE[quantity].absolute),
            rel: String(100 * TOLERANCE[quantity].relative),
          })}
        </span>
      </p>
      {checked && (
        <div role="status" className="ap-exercise-result" data-testid="exercise-result">
          <p>
            <strong>
              {checked.right === checked.total
                ? t("exercise.allRight", { total: checked.total })
                : t("exercise.result", { right: checked.right, total: checked.total })}
            </strong>
          </p>
          {checked.hints.length > 0 && (
            <ul data-testid="exercise-hints">
              {checked.hints.map((h) => (
                <li key={h.key} data-hint={h.key}>
                  {t(h.key, h.params)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
