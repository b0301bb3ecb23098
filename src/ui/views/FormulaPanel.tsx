import { memo, useRef } from "react";
import type { AttentionTrace } from "../../core/types";
import {
  embeddingFormula,
  isMasked,
  maskFormula,
  plain,
  softmaxRowMax,
  projectionRowsFormula,
  outputFormula,
  projectionFormula,
  scaleFormula,
  scoreFormula,
  softmaxFormula,
  meanWeightFormula,
  type Pointed,
} from "../../explorer/formula";
import { shownHead } from "../../explorer/describe";
import { formulaSubject } from "../../explorer/formulaSubject";
import { useT } from "../app/i18n";
import type { Selection } from "../steps/StepContent";
import { Tex } from "./Tex";

const CELL_FORMULAS: Record<number, (trace: AttentionTrace, at: Pointed) => string> = {
  1: embeddingFormula,
  2: projectionRowsFormula,
  3: scoreFormula,
  4: scaleFormula,
  5: maskFormula,
  6: softmaxFormula,
  7: outputFormula,
  8: projectionFormula,
};

interface FormulaPanelProps {
  readonly step: number;
  readonly trace?: AttentionTrace;
  readonly head: number | "mean";
  readonly selection: Selection;
  readonly locked: boolean;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** Releases the locked cell: a button for those without an Escape key (a phone, a presenter's clicker). */
  readonly onRelease?: () => void;
}

/**
 * The pointed cell's computation with the trace's real numbers. It stays in view while the views scroll: at
 * the bottom of the screen, or on a wide one at the top of a column beside the step (app.css), and is one line
 * high until something is pointed at.
 */
export const FormulaPanel = memo(function FormulaPanel({
  step,
  trace,
  head,
  selection,
  locked,
  queryLabels,
  keyLabels,
  onRelease,
}: FormulaPanelProps) {
  const t = useT();
  const panel = useRef<HTMLElement>(null);
  const cellFormula = CELL_FORMULAS[step];
  const query = selection.query;
  // The head the step's views show: the mean of the heads only at step 6, its weights (describe.ts).
  const shown = trace ? shownHead(step, head, trace.heads) : head;
  const oneHead = shown === "mean" ? 0 : shown;
  // Pointing at a query token alone shows its strongest key.
  const key = selection.key ?? (trace && query !== undefined ? argmaxKey(trace, oneHead, query) : undefined);
  const at: Pointed | undefined =
    trace && query !== undefined && key !== undefined && query < trace.queries && key < trace.keys
      ? { head: oneHead, query, key }
      : undefined;
  // The mean of the heads' weights on screen: the formula averages the heads' cells, as the view does.
  const mean = shown === "mean" && trace && at ? meanWeightFormula(trace, at) : undefined;
  // What the formula is about, in words: a token, a cell, or a query's output row (formulaSubject).
  const subject =
    trace && at
      ? formulaSubject(step, at, {
          heads: trace.heads,
          mean: mean !== undefined,
          queryLabel: queryLabels[at.query] ?? "",
          keyLabel: keyLabels[at.key] ?? "",
        })
      : undefined;
  const lockedText = subject ? t(subject.locked.key, subject.locked.params) : "";
  return (
    // Not a live region as a whole: the heatmap already announces the pointed cell, and re-reading the
    // formula at every move drowns it. Only locking and releasing a cell is announced.
    // tabIndex -1: Release hands focus to the panel itself, so that a keyboard user goes on from here
    // instead of from the top of the page (the button that had focus is gone once the cell is released).
    <section className="ap-panel ap-formula" aria-labelledby="ap-formula-title" tabIndex={-1} ref={panel}>
      <h2 id="ap-formula-title">{t("formula.title")}</h2>
      {/* render.css's class, which the models page loads too (exchange.css's ap-visually-hidden it does not). */}
      <span className="ap-sr-only" aria-live="polite">
        {locked && at ? lockedText : ""}
      </span>
      {cellFormula && trace && at ? (
        <>
          <p className="ap-hint">
            {locked ? (
              <>
                {lockedText}{" "}
                {onRelease && (
                  <button
                    type="button"
                    className="ap-button ap-formula-release"
                    title={t("formula.releaseHint")}
                    data-testid="formula-release"
                    onClick={() => {
                      onRelease();
                      panel.current?.focus({ preventScroll: true });
                    }}
                  >
                    {t("formula.release")}
                  </button>
                )}
              </>
            ) : (
              subject && (
                <>
                  {t(subject.pointed.key, subject.pointed.params)}
                  {subject.whose && ` · ${t(subject.whose.key, subject.whose.params)}`}
                </>
              )
            )}
          </p>
          <div className="ap-formula-cell" tabIndex={0}>
            <Tex tex={mean ?? cellFormula(trace, at)} layout="statements" testId="cell-formula" />
          </div>
          <CellNote step={step} trace={trace} at={at} mean={mean !== undefined} />
        </>
      ) : (
        cellFormula && <p className="ap-hint">{t(touchOnly() ? "formula.tap" : "formula.point")}</p>
      )}
    </section>
  );
});

/** What the formula's symbols do not say, in words: a hidden key, an empty row, the max softmax subtracts. */
function CellNote({
  step,
  trace,
  at,
  mean,
}: {
  step: number;
  trace: AttentionTrace;
  at: Pointed;
  /** The formula is the mean of the heads': a hidden key and an empty row are every head's, a row's max is not. */
  mean: boolean;
}) {
  const t = useT();
  const cell = { query: at.query + 1, key: at.key + 1 };
  const note =
    (step === 5 || step === 6) && trace.emptyRows.includes(at.query)
      ? t("formula.emptyRow", cell)
      : step === 5 && isMasked(trace, at)
        ? t("formula.masked", cell)
        : step === 6 && !mean && softmaxRowMax(trace, at) !== undefined
          ? t("formula.rowMax", { ...cell, max: plain(softmaxRowMax(trace, at) as number) })
          : undefined;
  return note ? (
    <p className="ap-hint ap-formula-note" data-testid="formula-note">
      {note}
    </p>
  ) : null;
}

function argmaxKey(trace: AttentionTrace, head: number, query: number): number {
  const m = trace.keys;
  const base = head * trace.queries * m + query * m;
  let best = 0;
  for (let j = 1; j < m; j++)
    if ((trace.weights.data[base + j] as number) > (trace.weights.data[base + best] as number)) best = j;
  return best;
}

/**
 * A screen touched, with no pointer that hovers (a phone): "point at a cell" and "Escape" mean nothing there.
 * The query is made once and read at each render: a new one at every render (every edit of a scrub) cost
 * 0.1–0.3 ms of the page's time an edit here.
 */
let touchQuery: MediaQueryList | undefined;
export const touchOnly = (): boolean =>
  (touchQuery ??= globalThis.matchMedia?.("(hover: none) and (pointer: coarse)"))?.matches ?? false;
