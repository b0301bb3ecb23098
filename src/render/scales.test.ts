// @vitest-environment happy-dom
import { rgb } from "d3";
import { describe, expect, it } from "vitest";
import {
  PALETTES,
  contrastRatio,
  divergingScale,
  finiteExtent,
  paletteFor,
  relativeLuminance,
  sequentialScale,
  textColorOn,
} from "./scales";

describe("divergingScale", () => {
  it("is centred on 0 with the symmetric domain ±max|finite value|", () => {
    const scale = divergingScale([-1, 0.5, 3, -Infinity]);
    expect(scale.domain()).toEqual([-3, 0, 3]);
  });

  it("gives 0 the palette's middle colour and ±m its two ends", () => {
    const scale = divergingScale([-2, 1]);
    expect(scale(0)).toBe(PALETTES.default.diverging(0.5));
    expect(scale(-2)).toBe(PALETTES.default.diverging(0));
    expect(scale(2)).toBe(PALETTES.default.diverging(1));
  });

  it("maps negative to blue and positive to red in the default palette", () => {
    const blue = rgb(divergingScale([-1, 1])(-1));
    const red = rgb(divergingScale([-1, 1])(1));
    expect(blue.b).toBeGreaterThan(blue.r);
    expect(red.r).toBeGreaterThan(red.b);
  });

  it("uses ±1 when every value is zero, or none is finite", () => {
    expect(divergingScale([0, 0, 0]).domain()).toEqual([-1, 0, 1]);
    expect(divergingScale([-Infinity]).domain()).toEqual([-1, 0, 1]);
  });

  it("leaves masked entries out of the domain", () => {
    expect(divergingScale([1, 100], "default", [0, 1]).domain()).toEqual([-1, 0, 1]);
  });
});

describe("sequentialScale", () => {
  it("has the domain [0, 1] by default, whatever the data's range", () => {
    expect(sequentialScale([0.1, 0.3]).domain()).toEqual([0, 1]);
  });

  it("takes another domain when given one", () => {
    expect(sequentialScale([], "viridis", [0, 5]).domain()).toEqual([0, 5]);
  });

  it("clamps values outside its domain to the end colours", () => {
    const scale = sequentialScale([]);
    expect(scale(2)).toBe(scale(1));
  });
});

describe("finiteExtent", () => {
  it("is the data's real min and max, skipping ±∞, NaN and masked entries", () => {
    expect(finiteExtent([0.2, -Infinity, 0.7, Number.NaN, 0.05])).toEqual([0.05, 0.7]);
    expect(finiteExtent([5, 0.2, 0.7], [1, 0, 0])).toEqual([0.2, 0.7]);
    expect(finiteExtent([-Infinity])).toBeUndefined();
  });
});

describe("palettes", () => {
  it("offers default, viridis, cividis and grayscale", () => {
    expect(Object.keys(PALETTES).sort()).toEqual(["cividis", "default", "grayscale", "viridis"]);
  });

  it("draws with a palette's dark twin on a dark page: small weights are dark, not white", () => {
    const light = relativeLuminance(sequentialScale([], paletteFor("default", false))(0));
    const dark = relativeLuminance(sequentialScale([], paletteFor("default", true))(0));
    expect(light).toBeGreaterThan(0.8);
    expect(dark).toBeLessThan(0.05);
  });

  it("keeps viridis and cividis the same for signed scores on a dark page; their weights start past the darkest", () => {
    for (const name of ["viridis", "cividis"] as const) {
      const [light, dark] = [paletteFor(name, false), paletteFor(name, true)];
      for (const t of [0, 0.3, 0.5, 1]) expect(dark.diverging(t), name).toBe(light.diverging(t));
      // The same colour at the top, and a lighter one at the bottom (darkTheme.test.ts: the card's contrast).
      expect(dark.sequential(1), name).toBe(light.sequential(1));
      expect(relativeLuminance(dark.sequential(0)), name).toBeGreaterThan(
        relativeLuminance(light.sequential(0)),
      );
    }
  });
});

describe("textColorOn", () => {
  it("is black on light colours and white on dark ones", () => {
    expect(textColorOn("#ffffff")).toBe("#000");
    expect(textColorOn("rgb(8, 48, 107)")).toBe("#fff");
  });

  it("contrast: reaches 4.5:1 on every colour of every palette", () => {
    for (const palette of Object.values(PALETTES)) {
      const ramps = [palette.diverging, palette.sequential];
      if ("dark" in palette) ramps.push(palette.dark.diverging, palette.dark.sequential);
      for (const ramp of ramps) {
        for (let t = 0; t <= 1; t += 0.05) {
          const background = ramp(t);
          const text = textColorOn(background);
          const ratio = contrastRatio(relativeLuminance(background), text === "#000" ? 0 : 1);
          expect(ratio, `${background}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});
