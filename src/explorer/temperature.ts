import type { AttentionSpec } from "../core/types";
import { sameValue } from "../core/same";

/**
 * The temperature slider is logarithmic: its position x runs from −2 to 2 in steps of 0.01 and gives
 * τ = 10^x to three significant digits, from 0.01 to 100 with 1 in the middle.
 */
export const TEMPERATURE_SLIDER = { min: -2, max: 2, step: 0.01 } as const;
export const toSlider = (tau: number): number => Math.log10(tau);
export const fromSlider = (x: number): number => Number(Math.pow(10, x).toPrecision(3));

/** Slider positions are counted in hundredths (the step): k ↔ x = k / 100, as exact as the slider's own. */
const HUNDREDTHS = 1 / TEMPERATURE_SLIDER.step;
const positionOf = (tau: number) => Math.round(toSlider(tau) * HUNDREDTHS);

/**
 * The τ the slider gives when it moves on as it last moved: from `previous` to `current` it went k steps, so
 * k steps more (a held arrow key, a steady drag). Undefined where `current` is not a value of the slider
 * (typed in the field), where it did not move, or where k steps more leave its range.
 */
export function nextTemperature(previous: number, current: number): number | undefined {
  const [from, to] = [positionOf(previous), positionOf(current)];
  if (from === to || fromSlider(to / HUNDREDTHS) !== current) return undefined;
  const next = 2 * to - from;
  if (next < TEMPERATURE_SLIDER.min * HUNDREDTHS || next > TEMPERATURE_SLIDER.max * HUNDREDTHS)
    return undefined;
  return fromSlider(next / HUNDREDTHS);
}

/**
 * The spec a person will likely ask for after `previous` then `current`: where only τ changed, on the
 * slider, the same spec with τ moved on as it last moved (nextTemperature). The page can have it computed
 * while the person's hand is still on the way (ui/app/useTrace.ts). Undefined for any other edit.
 */
export function likelyNextSpec(previous: AttentionSpec, current: AttentionSpec): AttentionSpec | undefined {
  const [before, now] = [previous.temperature ?? 1, current.temperature ?? 1];
  if (before === now || !sameValue({ ...previous, temperature: now }, current)) return undefined;
  const next = nextTemperature(before, now);
  return next === undefined ? undefined : { ...current, temperature: next };
}
