import { inflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { layer } from "../src/core/matrix";
import { attentionReference } from "../src/core/reference";
import type { Matrix } from "../src/core/types";
import { exampleById } from "../src/explorer/examples";
import { buildSpec } from "../src/explorer/spec";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The widget as a writer uses it: many figures in one long post or course page, a single-page app that
 * takes them away and brings them back, a page written right to left, a post printed. Each host page is
 * written here and served at a path of its own; the widget is the built one (widget.js).
 */

/** Serves `body` as a page at /writer/<name>.html that loads the widget, and opens it. */
async function openPost(page: Page, name: string, body: string, html = `lang="en"`): Promise<void> {
  await page.route(`**/writer/${name}.html`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html ${html}><head><meta charset="utf-8"><link rel="icon" href="data:,">
        <script type="module" src="/widget.js"></script></head>
        <body style="margin: 0 auto; max-width: 680px; font: 16px/1.6 Georgia, serif">${body}</body></html>`,
    }),
  );
  await page.goto(`/writer/${name}.html`);
}

const ready = (page: Page, selector: string) =>
  expect(page.locator(selector)).toHaveAttribute("data-ready", "");

test("a flow taken off the page by a single-page app is let go, canvas and all", async ({ page }) => {
  const errors = collectErrors(page);
  await openPost(
    page,
    "spa",
    `<attention-playground id="a" example="pronoun" view="flow"></attention-playground>`,
  );
  await ready(page, "#a");
  // The leak was of canvases handed to the flow painter's worker (which the page can no longer draw on):
  // wait until this flow's is one, then keep only a weak reference to it.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const canvas = document.querySelector("#a")?.shadowRoot?.querySelector("canvas.ap-flow-canvas");
        if (!(canvas instanceof HTMLCanvasElement)) return "none";
        try {
          canvas.getContext("2d");
          return "page";
        } catch {
          (window as unknown as { kept: WeakRef<HTMLCanvasElement> }).kept = new WeakRef(canvas);
          return "worker";
        }
      }),
    )
    .toBe("worker");
  // The app navigates away and back: the widget is removed, a new one is made.
  await page.evaluate(() => {
    document.querySelector("#a")?.remove();
    const next = document.createElement("attention-playground");
    next.id = "b";
    next.setAttribute("example", "pronoun");
    next.setAttribute("view", "flow");
    document.body.append(next);
  });
  await ready(page, "#b");
  const cdp = await page.context().newCDPSession(page);
  await expect
    .poll(async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      return page.evaluate(
        () => (window as unknown as { kept: WeakRef<HTMLCanvasElement> }).kept.deref() === undefined,
      );
    })
    .toBe(true);
  expect(errors).toEqual([]);
});

test("in a page written right to left the figure is laid out as in any other page", async ({ page }) => {
  const errors = collectErrors(page);
  const widget = (id: string) =>
    `<attention-playground id="${id}" example="five-values" ui="slider" step="3"></attention-playground>`;
  await openPost(
    page,
    "rtl",
    `<p>مقدمة المقال</p><div dir="rtl">${widget("rtl")}</div><div dir="ltr">${widget("ltr")}</div>`,
    `lang="ar" dir="rtl"`,
  );
  await ready(page, "#rtl");
  await ready(page, "#ltr");
  // Where each part of the figure is, from the element's top left corner: the same widget beside it, in a
  // left-to-right block, is where they belong.
  const layout = (id: string) =>
    page.locator(`#${id}`).evaluate((host) => {
      const origin = host.getBoundingClientRect();
      const parts = [...(host.shadowRoot?.querySelectorAll("*") ?? [])].map((node) => {
        const r = node.getBoundingClientRect();
        const at = `${Math.round(r.left - origin.left)} ${Math.round(r.top - origin.top)} ${Math.round(r.width)}`;
        // Parts not drawn (an SVG's <defs>, a gradient's stops) have no box.
        return r.width > 0 || r.height > 0 ? `${node.nodeName} ${at}` : "";
      });
      return parts.filter(Boolean);
    });
  const ltr = await layout("ltr");
  expect(ltr.length).toBeGreaterThan(20);
  expect(await layout("rtl")).toEqual(ltr);
  expect(errors).toEqual([]);
});

