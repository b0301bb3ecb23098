import { fail, ok, type Result } from "./errors";
import { createMatrix } from "./matrix";
import { message } from "./messages";
import { ROPE_LAYOUTS, type Matrix, type RopeSpec } from "./types";

/** RoPE's settings with every default filled in. */
export type RopeSettings = Required<RopeSpec>;

export const ROPE_DEFAULTS: RopeSettings = { base: 10000, layout: "half", offset: 0 };

/** Largest base and offset accepted: past them the angles p·θ lose every digit in float32. */
export const ROPE_MAX_BASE = 1e9;
export const ROPE_MAX_OFFSET = 1e6;

/** θ_i = base^(−2i/d_k) for i = 0 … d_k/2 − 1. */
export function ropeFrequencies(dK: number, base: number): Float64Array {
  const half = dK / 2;
  const theta = new Float64Array(half);
  for (let i = 0; i < half; i++) theta[i] = base ** ((-2 * i) / dK);
  return theta;
}

/**
 * The column pairs that rotate together, within one head of width d_k: pair i is [a, b].
 * half: (i, i + d_k/2); interleaved: (2i, 2i + 1).
 */
export function ropePairs(dK: number, layout: RopeSettings["layout"]): [number, number][] {
  const half = dK / 2;
  return Array.from({ length: half }, (_, i) => (layout === "half" ? [i, i + half] : [2 * i, 2 * i + 1]));
}

/**
 * Each row (position p = row + offset) of every head (d_k columns each) rotated pair by pair:
 * [a, b] → [a·cos pθ_i − b·sin pθ_i, a·sin pθ_i + b·cos pθ_i]. Rows are tokens; the input is not changed.
 */
export function applyRope(x: Matrix, dK: number, settings: RopeSettings): Matrix {
  const theta = ropeFrequencies(dK, settings.base);
  const pairs = ropePairs(dK, settings.layout);
  const out = createMatrix(x.rows, x.cols);
  const heads = x.cols / dK;
  for (let r = 0; r < x.rows; r++) {
    const p = r + settings.offset;
    for (let h = 0; h < heads; h++) {
      const base = r * x.cols + h * dK;
      pairs.forEach(([ia, ib], i) => {
        const angle = p * (theta[i] as number);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const a = x.data[base + ia] as number;
        const b = x.data[base + ib] as number;
        out.data[base + ia] = a * c - b * s;
        out.data[base + ib] = a * s + b * c;
      });
    }
  }
  return out;
}

/** Checks RoPE's settings for heads of width d_k; d_k odd has no pairs and is a typed error. */
export function maybeRope(spec: RopeSpec | undefined, dK: number): Result<RopeSettings | undefined> {
  if (spec === undefined) return ok(undefined);
  if (spec === null || typeof spec !== "object") {
    return fail(message("error.rope.spec"), { code: "invalid", matrix: "rope", expected: "an object" });
  }
  const settings: RopeSettings = { ...ROPE_DEFAULTS, ...stripUndefined(spec) };
  if (dK % 2 !== 0) {
    return fail(message("error.rope.oddWidth", { dK }), {
      code: "shape",
      matrix: "rope",
      expected: "an even d_k (RoPE rotates pairs of columns)",
    });
  }
  const { base, layout, offset } = settings;
  if (typeof base !== "number" || !(base > 1 && base <= ROPE_MAX_BASE)) {
    return fail(message("error.rope.base", { value: String(base), max: ROPE_MAX_BASE }), {
      code: "invalid",
      matrix: "rope base",
      expected: `a number greater than 1, at most ${ROPE_MAX_BASE}`,
    });
  }
  if (!ROPE_LAYOUTS.includes(layout)) {
    return fail(message("error.rope.layout", { value: String(layout) }), {
      code: "invalid",
      matrix: "rope layout",
      expected: "half or interleaved",
    });
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > ROPE_MAX_OFFSET) {
    return fail(message("error.rope.offset", { value: String(offset), max: ROPE_MAX_OFFSET }), {
      code: "invalid",
      matrix: "rope offset",
      expected: `a whole number from 0 to ${ROPE_MAX_OFFSET}`,
    });
  }
  return ok(settings);
}

function stripUndefined(spec: RopeSpec): RopeSpec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as RopeSpec;
}
