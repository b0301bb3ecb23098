import { describe, expect, it } from "vitest";
import { leastZoom, nextFit, resortFor, start, tooLarge, type Fitted } from "./Presenter";

// Hand-worked fits: a room of 900 × 500 CSS px beside the lesson, the figure laid out 450 px wide at zoom 2.
const room = { w: 900, h: 500 };
const at = (zoom: number, width = 450, narrowings = 0): Fitted => ({ shown: "s", width, zoom, narrowings });

describe("nextFit", () => {
  it("zooms to a hair under the exact fit: natural 400 × 200 fits 2.25×, drawn at 2.20", () => {
    // Drawn at zoom 2: 800 × 400 on the screen is 400 × 200 before the zoom; min(900/400, 500/200) = 2.25.
    expect(nextFit(at(2), at(2), { width: 800, height: 400 }, room, true)).toEqual(at(2.2));
  });

  it("divides the box by the zoom it was drawn with, not the zoom asked for since", () => {
    // The same 800 × 400 box drawn at 2.5 is 320 × 160 before the zoom: it fits 2.8125×, so 2.75.
    // Divided by the 2 of a fit React had not drawn yet, it would be judged 400 × 200 (2.20), and 2.75 it is not.
    expect(nextFit(at(2), at(2.5), { width: 800, height: 400 }, room, true).zoom).toBe(2.75);
  });

  it("keeps a fit that holds, the same object, so that nothing is drawn again", () => {
    const fitted = at(2.2);
    // 880 × 440 at 2.2 is 400 × 200: the fit is 2.20 again.
    expect(nextFit(fitted, fitted, { width: 880, height: 440 }, room, true)).toBe(fitted);
  });

  it("lays a figure too large at the least zoom out narrower, in proportion to the layout measured", () => {
    // 1200 × 1250 at zoom 2 is 600 × 625: it fits min(1.5, 0.8) = 0.8×. Width: ⌊450 · 0.8 / 2⌋ − 4 = 176.
    expect(nextFit(at(2), at(2), { width: 1200, height: 1250 }, room, true)).toEqual({
      ...at(2, 176, 1),
      tried: [{ width: 450, scale: 0.8 }],
    });
    // Never below 160 px: 600 × 700 fits 0.714×, ⌊160.7⌋ − 4 = 156 → 160.
    expect(nextFit(at(2), at(2), { width: 1200, height: 1400 }, room, true).width).toBe(160);
  });

  it("narrows by a sixth at least, since some views do not narrow with the layout", () => {
    // 960 × 400 at zoom 2 is 480 × 200: it fits min(1.875, 2.5)×. ⌊450 · 1.875 / 2⌋ − 4 = 417; ⌊450 · 5/6⌋ = 375.
    expect(nextFit(at(2), at(2), { width: 960, height: 400 }, room, true)).toEqual({
      ...at(2, 375, 1),
      tried: [{ width: 450, scale: 1.875 }],
    });
  });

  it("lays a bare figure (its legends left out) out as narrow as its floor, 120 px", () => {
    // At 160, 340 × 540 at zoom 2 is 170 × 270: it fits min(5.29, 1.85) = 1.85×. Width ⌊160 · 1.85 / 2⌋ − 4
    // = 144, or a sixth less, ⌊133.3⌋ = 133, once the floor is 120; at the default floor of 160 it may not
    // narrow, and it is too large.
    const bare = { ...at(2, 160, 0), floor: 120 };
    const tall = { width: 340, height: 540 };
    expect(nextFit(bare, at(2, 160), tall, room, true)).toMatchObject({ ...bare, width: 133, narrowings: 1 });
    expect(tooLarge(bare, at(2, 160), tall, room, true)).toBe(false);
    expect(tooLarge(at(2, 160), at(2, 160), tall, room, true)).toBe(true);
    // Never below the floor: 340 × 1080 fits 0.926×, ⌊74.07⌋ − 4 = 70 → 120.
    expect(nextFit(bare, at(2, 160), { width: 340, height: 1080 }, room, true).width).toBe(120);
  });

  it("stays at the least zoom (the figure scrolls) when it may not narrow, or has narrowed enough", () => {
    const big = { width: 1200, height: 1250 };
    expect(nextFit(at(2), at(2), big, room, false)).toEqual(at(2));
    expect(nextFit(at(2, 450, 6), at(2, 450, 6), big, room, true)).toEqual(at(2, 450, 6));
  });

  it("zooms a bare figure that may not narrow less than 2, as far as its last resort, to fit", () => {
    // 1200 × 1250 at zoom 2 is 600 × 625: it fits min(1.5, 0.8) = 0.8×, under a last resort of 1.48 it stays
    // at 1.48 (it scrolls); 1000 × 560 at zoom 2 is 500 × 280: it fits 1.786×, so 1.75.
    const bare = { ...at(2, 120, 6), floor: 120, least: leastZoom(800) };
    expect(nextFit(bare, bare, { width: 1200, height: 1250 }, room, true).zoom).toBeCloseTo(1.4815, 4);
    expect(nextFit(bare, bare, { width: 1000, height: 560 }, room, true).zoom).toBe(1.75);
    // Without a last resort (not bare), the same figure stays at the least zoom, 2.
    expect(nextFit(at(2, 120, 6), at(2, 120, 6), { width: 1000, height: 560 }, room, true).zoom).toBe(2);
  });

  it("goes back to the widest layout that fitted as large as any, once narrowing is done", () => {
    // Measured at 450 (fits 0.8×), 300 (1.40×) and 200 (1.62×); the last, 120 px wide after 6 narrowings,
    // fits 1.64×, no larger than 200 within 2 % (1.62 ≥ 0.98 · 1.64 = 1.607): a flow's labels set the height.
    const tried = [
      { width: 450, scale: 0.8 },
      { width: 300, scale: 1.4 },
      { width: 200, scale: 1.62 },
    ];
    // Bare, on a 1280 × 800 projector: zoomed as far down as 1.48 to fit.
    const narrowest = { ...at(2, 120, 6), floor: 120, least: leastZoom(800), tried };
    // 120 × 1.64 = 196.8 wide by 500 / 1.64 = 304.9 tall before the zoom, drawn at 2.
    const measured = { width: 393.6, height: 609.8 };
    // ⌊1.62 · 98⌋ / 100 = 1.58.
    expect(nextFit(narrowest, narrowest, measured, room, true)).toEqual({
      ...narrowest,
      width: 200,
      zoom: 1.58,
      tried: [{ width: 200, scale: 1.62 }],
    });
    // Had 200 fitted 1.55× only (under 1.607), the narrowest, the largest fit, stays: ⌊1.64 · 98⌋ / 100 = 1.60.
    const worse = { ...narrowest, tried: [...tried.slice(0, 2), { width: 200, scale: 1.55 }] };
    expect(nextFit(worse, worse, measured, room, true)).toMatchObject({ width: 120, zoom: 1.6 });
  });

  it("starts a new figure at the widest layout that keeps labels at 24 px: half the room's width, zoom 2", () => {
    expect(start("k", 901)).toEqual({ shown: "k", width: 450, zoom: 2, narrowings: 0 });
  });
});

