import { rgb, scaleDiverging, scaleSequential } from "d3";
import { describe, expect, it } from "vitest";
import { colorRamp } from "./colorRamp";
import { paletteFor } from "./scales";

/** The colour d3 gives the ramp's own sample nearest to `value`: what the ramp must return. */
function expected(scale: (x: number) => string, [low, high]: [number, number], value: number, size = 256) {
  const k = Math.min(size - 1, Math.max(0, Math.round(((value - low) / (high - low)) * (size - 1))));
  return rgb(scale(low + ((high - low) * k) / (size - 1))).formatHex();
}

describe("colorRamp", () => {
  it("colours by the scale's own domain, also when an earlier domain of the same palette was sampled first", () => {
    const { diverging, sequential } = paletteFor("default");
    // Scores while τ is scrubbed: the diverging domain ±max|x| moves at every edit.
    for (const m of [4, 0.3, 17]) {
      const scale = scaleDiverging(diverging).domain([-m, 0, m]).clamp(true);
      const ramp = colorRamp(scale, [-m, m]);
      for (const value of [-m, -m / 3, 0, m / 7, m, 2 * m]) {
        expect(ramp.colors[ramp.index(value)], `±${m} at ${value}`).toBe(expected(scale, [-m, m], value));
      }
    }
    for (const domain of [
      [0, 1],
      [0.2, 0.6],
    ] as [number, number][]) {
      const scale = scaleSequential(sequential).domain(domain).clamp(true);
      const ramp = colorRamp(scale, domain);
      for (const value of [domain[0], 0.3, 0.5, domain[1]]) {
        expect(ramp.colors[ramp.index(value)]).toBe(expected(scale, domain, value));
      }
    }
  });

  it("gives a scale without an interpolator its own samples", () => {
    const scale = (x: number) => (x < 0.5 ? "#000000" : "#ffffff");
    const ramp = colorRamp(scale, [0, 1], 3);
    expect(ramp.colors).toEqual(["#000000", "#ffffff", "#ffffff"]);
    expect(ramp.textColors).toEqual(["#fff", "#000", "#000"]);
  });
});
