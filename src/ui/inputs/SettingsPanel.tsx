import { memo, type Dispatch } from "react";
import { SCORE_FUNCTIONS } from "../../core/types";
import { BACKEND_ORDER } from "../../engine/names";
import { useSay, useT } from "../app/i18n";
import { ColourFields } from "./ColourFields";
import { MaskPainter } from "./MaskPainter";
import { ModernSettings } from "./ModernSettings";
import { NumberField } from "./NumberField";
import { SelectField } from "./SelectField";
import { EXPLORER_LIMITS, type FieldError } from "../../explorer/spec";
import { fromSlider, TEMPERATURE_SLIDER, toSlider } from "../../explorer/temperature";
import type { Action, ExplorerState } from "../../explorer/state";

interface SettingsPanelProps {
  readonly state: ExplorerState;
  readonly dispatch: Dispatch<Action>;
  readonly errors: readonly FieldError[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

/** Memoised: a result's render (the page's once per edit) leaves its inputs as they are. */
export const SettingsPanel = memo(function SettingsPanel({
  state,
  dispatch,
  errors,
  queryLabels,
  keyLabels,
}: SettingsPanelProps) {
  const t = useT();
  const say = useSay();
  const error = (field: string) => {
    const found = errors.find((e) => e.field === field);
    return found && say(found);
  };
  const dotFamily = state.score === "dot" || state.score === "scaled-dot";
  return (
    <section className="ap-panel" aria-labelledby="ap-settings-title">
      <h2 id="ap-settings-title">{t("settings.label")}</h2>
      <SelectField
        label={t("score.label")}
        value={state.score}
        testId="score"
        wide
        onChange={(value) => dispatch({ type: "setScore", score: value as ExplorerState["score"] })}
      >
        {SCORE_FUNCTIONS.map((score) => (
          <option key={score} value={score}>
            {t(`score.${score}`)}
          </option>
        ))}
      </SelectField>
      <label className="ap-check">
        <input
          type="checkbox"
          checked={state.score === "scaled-dot"}
          disabled={!dotFamily}
          data-testid="scaling"
          onChange={(e) => dispatch({ type: "setScaled", scaled: e.currentTarget.checked })}
        />
        <span>{t("settings.scaling")}</span>
      </label>
      <div className="ap-field ap-field-wide">
        <span id="ap-tau-label">{t("settings.temperature")}</span>
        <div className="ap-slider-row">
          <input
            type="range"
            min={TEMPERATURE_SLIDER.min}
            max={TEMPERATURE_SLIDER.max}
            step={TEMPERATURE_SLIDER.step}
            value={toSlider(state.temperature)}
            aria-labelledby="ap-tau-label"
            aria-valuetext={`τ = ${state.temperature}`}
            data-testid="temperature"
            onChange={(e) =>
              dispatch({ type: "setTemperature", temperature: fromSlider(Number(e.currentTarget.value)) })
            }
          />
          <NumberField
            label="τ"
            value={state.temperature}
            min={1e-6}
            error={error("temperature")}
            onChange={(temperature) => dispatch({ type: "setTemperature", temperature })}
          />
        </div>
      </div>
      <div className="ap-row">
        <SelectField
          label={t("mask.label")}
          value={state.mask.kind}
          testId="mask-kind"
          onChange={(value) =>
            dispatch({ type: "setMaskKind", kind: value as ExplorerState["mask"]["kind"] })
          }
        >
          {(["none", "causal", "padding", "custom", "sliding"] as const).map((kind) => (
            <option key={kind} value={kind}>
              {t(`mask.${kind}`)}
            </option>
          ))}
        </SelectField>
        {state.mask.kind === "padding" && (
          <NumberField
            label={t("mask.validLength")}
            value={state.mask.validLength}
            integer
            min={0}
            max={keyLabels.length}
            error={error("mask")}
            onChange={(validLength) => dispatch({ type: "setValidLength", validLength })}
          />
        )}
      </div>
      {state.mask.kind === "custom" && (
        <MaskPainter
          painted={state.mask.painted}
          queryLabels={queryLabels}
          keyLabels={keyLabels}
          onToggle={(query, key) => dispatch({ type: "toggleMaskCell", query, key })}
        />
      )}
      <div className="ap-row">
        <NumberField
          label={t("heads.label")}
          value={state.heads}
          integer
          min={1}
          max={EXPLORER_LIMITS.maxHeads}
          testId="heads"
          error={error("heads") ?? error("W_Q") ?? error("Q")}
          onChange={(heads) => dispatch({ type: "setHeads", heads })}
        />
        <SelectField
          label={t("mode.label")}
          value={state.mode}
          testId="mode"
          onChange={(value) => dispatch({ type: "setMode", mode: value as ExplorerState["mode"] })}
        >
          <option value="soft">{t("mode.soft")}</option>
          <option value="hard">{t("mode.hard")}</option>
        </SelectField>
      </div>
      <ModernSettings state={state} dispatch={dispatch} errors={errors} />
      <ColourFields
        palette={state.palette}
        weightScale={state.weightScale}
        onPalette={(palette) => dispatch({ type: "setPalette", palette })}
        onWeightScale={(weightScale) => dispatch({ type: "setWeightScale", weightScale })}
        wide
      />
      <SelectField
        label={t("backend.select")}
        value={state.backend}
        testId="backend-select"
        wide
        onChange={(value) => dispatch({ type: "setBackend", backend: value as ExplorerState["backend"] })}
      >
        <option value="auto">{t("backend.auto")}</option>
        <option value="exact">{t("backend.exact")}</option>
        {BACKEND_ORDER.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
    </section>
  );
});
