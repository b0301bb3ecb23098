import type { Dispatch } from "react";
import { SCORE_FUNCTIONS } from "../core/types";
import { BACKEND_ORDER } from "../engine/backends";
import { useT } from "./i18n";
import { MaskPainter } from "./MaskPainter";
import { NumberField } from "./NumberField";
import { EXPLORER_LIMITS, type FieldError } from "./spec";
import type { Action, ExplorerState } from "./state";

interface SettingsPanelProps {
  readonly state: ExplorerState;
  readonly dispatch: Dispatch<Action>;
  readonly errors: readonly FieldError[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

/** The temperature slider is logarithmic: from 0.01 to 100, with 1 in the middle. */
const toSlider = (tau: number) => Math.log10(tau);
const fromSlider = (x: number) => Number(Math.pow(10, x).toPrecision(3));

export function SettingsPanel({ state, dispatch, errors, queryLabels, keyLabels }: SettingsPanelProps) {
  const t = useT();
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const dotFamily = state.score === "dot" || state.score === "scaled-dot";
  return (
    <section className="ap-panel" aria-labelledby="ap-settings-title">
      <h2 id="ap-settings-title">{t("settings.label")}</h2>
      <label className="ap-field ap-field-wide">
        <span>{t("score.label")}</span>
        <select
          value={state.score}
          data-testid="score"
          onChange={(e) =>
            dispatch({ type: "setScore", score: e.currentTarget.value as ExplorerState["score"] })
          }
        >
          {SCORE_FUNCTIONS.map((score) => (
            <option key={score} value={score}>
              {t(`score.${score}`)}
            </option>
          ))}
        </select>
      </label>
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
            min={-2}
            max={2}
            step={0.01}
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
        <label className="ap-field">
          <span>{t("mask.label")}</span>
          <select
            value={state.mask.kind}
            data-testid="mask-kind"
            onChange={(e) =>
              dispatch({ type: "setMaskKind", kind: e.currentTarget.value as ExplorerState["mask"]["kind"] })
            }
          >
            {(["none", "causal", "padding", "custom"] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`mask.${kind}`)}
              </option>
            ))}
          </select>
        </label>
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
        <label className="ap-field">
          <span>{t("mode.label")}</span>
          <select
            value={state.mode}
            data-testid="mode"
            onChange={(e) =>
              dispatch({ type: "setMode", mode: e.currentTarget.value as ExplorerState["mode"] })
            }
          >
            <option value="soft">{t("mode.soft")}</option>
            <option value="hard">{t("mode.hard")}</option>
          </select>
        </label>
      </div>
      <label className="ap-field ap-field-wide">
        <span>{t("backend.select")}</span>
        <select
          value={state.backend}
          data-testid="backend-select"
          onChange={(e) =>
            dispatch({ type: "setBackend", backend: e.currentTarget.value as ExplorerState["backend"] })
          }
        >
          <option value="auto">{t("backend.auto")}</option>
          <option value="exact">{t("backend.exact")}</option>
          {BACKEND_ORDER.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
