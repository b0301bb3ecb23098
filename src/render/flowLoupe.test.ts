// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Matrix } from "../core/types";
import { flow, type FlowElement, type FlowValue } from "./flow";
import { flowLoupeTokens } from "./flowLoupe";

afterEach(() => document.body.replaceChildren());

describe("flowLoupeTokens: the tokens a flow's loupe shows", () => {
  it("is the 5 around the token, kept inside its side at both ends", () => {
    expect(flowLoupeTokens(40, 64)).toEqual([38, 39, 40, 41, 42]);
    expect(flowLoupeTokens(0, 64)).toEqual([0, 1, 2, 3, 4]);
    expect(flowLoupeTokens(1, 64)).toEqual([0, 1, 2, 3, 4]);
    expect(flowLoupeTokens(63, 64)).toEqual([59, 60, 61, 62, 63]);
    expect(flowLoupeTokens(1, 3)).toEqual([0, 1, 2]);
  });
});

describe("flow: the loupe under a finger on close tokens", () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
  const uniform = (n: number): Matrix => ({ rows: n, cols: n, data: new Float64Array(n * n).fill(1 / n) });
  /**
   * A phone's flow of n tokens, drawn at its own size at (0, 100): vertical, 360 px wide, so 64 tokens stand
   * 5.375 px apart, token k at x = 8 + (k + 0.5) × 5.375, query dots at y = 100 + 53.6, key dots at
   * 100 + 204.4 (flowLayout.test.ts "flowTokenAt").
   */
  const mount = (n = 64) => {
    const svg = flow([uniform(n)], {
      queryLabels: words(n),
      keyLabels: words(n),
      queryTitle: "queries",
      keyTitle: "keys",
      orientation: "vertical",
      width: 360,
      height: 260,
      ariaLabel: "attention",
    });
    vi.spyOn(svg, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 100, 360, 260));
    document.body.append(svg);
    const events: { type: string; value: FlowValue | null }[] = [];
    for (const type of ["input", "change"])
      document.body.addEventListener(type, () => events.push({ type, value: svg.value }));
    const picks = () => events.filter((e) => e.type === "change");
    const loupe = () => document.querySelector<HTMLElement>(".ap-loupe");
    return { svg, events, picks, loupe };
  };
  const x = (k: number) => 8 + (k + 0.5) * 5.375;
  const QUERY_Y = 153.6;
  const KEY_Y = 304.4;
  const touch = (type: string, px: number, py: number, pointerType = "touch") =>
    new PointerEvent(type, { clientX: px, clientY: py, bubbles: true, pointerId: 3, pointerType });
  const rows = (loupe: HTMLElement) =>
    [...loupe.querySelectorAll(".ap-flow-loupe-token")].map((row) => row.textContent);

  it("shows the 5 tokens around the finger's, numbered, that one outlined and named with its side", () => {
    const { svg, loupe } = mount();
    expect(loupe()).toBeNull();
    svg.dispatchEvent(touch("pointerdown", x(40), QUERY_Y));
    const shown = loupe()!;
    expect(shown.hidden).toBe(false);
    expect([shown.dataset.side, shown.dataset.index]).toEqual(["query", "40"]);
    expect(rows(shown)).toEqual(["39t38", "40t39", "41t40", "42t41", "43t42"]);
    expect(shown.querySelector(".ap-loupe-label")?.textContent).toBe("query 't40'");
    // The third row of 28 px, past the loupe's 4 px padding.
    const mark = shown.querySelector<HTMLElement>(".ap-loupe-mark")!;
    expect([mark.style.left, mark.style.top, mark.style.height]).toEqual(["4px", `${4 + 2 * 28}px`, "28px"]);
    svg.dispatchEvent(touch("pointermove", x(63), KEY_Y));
    expect([shown.dataset.side, shown.dataset.index]).toEqual(["key", "63"]);
    expect(shown.querySelector(".ap-loupe-label")?.textContent).toBe("key 't63'");
    // The last token of its side: the fifth row.
    expect(mark.style.top).toBe(`${4 + 4 * 28}px`);
  });

  it("lights the token under the finger as it moves, and locks the one it is lifted from, once", () => {
    const { svg, events, picks, loupe } = mount();
    const first = svg.querySelector('.ap-flow-token[data-query="40"]')!;
    first.dispatchEvent(touch("pointerdown", x(40), QUERY_Y));
    // The pointer captured, the browser says it left its first token: still lit.
    first.dispatchEvent(touch("pointerleave", x(40), QUERY_Y));
    svg.dispatchEvent(touch("pointermove", x(40) + 1, QUERY_Y));
    svg.dispatchEvent(touch("pointermove", x(42), QUERY_Y));
    svg.dispatchEvent(touch("pointerup", x(42), QUERY_Y));
    // The browser's click after the lift lands on the token first touched: no second pick.
    first.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(loupe()!.hidden).toBe(true);
    expect(events).toEqual([
      { type: "input", value: { query: 40 } },
      { type: "input", value: { query: 42 } },
      { type: "change", value: { query: 42 } },
      { type: "input", value: null },
    ]);
    expect(picks()).toEqual([{ type: "change", value: { query: 42 } }]);
  });

  it("keeps the page from scrolling under the finger while the loupe shows, and only then", () => {
    const { svg } = mount();
    const moved = () => {
      const move = new Event("touchmove", { cancelable: true });
      svg.dispatchEvent(move);
      return move.defaultPrevented;
    };
    expect(moved()).toBe(false);
    svg.dispatchEvent(touch("pointerdown", x(40), QUERY_Y));
    expect(moved()).toBe(true);
    svg.dispatchEvent(touch("pointerup", x(40), QUERY_Y));
    // A finger on the lines between the columns scrolls the page.
    svg.dispatchEvent(touch("pointerdown", x(40), 230));
    expect(moved()).toBe(false);
  });

  it("hides off the columns and comes back on them; lifted off them, or cancelled, it locks nothing", () => {
    const { svg, picks, loupe } = mount();
    svg.dispatchEvent(touch("pointerdown", x(40), QUERY_Y));
    svg.dispatchEvent(touch("pointermove", x(40), 230));
    expect(loupe()!.hidden).toBe(true);
    svg.dispatchEvent(touch("pointermove", x(2), KEY_Y));
    expect([loupe()!.hidden, loupe()!.dataset.index]).toEqual([false, "2"]);
    svg.dispatchEvent(touch("pointerup", x(40), 230));
    svg.dispatchEvent(touch("pointerdown", x(40), QUERY_Y));
    svg.dispatchEvent(touch("pointercancel", x(40), QUERY_Y));
    expect(picks()).toEqual([]);
  });

  it("is not shown for a mouse, nor for tokens far enough apart for a finger, whose taps pick as before", () => {
    const mouse = mount();
    mouse.svg.dispatchEvent(touch("pointerdown", x(40), QUERY_Y, "mouse"));
    expect(mouse.loupe()).toBeNull();
    document.body.replaceChildren();
    // 8 tokens: (360 − 16) / 8 = 43 px apart.
    const large = mount(8);
    const token = large.svg.querySelector('.ap-flow-token[data-key="3"]')!;
    token.dispatchEvent(touch("pointerdown", 8 + 3.5 * 43, KEY_Y));
    token.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(large.loupe()).toBeNull();
    expect(large.picks()).toEqual([{ type: "change", value: { key: 3 } }]);
  });

  it("names the token's side in the words it is given", () => {
    const svg = flow([uniform(64)], {
      queryLabels: words(64),
      keyLabels: words(64),
      orientation: "vertical",
      width: 360,
      height: 260,
      ariaLabel: "attention",
      nameToken: ({ side }, label) => `${side === "query" ? "查询" : "键"}“${label}”`,
    }) as FlowElement;
    document.body.append(svg);
    const [dotX, dotY] = [8 + 10.5 * 5.375, 53.6 - 24 + 8];
    svg.dispatchEvent(touch("pointerdown", dotX, dotY));
    expect(document.querySelector(".ap-loupe-label")?.textContent).toBe("查询“t10”");
  });
});
