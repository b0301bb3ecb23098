import type { Dispatch } from "react";
import { ROPE_MAX_BASE, ROPE_MAX_OFFSET } from "../../core/rope";
import { EXPLORER_LIMITS, type FieldError } from "../../explorer/spec";
import type { Action, ExplorerState, ModernSettings as Settings } from "../../explorer/state";
import { useSay, useT } from "../app/i18n";
import { NumberField } from "./NumberField";
import { SelectField } from "./SelectField";

interface ModernSettingsProps {
  readonly state: ExplorerState;
  readonly dispatch: Dispatch<Action>;
  readonly errors: readonly FieldError[];
}

/** RoPE, ALiBi, grouped-query heads and the sliding window's width: the settings of modern attention. */
export function ModernSettings({ state, dispatch, errors }: ModernSettingsProps) {
  const t = useT();
  const say = useSay();
  const m = state.modern;
  const set = (modern: Partial<Settings>) => dispatch({ type: "setModern", modern });
  const error = (...fields: string[]) => {
    const found = errors.find((e) => fields.includes(e.field));
    return found && say(found);
  };
  return (
    <fieldset className="ap-modern" data-testid="modern-settings">
      <legend>{t("modern.label")}</legend>
      <SelectField
        label={t("modern.rope")}
        value={m.rope}
        testId="rope"
        wide
        onChange={(rope) => set({ rope: rope as Settings["rope"] })}
      >
        {(["off", "half", "interleaved"] as const).map((layout) => (
          <option key={layout} value={layout}>
            {t(`modern.rope.${layout}`)}
          </option>
        ))}
      </SelectField>
      {m.rope !== "off" && (
        <div className="ap-row">
          <NumberField
            label={t("modern.ropeBase")}
            value={m.ropeBase}
            min={1.0001}
            max={ROPE_MAX_BASE}
            testId="rope-base"
            error={error("rope base")}
            onChange={(ropeBase) => set({ ropeBase })}
          />
          <NumberField
            label={t("modern.ropeOffset")}
            value={m.ropeOffset}
            integer
            min={0}
            max={ROPE_MAX_OFFSET}
            testId="rope-offset"
            error={error("rope offset")}
            onChange={(ropeOffset) => set({ ropeOffset })}
          />
        </div>
      )}
      {error("rope") && (
        <p className="ap-field-error" role="alert" data-testid="rope-error">
          {error("rope")}
        </p>
      )}
      <label className="ap-check">
        <input
          type="checkbox"
          checked={m.alibi}
          data-testid="alibi"
          onChange={(e) => set({ alibi: e.currentTarget.checked })}
        />
        <span>{t("modern.alibi")}</span>
      </label>
      <NumberField
        label={t("modern.kvHeads")}
        value={m.kvHeads ?? state.heads}
        integer
        min={1}
        max={EXPLORER_LIMITS.maxHeads}
        testId="kv-heads"
        error={error("kvHeads")}
        onChange={(kvHeads) => set({ kvHeads: kvHeads === state.heads ? null : kvHeads })}
      />
      {state.mask.kind === "sliding" && (
        <div className="ap-row">
          <NumberField
            label={t("modern.window")}
            value={m.window}
            integer
            min={1}
            testId="window"
            error={error("mask window")}
            onChange={(window) => set({ window })}
          />
          <label className="ap-check">
            <input
              type="checkbox"
              checked={m.bidirectional}
              data-testid="bidirectional"
              onChange={(e) => set({ bidirectional: e.currentTarget.checked })}
            />
            <span>{t("modern.bidirectional")}</span>
          </label>
        </div>
      )}
    </fieldset>
  );
}
