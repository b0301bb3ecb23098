// @vitest-environment happy-dom
import { interpolateRgb } from "d3";
import { afterEach, describe, expect, it } from "vitest";
import type { Matrix } from "../core/types";
import { flow, strongest, updateFlow, type FlowTokenDescription } from "./flow";
import { heatmap, updateHeatmap, type CellDescription } from "./heatmap";
import { maskedTextColor } from "./paintCells";
import { contrastRatio, relativeLuminance } from "./scales";
import { FALLBACK_THEME, type Theme } from "./theme";

/** [2 queries, 3 keys] weights; rows are queries. */
const weights: Matrix = { rows: 2, cols: 3, data: Float64Array.from([0.7, 0.25, 0.05, 0.1, 0.3, 0.6]) };
/** What a host says of a cell; the render layer only fills in the parts. */
const words = (c: CellDescription) =>
  c.masked ? `${c.rowLabel}/${c.colLabel} masked` : `${c.rowLabel}/${c.colLabel} = ${c.text}`;

const key = (name: string) => new KeyboardEvent("keydown", { key: name, bubbles: true });

function mount(matrix = weights, masked?: Uint8Array) {
  const node = heatmap(matrix, {
    rowLabels: ["the", "cat"],
    colLabels: ["a", "b", "c"],
    ariaLabel: "weights",
    describeCell: words,
    keyHint: "Arrow keys move",
    masked,
  });
  document.body.append(node);
  const plot = node.querySelector<HTMLElement>(".ap-plot")!;
  const live = node.querySelector<HTMLElement>(".ap-announce")!;
  return { node, plot, live };
}

afterEach(() => document.body.replaceChildren());

describe("heatmap: what a screen reader hears", () => {
  it("has a polite live region, empty until a cell is pointed at", () => {
    const { live } = mount();
    expect(live.getAttribute("aria-live")).toBe("polite");
    expect(live.getAttribute("aria-atomic")).toBe("true");
    expect(live.textContent).toBe("");
  });

  it("says the cell under the keyboard cursor, its text changing as the arrows move", () => {
    const { plot, live } = mount();
    plot.dispatchEvent(key("ArrowRight"));
    expect(live.textContent).toBe("the/a = 0.7");
    plot.dispatchEvent(key("ArrowRight"));
    expect(live.textContent).toBe("the/b = 0.25");
    plot.dispatchEvent(key("ArrowDown"));
    expect(live.textContent).toBe("cat/b = 0.3");
    plot.dispatchEvent(key("Escape"));
    expect(live.textContent).toBe("");
  });

  it("gives the value as the cell prints it (digits, true minus sign), and the new numbers after an update", () => {
    const { node, plot, live } = mount();
    const next: Matrix = { rows: 2, cols: 3, data: Float64Array.from([-0.123456, 0, 0, 0, 0, 0]) };
    expect(updateHeatmap(node, next)).toBe(true);
    plot.dispatchEvent(key("ArrowRight"));
    expect(live.textContent).toBe("the/a = −0.12");
  });

  it("says masked for a masked cell, and for a −∞ score", () => {
    const masked = Uint8Array.from([0, 1, 0, 0, 0, 0]);
    const scores: Matrix = { rows: 2, cols: 3, data: Float64Array.from([1, 2, -Infinity, 0, 0, 0]) };
    const { plot, live } = mount(scores, masked);
    plot.dispatchEvent(key("ArrowRight"));
    plot.dispatchEvent(key("ArrowRight"));
    expect(live.textContent).toBe("the/b masked");
    plot.dispatchEvent(key("ArrowRight"));
    expect(live.textContent).toBe("the/c masked");
  });

  it("describes the keys to use, read after the plot's name", () => {
    const { node, plot } = mount();
    const hint = node.querySelector(`#${plot.getAttribute("aria-describedby")}`);
    expect(hint?.textContent).toBe("Arrow keys move");
  });

  it("a picture only (interactive: false) is neither focusable nor heard, and has no live region", () => {
    const node = heatmap(weights, { ariaLabel: "thumbnail", interactive: false, describeCell: words });
    document.body.append(node);
    const plot = node.querySelector<HTMLElement>(".ap-plot")!;
    expect(plot.hasAttribute("tabindex")).toBe(false);
    expect(plot.getAttribute("role")).toBeNull();
    expect(node.getAttribute("aria-hidden")).toBe("true");
    expect(node.querySelector(".ap-announce")).toBeNull();
  });
});

