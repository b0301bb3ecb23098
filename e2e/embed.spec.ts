import type { Frame, Page } from "@playwright/test";
import { interpolateBlues, interpolateViridis, rgb } from "d3";
import { layer } from "../src/core/matrix";
import { attentionReference } from "../src/core/reference";
import type { AttentionSpec, Matrix } from "../src/core/types";
import { exampleById } from "../src/explorer/examples";
import { buildSpec } from "../src/explorer/spec";
import { collectErrors, expect, test, unlessClosed } from "./fixtures";
import { inkInMiddle } from "./ink";

/**
 * The embeddable widget on the demo blog post (public/blog/attention-demo.html), served with a strict
 * Content-Security-Policy: every widget renders with the float64 reference's numbers first, then the
 * engine's; the page's hostile CSS does not reach inside, the widget does not restyle the page, widgets keep
 * their own state, bad attributes say what is wrong, and the iframe route works. Rows are queries, columns keys.
 */

const POST = "/blog/attention-demo.html";
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join("; ");
const TOLERANCE = 1e-5;
/** Chunks of the engine and of TensorFlow.js (tfjs-core with the engine, each backend in a dist-* chunk). */
const TFJS_CHUNK = /\/assets\/(engine|backends|dist|shared|Unique_impl)-[\w-]+\.js$/;
const WIDGETS = ["w-five", "w-pronoun", "w-causal", "w-inline"] as const;

/** Serves every HTML document with the strict CSP header, and records policy violations in every frame. */
async function strictPage(page: Page): Promise<{ violations: () => Promise<string[]> }> {
  await page.route("**/*", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": CSP } });
  });
  // Violations are reported to the test as they happen, from every frame: asking each frame afterwards
  // would wait forever on a lazy iframe that has not loaded yet.
  const seen: string[] = [];
  await page.exposeFunction("__reportViolation", (violation: string) => seen.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      void (window as unknown as { __reportViolation: (v: string) => Promise<void> }).__reportViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      );
    });
    // What had been fetched when each widget said its first picture was painted.
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (
          r.attributeName === "data-ready" &&
          el.dataset.ready !== undefined &&
          !el.dataset.fetchedAtReady
        ) {
          el.dataset.fetchedAtReady = JSON.stringify(
            performance.getEntriesByType("resource").map((e) => e.name),
          );
          el.dataset.backendAtReady = el.dataset.backend ?? "";
        }
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
  });
  const violations = async () => [...seen];
  return { violations };
}

const widget = (page: Page | Frame, id: string) => page.locator(`attention-playground#${id}`);

/** The numbers a widget shows (its figure's data-matrix: −∞ is null), read from its shadow root. */
async function shown(page: Page | Frame, id: string): Promise<(number | null)[][]> {
  return widget(page, id).evaluate((el) =>
    JSON.parse(el.shadowRoot?.querySelector<HTMLElement>(".apw-figure")?.dataset.matrix ?? "null"),
  );
}

function rowsOf(m: Matrix): (number | null)[][] {
  return Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x) => (Number.isFinite(x) ? x : null)),
  );
}

function maxDiff(actual: (number | null)[][], expected: (number | null)[][]): number {
  if (actual.length !== expected.length) return Infinity;
  let max = 0;
  expected.forEach((row, i) => {
    const got = actual[i] ?? [];
    if (got.length !== row.length) max = Infinity;
    row.forEach((x, j) => {
      const y = got[j];
      if (x === null || y === null || y === undefined) max = x === y ? max : Infinity;
      else max = Math.max(max, Math.abs(x - y));
    });
  });
  return max;
}

/** The float64 reference of an example, computed here in the test process. */
function exampleSpec(id: string): AttentionSpec {
  const example = exampleById(id);
  if (!example) throw new Error(`no example ${id}`);
  const spec = buildSpec(example.state()).spec;
  if (!spec) throw new Error(`example ${id} does not build`);
  return spec;
}

