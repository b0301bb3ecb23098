import { describe, expect, it } from "vitest";
import { loupePlace } from "./loupe";

describe("loupePlace: where a loupe goes for a finger (client px)", () => {
  const size = { width: 208, height: 150 };
  const phone = { top: 0, right: 390 };

  it("is centred 28 px above the finger, where the hand does not cover it", () => {
    // 200 − 208 / 2 = 96; 400 − 28 − 150 = 222.
    expect(loupePlace({ x: 200, y: 400 }, size, phone)).toEqual({ left: 96, top: 222 });
  });

  it("stays 4 px inside the window's left and right edges", () => {
    expect(loupePlace({ x: 10, y: 400 }, size, phone).left).toBe(4);
    expect(loupePlace({ x: 380, y: 400 }, size, phone).left).toBe(390 - 208 - 4);
  });

  it("goes 28 px below the finger where there is no room above, in the window or a widget's box", () => {
    expect(loupePlace({ x: 200, y: 100 }, size, phone).top).toBe(128);
    // A widget whose box starts 300 px down: 222 is above it.
    expect(loupePlace({ x: 200, y: 400 }, size, { top: 300, right: 390 }).top).toBe(428);
  });
});
