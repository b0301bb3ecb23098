import { lab } from "d3";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HATCH_STRIPE, HATCH_WASH } from "./paintCells";
import { PALETTE_NAMES, paletteFor } from "./scales";

/**
 * Weights on a dark page. The lowest weights must not vanish into the card a heatmap is drawn on: a weight of
 * 0.02 is a cell, and the heatmap keeps its shape at the low end. A masked cell (hatched) must not be taken for
 * a low weight either. The colours come from where the pages set them (the stylesheets' dark themes, the
 * palettes' dark twins); contrast is WCAG 2's, written out here.
 */

/** [r, g, b] in 0…255 of "#rgb", "#rrggbb" or "rgb(r, g, b)". */
function channels(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join("") : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgb\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)\s*\)$/.exec(color.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour this test reads: ${color}`);
}

/** WCAG 2.x relative luminance: sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722. */
function luminance(color: string): number {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, (lighter + 0.05) / (darker + 0.05): 1 to 21. */
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `over` painted with opacity `alpha` on `under`, as a canvas blends it (in sRGB). */
function blend(under: string, over: string, alpha: number): string {
  const [u, o] = [channels(under), channels(over)];
  const mixed = u.map((c, i) => Math.round(c + (o[i]! - c) * alpha));
  return `rgb(${mixed.join(", ")})`;
}

/** CIE76 colour difference in CIELAB: about 2.3 is just noticeable. */
function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

interface DarkTheme {
  readonly where: string;
  /** The page's and the card's backgrounds: a heatmap lies on one or the other. */
  readonly backgrounds: readonly string[];
  /** The muted colour, which hatches masked cells. */
  readonly muted: string;
}

/**
 * Every dark theme the stylesheets define: a rule setting --ap-bg or --ap-surface to a colour darker than mid
 * grey (what the render layer takes for a dark page), with its muted colour (the explorer's dark one where
 * the rule sets none).
 */
function darkThemes(): DarkTheme[] {
  const files = ["src/ui/app/app.css", "src/ui/classroom/classroom.css", "src/embed/widget.css"];
  const themes: DarkTheme[] = [];
  for (const file of files) {
    const css = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    // Innermost rules: a selector, then declarations without braces (a rule inside @media included).
    for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const value = (name: string) => new RegExp(`--ap-${name}:\\s*([^;]+);`).exec(body!)?.[1]?.trim();
      const backgrounds = [value("bg"), value("surface")].filter(
        (c): c is string => c !== undefined && luminance(c) < 0.18,
      );
      if (backgrounds.length === 0) continue;
      themes.push({ where: `${file} ${selector!.trim()}`, backgrounds, muted: value("muted") ?? "#a4abbd" });
    }
  }
  return themes;
}

/**
 * The least contrast of a weight's colour with a dark background. 1.5:1: more than the dark theme's own
 * borders (#343a4a on the card #1a1e28: 1.47:1), lines of 1 px that the theme draws to be seen, where a cell is
 * a whole square; and well under WCAG's 3:1 for a graphic that must stand out on its own, which a weight of 0,
 * "nothing", need not: a low end as light as that would leave the ramp from 0 to 1 flat. The old low ends
 * were 1.05:1 (default, cividis), 1.09:1 (viridis) and 1.26:1 (grayscale, black: darker than the card).
 */
const LEAST_CONTRAST = 1.5;
/** A masked cell's stripes stand out against the lowest weight's colour (they are 2.65:1 on their own wash). */
const STRIPES_CONTRAST = 2;
/** A masked cell's wash and the lowest weight are two colours side by side, not one (2.3 is just noticeable). */
const WASH_DIFFERENCE = 5;

describe("the dark theme's weights", () => {
  const themes = darkThemes();

  it("finds the stylesheets' dark themes: the explorer's, presenter mode's, the widget's", () => {
    const backgrounds = new Set(themes.flatMap((t) => t.backgrounds.map((c) => c.toLowerCase())));
    // The explorer's page and card, presenter mode's, the widget's (its own page and card, the same two).
    for (const c of ["#11141b", "#1a1e28", "#000000", "#0b0d12"]) expect(backgrounds, c).toContain(c);
    expect(PALETTE_NAMES.length).toBe(4);
  });

  for (const name of PALETTE_NAMES) {
    it(`${name}: the lowest weights stand ${LEAST_CONTRAST}:1 or more from every dark background`, () => {
      const ramp = paletteFor(name, true).sequential;
      for (const { where, backgrounds } of themes) {
        for (const background of backgrounds) {
          // Weight 0 and the small weights above it (a ramp's lightness grows: palettes.test.ts).
          for (const weight of [0, 0.01, 0.02, 0.05]) {
            const ratio = contrast(ramp(weight), background);
            expect(
              ratio,
              `${ramp(weight)} (weight ${weight}) on ${background}, ${where}`,
            ).toBeGreaterThanOrEqual(LEAST_CONTRAST);
          }
        }
      }
    });

    it(`${name}: a masked cell stays unlike the lowest weight: its stripes show, its wash is another colour`, () => {
      const lowest = paletteFor(name, true).sequential(0);
      for (const { where, backgrounds, muted } of themes) {
        for (const background of backgrounds) {
          // The hatch is see-through: a wash of the muted colour over the background, and stripes over that.
          const wash = blend(background, muted, HATCH_WASH);
          const stripe = blend(wash, muted, HATCH_STRIPE);
          const what = `${lowest} beside a hatch of ${muted} on ${background}, ${where}`;
          expect(contrast(stripe, lowest), what).toBeGreaterThanOrEqual(STRIPES_CONTRAST);
          expect(deltaE(wash, lowest), what).toBeGreaterThanOrEqual(WASH_DIFFERENCE);
        }
      }
    });
  }
});
