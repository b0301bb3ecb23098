import { memo } from "react";
import type { Dispatch } from "react";
import { TOKENIZERS } from "../../core/tokenize";
import { toRows } from "../../core/matrix";
import { useSay, useT } from "../app/i18n";
import { MatrixGrid } from "./MatrixGrid";
import { NumberField } from "./NumberField";
import { SelectField } from "./SelectField";
import { EXPLORER_LIMITS, projections, type FieldError } from "../../explorer/spec";
import type { Action, Cells, ExplorerState } from "../../explorer/state";
import { TokenChips } from "./TokenChips";

interface InputPanelProps {
  readonly input: ExplorerState["input"];
  readonly sequence: ExplorerState["sequence"];
  readonly matrices: ExplorerState["matrices"];
  readonly dispatch: Dispatch<Action>;
  readonly errors: readonly FieldError[];
  readonly gesture: (phase: "begin" | "end") => void;
}

const fieldError = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field);
const cellErrors = (errors: readonly FieldError[], field: string) =>
  errors
    .filter((e) => e.field === field && e.row !== undefined && e.col !== undefined)
    .map((e) => ({
      row: e.row as number,
      col: e.col as number,
      message: e.message,
      key: e.key,
      params: e.params,
    }));

/** Round numbers for hand editing: what is on screen, to 3 decimals. */
const toCells = (m: { rows: number; cols: number; data: ArrayLike<number> } | number[][]): Cells =>
  (Array.isArray(m) ? m : toRows(m as Parameters<typeof toRows>[0])).map((row) =>
    row.map((x) => String(Number(x.toFixed(3)))),
  );

