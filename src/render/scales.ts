import {
  interpolateBlues,
  interpolateCividis,
  interpolateGreys,
  interpolateLab,
  interpolateRdBu,
  interpolateViridis,
  piecewise,
  rgb,
  scaleDiverging,
  scaleSequential,
  type ScaleDiverging,
  type ScaleSequential,
} from "d3";
import type { Matrix } from "../core/types";
import type { PaletteName } from "./paletteName";
import type { ScaleBy } from "./scaleBy";

export type { ScaleBy };

export type { PaletteName };

/** Two colour ramps, t in [0, 1] → CSS colour: one for signed values (scores), one for weights in [0, 1]. */
export interface Palette {
  readonly diverging: (t: number) => string;
  readonly sequential: (t: number) => string;
}

/**
 * `ramp` from `start` on, stretched over [0, 1]: a dark twin that leaves out a ramp's darkest colours.
 */
const from =
  (ramp: (t: number) => string, start: number) =>
  (t: number): string =>
    ramp(start + (1 - start) * t);

/**
 * Palettes that people with the common colour-vision deficiencies can read: ColorBrewer's RdBu and Blues
 * (marked colour-blind safe), viridis and cividis (perceptually uniform, made for it) and plain grey. None is
 * red–green: palettes.test.ts simulates protanopia, deuteranopia and tritanopia (Machado et al. 2009) and
 * checks that opposite signs stay apart and that lightness keeps growing along every sequential ramp.
 * Each has a `dark` twin for a dark page, whose sequential ramp (weights) starts dark but a step lighter
 * than the darkest card it is drawn on (#1a1e28, app.css): a weight of 0.02 is a cell, not a hole in the
 * card, and the heatmap keeps its shape at the low end, 1.5:1 or more from every dark background, below a
 * masked cell's stripes (darkTheme.test.ts). Signed scores' zero, in the middle of a diverging ramp, fades
 * into the dark page as it does into a light one; lightness still grows with |value|, which is what
 * colour-blind readers rely on.
 */
export const PALETTES = {
  // RdBu reversed so that negative is blue (cold) and positive is red (hot), as most readers expect.
  default: {
    diverging: (t: number) => interpolateRdBu(1 - t),
    sequential: interpolateBlues,
    dark: {
      // Ends of equal lightness (L* ≈ 80) and saturated enough that a protanope still tells the sign of
      // the largest values apart (palettes.test.ts "colour-blind"): paler ends both look near-white to them.
      diverging: piecewise(interpolateLab, [
        "#9ecbf5",
        "#4f94d4",
        "#1d4470",
        "#22272e",
        "#7a2c26",
        "#d8604c",
        "#fbb99c",
      ]),
      // From a dark blue of L* 26, not #1a2330 (L* 13), which was 1.05:1 from the card: the low weights vanished.
      sequential: piecewise(interpolateLab, ["#173f6e", "#2a73bd", "#6aaeea", "#d6ebff"]),
    },
  },
  viridis: {
    diverging: interpolateViridis,
    sequential: interpolateViridis,
    // Viridis's own start, #440154, is 1.09:1 from the dark card; from 0.15 on it starts at #463480 (1.64:1).
    dark: { diverging: interpolateViridis, sequential: from(interpolateViridis, 0.15) },
  },
  cividis: {
    diverging: interpolateCividis,
    sequential: interpolateCividis,
    // #00204d at 0 is 1.05:1 from the dark card; from 0.2 on, #2b446e is 1.71:1.
    dark: { diverging: interpolateCividis, sequential: from(interpolateCividis, 0.2) },
  },
  grayscale: {
    diverging: interpolateGreys,
    sequential: interpolateGreys,
    dark: {
      diverging: (t: number) => interpolateGreys(1 - t),
      // Black (1.26:1 from the card, and darker than it) no more: from #404040 (1.61:1) to white.
      sequential: from((t: number) => interpolateGreys(1 - t), 0.2),
    },
  },
} as const satisfies Record<PaletteName, Palette & { readonly dark?: Palette }>;

/** Every palette's name, in PALETTES's order (the settings list them so). */
export const PALETTE_NAMES = Object.keys(PALETTES) as PaletteName[];

/** The palette to draw with: its dark twin on a dark page, where it has one. */
export function paletteFor(name: PaletteName, dark = false): Palette {
  const palette: Palette & { readonly dark?: Palette } = PALETTES[name];
  return (dark && palette.dark) || palette;
}

function resolve(palette: PaletteName | Palette): Palette {
  return typeof palette === "string" ? PALETTES[palette] : palette;
}

/** The smallest and largest finite values, skipping masked entries; undefined when there are none. */
export function finiteExtent(
  values: ArrayLike<number>,
  masked?: ArrayLike<number>,
): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x) || masked?.[i]) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min <= max ? [min, max] : undefined;
}

/**
 * Signed values (scores): centred on 0 with the symmetric domain ±max|finite value|, so that equal
 * colours mean equal magnitudes on both sides; ±1 when every value is 0 (or none is finite).
 */
export function divergingScale(
  values: ArrayLike<number>,
  palette: PaletteName | Palette = "default",
  masked?: ArrayLike<number>,
): ScaleDiverging<string> {
  return divergingScaleFor(finiteExtent(values, masked), palette);
}

/** divergingScale for values whose finite extent is known already (undefined: none is finite). */
export function divergingScaleFor(
  extent: readonly [number, number] | undefined,
  palette: PaletteName | Palette = "default",
): ScaleDiverging<string> {
  const [min, max] = extent ?? [0, 0];
  const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
  return scaleDiverging(resolve(palette).diverging).domain([-m, 0, m]).clamp(true);
}

/**
 * Values with a natural range (weights: [0, 1]). The domain stays [0, 1] by default so that the same colour
 * means the same weight in every view; the legend marks the data's real min and max (see heatmap).
 */
export function sequentialScale(
  _values: ArrayLike<number>,
  palette: PaletteName | Palette = "default",
  domain: readonly [number, number] = [0, 1],
): ScaleSequential<string> {
  return scaleSequential(resolve(palette).sequential).domain(domain).clamp(true);
}

/**
 * Each row's largest value among its cells that are not hidden (masked, −∞, NaN or ∞): the divisor of its
 * cells under ScaleBy "row". 1 for a row with no such value above 0, whose cells are then coloured as they are.
 */
export function rowLargest(matrix: Matrix, masked?: Uint8Array): Float64Array {
  const { rows, cols, data } = matrix;
  const largest = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let top = 0;
    for (let k = i * cols; k < (i + 1) * cols; k++) {
      const value = data[k] as number;
      if (masked?.[k] !== 1 && value > top && value !== Infinity) top = value;
    }
    largest[i] = top > 0 ? top : 1;
  }
  return largest;
}

const BLACK = "#000";
const WHITE = "#fff";

/**
 * Black or white, whichever contrasts more with `color` (WCAG 2 relative luminance). The better of the two
 * always reaches at least 4.58:1, above the 4.5:1 that WCAG AA asks of text (scales.test.ts "contrast").
 */
export function textColorOn(color: string): typeof BLACK | typeof WHITE {
  const l = relativeLuminance(color);
  return contrastRatio(l, 0) >= contrastRatio(l, 1) ? BLACK : WHITE;
}

/** WCAG 2 relative luminance of a CSS colour, in [0, 1]. */
export function relativeLuminance(color: string): number {
  const { r, g, b } = rgb(color);
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two relative luminances, from 1 to 21. */
export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
