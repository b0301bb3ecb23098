// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { fromRows, layer } from "../core/matrix";
import { attentionReference } from "../core/reference";
import type { AttentionTrace, Matrix, Stack } from "../core/types";
import { colorRamp } from "./colorRamp";
import { escapeXml } from "./escapeXml";
import { flow, flowLines, HEAD_COLORS } from "./flow";
import { flowSvg } from "./flowSvg";
import { heatmapSvg } from "./heatmapSvg";
import { matrixCsv } from "./matrixCsv";
import { matrixJson } from "./matrixJson";
import { divergingScale, paletteFor, sequentialScale } from "./scales";
import { svgToPng } from "./svgToPng";
import { parseCsv } from "./test-csv";
import { DARK_THEME } from "./theme";
import { traceJson } from "./traceJson";

/**
 * A strict XML well-formedness check (happy-dom's DOMParser lets a bare "&" through): one root, every tag
 * closed in order, attributes quoted, no "<" or bare "&" in text or attribute values.
 */
function expectWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (text: string, where: string) => {
    for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) {
      entity.lastIndex = i;
      if (!entity.test(text)) throw new Error(`bare & in ${where}: ${text.slice(i, i + 20)}`);
    }
  };
  const tagPattern = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const textEnd = lt < 0 ? body.length : lt;
    const between = body.slice(i, textEnd);
    if (stack.length === 0 && between.trim() !== "") throw new Error(`text outside the root: ${between}`);
    checkText(between, "text");
    if (lt < 0) break;
    tagPattern.lastIndex = lt;
    const m = tagPattern.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`);
    const [whole, closing, name, attrs = "", selfClosing] = m;
    checkText(attrs, `attributes of <${name}>`);
    const names = [...attrs.matchAll(/([\w:.-]+)=/g)].map((a) => a[1]);
    expect(new Set(names).size, `duplicate attribute on <${name}>`).toBe(names.length);
    if (closing) {
      expect(stack.pop(), `</${name}> closes the wrong element`).toBe(name);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name as string);
    }
    i = lt + whole.length;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

function parseSvg(svg: string): Document {
  expectWellFormedXml(svg);
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  expect(doc.querySelector("parsererror")).toBeNull();
  return doc;
}

const weights = fromRows([
  [0.7, 0.2, 0.1],
  [0.25, 0.5, 0.25],
]);

describe("heatmapSvg", () => {
  it("is a standalone SVG document with a size and viewBox", () => {
    const svg = heatmapSvg(weights, { title: "weights" });
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const root = parseSvg(svg).documentElement;
    expect(root.tagName.toLowerCase()).toBe("svg");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    const width = Number(root.getAttribute("width"));
    const height = Number(root.getAttribute("height"));
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(root.getAttribute("viewBox")).toBe(`0 0 ${width} ${height}`);
  });

  it("has one rect per cell, coloured as the canvas heatmap colours it (same scale, same ramp)", () => {
    const doc = parseSvg(heatmapSvg(weights, { palette: "viridis" }));
    const cells = doc.querySelectorAll("rect[data-row]");
    expect(cells).toHaveLength(weights.rows * weights.cols);
    const scale = sequentialScale(weights.data, paletteFor("viridis"));
    const ramp = colorRamp(scale, [0, 1]);
    for (const [i, j] of [
      [0, 0],
      [0, 2],
      [1, 1],
    ] as const) {
      const value = weights.data[i * weights.cols + j] as number;
      const rect = doc.querySelector(`rect[data-row="${i}"][data-col="${j}"]`);
      expect(rect?.getAttribute("fill")).toBe(ramp.colors[ramp.index(value)]);
    }
    // 0.7 is darker than 0.1 on viridis: not the same colour by accident.
    const fill = (i: number, j: number) =>
      doc.querySelector(`rect[data-row="${i}"][data-col="${j}"]`)?.getAttribute("fill");
    expect(fill(0, 0)).not.toBe(fill(0, 2));
  });

  it('with scaleBy "row", colours each cell by its weight ÷ its row\'s largest, and prints the weight', () => {
    // Rows whose largest weights are 0.3 and 0.05. viridis runs from #440154 (0) to #fde725 (1).
    const small = fromRows([
      [0.1, 0.3],
      [0.05, 0],
    ]);
    const fill = (doc: Document, i: number, j: number) =>
      doc.querySelector(`rect[data-row="${i}"][data-col="${j}"]`)?.getAttribute("fill");
    const labels = { rowLabels: ["a", "b"], colLabels: ["c", "d"], palette: "viridis" } as const;
    const byRow = parseSvg(heatmapSvg(small, { ...labels, scaleBy: "row" }));
    expect(fill(byRow, 0, 1)).toBe("#fde725");
    expect(fill(byRow, 1, 0)).toBe("#fde725");
    expect(fill(byRow, 1, 1)).toBe("#440154");
    const printed = Array.from(byRow.querySelectorAll(".ap-values text"), (t) => t.textContent);
    expect(printed).toEqual(["0.1", "0.3", "0.05", "0"]);
    // By value, 0.3 and 0.05 are far from the top colour, and apart.
    const byValue = parseSvg(heatmapSvg(small, labels));
    expect(fill(byValue, 0, 1)).not.toBe("#fde725");
    expect(fill(byValue, 1, 0)).not.toBe(fill(byValue, 0, 1));
  });

  it("colours signed scores on the diverging scale, centred on 0, with the dark twin on a dark page", () => {
    const scores = fromRows([
      [-2, 0, 4],
      [1, -4, 0.5],
    ]);
    const doc = parseSvg(heatmapSvg(scores, { kind: "diverging", dark: true }));
    const scale = divergingScale(scores.data, paletteFor("default", true));
    const ramp = colorRamp(scale, [-4, 4]);
    const rect = (i: number, j: number) => doc.querySelector(`rect[data-row="${i}"][data-col="${j}"]`);
    expect(rect(0, 0)?.getAttribute("fill")).toBe(ramp.colors[ramp.index(-2)]);
    expect(rect(1, 1)?.getAttribute("fill")).toBe(ramp.colors[ramp.index(-4)]);
    expect(rect(0, 2)?.getAttribute("fill")).toBe(ramp.colors[ramp.index(4)]);
    // The dark page's background and text.
    expect(doc.querySelector("svg > rect")?.getAttribute("fill")).toBe(DARK_THEME.bg);
    expect(doc.documentElement.getAttribute("fill")).toBe(DARK_THEME.fg);
  });

  it("hatches masked cells, prints −∞ in them, and adds −∞ to the legend", () => {
    const scores = fromRows([
      [1, -Infinity],
      [2, 3],
    ]);
    const masked = Uint8Array.from([0, 1, 0, 0]);
    const doc = parseSvg(heatmapSvg(scores, { kind: "diverging", masked }));
    const hidden = doc.querySelectorAll("rect[data-masked]");
    expect(hidden).toHaveLength(1);
    expect(hidden[0]?.getAttribute("data-col")).toBe("1");
    expect(hidden[0]?.getAttribute("fill")).toBe("url(#ap-hatch)");
    expect(doc.querySelector("pattern#ap-hatch")).not.toBeNull();
    const values = [...doc.querySelectorAll(".ap-values text")].map((t) => t.textContent);
    expect(values).toEqual(["1", "−∞", "2", "3"]);
    const legend = [...doc.querySelectorAll(".ap-legend text")].map((t) => t.textContent);
    expect(legend).toContain("−∞");
  });

  it("prints a masked weight as its value, 0, hatched, with no −∞ anywhere", () => {
    const masked = Uint8Array.from([0, 1, 0, 0]);
    const doc = parseSvg(
      heatmapSvg(
        fromRows([
          [1, 0],
          [0.4, 0.6],
        ]),
        { masked },
      ),
    );
    expect(doc.querySelectorAll("rect[data-masked]")).toHaveLength(1);
    const values = [...doc.querySelectorAll(".ap-values text")].map((t) => t.textContent);
    expect(values).toEqual(["1", "0", "0.4", "0.6"]);
    expect(doc.documentElement.textContent).not.toContain("∞");
  });

  it("prints values when cells are 28 px or more, as the canvas does, and not below", () => {
    const big = parseSvg(heatmapSvg(weights, { width: 640 }));
    expect([...big.querySelectorAll(".ap-values text")].map((t) => t.textContent)).toEqual([
      "0.7",
      "0.2",
      "0.1",
      "0.25",
      "0.5",
      "0.25",
    ]);
    const wide = fromRows([Array.from({ length: 40 }, (_, j) => j / 40)]);
    const small = parseSvg(heatmapSvg(wide, { width: 640 }));
    expect(small.querySelectorAll("rect[data-row]")).toHaveLength(40);
    expect(small.querySelectorAll(".ap-values text")).toHaveLength(0);
  });

  it("writes labels, titles and the legend's range as real text, escaped", () => {
    const rowLabels = ['<script>"x"', "猫 & 狗"];
    const colLabels = ["a'b", 'c"d', "x<y>z"];
    const svg = heatmapSvg(weights, {
      rowLabels,
      colLabels,
      rowTitle: "queries ↓",
      colTitle: "keys →",
      title: "Weights & <things>",
      legendTitle: "weight",
    });
    expect(svg).not.toContain("<script>");
    const doc = parseSvg(svg);
    const texts = [...doc.querySelectorAll("text")].map((t) => t.textContent);
    for (const label of [...rowLabels, ...colLabels, "queries ↓", "keys →", "Weights & <things>", "weight"]) {
      expect(texts).toContain(label);
    }
    expect(doc.querySelector("script")).toBeNull();
    // The data's real min and max, marked on the legend.
    const marks = [...doc.querySelectorAll(".ap-legend-mark-label")].map((t) => t.textContent);
    expect(marks).toEqual(["0.1", "0.7"]);
    expect(doc.querySelectorAll("linearGradient stop").length).toBeGreaterThan(2);
  });

  it("shortens a label too long for its band with an ellipsis, as the view does", () => {
    const long = "a very long label that no row band could ever hold in 140 px";
    const texts = [...parseSvg(heatmapSvg(weights, { rowLabels: [long, "b"] })).querySelectorAll("text")].map(
      (t) => t.textContent ?? "",
    );
    const shortened = texts.find((t) => t.startsWith("a very") && t.endsWith("…"));
    expect(shortened).toBeDefined();
    expect(long.startsWith(shortened!.slice(0, -1))).toBe(true);
  });

  it("turns Chinese column labels a quarter as a whole, one line each, as Latin ones and as the view does", () => {
    // 40 keys in 640 px: cells too narrow for the labels to lie flat.
    const keys = 40;
    const colLabels = Array.from({ length: keys }, (_, j) => (j % 4 < 2 ? "我爱猫" : "cat"));
    const doc = parseSvg(heatmapSvg(fromRows([colLabels.map((_, j) => j / keys)]), { colLabels }));
    // The plot's corner and each key's column, read from the cells, not from the labels' code.
    const corner = doc
      .querySelector("g.ap-cells")!
      .getAttribute("transform")!
      .match(/[\d.]+/g)!
      .map(Number);
    const [x0, y0] = corner as [number, number];
    const centreOf = (j: number) => {
      const rect = doc.querySelector(`rect[data-col="${j}"]`)!;
      return x0 + Number(rect.getAttribute("x")) + Number(rect.getAttribute("width")) / 2;
    };
    const column = (x: number) => colLabels.findIndex((_, j) => Math.abs(centreOf(j) - x) < 0.01);
    const texts = [...doc.querySelectorAll("text")];
    const chinese = texts.filter((t) => t.textContent === "我爱猫");
    const turned = texts.filter((t) => t.textContent === "cat");
    expect(chinese.length).toBeGreaterThan(3);
    expect(turned.length).toBeGreaterThan(3);
    expect(doc.querySelectorAll("tspan")).toHaveLength(0);
    for (const label of [...chinese, ...turned]) {
      // On its key's column, 6 px above the plot, turned −90° about that point: one line read upwards.
      const x = Number(label.getAttribute("x"));
      expect(colLabels[column(x)]).toBe(label.textContent);
      expect(Number(label.getAttribute("y"))).toBeCloseTo(y0 - 6, 2);
      expect(label.getAttribute("transform")).toMatch(/^rotate\(-90 /);
    }
  });

  it("names a CJK-capable font stack by default, and the font asked for", () => {
    expect(parseSvg(heatmapSvg(weights)).documentElement.getAttribute("font-family")).toContain(
      "Noto Sans CJK SC",
    );
    const doc = parseSvg(heatmapSvg(weights, { fontFamily: '"Times New Roman", serif' }));
    expect(doc.documentElement.getAttribute("font-family")).toBe('"Times New Roman", serif');
  });

  it("drops characters XML forbids, so a label with a control character still makes a valid file", () => {
    expect(escapeXml("a\u0000b\u0007c\uD800d & <")).toBe("abcd &amp; &lt;");
    expect(escapeXml("🐈")).toBe("🐈");
    parseSvg(heatmapSvg(weights, { rowLabels: ["bell\u0007", "nul\u0000"] }));
  });
});

describe("flowSvg", () => {
  const heads = [
    fromRows([
      [0.9, 0.1, 0],
      [0.005, 0.495, 0.5],
    ]),
    fromRows([
      [0.3, 0.3, 0.4],
      [1, 0, 0],
    ]),
  ];

  it("draws one line per weight of at least 0.01, one colour per head, queries left and keys right", () => {
    const doc = parseSvg(
      flowSvg(heads, {
        queryLabels: ["我", "<b>"],
        keyLabels: ["a", "b&c", "d"],
        queryTitle: "queries",
        keyTitle: "keys",
        headLabels: ["head 1", "head 2"],
      }),
    );
    const lines = [...doc.querySelectorAll("line")];
    // Head 1: 0.9, 0.1, 0.495, 0.5 (0 and 0.005 are left out); head 2: 0.3, 0.3, 0.4, 1.
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      const h = Number(line.getAttribute("data-head"));
      expect(line.getAttribute("stroke")).toBe(HEAD_COLORS[h]);
      expect(Number(line.getAttribute("x1"))).toBeLessThan(Number(line.getAttribute("x2")));
    }
    const texts = [...doc.querySelectorAll("text")].map((t) => t.textContent);
    for (const label of ["我", "<b>", "a", "b&c", "d", "queries", "keys", "head 1", "head 2"]) {
      expect(texts).toContain(label);
    }
  });

  it("draws each line as wide and as opaque as the flow view does", () => {
    const view = flow(heads, { ariaLabel: "flow" });
    const doc = parseSvg(flowSvg(heads));
    const key = (l: Element) =>
      `${l.getAttribute("data-head")}:${l.getAttribute("data-query")}:${l.getAttribute("data-key")}`;
    const exported = new Map([...doc.querySelectorAll("line")].map((l) => [key(l), l]));
    const drawn = flowLines(view);
    expect(exported.size).toBe(drawn.length);
    for (const line of drawn) {
      const id = `${line.head}:${line.query}:${line.key}`;
      const twin = exported.get(id);
      expect(twin, id).toBeDefined();
      expect(Number(twin?.getAttribute("stroke-width"))).toBe(line.width);
      expect(Number(twin?.getAttribute("stroke-opacity"))).toBe(line.opacity);
      expect(twin?.getAttribute("stroke")).toBe(line.stroke);
    }
  });
});

describe("svgToPng", () => {
  it("rejects with a reason where there is no canvas, instead of hanging", async () => {
    // happy-dom's canvas gives no 2D context.
    await expect(svgToPng(heatmapSvg(weights))).rejects.toThrow(/canvas/);
  });

  it("rejects an SVG without a size", async () => {
    await expect(svgToPng('<svg xmlns="http://www.w3.org/2000/svg"/>')).rejects.toThrow(/width and height/);
  });
});

describe("matrixCsv", () => {
  const m = fromRows([
    [0.1 + 0.2, -Infinity, 1e-300],
    [-0.5, 123456789.12345679, Math.PI],
  ]);

  it("parses back to the exact numbers and labels (RFC 4180, CRLF, a BOM for Excel)", () => {
    const rowLabels = ['say "hi", ok', "第二\n行"];
    const colLabels = ["猫", "a,b", 'x"y'];
    const csv = matrixCsv(m, rowLabels, colLabels, "query \\ key");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(["query \\ key", ...colLabels]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(rowLabels);
    const numbers = rows.slice(1).map((r) => r.slice(1).map(Number));
    expect(Float64Array.from(numbers.flat())).toEqual(m.data);
    expect(rows[1]?.[2]).toBe("-Infinity");
  });

  it("leaves out the BOM when asked", () => {
    const csv = matrixCsv(m, ["a", "b"], ["x", "y", "z"], "", { bom: false });
    expect(csv.startsWith(",x,y,z\r\n")).toBe(true);
  });

  it("defuses labels a spreadsheet would run as formulas", () => {
    const labels = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)"];
    const csv = matrixCsv(fromRows([[1, 2, 3, 4]]), ["=cmd|' /C calc'!A0"], labels, "", { bom: false });
    const [header, row] = parseCsv(csv);
    expect(header).toEqual(["", ...labels.map((l) => `'${l}`)]);
    expect(row?.[0]).toBe("'=cmd|' /C calc'!A0");
    // Numbers are numbers, negative ones included: only text is defused.
    expect(parseCsv(matrixCsv(fromRows([[-1]]), ["a"], ["b"], "", { bom: false }))[1]).toEqual(["a", "-1"]);
  });
});