describe("tooLarge", () => {
  const big = { width: 1200, height: 1250 };
  it("is false while a narrower layout is left to try, or the figure fits at the least zoom", () => {
    expect(tooLarge(at(2), at(2), big, room, true)).toBe(false);
    // 900 × 500 at zoom 2 is 450 × 250: exactly the room at zoom 2.
    expect(tooLarge(at(2), at(2), { width: 900, height: 500 }, room, false)).toBe(false);
  });

  it("is true for a figure too large at the least zoom that may not narrow, or has narrowed enough", () => {
    // A modern-attention panel (not narrowable): 600 × 625 before the zoom fits 0.8×.
    expect(tooLarge(at(2), at(2), big, room, false)).toBe(true);
    expect(tooLarge(at(2, 450, 6), at(2, 450, 6), big, room, true)).toBe(true);
    expect(tooLarge(at(2, 160, 2), at(2, 160, 2), big, room, true)).toBe(true);
  });
});

describe("a panel of words at the last resort", () => {
  it("is laid out in the room's whole width at the resort's zoom: 782 px at 1.4815 is 527 px", () => {
    // 2 · 800 / 1080 = 1.48148…; 782 / 1.48148 = 527.85.
    const resort = resortFor(782, leastZoom(800));
    expect(resort.width).toBe(527);
    expect(resort.zoom).toBeCloseTo(1.4815, 4);
    expect(resort.least).toBe(resort.zoom);
  });

  it("is too large only below its own least zoom, not below 2", () => {
    const resort = { ...at(1.48, 608), least: 1.48 };
    // 888 × 480 at 1.48 is 600 × 324.3: it fits min(1.5, 1.54) = 1.5×, under 2 but over 1.48.
    const fits = { width: 888, height: 480 };
    expect(tooLarge(resort, resort, fits, room, false)).toBe(false);
    expect(tooLarge(at(1.48, 608), at(1.48, 608), fits, room, false)).toBe(true);
    // 900 × 700 at 1.48 is 608 × 473: it fits 1.057×, under 1.48 too.
    expect(tooLarge(resort, resort, { width: 900, height: 700 }, room, false)).toBe(true);
  });
});

describe("leastZoom", () => {
  it("is 2 on a 1080-line screen or taller, and in proportion on a shorter one, never below 1", () => {
    expect(leastZoom(1080)).toBe(2);
    expect(leastZoom(1440)).toBe(2);
    // 24 px labels on 1,080 lines are 17.8 px on 800: 12 px × 1.4815.
    expect(leastZoom(800) * 12).toBeCloseTo((24 * 800) / 1080, 6);
    expect(leastZoom(400)).toBe(1);
  });
});