/** Contrast ratio of two CSS colours (WCAG 2), for text read on paper. */
function contrast(a: readonly number[], b: readonly number[]): number {
  const luminance = (rgb: readonly number[]) => {
    const [r = 0, g = 0, bl = 0] = rgb.map((c) => {
      const x = c / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

test("a printed post shows each figure whole and readable: a fixed height and a dark theme too", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openPost(
    page,
    "print",
    `<attention-playground id="tall" example="causal" step="5" height="200px"></attention-playground>
     <attention-playground id="dark" example="five-values" theme="dark" view="heatmap"></attention-playground>`,
  );
  await ready(page, "#tall");
  await ready(page, "#dark");
  await page.emulateMedia({ media: "print" });
  // Whole: nothing of the figure is left below a fold that paper cannot scroll.
  const hidden = await page.locator("#tall").evaluate((host) => {
    const root = host.shadowRoot?.querySelector(".apw-root");
    return root ? root.scrollHeight - root.clientHeight : -1;
  });
  expect(hidden).toBe(0);
  // Readable: each text's colour against what is under it on paper, which is white unless the browser
  // prints the widget's background.
  const texts = await page.locator("#dark").evaluate((host) => {
    const root = host.shadowRoot?.querySelector(".apw-root");
    if (!root) return [];
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const style = getComputedStyle(root);
    const printed = style.printColorAdjust === "exact" ? rgb(style.backgroundColor) : [255, 255, 255];
    return [".apw-title", ".apw-orientation", ".apw-footer"].map((selector) => {
      const node = root.querySelector(selector);
      return { selector, color: rgb(node ? getComputedStyle(node).color : ""), paper: printed };
    });
  });
  expect(texts).toHaveLength(3);
  for (const { selector, color, paper } of texts) {
    expect(contrast(color, paper), `${selector} ${color} on ${paper}`).toBeGreaterThanOrEqual(4.5);
  }
  expect(errors).toEqual([]);
});

test("a printed figure is not cut between two sheets where it fits on one", async ({ page }) => {
  const errors = collectErrors(page);
  await openPost(
    page,
    "sheets",
    `<div id="before"></div>
     <attention-playground id="w" example="five-values" step="3" view="heatmap"></attention-playground>
     <div id="after"></div>`,
  );
  await ready(page, "#w");
  await page.emulateMedia({ media: "print" });
  const sheet = 1000;
  // The widget's height with its margins, on a sheet as wide as the PDF's.
  await page.setViewportSize({ width: 800, height: sheet });
  const height = await page.locator("#w").evaluate((host) => {
    const style = getComputedStyle(host);
    return host.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  });
  expect(height).toBeGreaterThan(100);
  expect(height).toBeLessThan(sheet / 2);
  // Text before it ends halfway down the widget, so it falls across the fold; a block after it fills
  // the second sheet only if the widget starts there: whole on sheet 2, it makes three sheets, cut, two.
  await page.evaluate(
    ([before, after]) => {
      document.body.style.margin = "0";
      document.querySelector<HTMLElement>("#before")!.style.height = `${before}px`;
      document.querySelector<HTMLElement>("#after")!.style.height = `${after}px`;
    },
    [sheet - height / 2, sheet - (height * 3) / 4],
  );
  const pdf = await page.pdf({ width: "800px", height: `${sheet}px`, margin: { top: "0", bottom: "0" } });
  const sheets = pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g)?.length;
  expect(sheets).toBe(3);
  expect(errors).toEqual([]);
});

test("in a 320 px column the step slider's name stays on one line, in Chinese too", async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await openPost(
    page,
    "narrow",
    `<p>第二个图:</p>
     <attention-playground id="zh" example="five-values" ui="slider"></attention-playground>
     <attention-playground id="en" example="five-values" ui="slider" lang="en"></attention-playground>`,
    `lang="zh-CN"`,
  );
  for (const id of ["zh", "en"]) {
    await ready(page, `#${id}`);
    // One box per line the name's text takes.
    const lines = await page.locator(`#${id}`).evaluate((host) => {
      const name = host.shadowRoot?.querySelector(".apw-stepper label > span");
      if (!name?.firstChild) return { text: "", lines: 0 };
      const range = document.createRange();
      range.selectNodeContents(name);
      return { text: name.textContent, lines: new Set([...range.getClientRects()].map((r) => r.top)).size };
    });
    expect(lines).toEqual({ text: id === "zh" ? "步骤" : "Step", lines: 1 });
  }
  expect(errors).toEqual([]);
});

/**
 * Straight segments drawn in a PDF (a path begun with `m` and ended after one `l`): how a printed canvas's
 * lines reach the paper, since Chromium prints a 2D canvas as the paths drawn on it.
 */
function straightSegments(pdf: Buffer): number {
  const text = pdf.toString("latin1");
  let content = "";
  for (const m of text.matchAll(/\/FlateDecode[^>]*\/Length (\d+)>> stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    content += ` ${inflateSync(pdf.subarray(start, start + Number(m[1]))).toString("latin1")}`;
  }
  const operators = content.split(/\s+/).filter((t) => /^[a-zA-Z*]+$/.test(t));
  return operators.filter((op, i) => op === "m" && operators[i + 1] === "l" && operators[i + 2] !== "l")
    .length;
}

test("a flow far down a post that was never scrolled to is printed with its lines", async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 800, height: 700 });
  await openPost(
    page,
    "far",
    `<p style="height: 3000px">The post's text.</p>
     <attention-playground id="far" example="pronoun" view="flow" step="6"></attention-playground>`,
  );
  await ready(page, "#far");
  // The engine's weights came while the flow was far from the screen (where it draws none of its lines).
  await expect(page.locator("#far")).toHaveAttribute("data-backend", /^(webgpu|webgl|wasm|cpu)$/, {
    timeout: 90_000,
  });
  const lines = await page
    .locator("#far")
    .evaluate((host) =>
      Number(host.shadowRoot?.querySelector<HTMLElement>(".ap-flow-canvas")?.dataset.lines),
    );
  expect(lines).toBeGreaterThan(50);
  const pdf = await page.pdf({ width: "800px", height: "1000px" });
  expect(straightSegments(pdf)).toBeGreaterThanOrEqual(lines);
  expect(errors).toEqual([]);
});