/** −∞ is written as null; everything else comes back as it was. */
const fromJson = (x: number | null | string): number =>
  x === null ? -Infinity : typeof x === "string" ? Number(x) : x;

function expectMatrix(entry: { shape: number[]; data: (number | null)[][] }, m: Matrix): void {
  expect(entry.shape).toEqual([m.rows, m.cols]);
  expect(Float64Array.from(entry.data.flat().map(fromJson))).toEqual(Float64Array.from(m.data));
}

function expectStack(entry: { shape: number[]; data: (number | null)[][][] }, s: Stack): void {
  expect(entry.shape).toEqual([s.depth, s.rows, s.cols]);
  expect(Float64Array.from(entry.data.flat(2).map(fromJson))).toEqual(Float64Array.from(s.data));
}

describe("matrixJson", () => {
  it("states the shape and orientation, and round-trips the numbers, −∞ as null with a note", () => {
    const m = fromRows([
      [0.1 + 0.2, -Infinity],
      [1e-300, -0.5],
    ]);
    const json = JSON.parse(matrixJson(m, ["it", "was"], ["animal", "street"]));
    expect(json).toMatchObject({ shape: [2, 2], rows: "queries", cols: "keys" });
    expect(json.rowLabels).toEqual(["it", "was"]);
    expect(json.colLabels).toEqual(["animal", "street"]);
    expect(json.data[0][1]).toBeNull();
    expect(json.note).toMatch(/null.*-Infinity/);
    expectMatrix(json, m);
  });

  it("says what other matrices' rows and columns are when told", () => {
    const json = JSON.parse(matrixJson(weights, [], [], { rows: "tokens", cols: "d_k" }));
    expect(json).toMatchObject({ rows: "tokens", cols: "d_k", rowLabels: ["0", "1"] });
    expect(json.note).toBeUndefined();
  });
});