/** What each widget of the post must show: the matrix of its step (weights, or masked scores at step 5). */
function expected(): Record<(typeof WIDGETS)[number], (number | null)[][]> {
  const five = attentionReference({
    source: { kind: "qkv", q: [[0.5]], k: [[1], [2], [3], [4], [5]], v: [[1], [2], [3], [4], [5]] },
    score: "dot",
  });
  const inline = attentionReference({
    source: {
      kind: "qkv",
      q: [
        [1, 0, 1, 0],
        [0, 2, 0, 1],
        [1, 1, 0, 0],
        [0, 0, 1, 2],
      ],
      k: [
        [1, 1, 0, 0],
        [0, 1, 1, 0],
        [1, 0, 0, 1],
        [0, 0, 1, 1],
      ],
      v: [
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 2],
      ],
    },
    score: "scaled-dot",
  });
  return {
    "w-five": rowsOf(layer(five.weights, 0)),
    "w-pronoun": rowsOf(layer(attentionReference(exampleSpec("pronoun")).weights, 0)),
    "w-causal": rowsOf(layer(attentionReference(exampleSpec("causal")).masked, 0)),
    "w-inline": rowsOf(layer(inline.weights, 0)),
  };
}

/**
 * Something is drawn: a heatmap canvas with coloured pixels, or a flow's lines on screen (a flow's canvas may
 * be painted by a worker, which the page cannot read back: its ink is counted in a screenshot).
 */
async function painted(page: Page | Frame, id: string): Promise<{ canvasInk: number; lines: number }> {
  const canvasInk = await widget(page, id).evaluate((el) => {
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>("canvas.ap-cells");
    let count = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0 && getComputedStyle(canvas).display !== "none") {
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) count++;
    }
    return count;
  });
  const flow = widget(page, id).locator("canvas.ap-flow-canvas");
  const lines = (await flow.count()) > 0 && (await flow.isVisible()) ? await inkInMiddle(flow) : 0;
  return { canvasInk, lines };
}

/**
 * The colour painted in each cell of a widget's heatmap canvas, [queries][keys] as [r, g, b], sampled near the
 * cell's top-left corner (inside it, away from the printed value and the 1 px grid).
 */
async function cellColours(page: Page, id: string): Promise<[number, number, number][][]> {
  return widget(page, id).evaluate((el) => {
    const plot = el.shadowRoot!.querySelector<HTMLElement>(".ap-plot")!;
    const canvas = plot.querySelector<HTMLCanvasElement>("canvas.ap-cells")!;
    const scale = canvas.width / canvas.clientWidth;
    const cell = Number(plot.dataset.cell) * scale;
    const context = canvas.getContext("2d")!;
    return Array.from({ length: Number(plot.dataset.rows) }, (_, i) =>
      Array.from({ length: Number(plot.dataset.cols) }, (_, j) => {
        const [r, g, b] = context.getImageData(
          Math.floor((j + 0.15) * cell),
          Math.floor((i + 0.15) * cell),
          1,
          1,
        ).data;
        return [r, g, b] as [number, number, number];
      }),
    );
  });
}

