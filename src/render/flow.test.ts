// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Matrix } from "../core/types";
import {
  applyFlowHighlight,
  flow,
  flowLines,
  updateFlow,
  WIDEN_AFTER_MS,
  type FlowElement,
  type FlowValue,
} from "./flow";

/** [2 queries, 3 keys]; rows are queries and sum to 1. */
const head1: Matrix = { rows: 2, cols: 3, data: Float64Array.from([0.7, 0.295, 0.005, 0.2, 0.3, 0.5]) };
const head2: Matrix = { rows: 2, cols: 3, data: Float64Array.from([1, 0, 0, 0.001, 0.009, 0.99]) };
const OPTIONS = {
  queryLabels: ["the", "cat"],
  keyLabels: ["a", "b", "c"],
  queryTitle: "queries",
  keyTitle: "keys",
  ariaLabel: "attention",
};

/** [3, 3], every weight 1/3. */
const uniform3 = (): Matrix => ({ rows: 3, cols: 3, data: new Float64Array(9).fill(1 / 3) });

/** The lines the flow paints on its canvas, as drawn now. */
const lines = (svg: Element) => flowLines(svg);
const line = (svg: Element, query: number, key: number) =>
  lines(svg).find((l) => l.query === query && l.key === key);

afterEach(() => document.body.replaceChildren());