test("a dark widget's flow is printed on the widget's own background, not on a white rectangle", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Printed, a canvas's clearRect is recorded as a white rectangle (seen in Chromium's PDF of a dark widget:
  // its flow on white, the token names white on white). Counted while the page prints.
  await page.addInitScript(() => {
    const w = window as unknown as { printing: boolean; clearedInPrint: number };
    w.printing = false;
    w.clearedInPrint = 0;
    addEventListener("beforeprint", () => (w.printing = true));
    addEventListener("afterprint", () => (w.printing = false));
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (...args) {
      if (w.printing) w.clearedInPrint++;
      return clear.apply(this, args);
    };
  });
  await openPost(
    page,
    "dark-flow",
    `<attention-playground id="d" example="five-values" theme="dark" view="flow"></attention-playground>`,
  );
  await expect(page.locator("#d")).toHaveAttribute("data-backend", /^(webgpu|webgl|wasm|cpu)$/, {
    timeout: 90_000,
  });
  const pdf = await page.pdf({ width: "800px", height: "1000px" });
  expect(straightSegments(pdf)).toBeGreaterThanOrEqual(5);
  expect(await page.evaluate(() => (window as unknown as { clearedInPrint: number }).clearedInPrint)).toBe(0);
  expect(errors).toEqual([]);
});

test("a long post draws its widgets one a task, the one on screen first, then loads TensorFlow.js", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Each widget's shadow root is watched from the start: when a figure first appears in one, the order and
  // how many widgets have a figure by then are written down. Drawn in the microtasks of one task, every
  // widget had its figure before the first observer could run.
  await page.addInitScript(() => {
    const w = window as unknown as { draws: { id: string; drawn: number; tfjs: boolean }[] };
    w.draws = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      const id = this.id;
      const watch = new MutationObserver(() => {
        if (!root.querySelector(".apw-figure")) return;
        watch.disconnect();
        w.draws.push({
          id,
          drawn: [...document.querySelectorAll("attention-playground")].filter((el) =>
            el.shadowRoot?.querySelector(".apw-figure"),
          ).length,
          tfjs: performance.getEntriesByType("resource").some((e) => /tfjs|engine/.test(e.name)),
        });
      });
      watch.observe(root, { childList: true, subtree: true });
      return root;
    };
  });
  const ids = ["p1", "p2", "p3", "p4", "p5", "p6"];
  const filler = `<p style="height: 900px">…</p>`;
  await openPost(
    page,
    "many",
    ids
      .map((id) => `<attention-playground id="${id}" example="five-values"></attention-playground>`)
      .join(filler) +
      // The reader has come back to the fifth figure: the page is scrolled there before the widget is defined.
      `<script>document.getElementById("p5").scrollIntoView()</script>`,
  );
  for (const id of ids) await ready(page, `#${id}`);
  const draws = await page.evaluate(
    () => (window as unknown as { draws: { id: string; drawn: number; tfjs: boolean }[] }).draws,
  );
  expect(draws.map((d) => d.id).sort()).toEqual(ids);
  expect(draws[0]?.id).toBe("p5");
  // One a task: when each figure appeared, it was the only new one.
  expect(draws.map((d) => d.drawn)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(draws.filter((d) => d.tfjs)).toEqual([]);
  await expect(page.locator("#p1")).toHaveAttribute("data-backend", /^(webgpu|webgl|wasm|cpu)$/, {
    timeout: 90_000,
  });
  expect(errors).toEqual([]);
});