test.describe("the embeddable widget on the demo post, under a strict CSP", () => {
  test("every widget renders the reference's numbers, then the engine's, with no error or CSP violation", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const csp = await strictPage(page);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(POST);
    const want = expected();
    expect(want["w-five"][0]?.map((x) => x?.toFixed(4))).toEqual([
      "0.0580",
      "0.0956",
      "0.1577",
      "0.2600",
      "0.4287",
    ]);

    for (const id of WIDGETS) {
      await expect(widget(page, id)).toHaveAttribute("data-ready", "");
      // The first picture came from the float64 reference, before any TensorFlow.js chunk was fetched.
      const atReady = await widget(page, id).evaluate((el) => ({
        backend: el.dataset.backendAtReady,
        fetched: JSON.parse(el.dataset.fetchedAtReady ?? "[]") as string[],
      }));
      expect(atReady.backend).toBe("reference");
      expect(atReady.fetched.filter((url) => TFJS_CHUNK.test(url))).toEqual([]);
      expect(atReady.fetched.some((url) => url.endsWith("/widget.js"))).toBe(true);
      // A flow far from the screen draws its lines when it comes near (render/flow.ts): scrolled to first.
      await widget(page, id).scrollIntoViewIfNeeded();
      await expect
        .poll(async () => {
          const ink = await painted(page, id);
          return ink.canvasInk + ink.lines;
        })
        .toBeGreaterThan(0);
    }
    // Then the engine takes over in the same views, with numbers within float32's reach of float64.
    for (const id of WIDGETS) {
      await expect(widget(page, id)).toHaveAttribute("data-backend", /^(webgpu|webgl|wasm|cpu)$/, {
        timeout: 90_000,
      });
      expect(maxDiff(await shown(page, id), want[id])).toBeLessThan(TOLERANCE);
    }
    expect(requests.some((url) => TFJS_CHUNK.test(url))).toBe(true);
    // Pointing at the five-value figure's last cell writes its weight out.
    const plot = page.locator("#w-five").locator(".ap-plot");
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    if (!box) throw new Error("no plot");
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await expect(page.locator("#w-five").locator(".apw-readout")).toContainText("0.4287");
    // Pointing at a cell lights its query and key in the flow too.
    await expect(page.locator("#w-five").locator(".ap-flow-token.ap-active")).toHaveCount(2);

    expect(await csp.violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("a widget paints its own matrix: each cell is the palette's colour for the reference's weight there", async ({
    page,
  }) => {
    // data-matrix says which numbers a widget holds; this reads what it painted. On a light page (no theme
    // attribute, a light colour scheme) weights are coloured by d3's Blues over [0, 1], in 256 steps: within
    // 2 of each channel of interpolateBlues(weight). A widget painting another matrix (transposed, another
    // head, the scores) fails, as does one that paints nothing.
    await page.goto(POST);
    const want = expected();
    for (const id of ["w-five", "w-inline"] as const) {
      await expect(widget(page, id)).toHaveAttribute("data-ready", "");
      await expect.poll(async () => (await painted(page, id)).canvasInk).toBeGreaterThan(0);
      const weights = want[id] as number[][];
      const colours = await cellColours(page, id);
      expect(colours.map((row) => row.length)).toEqual(weights.map((row) => row.length));
      // The largest and the smallest weight first, by name; then every cell.
      const cells = weights.flatMap((row, i) => row.map((w, j) => ({ i, j, w })));
      const sorted = [...cells].sort((a, b) => a.w - b.w);
      for (const { i, j, w } of [sorted.at(-1)!, sorted[0]!, ...cells]) {
        const { r, g, b } = rgb(interpolateBlues(w));
        const [pr, pg, pb] = colours[i]![j]!;
        const off = Math.max(Math.abs(pr - r), Math.abs(pg - g), Math.abs(pb - b));
        expect(
          off,
          `${id} cell (${i}, ${j}), weight ${w.toFixed(4)}: painted ${[pr, pg, pb]}, Blues ${[r, g, b]}`,
        ).toBeLessThanOrEqual(2);
      }
    }
    // The known example's extremes: five-values' smallest weight (0.0580, key 1) is near white, its largest
    // (0.4287, key 5) a mid blue.
    expect(want["w-five"][0]!.map((w) => w!.toFixed(4))).toEqual([
      "0.0580",
      "0.0956",
      "0.1577",
      "0.2600",
      "0.4287",
    ]);
  });

  test("palette and weight-scale colour a widget as the explorer's settings do: viridis, each row to its largest", async ({
    page,
  }) => {
    // w-inline's four queries have four different largest weights. With weight-scale="row" each cell is
    // viridis(weight ÷ its row's largest): every row's strongest key takes viridis's top colour; with "weight",
    // viridis(weight). Expected colours from d3 on the test's own float64 reference, within 2 of each channel.
    await page.goto(POST);
    const id = "w-inline";
    await expect(widget(page, id)).toHaveAttribute("data-ready", "");
    const weights = expected()[id] as number[][];
    const offBy = async (colour: (w: number, row: readonly number[]) => string) => {
      const colours = await cellColours(page, id);
      let worst = 0;
      weights.forEach((row, i) =>
        row.forEach((w, j) => {
          const { r, g, b } = rgb(colour(w, row));
          const [pr, pg, pb] = colours[i]?.[j] ?? [NaN, NaN, NaN];
          worst = Math.max(worst, Math.abs(pr - r), Math.abs(pg - g), Math.abs(pb - b));
        }),
      );
      return worst;
    };
    const largests = weights.map((row) => Math.max(...row));
    expect(new Set(largests.map((w) => w.toFixed(3))).size, "rows of different largest weights").toBe(4);
    await widget(page, id).evaluate((el) => {
      el.setAttribute("palette", "viridis");
      el.setAttribute("weight-scale", "row");
    });
    await expect
      .poll(() => offBy((w, row) => interpolateViridis(w / Math.max(...row))))
      .toBeLessThanOrEqual(2);
    await expect(widget(page, id).locator(".ap-legend-title")).toContainText("÷");
    await widget(page, id).evaluate((el) => el.setAttribute("weight-scale", "weight"));
    await expect.poll(() => offBy((w) => interpolateViridis(w))).toBeLessThanOrEqual(2);
    // A palette the widget does not know is named in its message.
    await widget(page, id).evaluate((el) => el.setAttribute("palette", "rainbow"));
    await expect(page.locator(`#${id}`).getByRole("alert")).toContainText(
      'Attribute palette="rainbow" is not valid: expected default, viridis, cividis or grayscale',
    );
  });

  test("the policy is in force: an inline script is refused and reported", async ({ page }) => {
    const csp = await strictPage(page);
    await page.goto(POST);
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.head.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect
      .poll(async () => (await csp.violations()).some((v) => v.startsWith("script-src")))
      .toBe(true);
  });

  test("the page's hostile CSS does not reach inside a widget", async ({ page }) => {
    await strictPage(page);
    await page.goto(POST);
    const inline = widget(page, "w-inline");
    await expect(inline).toHaveAttribute("data-ready", "");
    // The section's own paragraph does obey the hostile rules: they are live.
    expect(await page.locator(".hostile > p").evaluate((p) => getComputedStyle(p).fontSize)).toBe("40px");
    const inside = await inline.evaluate((el) => {
      const root = el.shadowRoot!;
      const canvas = root.querySelector("canvas.ap-cells")!;
      const lines = root.querySelector("canvas.ap-flow-canvas")!;
      const caption = root.querySelector(".apw-title")!;
      return {
        canvasDisplay: getComputedStyle(canvas).display,
        linesDisplay: getComputedStyle(lines).display,
        captionSize: getComputedStyle(caption).fontSize,
        rootSize: getComputedStyle(root.querySelector(".apw-root")!).fontSize,
        figurePadding: getComputedStyle(root.querySelector("figure")!).paddingTop,
      };
    });
    expect(inside.canvasDisplay).not.toBe("none");
    expect(inside.linesDisplay).not.toBe("none");
    expect(inside.captionSize).toBe("15px");
    expect(inside.rootSize).toBe("14px");
    expect(inside.figurePadding).toBe("0px");
    await widget(page, "w-inline").scrollIntoViewIfNeeded();
    await expect.poll(async () => (await painted(page, "w-inline")).lines).toBeGreaterThan(0);
    expect((await painted(page, "w-inline")).canvasInk).toBeGreaterThan(0);
  });

  test("the widget does not restyle the host page", async ({ page }) => {
    await strictPage(page);
    const styles = () =>
      page.evaluate(() => {
        const props = [
          "font-family",
          "font-size",
          "line-height",
          "color",
          "background-color",
          "margin-top",
          "padding-left",
        ];
        const nodes = [...document.querySelectorAll("body, h1, h2, p, pre, code, q, .hostile, .colophon")];
        return nodes.map((n) => props.map((p) => getComputedStyle(n).getPropertyValue(p)).join("|"));
      });
    // Without the widget's script (its elements stay unknown and empty)…
    await page.route("**/widget.js", (route) => route.abort());
    await page.goto(POST);
    const without = await styles();
    // …and with it.
    await page.unroute("**/widget.js");
    await page.goto(POST);
    await expect(widget(page, "w-five")).toHaveAttribute("data-ready", "");
    expect(await styles()).toEqual(without);
    expect(await page.evaluate(() => document.styleSheets.length)).toBe(1);
    expect(await page.locator("head style").count()).toBe(0);
  });

  test("two widgets do not share state: moving one's slider leaves the others' steps alone", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await strictPage(page);
    await page.goto(POST);
    await expect(widget(page, "w-pronoun")).toHaveAttribute("data-ready", "");
    // A second widget like the first, with a slider of its own.
    await page.evaluate(() => {
      const twin = document.createElement("attention-playground");
      twin.id = "w-twin";
      for (const [name, value] of [
        ["example", "pronoun"],
        ["view", "flow"],
        ["ui", "slider"],
        ["step", "6"],
      ]) {
        twin.setAttribute(name as string, value as string);
      }
      document.querySelector("#w-pronoun")!.after(twin);
    });
    await expect(widget(page, "w-twin")).toHaveAttribute("data-ready", "");
    const slider = page.locator("#w-pronoun").getByRole("slider");
    await slider.focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await expect(widget(page, "w-pronoun")).toHaveAttribute("data-step", "3");
    await expect(page.locator("#w-pronoun").locator(".apw-title")).toContainText("Step 3 of 8");
    expect(
      maxDiff(
        await shown(page, "w-pronoun"),
        rowsOf(layer(attentionReference(exampleSpec("pronoun")).scores, 0)),
      ),
    ).toBeLessThan(TOLERANCE);
    await expect(widget(page, "w-twin")).toHaveAttribute("data-step", "6");
    await expect(page.locator("#w-twin").getByRole("slider")).toHaveValue("6");
    await expect(widget(page, "w-five")).toHaveAttribute("data-step", "6");
    // The buttons too, and only their own widget.
    await page.locator("#w-twin").getByRole("button", { name: "Next step" }).click();
    await expect(widget(page, "w-twin")).toHaveAttribute("data-step", "7");
    await expect(widget(page, "w-pronoun")).toHaveAttribute("data-step", "3");
    expect(errors).toEqual([]);
  });

  test("attribute changes re-render; a bad attribute says what is wrong, and nothing throws", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const csp = await strictPage(page);
    await page.goto(POST);
    const five = widget(page, "w-five");
    await expect(five).toHaveAttribute("data-ready", "");
    // Its Q and K are given (the example's matrices): step 1 says so, as the explorer's does.
    await five.evaluate((el) => el.setAttribute("step", "1"));
    await expect(page.locator("#w-five").locator(".apw-title")).toContainText("Q, K and V as given");
    await five.evaluate((el) => el.setAttribute("step", "3"));
    await expect(five).toHaveAttribute("data-step", "3");
    await expect(page.locator("#w-five").locator(".apw-title")).toContainText("Scores");
    const scores = rowsOf(layer(attentionReference(exampleSpec("five-values")).scores, 0));
    await expect.poll(async () => maxDiff(await shown(page, "w-five"), scores)).toBeLessThan(TOLERANCE);
    await five.evaluate((el) => el.setAttribute("lang", "zh-CN"));
    await expect(page.locator("#w-five").locator(".apw-orientation")).toHaveText("行是查询，列是键。");

    // A bad step, in English, then the same in Chinese; the rest of the page goes on.
    await five.evaluate((el) => el.setAttribute("step", "9"));
    const alert = page.locator("#w-five").getByRole("alert");
    await expect(alert).toContainText("属性 step=“9” 无效");
    await five.evaluate((el) => el.setAttribute("lang", "en"));
    await expect(alert).toContainText(
      'Attribute step="9" is not valid: expected a whole number from 1 to 8.',
    );
    await five.evaluate((el) => el.setAttribute("q", "[[1, 2], [3]]"));
    await expect(alert).toContainText("Attribute q:");
    await expect(alert).toContainText("row 2");
    await five.evaluate((el) => el.setAttribute("example", "no-such-example"));
    await expect(alert).toContainText(
      'Attribute example="no-such-example" is not valid: expected one of five-values',
    );
    // Fixed again: the figure comes back.
    await five.evaluate((el) => {
      for (const name of ["q", "example"]) el.removeAttribute(name);
      el.setAttribute("example", "five-values");
      el.setAttribute("step", "6");
    });
    await expect(five).toHaveAttribute("data-ready", "");
    await expect(five).not.toHaveAttribute("data-error");
    expect(maxDiff(await shown(page, "w-five"), expected()["w-five"])).toBeLessThan(TOLERANCE);
    await expect(widget(page, "w-inline")).toHaveAttribute("data-ready", "");
    expect(await csp.violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("the iframe route renders a widget configured by its hash, and the footer links to the explorer", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const csp = await strictPage(page);
    await page.goto(POST);
    await page.locator("#f-embed").scrollIntoViewIfNeeded();
    const frame = page.frameLocator("#f-embed");
    const inner = frame.locator("attention-playground");
    await expect(inner).toHaveAttribute("data-ready", "");
    await expect(inner).toHaveAttribute("example", "translate-en-zh");
    await expect(inner).toHaveAttribute("view", "flow");
    await expect
      .poll(() =>
        inner.evaluate((el) =>
          Number(el.shadowRoot!.querySelector<HTMLElement>("canvas.ap-flow-canvas")?.dataset.lines ?? 0),
        ),
      )
      .toBeGreaterThan(0);
    const weights = rowsOf(layer(attentionReference(exampleSpec("translate-en-zh")).weights, 0));
    const inFrame = await inner.evaluate((el) =>
      JSON.parse(el.shadowRoot!.querySelector<HTMLElement>(".apw-figure")!.dataset.matrix!),
    );
    expect(maxDiff(inFrame, weights)).toBeLessThan(TOLERANCE);
    // The frame posts its height and the page's two-line listener (blog/frames.js) sizes the iframe to fit:
    // all of the figure shows, not a 300 × 150 box with a scroll bar.
    const content = () =>
      frame.locator("html").evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    await expect
      .poll(async () => {
        const box = await page.locator("#f-embed").evaluate((f) => f.getBoundingClientRect().height);
        return box === (await content()) && box > 150;
      })
      .toBe(true);
    // "Open in Attention Playground" carries the widget's state as a permalink.
    await expect(
      page.locator("#w-five").getByRole("link", { name: "Open in Attention Playground" }),
    ).toHaveAttribute("href", /\/index\.html#s=2\.[\w-]+$/);
    expect(await csp.violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("an app URL that is not http(s) is refused: no link, no frame, a message naming the attribute", async ({
    page,
  }) => {
    const csp = await strictPage(page);
    await page.goto(POST);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void unlessClosed(d.dismiss());
    });
    await page.evaluate(() => {
      for (const [id, ui] of [
        ["w-evil-full", "full"],
        ["w-evil-figure", "figure"],
      ]) {
        const evil = document.createElement("attention-playground");
        evil.id = id!;
        evil.setAttribute("example", "five-values");
        evil.setAttribute("ui", ui!);
        evil.setAttribute("app", "javascript:alert(document.domain)");
        document.querySelector("article")!.append(evil);
      }
    });
    for (const id of ["w-evil-full", "w-evil-figure"]) {
      await expect(widget(page, id)).toHaveAttribute("data-error", /^Attribute app="javascript:/);
      const inside = await widget(page, id).evaluate((el) => ({
        frames: el.shadowRoot!.querySelectorAll("iframe").length,
        links: [...el.shadowRoot!.querySelectorAll("a")].map((a) => a.href),
      }));
      expect(inside).toEqual({ frames: 0, links: [] });
    }
    expect(dialogs).toEqual([]);
    expect(await csp.violations()).toEqual([]);
  });

  test('ui="full" embeds the explorer in an iframe opened on the widget\'s state', async ({ page }) => {
    await strictPage(page);
    await page.goto(POST);
    await page.evaluate(() => {
      const full = document.createElement("attention-playground");
      full.id = "w-full";
      full.setAttribute("example", "causal");
      full.setAttribute("ui", "full");
      full.setAttribute("height", "500px");
      document.querySelector("article")!.append(full);
    });
    const frame = page.locator("#w-full").locator("iframe");
    await expect(frame).toHaveAttribute("src", /\/index\.html#s=2\.[\w-]+$/);
    expect(await frame.evaluate((f) => f.getBoundingClientRect().height)).toBe(500);
  });
});

test.describe("embed.html says what is wrong with its URL, which its reader wrote: no attributes there", () => {
  const cases = [
    {
      what: "a broken permalink",
      hash: "#s=2.e30xe",
      en: "The link's permalink (#s=2.e30xe) could not be opened. This link is cut short: copy it again, in full.",
      zh: "链接中的永久链接（#s=2.e30xe）无法打开。这个链接不完整：请重新完整地复制。",
    },
    {
      what: "a bad parameter",
      hash: "#example=five-values&step=9&palette=rainbow",
      en: "URL parameter step=9 is not valid: expected a whole number from 1 to 8.",
      zh: "网址参数 step=9 无效：应为1 到 8 之间的整数。",
    },
  ];
  for (const { what, hash, en, zh } of cases) {
    test(`${what} (${hash}), in English and in Chinese`, async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/embed.html${hash}`);
      const alert = page.locator("attention-playground").getByRole("alert");
      await expect(alert).toContainText("This attention figure cannot be drawn");
      await expect(alert.getByRole("listitem").first()).toHaveText(en);
      await expect(alert).not.toContainText(/attribute/i);
      // The same address in Chinese (a fresh load, as a reader would open it).
      await page.goto("about:blank");
      await page.goto(`/embed.html${hash}&lang=zh-CN`);
      await expect(alert).toContainText("无法绘制这张注意力图");
      await expect(alert.getByRole("listitem").first()).toHaveText(zh);
      await expect(alert).not.toContainText("属性");
      expect(errors).toEqual([]);
    });
  }
});

test("embed.html draws a permalink's usable settings, and names under the figure those it could not use", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // {"step":3,"palette":"rainbow"}
  const hash = "#s=2.eyJzdGVwIjozLCJwYWxldHRlIjoicmFpbmJvdyJ9";
  const inner = page.locator("attention-playground");
  await page.goto(`/embed.html${hash}`);
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner).toHaveAttribute("data-step", "3");
  await expect(inner.locator(".apw-note")).toHaveText(
    'The link\'s permalink (#s=2.eyJzdGVwIjozLCJwYWxl…) was opened, but 1 of its settings could not be used and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale).',
  );
  await page.goto("about:blank");
  await page.goto(`/embed.html${hash}&lang=zh-CN`);
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner.locator(".apw-note")).toHaveText(
    "已打开链接中的永久链接（#s=2.eyJzdGVwIjozLCJwYWxl…），但其中有 1 项设置无法使用，已改用默认值：配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）。",
  );
  expect(errors).toEqual([]);
});

test("embed.html names a URL parameter it does not read, with the one it reads that is spelt most like it", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const inner = page.locator("attention-playground");
  // A reader's typo: "exmple" for example. The rest of the address applies; the widget opens on its default.
  await page.goto("/embed.html#exmple=five-values&step=3&colours=red");
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner).toHaveAttribute("data-step", "3");
  await expect(inner.locator(".apw-note")).toHaveText(
    "URL parameter exmple is not one this page reads, and was ignored: did you mean example? " +
      "URL parameter colours is not one this page reads, and was ignored.",
  );
  await page.goto("about:blank");
  await page.goto("/embed.html#exmple=five-values&step=3&lang=zh-CN");
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner.locator(".apw-note")).toHaveText(
    "网址参数 exmple 不是本页面读取的参数，已忽略：是否想写 example？",
  );
  // An address it reads in full says nothing of the kind.
  await page.goto("about:blank");
  await page.goto("/embed.html#example=five-values&step=3");
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner.locator(".apw-note")).not.toContainText("URL parameter");
  expect(errors).toEqual([]);
});

test.describe("the app's build served under a sub-path, a strict CSP on every response", () => {
  const SUB = "/some/sub/path/";

  /**
   * Serves dist/ under SUB: every request there (pages, chunks, the engine's worker, wasm, fonts) is answered
   * from the root with the strict CSP and a report-uri, so a worker's own policy is checked too; anything
   * asked of the root itself is an address that ignored the sub-path.
   */
  async function subPath(page: Page) {
    const seen = { missing: [] as string[], reports: [] as string[], workers: [] as string[] };
    await page.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      // A request of the page being left (the test goes on to the next page) is disposed mid-flight: nobody
      // waits for its answer any more (unlessClosed). Anything else is a real failure.
      if (url.pathname === "/csp-report") {
        seen.reports.push(route.request().postData() ?? "");
        return unlessClosed(route.fulfill({ status: 204 }));
      }
      if (!url.pathname.startsWith(SUB)) {
        seen.missing.push(url.pathname);
        return unlessClosed(route.fulfill({ status: 404 }));
      }
      url.pathname = `/${url.pathname.slice(SUB.length)}`;
      return unlessClosed(
        (async () => {
          const response = await route.fetch({ url: url.href });
          if (response.status() >= 400) seen.missing.push(url.pathname);
          await route.fulfill({
            response,
            headers: { ...response.headers(), "content-security-policy": `${CSP}; report-uri /csp-report` },
          });
        })(),
      );
    });
    page.on("worker", (worker) => seen.workers.push(new URL(worker.url()).pathname));
    // The document's own violations as they happen too (a report may reach the network after the test ends).
    await page.exposeFunction("__reportSubPathViolation", (v: string) => seen.reports.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        const report = (window as unknown as { __reportSubPathViolation: (v: string) => Promise<void> })
          .__reportSubPathViolation;
        void report(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    return seen;
  }

  test("embed.html computes on wasm in its worker, and the explorer typesets its formulas, with no 404 or violation", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const seen = await subPath(page);
    await page.goto(`${SUB}embed.html#example=five-values&step=6&backend=wasm`);
    const inner = page.locator("attention-playground");
    await expect(inner).toHaveAttribute("data-backend", "wasm", { timeout: 90_000 });
    expect(
      maxDiff(
        await inner.evaluate((el) =>
          JSON.parse(el.shadowRoot!.querySelector<HTMLElement>(".apw-figure")!.dataset.matrix!),
        ),
        rowsOf(layer(attentionReference(exampleSpec("five-values")).weights, 0)),
      ),
    ).toBeLessThan(TOLERANCE);
    expect(seen.workers.some((path) => path.startsWith(`${SUB}assets/`))).toBe(true);

    await page.goto(`${SUB}index.html?example=five-values&step=6`);
    await expect(page.locator(".katex").first()).toBeVisible({ timeout: 60_000 });
    expect(seen.missing).toEqual([]);
    expect(seen.reports).toEqual([]);
    expect(errors).toEqual([]);
  });
});