describe("flow: token names", () => {
  const second: Matrix = { rows: 2, cols: 3, data: Float64Array.from([0.1, 0.8, 0.1, 0, 0, 0]) };
  const name = (svg: Element, selector: string) => svg.querySelector(selector)?.getAttribute("aria-label");
  const options = {
    queryLabels: ["the", "cat"],
    keyLabels: ["a", "b", "c"],
    ariaLabel: "flow",
    describeToken: ({ side, label, strongest: best }: FlowTokenDescription) =>
      best ? `${side} ${label} → ${best.label} ${best.text} h${best.head + 1}` : `${side} ${label} → none`,
  };

  it("is a group of focusable tokens, not an image (whose content would be presentational)", () => {
    const svg = flow([weights], options);
    expect(svg.getAttribute("role")).toBe("group");
    expect(svg.querySelectorAll('g.ap-flow-token[tabindex="0"][role="button"]')).toHaveLength(5);
  });

  it("names each token by its strongest partner, the weight as people read it", () => {
    const svg = flow([weights], options);
    expect(name(svg, 'g[data-query="0"]')).toBe("query the → a 0.7 h1");
    expect(name(svg, 'g[data-query="1"]')).toBe("query cat → c 0.6 h1");
    expect(name(svg, 'g[data-key="1"]')).toBe("key b → cat 0.3 h1");
  });

  it("looks over every head drawn, and renames the tokens when the weights change", () => {
    const svg = flow([weights, second], options);
    expect(name(svg, 'g[data-query="0"]')).toBe("query the → b 0.8 h2");
    expect(updateFlow(svg, [second, weights])).toBe(true);
    expect(name(svg, 'g[data-query="0"]')).toBe("query the → b 0.8 h1");
  });

  it("says so when a query sees no key (all-zero row)", () => {
    const svg = flow([second], options);
    expect(name(svg, 'g[data-query="1"]')).toBe("query cat → none");
  });

  it("strongest() takes the first of equal weights, and nothing at all-zero", () => {
    const ties: Matrix = { rows: 1, cols: 3, data: Float64Array.from([0.4, 0.4, 0.2]) };
    expect(strongest([ties], "query", 0)).toEqual({ index: 0, head: 0, weight: 0.4 });
    expect(strongest([second], "query", 1)).toBeUndefined();
  });
});

describe("maskedTextColor: the −∞ of a masked cell", () => {
  // The themes of the app (app.css) and of the gallery (e2e/gallery.html), and the render layer's fallback.
  const THEMES: Record<string, Theme> = {
    "app light": { fg: "#1b1f2a", bg: "#f6f7fb", muted: "#5a6275", accent: "#3157d5" },
    "app dark": { fg: "#e8eaf1", bg: "#11141b", muted: "#a4abbd", accent: "#8ea8ff" },
    "gallery light": { fg: "#1f2328", bg: "#ffffff", muted: "#6e7781", accent: "#0969da" },
    "gallery dark": { fg: "#e6edf3", bg: "#0d1117", muted: "#8b949e", accent: "#58a6ff" },
    fallback: FALLBACK_THEME,
    "a low-contrast muted": { fg: "#000000", bg: "#ffffff", muted: "#bbbbbb", accent: "#0969da" },
  };
  /** The hatch's wash: the muted colour at 18 % over the background (paintCells' hatchTile). */
  const wash = (theme: Theme) => relativeLuminance(interpolateRgb(theme.bg, theme.muted)(0.18));

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`contrast: reaches 4.5:1 on the hatch's wash (${name})`, () => {
      const color = maskedTextColor(theme);
      expect(contrastRatio(relativeLuminance(color), wash(theme))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it("keeps the muted colour where it is legible, and leaves it where it is not (the app's light theme)", () => {
    expect(maskedTextColor(THEMES["app dark"]!)).toBe("#a4abbd");
    expect(maskedTextColor(THEMES["app light"]!)).toBe("#1b1f2a");
  });
});