test("widgets asking for different backends share one engine worker, each computing on its own backend", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const workers: string[] = [];
  page.on("worker", (worker) => workers.push(new URL(worker.url()).pathname));
  await openPost(
    page,
    "backends",
    `<attention-playground id="auto" example="five-values"></attention-playground>
     <attention-playground id="wasm" example="five-values" backend="wasm"></attention-playground>
     <attention-playground id="cpu" example="causal" backend="cpu"></attention-playground>`,
  );
  const computed = /^(webgpu|webgl|wasm|cpu)$/;
  await expect(page.locator("#auto")).toHaveAttribute("data-backend", computed, { timeout: 90_000 });
  await expect(page.locator("#wasm")).toHaveAttribute("data-backend", "wasm", { timeout: 90_000 });
  await expect(page.locator("#cpu")).toHaveAttribute("data-backend", "cpu", { timeout: 90_000 });
  // The flow painter has a worker of its own; the engine's is the other.
  expect(workers.filter((path) => !/flowPainter/.test(path))).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('head="mean" draws the mean of the weights; at steps 3–5, head 1\'s scores, and says why', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openPost(
    page,
    "mean",
    `<attention-playground id="scores" example="two-heads" head="mean" step="3" view="heatmap"></attention-playground>
     <attention-playground id="weights" example="two-heads" head="mean" step="6" view="heatmap" lang="zh-CN"></attention-playground>
     <attention-playground id="sums" example="two-heads" head="mean" step="7" view="heatmap"></attention-playground>`,
  );
  for (const id of ["#scores", "#weights", "#sums"]) await ready(page, id);
  const example = exampleById("two-heads");
  const spec = example && buildSpec(example.state()).spec;
  if (!spec) throw new Error("two-heads does not build");
  const reference = attentionReference(spec);
  const rows = (m: Matrix) =>
    Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  const meanWeights = rows(layer(reference.weights, 0)).map((row, i) =>
    row.map((x, j) => (x + (rows(layer(reference.weights, 1))[i]?.[j] ?? NaN)) / 2),
  );
  const shown = (id: string) =>
    page
      .locator(`#${id}`)
      .evaluate((el) =>
        JSON.parse(el.shadowRoot?.querySelector<HTMLElement>(".apw-figure")?.dataset.matrix ?? "null"),
      );
  const near = (actual: number[][], expected: number[][]) =>
    expected.every((row, i) => row.every((x, j) => Math.abs((actual[i]?.[j] ?? NaN) - x) < 1e-5));
  // Step 3: the scores are each head's own (a mean of scores is nothing attention computes): head 1's.
  expect(near(await shown("scores"), rows(layer(reference.scores, 0)))).toBe(true);
  const scores = page.locator("#scores");
  await expect(scores.locator(".apw-hint")).toContainText("shown here is head 1");
  await expect(scores.locator(".apw-caption, .ap-heatmap-title, figure").first()).toContainText("Head 1");
  // Steps 6 and 7 (whose heatmap is of the weights it sums with): the mean of the two heads' weights, and
  // no such note.
  for (const id of ["weights", "sums"]) {
    expect(near(await shown(id), meanWeights)).toBe(true);
    await expect(page.locator(`#${id}`).locator(".apw-hint")).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});