describe("flow", () => {
  it("draws one line per (query, key, head) whose weight reaches minWeight (default 0.01)", () => {
    // head1: 5 of 6 weights ≥ 0.01; head2: 2 of 6.
    expect(lines(flow([head1, head2], OPTIONS))).toHaveLength(7);
    expect(lines(flow([head1], { ...OPTIONS, minWeight: 0.25 }))).toHaveLength(4);
    expect(lines(flow([head1, head2], { ...OPTIONS, minWeight: 0 }))).toHaveLength(12);
    expect(flowLines(document.createElement("div"))).toEqual([]);
  });

  it("draws larger weights thicker and more opaque", () => {
    const svg = flow([head1], OPTIONS);
    expect(line(svg, 0, 0)!.width).toBeGreaterThan(line(svg, 0, 1)!.width);
    expect(line(svg, 0, 0)!.opacity).toBeGreaterThan(line(svg, 0, 1)!.opacity);
    // 0.5 + 5w px wide past w = 0.1, 0.2 + 0.75w opaque: w = 0.7 gives 4 px at 0.725 (0.72 at two decimals).
    expect(line(svg, 0, 0)).toMatchObject({ weight: 0.7, width: 4, opacity: 0.72 });
  });

  it("gives each head its own colour, and paints weakest first so the strong lines are on top", () => {
    const svg = flow([head1, head2], { ...OPTIONS, headColors: ["red", "blue"] });
    expect(lines(svg).find((l) => l.head === 0)?.stroke).toBe("red");
    expect(lines(svg).find((l) => l.head === 1)?.stroke).toBe("blue");
    const weights = lines(svg).map((l) => l.weight);
    expect(weights).toEqual([...weights].sort((a, b) => a - b));
  });

  it("keeps the lines' canvas under the tokens, sized to the flow, and counts what it paints", () => {
    const svg = flow([head1, head2], { ...OPTIONS, width: 300, highlight: { key: 2 } });
    const links = svg.querySelector(".ap-flow-links")!;
    expect(links.compareDocumentPosition(svg.querySelector(".ap-flow-tokens")!)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    expect(links.getAttribute("width")).toBe("300");
    expect(links.getAttribute("height")).toBe(svg.getAttribute("height"));
    expect(svg.querySelector<HTMLCanvasElement>(".ap-flow-canvas")?.dataset).toMatchObject({
      lines: "7",
      faded: "5",
    });
  });

  it("puts query tokens left of key tokens, or above them when vertical", () => {
    const at = (svg: Element, selector: string) => {
      const match = /translate\(([-\d.]+),([-\d.]+)\)/.exec(
        svg.querySelector(selector)?.getAttribute("transform") ?? "",
      );
      return { x: Number(match?.[1]), y: Number(match?.[2]) };
    };
    const horizontal = flow([head1], OPTIONS);
    expect(at(horizontal, '.ap-flow-token[data-query="0"]').x).toBeLessThan(
      at(horizontal, '.ap-flow-token[data-key="0"]').x,
    );
    const vertical = flow([head1], { ...OPTIONS, orientation: "vertical" });
    expect(at(vertical, '.ap-flow-token[data-query="0"]').y).toBeLessThan(
      at(vertical, '.ap-flow-token[data-key="0"]').y,
    );
  });

  it("among 128 close tokens, labels every 4th, turns each label 8 px off its dot, and tiles the hit areas", () => {
    // Vertical, 560 px wide: tokens 4.25 px apart (flowLayout.test.ts), labels turned, every 4th shown.
    const words = Array.from({ length: 128 }, (_, i) => `w${i + 1}`);
    const uniform: Matrix = { rows: 128, cols: 128, data: new Float64Array(128 * 128).fill(1 / 128) };
    const svg = flow([uniform], {
      ...OPTIONS,
      queryLabels: words,
      keyLabels: words,
      orientation: "vertical",
      width: 560,
    });
    const token = (side: "query" | "key", i: number) =>
      svg.querySelector(`.ap-flow-token[data-${side}="${i}"]`) as SVGGElement;
    const label = (side: "query" | "key", i: number) => token(side, i).querySelector(".ap-flow-label")!;
    for (const side of ["query", "key"] as const) {
      const thinned = [0, 1, 2, 3, 4, 5, 124, 127].map((i) =>
        label(side, i).classList.contains("ap-thinned"),
      );
      expect(thinned, side).toEqual([false, true, true, true, false, true, false, true]);
    }
    // Turned by −90°, a label's x runs up the screen: a query's starts 8 px above its dot, a key's 8 px below.
    expect(["x", "y", "text-anchor"].map((a) => label("query", 4).getAttribute(a))).toEqual([
      "8",
      "0",
      "start",
    ]);
    expect(["x", "y", "text-anchor"].map((a) => label("key", 4).getAttribute(a))).toEqual(["-8", "0", "end"]);
    // Each hit area is one step wide, centred on its token: side by side they cover the row once.
    const hit = token("query", 5).querySelector(".ap-flow-hit")!;
    expect([hit.getAttribute("x"), hit.getAttribute("width")]).toEqual(["-2.125", "4.25"]);
    // A highlighted token is marked, for render.css to show its label (and fade the others: the tokens are
    // dense; a flow of 2 and 3 tokens is not).
    applyFlowHighlight(svg, { query: 5 });
    expect(token("query", 5).classList.contains("ap-active")).toBe(true);
    expect(svg.querySelector(".ap-flow-tokens")?.classList.contains("ap-dense")).toBe(true);
    expect(flow([head1], OPTIONS).querySelector(".ap-flow-tokens")?.classList.contains("ap-dense")).toBe(
      false,
    );
  });

  it("turns Chinese labels a quarter as a whole, one line each, where a vertical flow turns Latin ones", () => {
    // Vertical, 66 px wide, 3 tokens: 16.67 px apart, every one labelled; the widest label, "tokens", is 43.2 px
    // (0.6 em a Latin character, 1 em a Chinese one: measure.ts's estimate), more than the step less 4, so
    // labels leave the line. 注意力 (36 px) and 机制 (24 px) do not fit 16.67 px either: turned, as "tokens" is,
    // a query's reading up from 8 px above its dot, a key's down from 8 px below (its end there).
    const labels = ["注意力", "机制", "tokens"];
    const svg = flow([uniform3()], {
      ...OPTIONS,
      queryLabels: labels,
      keyLabels: labels,
      orientation: "vertical",
      width: 66,
    });
    const label = (side: "query" | "key", i: number) =>
      svg.querySelector(`.ap-flow-token[data-${side}="${i}"] .ap-flow-label`)!;
    const turned = (side: "query" | "key", i: number) =>
      ["textContent", "transform", "x", "text-anchor"].map((name) =>
        name === "textContent" ? label(side, i).textContent : label(side, i).getAttribute(name),
      );
    expect(turned("query", 0)).toEqual(["注意力", "rotate(-90)", "8", "start"]);
    expect(turned("key", 1)).toEqual(["机制", "rotate(-90)", "-8", "end"]);
    expect(svg.querySelectorAll("tspan")).toHaveLength(0);
    // A Latin label turns a quarter, unless it fits between its neighbours (16.67 px, less 6): "I" (7.2 px)
    // lies flat, centred 8 px above its dot.
    expect(label("query", 2).getAttribute("transform")).toBe("rotate(-90)");
    expect(label("query", 2).textContent).toBe("tokens");
    const short = flow([uniform3()], {
      ...OPTIONS,
      queryLabels: ["注意力", "机制", "I"],
      keyLabels: labels,
      orientation: "vertical",
      width: 66,
    });
    const flat = short.querySelector('.ap-flow-token[data-query="2"] .ap-flow-label')!;
    expect(flat.getAttribute("transform")).toBeNull();
    expect([flat.getAttribute("y"), flat.getAttribute("text-anchor")]).toEqual(["-8", "middle"]);
    // Where labels fit side by side (a wide flow), Chinese lies flat like any other.
    const wide = flow([uniform3()], {
      ...OPTIONS,
      queryLabels: labels,
      keyLabels: labels,
      orientation: "vertical",
    });
    expect(wide.querySelector('.ap-flow-token[data-query="0"] .ap-flow-label')?.textContent).toBe("注意力");
    expect(wide.querySelectorAll("tspan")).toHaveLength(0);
  });

  it("makes no negative size where its host gave it too little room (a width not measured yet: 0)", () => {
    for (const orientation of ["vertical", "horizontal"] as const) {
      const svg = flow([head1], { ...OPTIONS, orientation, width: 0, height: 0 });
      const sizes = [...svg.querySelectorAll(".ap-flow-hit")].flatMap((r) =>
        ["width", "height"].map((a) => Number(r.getAttribute(a))),
      );
      expect(sizes.length, orientation).toBe(10);
      expect(Math.min(...sizes), orientation).toBeGreaterThanOrEqual(0);
      expect(svg.querySelectorAll(".ap-thinned"), orientation).toHaveLength(0);
    }
  });

  it("labels tokens and columns with the words it is given", () => {
    const svg = flow([head1], { ...OPTIONS, headLabels: ["head 1"] });
    const texts = Array.from(svg.querySelectorAll("text"), (t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(["queries", "keys", "the", "cat", "a", "b", "c", "head 1"]));
  });

  it("isolates a query's lines on highlight: the others fade", () => {
    const svg = flow([head1, head2], { ...OPTIONS, highlight: { query: 1 } });
    const active = lines(svg).filter((l) => !l.faded);
    expect(active.length).toBe(4); // query 1: head1 three keys, head2 one key (0.99)
    expect(active.every((l) => l.query === 1)).toBe(true);
    expect(lines(svg).filter((l) => l.faded)).toHaveLength(3);
    expect(svg.querySelector('.ap-flow-token[data-query="1"]')?.classList.contains("ap-active")).toBe(true);
  });

  it("applyFlowHighlight isolates a key, and an empty highlight shows all lines again", () => {
    const svg = flow([head1, head2], OPTIONS);
    applyFlowHighlight(svg, { key: 2 });
    expect(
      lines(svg)
        .filter((l) => !l.faded)
        .map((l) => l.key),
    ).toEqual([2, 2]);
    applyFlowHighlight(svg, {});
    expect(lines(svg).filter((l) => l.faded)).toHaveLength(0);
  });

  it("reports the token pointed at like an <input>: {query} or {key}, null on leave, change on click", () => {
    const svg = flow([head1], OPTIONS);
    document.body.append(svg);
    const seen: { type: string; value: FlowValue | null }[] = [];
    for (const type of ["input", "change"]) {
      document.body.addEventListener(type, () => seen.push({ type, value: (svg as FlowElement).value }));
    }
    const query = svg.querySelector('.ap-flow-token[data-query="1"]')!;
    const key = svg.querySelector('.ap-flow-token[data-key="2"]')!;
    query.dispatchEvent(new PointerEvent("pointerenter"));
    query.dispatchEvent(new PointerEvent("pointerleave"));
    key.dispatchEvent(new PointerEvent("pointerenter"));
    key.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(seen).toEqual([
      { type: "input", value: { query: 1 } },
      { type: "input", value: null },
      { type: "input", value: { key: 2 } },
      { type: "change", value: { key: 2 } },
    ]);
  });
});

describe("a flow partly or not on the screen", () => {
  /** The flow's IntersectionObserver, driven by the test: whether the flow is near the screen. */
  let near: ((entries: { isIntersecting: boolean }[]) => void) | undefined;
  const made = (options: Parameters<typeof flow>[1] = OPTIONS) => {
    vi.stubGlobal(
      "IntersectionObserver",
      class {
        constructor(callback: typeof near) {
          near = callback;
        }
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    // In the document, as on a page: a flow measures the rows it has drawn there.
    const svg = flow([head1], options);
    document.body.append(svg);
    return svg;
  };
  const painted = (svg: Element) => svg.querySelector<HTMLCanvasElement>(".ap-flow-canvas")!.dataset;
  /** The band of a flow that fits the screen, drawn whole: rows 0 to its height. */
  const everyRow = (svg: Element) => `0-${Math.round(Number(svg.getAttribute("height")))}`;
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("makes no lines for new weights until it comes near, and then paints the newest", () => {
    const svg = made();
    // head1 has 5 weights of at least 0.01, head2 2 (above).
    expect(painted(svg).lines).toBe("5");
    near?.([{ isIntersecting: false }]);
    expect(updateFlow(svg, [head2])).toBe(true);
    // Nothing drawn (rows 0 to 0), and head1's lines still counted: head2's are not made.
    expect(painted(svg)).toMatchObject({ lines: "5", drawn: "0-0" });
    near?.([{ isIntersecting: true }]);
    expect(painted(svg)).toMatchObject({ lines: "2", drawn: everyRow(svg) });
  });

  it("still gives its newest lines to whoever asks (an export), faded as pointed, and paints them when near", () => {
    const svg = made();
    near?.([{ isIntersecting: false }]);
    applyFlowHighlight(svg, { key: 2 });
    updateFlow(svg, [head2]);
    // head2's lines: the cat → c (0.99) is key 2's; the → a (1) fades.
    expect(lines(svg).map((l) => [l.query, l.key, l.faded])).toEqual([
      [1, 2, false],
      [0, 0, true],
    ]);
    // Made for the export, not yet painted: that waits until the flow comes near.
    expect(painted(svg)).toMatchObject({ lines: "5", drawn: "0-0" });
    near?.([{ isIntersecting: true }]);
    expect(painted(svg)).toMatchObject({ lines: "2", faded: "1", drawn: everyRow(svg) });
  });

  /** A flow of 3,000 px on an 800 px screen, drawn at `zoom`; place(top) puts its top at `top` on the screen. */
  const tall = (zoom = 1) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.stubGlobal("innerHeight", 800);
    const frames: (() => void)[] = [];
    vi.stubGlobal("requestAnimationFrame", (run: () => void) => frames.push(run));
    let resized: (() => void) | undefined;
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: () => void) {
          resized = callback;
        }
        observe() {}
        unobserve() {}
      },
    );
    const svg = made({ ...OPTIONS, height: 3000 });
    const place = (top: number) => {
      svg.getBoundingClientRect = () => ({ top, height: 3000 * zoom }) as DOMRect;
    };
    const frame = () => frames.splice(0).forEach((run) => run());
    const scroll = () => {
      dispatchEvent(new Event("scroll"));
      frame();
    };
    expect(resized).toBeDefined();
    return { svg, place, frame, scroll, resize: () => resized?.() };
  };

  it("taller than the screen, draws new weights over the rows on the screen, and its margin once they pause", () => {
    const { svg, place, frame, scroll, resize } = tall();
    // 1,000 px of the flow are above the screen: its rows 1,000 to 1,800 are on the 800 px screen.
    place(-1000);
    updateFlow(svg, [head2]);
    frame();
    expect(painted(svg)).toMatchObject({ lines: "2", drawn: "1000-1800" });
    // The canvas's own resizing to those rows draws nothing more; nor does a scroll that moves nothing (a
    // table scrolled sideways).
    resize();
    scroll();
    expect(painted(svg).drawn).toBe("1000-1800");
    // Edits 150 ms apart: the margin waits for a pause of WIDEN_AFTER_MS after the last.
    vi.advanceTimersByTime(150);
    updateFlow(svg, [head1]);
    frame();
    vi.advanceTimersByTime(WIDEN_AFTER_MS - 1);
    expect(painted(svg)).toMatchObject({ lines: "5", drawn: "1000-1800" });
    // The edits paused: 300 px more above and below, for the next scroll.
    vi.advanceTimersByTime(1);
    expect(painted(svg)).toMatchObject({ lines: "5", drawn: "700-2100" });
    // A scroll draws the rows then on the screen and the margin again.
    place(-1200);
    scroll();
    expect(painted(svg).drawn).toBe("900-2300");
  });

  it("while edits come, a scroll past the drawn rows draws the rows on the screen and the margin", () => {
    const { svg, place, frame, scroll } = tall();
    place(-1000);
    updateFlow(svg, [head2]);
    frame();
    expect(painted(svg).drawn).toBe("1000-1800");
    place(-1100);
    scroll();
    expect(painted(svg).drawn).toBe("800-2200");
  });

  it("zoomed to half its size (presenter mode), counts the rows on the screen in its own pixels", () => {
    const { svg, place, frame } = tall(0.5);
    // 500 screen px above the screen are 1,000 of its own; the 800 px screen shows 1,600 of its rows.
    place(-500);
    updateFlow(svg, [head2]);
    frame();
    expect(painted(svg).drawn).toBe("1000-2600");
    vi.advanceTimersByTime(WIDEN_AFTER_MS);
    expect(painted(svg).drawn).toBe("400-3000");
  });
});

describe("flow labels", () => {
  it("shortens a label past 120 px with an ellipsis, and keeps the whole token as its name", () => {
    // A token of 10,000 letters ran across the figure, over the heatmap beside it; the layout keeps 120 px.
    const long = "x".repeat(10_000);
    const svg = flow([head1], { ...OPTIONS, queryLabels: [long, "cat"] });
    const token = svg.querySelector<SVGGElement>('.ap-flow-token[data-query="0"]')!;
    const shown = token.querySelector(".ap-flow-label")!.textContent!;
    // happy-dom measures 0.6 em a letter, 7.2 px at 12 px: 15 x's and "…" fit 120 px, 16 do not (122.4).
    expect(shown).toBe(`${"x".repeat(15)}…`);
    expect(token.getAttribute("aria-label")).toBe(long);
    // A label that fits is written whole.
    const cat = svg.querySelector('.ap-flow-token[data-query="1"] .ap-flow-label')!;
    expect(cat.textContent).toBe("cat");
  });
});