/** Memoised: it re-renders when the inputs change, not when a setting or the step does (512 chips are costly). */
export const InputPanel = memo(function InputPanel({
  input: mode,
  sequence: s,
  matrices,
  dispatch,
  errors,
  gesture,
}: InputPanelProps) {
  const t = useT();
  const say = useSay();
  /** The field's first error in the reader's language. */
  const errorText = (field: string) => {
    const error = fieldError(errors, field);
    return error && say(error);
  };
  const limits = { maxRows: EXPLORER_LIMITS.maxGridRows, maxCols: EXPLORER_LIMITS.maxGridCols };
  return (
    <section className="ap-panel" aria-labelledby="ap-input-title">
      <h2 id="ap-input-title">{t("input.label")}</h2>
      <div className="ap-tabs" role="tablist">
        {(["sequence", "matrices"] as const).map((input) => (
          <button
            key={input}
            type="button"
            role="tab"
            aria-selected={mode === input}
            className="ap-tab"
            onClick={() => dispatch({ type: "setInput", input })}
          >
            {t(input === "sequence" ? "input.sequence" : "input.matrices")}
          </button>
        ))}
      </div>

      {mode === "sequence" ? (
        <div role="tabpanel">
          <label className="ap-field ap-field-wide">
            <span>{t("seq.text")}</span>
            <textarea
              value={s.text}
              rows={3}
              data-testid="sequence-text"
              aria-invalid={errorText("tokens") ? true : undefined}
              onChange={(e) => dispatch({ type: "setText", text: e.currentTarget.value })}
            />
          </label>
          {errorText("tokens") && (
            <p className="ap-field-error" role="alert">
              {errorText("tokens")}
            </p>
          )}
          <SelectField
            label={t("seq.tokenizer")}
            value={s.tokenizer}
            onChange={(value) => dispatch({ type: "setTokenizer", tokenizer: value as typeof s.tokenizer })}
          >
            {TOKENIZERS.map((tok) => (
              <option key={tok} value={tok}>
                {t(`tok.${tok}`)}
              </option>
            ))}
          </SelectField>
          <TokenChips
            tokens={s.tokens}
            label={t("seq.tokens", { n: s.tokens.length })}
            onChange={(tokens) => dispatch({ type: "setTokens", tokens })}
            testId="token-chips"
          />
          <label className="ap-check">
            <input
              type="checkbox"
              checked={s.cross}
              onChange={(e) => dispatch({ type: "setCross", cross: e.currentTarget.checked })}
            />
            <span>{t("seq.cross")}</span>
          </label>
          {s.cross && (
            <>
              <label className="ap-field ap-field-wide">
                <span>{t("seq.keyText")}</span>
                <textarea
                  value={s.keyText}
                  rows={2}
                  data-testid="key-text"
                  onChange={(e) => dispatch({ type: "setKeyText", text: e.currentTarget.value })}
                />
              </label>
              {errorText("keyTokens") && (
                <p className="ap-field-error" role="alert">
                  {errorText("keyTokens")}
                </p>
              )}
              <p className="ap-hint">
                {t("seq.keyTokens", { n: s.keyTokens.length })}: {s.keyTokens.join(" · ")}
              </p>
            </>
          )}

          <fieldset className="ap-fieldset">
            <legend>{t("model.label")}</legend>
            <div className="ap-row">
              <NumberField
                label={t("model.dModel")}
                value={s.dModel}
                integer
                min={1}
                max={EXPLORER_LIMITS.maxModel}
                testId="d-model"
                error={errorText("dModel")}
                onChange={(dModel) => dispatch({ type: "setModelSize", dModel })}
              />
              <NumberField
                label={t("model.seed")}
                value={s.seed}
                integer
                error={errorText("seed")}
                onChange={(seed) => dispatch({ type: "setSeed", seed })}
              />
            </div>
            <div className="ap-row">
              <SelectField
                label={t("model.positional")}
                value={s.positional}
                onChange={(value) =>
                  dispatch({
                    type: "setPositional",
                    positional: value as typeof s.positional,
                  })
                }
              >
                <option value="none">{t("pe.none")}</option>
                <option value="sinusoidal">{t("pe.sinusoidal")}</option>
              </SelectField>
              <SelectField
                label={t("model.weights")}
                value={s.weights}
                testId="weights-kind"
                onChange={(value) => {
                  const weights = value as typeof s.weights;
                  const current = weights === "custom" && s.weights !== "custom" ? projections(s) : undefined;
                  dispatch({
                    type: "setWeights",
                    weights,
                    current: current && {
                      wq: toCells(current.wq),
                      wk: toCells(current.wk),
                      wv: toCells(current.wv),
                      wo: toCells(current.wo),
                    },
                  });
                }}
              >
                <option value="random">{t("weights.random")}</option>
                <option value="identity">{t("weights.identity")}</option>
                <option value="custom">{t("weights.custom")}</option>
              </SelectField>
            </div>
            {s.weights === "custom" &&
              (["wq", "wk", "wv", "wo"] as const).map((name) => {
                const label = { wq: "W_Q", wk: "W_K", wv: "W_V", wo: "W_O" }[name];
                return (
                  <MatrixGrid
                    key={name}
                    name={label}
                    cells={s.custom[name]}
                    errors={cellErrors(errors, label)}
                    limits={{ maxRows: s.dModel, maxCols: s.dModel }}
                    onChange={(cells) => dispatch({ type: "setCustomWeight", name, cells })}
                    onScrubStart={() => gesture("begin")}
                    onScrubEnd={() => gesture("end")}
                  />
                );
              })}
          </fieldset>
        </div>
      ) : (
        <div role="tabpanel">
          <p className="ap-hint">{t("matrices.hint")}</p>
          {(["q", "k", "v"] as const).map((name) => {
            const label = name.toUpperCase();
            return (
              <div key={name}>
                <MatrixGrid
                  name={label}
                  cells={matrices[name]}
                  rowLabels={matrices[name].map(
                    (_, i) =>
                      (name === "q" ? matrices.labels.queries[i] : matrices.labels.keys[i]) ||
                      `${name === "q" ? "q" : "k"}${i + 1}`,
                  )}
                  errors={cellErrors(errors, label)}
                  limits={limits}
                  onChange={(cells) => dispatch({ type: "setMatrix", name, cells })}
                  onScrubStart={() => gesture("begin")}
                  onScrubEnd={() => gesture("end")}
                />
                {errorText(label) && !cellErrors(errors, label).length && (
                  <p className="ap-field-error" role="alert">
                    {errorText(label)}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
});
