import { rgb } from "d3";
import { textColorOn } from "./scales";

/**
 * A scale sampled at `size` evenly spaced values of its domain. Colouring 262 144 cells (512 × 512) through
 * a d3 scale means as many string parses; a lookup by index costs nothing and is indistinguishable.
 */
export interface ColorRamp {
  /** Index into the ramp for a value; values outside the domain are clamped to its ends. */
  index(value: number): number;
  /**
   * index as arithmetic, for loops over every cell of a matrix (a call per cell to a closure made anew with
   * each ramp is not inlined): index(v) = clamp(round((v − low) · scale), 0, colors.length − 1).
   */
  readonly low: number;
  readonly scale: number;
  readonly colors: readonly string[];
  /** Black or white text on each colour (see textColorOn). */
  readonly textColors: readonly string[];
  /** The colours as RGBA bytes, 4 per entry, for ImageData. */
  readonly bytes: Uint8ClampedArray;
}

type Samples = Pick<ColorRamp, "colors" | "textColors" | "bytes">;

/**
 * Samples by interpolator and size. A sequential or diverging d3 scale maps its domain linearly onto its
 * interpolator, so sample i of any domain is interpolator(i / (size − 1)): a view whose domain moves at
 * every edit (scores while τ is scrubbed) reuses the same 256 colours instead of parsing them again.
 */
const samplesByInterpolator = new WeakMap<object, Map<number, Samples>>();

function sample(scale: (x: number) => string, low: number, span: number, size: number): Samples {
  const colors: string[] = [];
  const bytes = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i++) {
    const color = rgb(scale(low + (span * i) / (size - 1)));
    colors.push(color.formatHex());
    bytes.set([color.r, color.g, color.b, 255], i * 4);
  }
  return { colors, textColors: colors.map(textColorOn), bytes };
}

export function colorRamp(
  scale: ((x: number) => string) & { interpolator?: () => unknown },
  domain: readonly [number, number],
  size = 256,
): ColorRamp {
  const [low, high] = domain;
  const span = high - low || 1;
  const interpolator = scale.interpolator?.();
  let samples: Samples;
  if (typeof interpolator === "function") {
    let bySize = samplesByInterpolator.get(interpolator);
    if (!bySize) samplesByInterpolator.set(interpolator, (bySize = new Map()));
    samples = bySize.get(size) ?? sample(scale, low, span, size);
    bySize.set(size, samples);
  } else {
    samples = sample(scale, low, span, size);
  }
  const perUnit = (size - 1) / span;
  const index = (value: number) => {
    const k = Math.round((value - low) * perUnit);
    return k < 0 ? 0 : k > size - 1 ? size - 1 : k;
  };
  return { index, low, scale: perUnit, ...samples };
}