describe("traceJson", () => {
  function traceOf(): AttentionTrace {
    return attentionReference({
      source: {
        kind: "tokens",
        tokens: ["the", "cat", "sat"],
        dModel: 4,
        seed: 3,
        positional: "sinusoidal",
        wq: [
          [1, 0.5, 0, 0],
          [0, 1, 0, 0.3],
          [0, 0, 1, 0],
          [0.2, 0, 0, 1],
        ],
        wk: [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ],
        wv: [
          [0, 1, 0, 0],
          [1, 0, 0, 0],
          [0, 0, 0, 1],
          [0, 0, 1, 0],
        ],
      },
      heads: 2,
      mask: { kind: "causal" },
    });
  }

  it("holds every intermediate at full precision, parses back to the trace, −∞ as null", () => {
    const trace = traceOf();
    const json = JSON.parse(
      traceJson(trace, { queryLabels: ["the", "cat", "sat"], keyLabels: ["the", "cat", "sat"] }),
    );
    expect(json).toMatchObject({
      rows: "queries",
      cols: "keys",
      heads: 2,
      queries: 3,
      keys: 3,
      dK: trace.dK,
      dV: trace.dV,
      score: trace.score,
      temperature: trace.temperature,
      divisor: trace.divisor,
      mode: trace.mode,
      projected: trace.projected,
      backend: trace.backend,
      precision: trace.precision,
      queryLabels: ["the", "cat", "sat"],
      emptyRows: [...trace.emptyRows],
    });
    expect(json.note).toMatch(/Rows are queries and columns are keys/);
    for (const name of ["x", "positional", "q", "k", "v", "concat", "output"] as const) {
      const m = trace[name];
      if (!m) throw new Error(`the trace has no ${name}`);
      expectMatrix(json[name], m);
    }
    for (const name of ["scores", "scaled", "masked", "weights", "headOutputs"] as const) {
      expectStack(json[name], trace[name]);
      expect(json[name].depth).toBe("heads");
    }
    expect(json.weights).toMatchObject({ rows: "queries", cols: "keys" });
    expect(json.q).toMatchObject({ rows: "queries" });
    expect(json.k).toMatchObject({ rows: "keys" });
    expect(json.mask.data.flat()).toEqual([...trace.mask]);
    // The causal mask hides key 2 from query 0: −∞ in the masked scores, written as null.
    expect(layer(trace.masked, 0).data[2]).toBe(-Infinity);
    expect(json.masked.data[0][0][2]).toBeNull();
    expect(json.xKV).toBeUndefined();
  });
});
