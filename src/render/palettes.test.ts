import { interpolateRdYlGn, lab, rgb, type LabColor } from "d3";
import { describe, expect, it } from "vitest";
import { PALETTES } from "./scales";

/**
 * Colour-vision deficiencies simulated with the matrices of Machado, Oliveira & Fernandes (2009), severity 1
 * (dichromacy), applied to linear RGB. The three kinds a palette must survive: protanopia and deuteranopia
 * (red–green, about 1 man in 12 has one of them, milder or not) and tritanopia (blue–yellow, rare).
 */
const DEFICIENCIES = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
} as const;

const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (v: number) => {
  const x = Math.min(1, Math.max(0, v));
  return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);
};

/** The colour as a dichromat of the given kind sees it, in CIELAB. */
function simulate(color: string, matrix: readonly (readonly number[])[]): LabColor {
  const { r, g, b } = rgb(color);
  const v = [toLinear(r), toLinear(g), toLinear(b)];
  const [x = 0, y = 0, z = 0] = matrix.map((row) => row.reduce((sum, m, k) => sum + m * (v[k] ?? 0), 0));
  return lab(rgb(toSrgb(x), toSrgb(y), toSrgb(z)));
}

/** CIE76 colour difference: about 2.3 is just noticeable; 30 is plainly another colour. */
const deltaE = (a: LabColor, b: LabColor) => Math.hypot(a.l - b.l, a.a - b.a, a.b - b.b);

type Ramp = (t: number) => string;

/** Every ramp of every palette, dark twins included, by name. */
function ramps(kind: "diverging" | "sequential"): [string, Ramp][] {
  return Object.entries(PALETTES).flatMap(([name, palette]) => {
    const list: [string, Ramp][] = [[name, palette[kind]]];
    if ("dark" in palette) list.push([`${name} (dark)`, palette.dark[kind]]);
    return list;
  });
}

/**
 * The smallest difference, as a dichromat sees it, between the colours of +x and −x for |x| ≥ 40 % of the
 * scale's reach (t and 1 − t, t ≤ 0.3): how well the sign of a clear score still reads.
 */
function signContrast(ramp: Ramp, matrix: readonly (readonly number[])[]): number {
  return Math.min(
    ...[0, 0.1, 0.2, 0.3].map((t) => deltaE(simulate(ramp(t), matrix), simulate(ramp(1 - t), matrix))),
  );
}

/** The smallest step of lightness L* between ramp(t) and ramp(t + 0.1), signed by the ramp's direction. */
function lightnessSteps(ramp: Ramp, matrix: readonly (readonly number[])[]): number[] {
  const lightness = Array.from({ length: 11 }, (_, i) => simulate(ramp(i / 10), matrix).l);
  return lightness.slice(1).map((l, i) => l - (lightness[i] as number));
}

/** Opposite signs must differ by this much (CIE76) for every dichromat. */
const SIGN_CONTRAST = 30;
/** Along a sequential ramp, lightness moves at least this much (L*) per tenth, always the same way. */
const LIGHTNESS_STEP = 3;

describe("palettes are colour-blind safe", () => {
  it("the check can fail: a red–green scale (RdYlGn) loses the sign for protanopes and deuteranopes", () => {
    expect(signContrast(interpolateRdYlGn, DEFICIENCIES.protanopia)).toBeLessThan(SIGN_CONTRAST);
    expect(signContrast(interpolateRdYlGn, DEFICIENCIES.deuteranopia)).toBeLessThan(SIGN_CONTRAST);
  });

  for (const [name, ramp] of ramps("diverging")) {
    it(`colour-blind: ${name} keeps +x and −x apart for every dichromat`, () => {
      for (const [kind, matrix] of Object.entries(DEFICIENCIES)) {
        expect(signContrast(ramp, matrix), kind).toBeGreaterThanOrEqual(SIGN_CONTRAST);
      }
    });
  }

  for (const [name, ramp] of ramps("sequential")) {
    it(`colour-blind: ${name} grows in lightness all along, for every dichromat`, () => {
      for (const [kind, matrix] of Object.entries(DEFICIENCIES)) {
        const steps = lightnessSteps(ramp, matrix);
        const direction = Math.sign(steps[0] as number);
        for (const step of steps) expect(step * direction, kind).toBeGreaterThanOrEqual(LIGHTNESS_STEP);
      }
    });
  }
});
