import { describe, expect, it } from "vitest";
import { figureZoom } from "./figureZoom";

describe("figureZoom", () => {
  it("leaves a phone's and a laptop's figures as they are laid out", () => {
    for (const width of [320, 390, 900, 1280]) expect(figureZoom(width)).toBe(1);
  });

  it("enlarges them on a 1,920 px projector by half, so that 11 px legend ticks are 16.5 px", () => {
    expect(figureZoom(1920)).toBeCloseTo(1.5, 10);
    expect(11 * figureZoom(1920)).toBeGreaterThanOrEqual(16);
  });

  it("grows with the width in steps of 0.05, never shrinking, and stops at twice the size", () => {
    let last = 1;
    for (let width = 1280; width <= 4000; width += 7) {
      const zoom = figureZoom(width);
      expect(zoom).toBeGreaterThanOrEqual(last);
      expect(Math.abs(zoom * 20 - Math.round(zoom * 20))).toBeLessThan(1e-9);
      last = zoom;
    }
    expect(figureZoom(2560)).toBe(2);
    expect(figureZoom(3840)).toBe(2);
  });
});
