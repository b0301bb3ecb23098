import type { Locator, Page, Route } from "@playwright/test";
import { NUMPY_3X4 } from "../src/core/knownAnswers";
import type { Matrix } from "../src/core/types";
import { tokenize } from "../src/core/tokenize";
import { tex } from "../src/explorer/formula";
import {
  createInitialState,
  DEFAULT_TEXT,
  reduce,
  type Action,
  type ExplorerState,
} from "../src/explorer/state";
import {
  expectRowsSumToOne,
  expectTable,
  headRows,
  maxDiff,
  openApp,
  openOnWasm,
  openOwnWork,
  readTable,
  referenceOf,
  rowsOf,
  seedOwnWork,
  showTables,
  TOLERANCE,
  typedState,
  typeWords,
} from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";
import { inkInMiddle } from "./ink";
import { PLAY_MS } from "../src/ui/app/usePlay";
import { EDIT_PAUSE_MS } from "../src/ui/app/useSettledOffScreen";
import { encodePermalink } from "../src/explorer/permalink";

/**
 * The explorer as a new user works it: every test starts from a clean page (localStorage is per test
 * context), and every number on screen is compared with the float64 reference computed here, in the test
 * process, from the same state the page holds (built with the app's own reducer).
 * Tables on screen show head 1 by default (state.head = 0); rows are queries, columns are keys.
 */

const STEP_TITLES = [
  "Tokens become vectors",
  "Queries, keys and values",
  "Scores: Q·Kᵀ",
  "Scaling",
  "Masking",
  "Softmax: attention weights",
  "Weighted sum of values",
  "Heads concatenated and projected",
];

const stateAfter = (...actions: Action[]): ExplorerState => actions.reduce(reduce, createInitialState());

const stepButton = (page: Page, n: number): Locator =>
  page
    .getByRole("navigation")
    .getByRole("listitem")
    .nth(n - 1)
    .getByRole("button");

/**
 * The titles that steps 1, 2 and 8 take where Q, K and V are typed by hand (no embedding, W_Q … W_O), and
 * step 3 where the score is not a dot product (not Q·Kᵀ).
 */
const OTHER_STEP_TITLES: Readonly<Record<number, string>> = {
  1: "Q, K and V as given",
  2: "Queries, keys and values, row by row",
  3: "Scores",
  8: "Heads concatenated",
};

async function goToStep(page: Page, n: number): Promise<void> {
  await stepButton(page, n).click();
  const titles = [STEP_TITLES[n - 1] as string, OTHER_STEP_TITLES[n]].filter((x) => x !== undefined);
  await expect(page.getByTestId("step-title")).toHaveText(new RegExp(`^(${titles.join("|")})$`, "u"));
}

/** Clicks a place that holds no control, so that keys go to the page, not to a text field. */
async function focusPage(page: Page): Promise<void> {
  await page.getByTestId("step-title").click();
  await expect(page.locator("body")).toBeFocused();
}

/** The canvas of cells of a heatmap view; rows are queries, columns are keys. */
const cellCanvas = (page: Page, view: string) => page.getByTestId(view).locator("canvas.ap-cells");

/**
 * Where cell (query, key) of a heatmap view is on the page: the canvas of cells is exactly the cell area
 * (rows × cols cells of equal size). The page is scrolled so that the point is not under the sticky formula
 * panel. The mouse is used directly, not locator.hover, which needs the canvas to stay the same element.
 */
async function cellPoint(page: Page, view: string, query: number, key: number) {
  const canvas = cellCanvas(page, view);
  await canvas.scrollIntoViewIfNeeded();
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await canvas.boundingBox();
    if (!box) throw new Error(`${view} has no canvas on screen`);
    const { rows, cols } = await page
      .getByTestId(view)
      .locator(".ap-plot")
      .evaluate((plot: HTMLElement) => ({
        rows: Number(plot.dataset.rows),
        cols: Number(plot.dataset.cols),
      }));
    const point = {
      x: box.x + ((key + 0.5) * box.width) / cols,
      y: box.y + ((query + 0.5) * box.height) / rows,
    };
    const onCell = await page.evaluate(
      ({ x, y, view }) => {
        const hit = document.elementFromPoint(x, y);
        return hit?.matches("canvas.ap-cells") === true && hit.closest(`[data-testid="${view}"]`) !== null;
      },
      { ...point, view },
    );
    if (onCell) return point;
    await page.evaluate((dy) => window.scrollBy(0, dy), point.y - 200);
  }
  throw new Error(`cell (${query}, ${key}) of ${view} cannot be brought on screen`);
}

async function hoverCell(page: Page, view: string, query: number, key: number): Promise<void> {
  const { x, y } = await cellPoint(page, view, query, key);
  await page.mouse.move(x, y);
}

async function clickCell(page: Page, view: string, query: number, key: number): Promise<void> {
  const { x, y } = await cellPoint(page, view, query, key);
  await page.mouse.click(x, y);
}

const matrixCell = (page: Page, name: string, row: number, col: number) =>
  page.getByRole("textbox", { name: `${name} row ${row}, column ${col}`, exact: true });

/** Pastes text into a cell as the browser does: a paste event carrying a DataTransfer. */
async function paste(cell: Locator, text: string): Promise<void> {
  await cell.focus();
  await cell.evaluate((input, data) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", data);
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

async function expectMatrixCells(page: Page, name: string, values: string[][]): Promise<void> {
  for (const [r, row] of values.entries()) {
    for (const [c, value] of row.entries())
      await expect(matrixCell(page, name, r + 1, c + 1)).toHaveValue(value);
  }
}

const chips = (page: Page) => page.getByTestId("token-chips").getByTestId("token-chip");

// ---- the tests ------------------------------------------------------------------------------------------

test("a first visit opens on a worked example that teaches: “it” attends to “animal”, at the softmax step, with the lesson saying so", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openApp(page);
  await expect(page.getByTestId("step-title")).toHaveText("Softmax: attention weights");
  await expect(stepButton(page, 6)).toHaveAttribute("aria-current", "step");
  await expect(page).toHaveURL(/[?&]step=6\b/);
  await expect(page.getByTestId("backend")).toContainText("wasm");
  await expect(cellCanvas(page, "view-weights")).toBeVisible();
  // The pronoun lesson, at its second stop. Worked by hand: the query of "it" is [3, 0, 0, 1] (animate,
  // state); the keys of "animal", "it" and "tired" give it 7, 3 and 2, every other key 0. Scaled by √4:
  // 3.5, 1.5, 1 and eight 0s; e^3.5 / (e^3.5 + e^1.5 + e^1 + 8) = 0.68540, and 1 / 48.3155 = 0.0207 for "street".
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  await expect(page.getByTestId("lesson")).toContainText("What does “it” refer to?");
  await expect(page.getByTestId("lesson-text")).toHaveText(
    "The query “it” gives weight 0.69 to “animal” and only 0.02 to “street”: the features match the animal, not the street.",
  );
  // The cell it speaks of is pointed at, and its softmax written out.
  await expect(page.getByTestId("cell-formula")).toHaveAttribute("data-tex", /^a_\{82\}.*= 0\.68540$/);
  // The data tables are the accessible twin of the heatmaps: the row of "it", as worked out above.
  await showTables(page);
  await expect(page.getByTestId("view-weights-table").getByRole("table")).toBeVisible();
  const sum = Math.exp(3.5) + Math.exp(1.5) + Math.exp(1) + 8;
  const zero = 1 / sum;
  const it = [
    zero,
    Math.exp(3.5) / sum,
    zero,
    zero,
    zero,
    zero,
    zero,
    Math.exp(1.5) / sum,
    zero,
    zero,
    Math.exp(1) / sum,
  ];
  await expect
    .poll(async () => maxDiff([(await readTable(page, "view-weights"))[7] ?? []], [it]))
    .toBeLessThanOrEqual(TOLERANCE);
  expectRowsSumToOne(await readTable(page, "view-weights"));
  // Leaving the lesson keeps the example; ← goes back to its first stop, the scores.
  await page.getByTestId("lesson-prev").click();
  await expect(page.getByTestId("step-title")).toHaveText("Scores: Q·Kᵀ");
  expect(errors).toEqual([]);
});

test("an edit of the input during a lesson ends it and says so (a lesson reads its own example's rows); Undo brings it back", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openApp(page);
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  // The first visit's Q, K and V are given by hand: to type a sentence is to leave them.
  await page.getByRole("tab", { name: "Sequence" }).click();
  await expect(page.getByTestId("lesson")).toHaveCount(0);
  await expect(page.getByTestId("side-effect")).toContainText("The lesson has ended");
  // Three tokens: the lesson's query "it" (the 8th) is not there. It was read anyway, and threw.
  await page.getByTestId("sequence-text").fill("the cat sat");
  await expect(page.getByTestId("view-weights").locator(".ap-row-label")).toHaveText(["the", "cat", "sat"]);
  await expect(page.getByTestId("view-error")).toHaveCount(0);
  await page.getByTestId("undo").click();
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("lesson-text")).toContainText("gives weight 0.69 to “animal”");
  expect(errors).toEqual([]);
});

test("a lesson saved over inputs that are not its example's says so instead of crashing", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Saved before edits ended lessons: the pronoun lesson over three tokens of one's own.
  const own = reduce(createInitialState(), { type: "setText", text: "the cat sat" });
  await seedOwnWork(page, { ...own, lesson: { example: "pronoun", stop: 1 }, step: 6 });
  await openApp(page);
  await expect(page.getByTestId("lesson-text")).toHaveText(
    "This lesson is about its own example, and the input on screen is not it: leave the lesson, or open the example again from Examples.",
  );
  await expect(page.getByTestId("view-error")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("on a phone, Chinese key labels turn a quarter as a whole, one line each, each one seen whole", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, "&lang=zh-CN");
  const label = page.getByTestId("view-weights").locator(".ap-col-label", { hasText: "动物" });
  await expect(label).toHaveClass(/ap-rotated/);
  const look = await label.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const band = node.parentElement!.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(node).fontSize);
    const range = document.createRange();
    range.selectNodeContents(node);
    return {
      // One line of two characters, turned: as tall as two characters, as wide as one line.
      lines: range.getClientRects().length,
      along: Math.round(box.height / size),
      inBand: box.top >= band.top - 0.5 && box.bottom <= band.bottom + 0.5,
      clipped: node.scrollWidth > node.clientWidth + 1,
      turned: new DOMMatrix(getComputedStyle(node).transform).b !== 0,
    };
  });
  // It stood a character a line (动 above 物), where the columns' first characters read across as words.
  expect(look).toEqual({ lines: 1, along: 2, inBand: true, clipped: false, turned: true });
  expect(errors).toEqual([]);
});

test("a first visit in Chinese opens the same lesson on its Chinese sentence: 它 attends to 动物", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openApp(page, "&lang=zh-CN");
  await expect(page.getByTestId("step-title")).toHaveText("Softmax：注意力权重");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  await expect(page.getByTestId("lesson")).toContainText("“它”指的是谁？");
  await expect(page.getByTestId("lesson-text")).not.toContainText("animal");
  // Worked by hand: 它 asks [3, 0, 0, 1]; 动物, 它 and 累 answer 7, 3 and 2, the other seven keys 0. Scaled by
  // √4: 3.5, 1.5, 1 and seven 0s; e^3.5 / (e^3.5 + e^1.5 + e^1 + 7) = 0.69989. 它 is token 7, 动物 token 1.
  await expect(page.getByTestId("cell-formula")).toHaveAttribute("data-tex", /^a_\{71\}.*= 0\.69989$/);
  expect(errors).toEqual([]);
});

test("typing a sentence updates the chips and every weight, each row summing to 1, as the reference", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  const text = "The cat sat on the mat";
  await page.getByTestId("sequence-text").fill(text);
  await expect(chips(page)).toHaveCount(6);
  await expect(chips(page)).toHaveText([/The/, /cat/, /sat/, /on/, /the/, /mat/]);
  const reference = referenceOf(stateAfter({ type: "setText", text }));
  await expectTable(page, "view-weights", headRows(reference.weights, 0));
  const weights = await readTable(page, "view-weights");
  expect(weights).toHaveLength(6);
  for (const row of weights) expect(row).toHaveLength(6);
  expectRowsSumToOne(weights);
  expect(errors).toEqual([]);
});

test("a flow taller than the screen is drawn where it is on screen, and again where the page scrolls to", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  const text = Array.from({ length: 128 }, (_, i) => `t${i}`).join(" ");
  await openOwnWork(page);
  await page.getByTestId("sequence-text").fill(text);
  const flow = page.getByTestId("flow").locator("svg.ap-flow");
  const canvas = flow.locator("canvas.ap-flow-canvas");
  await expect(canvas).toHaveAttribute("data-lines", /^[1-9]/);
  // Below the screen, the flow shows the 128 tokens once the typing pauses (useSettledOffScreen).
  await expect.poll(async () => Number(await flow.getAttribute("height"))).toBeGreaterThan(3000);
  const total = Number(await flow.getAttribute("height"));
  /** The rows the canvas covers, the flow's row at the middle of the screen, and the canvas's height. */
  const look = () =>
    canvas.evaluate((c: HTMLCanvasElement) => {
      const [top, bottom] = c.dataset.drawn!.split("-").map(Number) as [number, number];
      const middle = innerHeight / 2 - c.closest("svg")!.getBoundingClientRect().top;
      return { top, bottom, middle, height: c.getBoundingClientRect().height };
    });
  for (const at of [0.25, 0.5, 0.75]) {
    await flow.evaluate((svg, at) => {
      const box = svg.getBoundingClientRect();
      scrollBy(0, box.top + box.height * at - innerHeight / 2);
    }, at);
    // Lines on screen in the middle of the canvas, which covers the screen's part of the flow.
    await expect
      .poll(async () => {
        const { top, bottom, middle } = await look();
        return top <= middle - 400 && bottom >= middle + 400 && (await inkInMiddle(canvas)) > 0;
      })
      .toBe(true);
    const { height } = await look();
    // The canvas covers the screen and a margin, not the whole flow.
    expect(height).toBeLessThan(total / 2);
  }
  expect(errors).toEqual([]);
});

test("with Q, K and V given, steps 1 and 2 say so, not that tokens were embedded and projected", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page, "", { input: "matrices", step: 1 });
  await expect(page.getByTestId("view-q")).toBeVisible();
  await expect(page.getByTestId("step-title")).toHaveText("Q, K and V as given");
  await expect(page.locator(".ap-step-text")).toContainText("no token is looked up");
  await expect(page.getByTestId("step-formula")).toHaveAttribute("data-tex", /^Q \\in \\mathbb\{R\}/);
  await expect(stepButton(page, 2)).toHaveAttribute("title", "Queries, keys and values, row by row");
  await page.getByTestId("next-step").click();
  await expect(page.getByTestId("step-title")).toHaveText("Queries, keys and values, row by row");
  await expect(page.getByTestId("step-formula")).not.toHaveAttribute("data-tex", /W_Q/);
  // A sentence typed instead: its tokens are embedded and projected, and the steps say that again.
  await page.getByRole("tab", { name: "Sequence" }).click();
  await expect(page.getByTestId("step-title")).toHaveText(STEP_TITLES[1]!);
  await expect(page.getByTestId("step-formula")).toHaveAttribute("data-tex", /W_Q/);
  expect(errors).toEqual([]);
});

test("a Chinese page says the same of Q, K and V given", async ({ page }) => {
  await openOwnWork(page, "&lang=zh-CN", { input: "matrices", step: 1 });
  await expect(page.getByTestId("step-title")).toHaveText("给定的 Q、K、V");
  await expect(page.locator(".ap-step-text")).toContainText("不查任何词元");
});

for (const input of ["sequence", "matrices"] as const)
  test(`an edit of τ redraws the views of every step in place, none made again (${input})`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openOwnWork(page, "", { input, step: 1 });
    const slider = page.getByTestId("temperature");
    for (let step = 1; step <= 8; step++) {
      if (step > 1) await page.getByTestId("next-step").click();
      await expect(page.locator(".ap-step-count")).toContainText(`${step}`);
      await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
      // The views' own elements: a heatmap's cells, a flow, vector strips (each takes new numbers in place).
      // Legends and formulas are written anew for new numbers, and a flow hands its first canvas to the flow
      // painter.
      const selector = ".ap-step-card :is(canvas.ap-cells, svg.ap-flow, .ap-vector-strip)";
      await expect(page.locator(selector).first(), `step ${step}`).toBeAttached();
      const drawn = await page.evaluate((selector) => {
        const views = [...document.querySelectorAll(selector)];
        (window as unknown as { views: Element[] }).views = views;
        return views.length;
      }, selector);
      expect(drawn).toBeGreaterThan(0);
      const before = await slider.inputValue();
      // Steps 7 and 8 show the outputs as strips, which τ changes: their first cell's exact value.
      const output = page.locator(".ap-step-card .ap-vector-strip rect").first();
      const outputBefore = step >= 7 ? ((await output.getAttribute("data-value")) ?? "") : undefined;
      await slider.focus();
      await page.keyboard.press("ArrowRight");
      await expect(slider).not.toHaveValue(before);
      if (outputBefore !== undefined) await expect(output).not.toHaveAttribute("data-value", outputBefore);
      await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
      // Views off the screen catch up once the edits pause.
      await page.waitForTimeout(EDIT_PAUSE_MS + 250);
      const remade = await page.evaluate(() =>
        (window as unknown as { views: Element[] }).views
          .filter((view) => !view.isConnected)
          .map((view) => `${view.tagName} ${view.getAttribute("class") ?? ""}`),
      );
      expect(remade, `step ${step}`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

test("a flow far from the screen draws no lines while τ changes, and draws the newest ones when scrolled to", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openOwnWork(page);
  await typeWords(page, 16);
  const flow = page.getByTestId("flow").locator("svg.ap-flow");
  const canvas = flow.locator("canvas.ap-flow-canvas");
  // Off the screen, the flow shows the typed tokens once the typing has paused: a flow made for new tokens
  // paints before its observer says where it is, so τ must change only after that.
  await expect(flow.locator('g.ap-flow-token[data-query="15"]')).toHaveCount(1);
  await expect(canvas).toHaveAttribute("data-lines", /^[1-9]/);
  // Focused first: focusing scrolls the slider into view, and with it the page.
  await page.getByTestId("temperature").focus();
  await page.evaluate(() => scrollTo(0, 0));
  // The flow starts more than a screen and its margin (300 px) below the top.
  expect(await flow.evaluate((svg) => svg.getBoundingClientRect().top)).toBeGreaterThan(800 + 300);
  await page.keyboard.press("ArrowRight");
  // The weights changed; the lines are counted (and faded as pointed at) but not drawn.
  await expect(canvas).toHaveAttribute("data-drawn", "0-0");
  await expect(canvas).toHaveAttribute("data-lines", /^[1-9]/);
  expect(await canvas.evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().height)).toBe(0);
  await flow.evaluate((svg) => svg.scrollIntoView({ block: "center" }));
  await expect.poll(() => inkInMiddle(canvas)).toBeGreaterThan(1000);
  const height = Number(await flow.getAttribute("height"));
  await expect(canvas).toHaveAttribute("data-drawn", `0-${Math.round(height)}`);
  expect(errors).toEqual([]);
});

test("a flow of 128 tokens shows labels that do not overlap, a pointed token's label, and lights the token under the pointer", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // The flow's column is narrower than 560 px here: the flow is vertical, its tokens 3–5 px apart.
  await page.setViewportSize({ width: 1440, height: 900 });
  await openOwnWork(page);
  await typeWords(page, 128);
  const flow = page.getByTestId("flow").locator("svg.ap-flow");
  const query = (i: number) => flow.locator(`g.ap-flow-token[data-query="${i}"]`);
  await expect(query(127)).toBeAttached();
  await flow.evaluate((svg) => svg.scrollIntoView({ block: "center" }));
  const [first, second] = [await query(0).boundingBox(), await query(1).boundingBox()];
  expect(second!.y).toBe(first!.y);
  /** The query labels drawn, left to right: index and horizontal extent. */
  const shownLabels = () =>
    flow.evaluate((svg) =>
      [...svg.querySelectorAll("g.ap-flow-token[data-query]")].flatMap((g) => {
        const text = g.querySelector(".ap-flow-label")!;
        if (getComputedStyle(text).display === "none") return [];
        const { left, right } = text.getBoundingClientRect();
        return [{ index: Number((g as SVGGElement).dataset.query), left, right }];
      }),
    );
  const shown = await shownLabels();
  // Every k-th label, k ≥ 2, from the first; none overlaps the next.
  const k = shown[1]!.index;
  expect(k).toBeGreaterThanOrEqual(2);
  expect(shown.map((l) => l.index)).toEqual(Array.from({ length: Math.ceil(128 / k) }, (_, i) => i * k));
  for (let i = 1; i < shown.length; i++) expect(shown[i]!.left).toBeGreaterThanOrEqual(shown[i - 1]!.right);
  // Pointing at a token whose label is thinned out, 1.5 px right of its dot's centre (within its step), lights
  // that token, not the next one, whose dot (7 px wide, 4 px on) overlaps it there, and shows its label.
  const dot = await query(k + 1)
    .locator(".ap-flow-dot")
    .boundingBox();
  await page.mouse.move(dot!.x + dot!.width / 2 + 1.5, dot!.y + dot!.height / 2);
  await expect(query(k + 1)).toHaveClass(/ap-active/);
  await expect(flow.locator("g.ap-flow-token.ap-active")).toHaveCount(1);
  expect((await shownLabels()).map((l) => l.index)).toContain(k + 1);
  expect(errors).toEqual([]);
});

test("a flow's lines are drawn by the flow painter's worker, and by the page itself where that worker cannot load", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const text = Array.from({ length: 12 }, (_, i) => `t${i}`).join(" ");
  /** Opens a 12-token flow, changes τ once (its lines drawn again), and counts what is on screen. */
  const drawFlow = async () => {
    await openOwnWork(page);
    await page.getByTestId("sequence-text").fill(text);
    // The flow of the 12 tokens, not the one it replaces (whose canvas leaves the page when the new one comes).
    await expect(page.getByTestId("flow").locator('g.ap-flow-token[data-query="11"]')).toBeAttached();
    await page.getByRole("spinbutton", { name: "τ", exact: true }).fill("0.5");
    const canvas = page.getByTestId("flow").locator("canvas.ap-flow-canvas");
    await expect(canvas).toHaveAttribute("data-lines", /^[1-9]/);
    // Scrolled to by its host, which stays when a new flow replaces the one inside it.
    await page.getByTestId("flow").evaluate((host) => host.scrollIntoView({ block: "center" }));
    await expect.poll(() => inkInMiddle(canvas)).toBeGreaterThan(200);
    // A canvas handed to a worker cannot give the page a context any more.
    return canvas.evaluate((c: HTMLCanvasElement) => {
      try {
        return c.getContext("2d") ? "page" : "none";
      } catch {
        return "worker";
      }
    });
  };
  const errors = collectErrors(page);
  expect(await drawFlow()).toBe("worker");
  expect(errors).toEqual([]);

  // A site whose policy or server keeps the painter's script from loading: the page draws the lines itself.
  await page.route(/\/assets\/flowPainter-[^/]*\.js$/u, (route) => route.abort());
  expect(await drawFlow()).toBe("page");
});

test("a long sequence is computed in the engine's worker, with the reference's weights; a short one in the page", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const seeded = reduce(createInitialState(), { type: "setModelSize", dModel: 64 });
  await openOwnWork(page, "", seeded);
  await expect(page.getByTestId("backend")).toHaveAttribute("data-thread", "page");
  // 128 tokens (2·128²·64 = 2.1M) are past what the float64 reference answers at once (REFERENCE_WORK, 2M),
  // but the page's own wasm computes them: a worker's answer would cost every edit a frame more.
  const medium = Array.from({ length: 128 }, (_, i) => `m${i}`).join(" ");
  await page.getByTestId("sequence-text").fill(medium);
  // Once its result is on screen (the step card is busy from the edit until then).
  await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-thread", "page");
  // 400 tokens × 2 heads of d_k 32 is past what the page computes itself (useTrace.ts PAGE_WORK:
  // h·n·m·(d_k + d_v) = 20.5M > 8.4M): wasm computes it in a worker, off the main thread.
  const text = Array.from({ length: 400 }, (_, i) => `t${i}`).join(" ");
  await page.getByTestId("sequence-text").fill(text);
  await expect(page.getByTestId("backend")).toHaveAttribute("data-thread", "worker");
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await showTables(page);
  const reference = referenceOf(reduce(seeded, { type: "setText", text }));
  await expectTable(page, "view-weights", headRows(reference.weights, 0));
  // Step 1: the tokens' embeddings X and positional encodings, which the worker does not send: the page
  // makes the same ones (engine/remote.ts).
  await goToStep(page, 1);
  await expectTable(page, "view-x", rowsOf(reference.x as Matrix));
  await expectTable(page, "view-pe", rowsOf(reference.positional as Matrix));
  expect(errors).toEqual([]);
});

test("a heatmap repainted for a new τ shows the same pixels as a page opened at that τ", async ({
  page,
  browser,
}) => {
  const errors = collectErrors(page);
  // The canvas writes each new picture into the image it painted last (paintCells.ts): a pixel left from the
  // old picture would show here.
  const initial = createInitialState();
  const tokens = Array.from({ length: 128 }, (_, i) => `t${i}`).join(" ");
  /** The canvas's pixels as a digest (FNV-1a of the RGBA bytes), short enough to print when two differ. */
  const pixels = (at: Page) =>
    at
      .getByTestId("view-weights")
      .locator("canvas.ap-cells")
      .evaluate((c: HTMLCanvasElement) => {
        let hash = 0x811c9dc5;
        for (const byte of c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data)
          hash = Math.imul(hash ^ byte, 0x01000193);
        return (hash >>> 0).toString(16);
      });
  // The float64 reference on both pages: the same numbers to the last bit, so the same colours.
  const seeded = { mask: { ...initial.mask, kind: "causal" as const }, backend: "exact" as const };
  const open = async (at: Page, temperature: number) => {
    await at.setViewportSize({ width: 1280, height: 900 });
    await openOwnWork(at, "", { ...seeded, temperature });
    await at.getByTestId("sequence-text").fill(tokens);
    await expect(at.getByTestId("view-weights").locator("canvas.ap-cells")).toHaveJSProperty("width", 128);
    await expect(at.getByTestId("stale")).toHaveCount(0);
  };
  await open(page, 1);
  const before = await pixels(page);
  await page.getByRole("spinbutton", { name: "τ", exact: true }).fill("3");
  await expect.poll(() => pixels(page)).not.toBe(before);
  await expect(page.getByTestId("stale")).toHaveCount(0);
  const repainted = await pixels(page);
  // Opened at τ = 3, the canvas paints these 128 tokens once, into a new image (it painted another size first).
  const fresh = await browser.newPage();
  await open(fresh, 3);
  expect(await pixels(fresh)).toBe(repainted);
  await fresh.close();
  expect(errors).toEqual([]);
});

/**
 * How many rows of a heatmap's `cells` × `cells` canvas have a cell of viridis's top colour, #fde725, each
 * cell read at its centre (one pixel a cell, or cells drawn with gaps).
 */
function rowsWithTopColour(canvas: Locator, cells: number): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement, n) => {
    const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const centre = (i: number, size: number) => Math.floor(((i + 0.5) * size) / n);
    let count = 0;
    for (let row = 0; row < n; row++)
      for (let col = 0; col < n; col++) {
        const k = (centre(row, c.height) * c.width + centre(col, c.width)) * 4;
        if (pixels[k] === 0xfd && pixels[k + 1] === 0xe7 && pixels[k + 2] === 0x25) {
          count++;
          break;
        }
      }
    return count;
  }, cells);
}

test("weight colours by row: each query's strongest key gets the top colour, however long the sequence", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  // viridis ends at #fde725. 128 tokens, causal: weights average 1/64, and only the first query's (1) is near 1.
  const initial = createInitialState();
  await openOwnWork(page, "", { palette: "viridis", mask: { ...initial.mask, kind: "causal" } });
  await typeWords(page, 128);
  const view = page.getByTestId("view-weights");
  const canvas = view.locator("canvas.ap-cells");
  await expect(canvas).toHaveJSProperty("width", 128);
  const rowsWithTop = () => rowsWithTopColour(canvas, 128);
  const legendTitle = view.locator(".ap-legend-title");
  await expect(legendTitle).toHaveText("weight");
  expect(await rowsWithTop()).toBeLessThan(128);
  await expect(view.locator(".ap-legend-mark-label")).toHaveCount(2);

  await page.getByTestId("weight-scale").selectOption("row");
  await expect(legendTitle).toHaveText("weight ÷ its row's largest");
  await expect.poll(rowsWithTop).toBe(128);
  // The data's min and max are weights, not fractions of a row: the legend no longer marks them.
  await expect(view.locator(".ap-legend-mark-label")).toHaveCount(0);
  // Kept across a reload, as the palette is.
  await page.reload();
  await expect(page.getByTestId("weight-scale")).toHaveValue("row");
  await expect.poll(rowsWithTop).toBe(128);
  expect(errors).toEqual([]);
});

test("a heatmap of small cells paints one pixel per cell, shown cell-sized, masked cells hatched", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const initial = createInitialState();
  await openOwnWork(page, "", { mask: { ...initial.mask, kind: "causal" } });
  await typeWords(page, 128);
  const canvas = page.getByTestId("view-weights").locator("canvas.ap-cells");
  // One backing-store pixel per cell: 128 × 128, however large the cells are on screen.
  await expect(canvas).toHaveJSProperty("width", 128);
  await expect(canvas).toHaveJSProperty("height", 128);
  const look = await canvas.evaluate((c: HTMLCanvasElement) => {
    const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const alpha = (row: number, col: number) => pixels[(row * c.width + col) * 4 + 3];
    return {
      cell: c.getBoundingClientRect().width / c.width,
      // Causal: key 1 is masked for query 0 (see-through, over the hatch), key 0 is not (opaque).
      masked: alpha(0, 1),
      shown: alpha(0, 0),
      lastRow: Array.from({ length: c.width }, (_, col) => alpha(c.height - 1, col)).every((a) => a === 255),
      hatch: getComputedStyle(c).backgroundImage.startsWith('url("data:image/png'),
      pixelated: getComputedStyle(c).imageRendering,
    };
  });
  expect(look).toEqual({
    cell: expect.any(Number),
    masked: 0,
    shown: 255,
    lastRow: true,
    hatch: true,
    pixelated: "pixelated",
  });
  expect(look.cell).toBeGreaterThanOrEqual(4);
  // On screen the masked triangle shows the hatch: more than one colour, where a bare card would show one.
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const shot = await page.screenshot({
    clip: { x: box.x + box.width * 0.6, y: box.y + 2, width: box.width * 0.35, height: box.height * 0.2 },
  });
  const colours = await page.evaluate(async (png) => {
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
    const c = new OffscreenCanvas(image.width, image.height);
    const context = c.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    const seen = new Set<number>();
    for (let k = 0; k < data.length; k += 4) seen.add((data[k]! << 16) | (data[k + 1]! << 8) | data[k + 2]!);
    return seen.size;
  }, shot.toString("base64"));
  expect(colours).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

/**
 * 160 tokens in 2 heads, with the weights' table shown: at d_model 64 the page's engine computes them
 * (PAGE_WORK: 2·160²·64 = 3.3M ≤ 8.4M), at d_model 256 the worker (13.1M); a table of 160 × 160 weights,
 * light enough to read at every poll on a busy machine. Returns the reference's weights at a given τ.
 */
async function open160Tokens(page: Page, thread: "page" | "worker") {
  const initial = createInitialState();
  const dModel = thread === "page" ? 64 : 256;
  const seeded: ExplorerState = { ...initial, sequence: { ...initial.sequence, dModel } };
  await openOwnWork(page, "", seeded);
  const text = Array.from({ length: 160 }, (_, i) => `t${i}`).join(" ");
  await page.getByTestId("sequence-text").fill(text);
  await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("backend")).toHaveAttribute("data-thread", thread);
  await showTables(page);
  return (temperature: number) =>
    referenceOf(
      [{ type: "setText", text } as const, { type: "setTemperature", temperature } as const].reduce(
        reduce,
        seeded,
      ),
    ).weights;
}

for (const thread of ["page", "worker"] as const)
  test(`the ${thread}'s engine writes each trace into the buffers of the one it replaced on screen, and the numbers shown stay the reference's`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const weightsAt = await open160Tokens(page, thread);
    const tau = page.getByRole("spinbutton", { name: "τ", exact: true });
    // Each result replaces the last on screen, whose buffers go back to its engine for the next one.
    for (const temperature of [2, 0.5, 3]) {
      await tau.fill(String(temperature));
      await expectTable(page, "view-weights", headRows(weightsAt(temperature), 0));
      await expect(page.getByTestId("stale")).toHaveCount(0);
    }
    // The heatmap reads its numbers again when pointed at: the trace on screen, not a recycled one.
    await hoverCell(page, "view-weights", 0, 0);
    const formula = page.getByTestId("cell-formula");
    await expect(formula).toHaveAttribute("data-tex", /^a_\{11\}/);
    const shown = (await formula.getAttribute("data-tex"))!.split("= ").pop()!.replace("−", "-");
    expect(Number(shown)).toBeCloseTo(weightsAt(3).data[0]!, 5);
    expect(errors).toEqual([]);
  });

/** five-values by hand: one query 0.5, keys and values 1…5, plain dot product, at step 6 with its tables. */
const FIVE_VALUES_BY_HAND: ExplorerState = {
  ...createInitialState(),
  input: "matrices",
  matrices: {
    q: [["0.5"]],
    k: [["1"], ["2"], ["3"], ["4"], ["5"]],
    v: [["1"], ["2"], ["3"], ["4"], ["5"]],
    labels: { queries: [], keys: [] },
  },
  score: "dot",
  heads: 1,
  step: 6,
  showTables: true,
};

test("the explorer's first picture is the engine's: the page renders once the engine has answered its first problem", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Every backend the header names, in order, from the page's first script on.
  await page.addInitScript(() => {
    const names: string[] = [];
    (window as unknown as { names: string[] }).names = names;
    new MutationObserver(() => {
      const name = document.querySelector('[data-testid="backend-name"]')?.textContent;
      if (name && names.at(-1) !== name) names.push(name);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The page's clock stands still, so that its wait for the engine (mount.tsx) cannot run out on a slow machine.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  // In auto mode: wasm answers first where WebGPU is a software adapter.
  const state: ExplorerState = { ...FIVE_VALUES_BY_HAND, backend: "auto" };
  await page.goto(`/#${encodePermalink(state)}`);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  expect(await page.evaluate(() => (window as unknown as { names: string[] }).names)).toEqual(["wasm"]);
  // softmax(0.5, 1, 1.5, 2, 2.5) by numpy.
  await page.clock.runFor(100);
  await expectTable(page, "view-weights", [[0.05801222, 0.09564598, 0.15769356, 0.25999272, 0.42865553]]);
  expect(errors).toEqual([]);
});

test("an edit shows the new problem's numbers at once, from the float64 reference, while the engine loads; a problem for the engine's worker is marked computing", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // The backends' code, their wasm and the engine's worker are held back, and the page's clock stands still
  // once it has opened (no timeout gives up on them): until they are let through, what the page shows it
  // computed without the engine.
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/assets\/(dist-|worker-)[^/]*\.js$|\.wasm$/u, (route) =>
    holding ? void held.push(route) : route.continue(),
  );
  await page.clock.install();
  // d_model 64 for the sequence the test switches to below.
  const state: ExplorerState = {
    ...FIVE_VALUES_BY_HAND,
    sequence: { ...FIVE_VALUES_BY_HAND.sequence, dModel: 64 },
    backend: "wasm",
  };
  await page.goto(`/#${encodePermalink(state)}`);
  await expect(page.getByTestId("backend-name")).toHaveText("float64 reference");
  await page.clock.pauseAt(Date.now() + 1000);
  // softmax(0.5, 1, 1.5, 2, 2.5) by numpy.
  await expectTable(page, "view-weights", [[0.05801222, 0.09564598, 0.15769356, 0.25999272, 0.42865553]]);

  await matrixCell(page, "Q", 1, 1).fill("1");
  // softmax(1, 2, 3, 4, 5) by numpy. The views paint in animation frames: the test lets the page's clock run
  // frame by frame, far short of the engine's 10 s start-up timeout.
  const expected = [[0.011656230956, 0.031684920796, 0.086128544436, 0.234121657253, 0.636408646559]];
  await expect
    .poll(async () => {
      await page.clock.runFor(20);
      return maxDiff(await readTable(page, "view-weights"), expected);
    })
    .toBeLessThanOrEqual(TOLERANCE);
  await expect(page.getByTestId("stale")).toHaveCount(0);
  await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("backend-name")).toHaveText("float64 reference");
  expect(held.length).toBeGreaterThan(0);

  // 400 words at d_model 64 (one head: 400²·128 = 20.5M): past what the page computes itself (PAGE_WORK), so
  // the engine's worker must answer.
  await page.getByTestId("tables").uncheck();
  await page.getByRole("tab", { name: "Sequence" }).click();
  await typeWords(page, 400, "w");
  // Marked once the result has taken a quarter of a second (a quick one never flickers the mark).
  await expect
    .poll(async () => {
      await page.clock.runFor(50);
      return page.getByTestId("stale").count();
    })
    .toBe(1);
  await expect(page.getByTestId("stale")).toHaveText("computing…");
  await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "true");

  // Let the engine through: the worker answers, and the mark goes.
  holding = false;
  await page.clock.resume();
  for (const route of held.splice(0)) await route.continue();
  await expect(page.getByTestId("stale")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator(".ap-step-card")).toHaveAttribute("aria-busy", "false");
  expect(errors).toEqual([]);
});

test("steps: arrow keys, previous/next buttons and numbered steps move through all 8; the URL follows; reload keeps the step", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  const title = page.getByTestId("step-title");
  const expectStep = async (n: number) => {
    await expect(title).toHaveText(STEP_TITLES[n - 1] as string);
    await expect(page).toHaveURL(new RegExp(`[?&]step=${n}\\b`));
    await expect(stepButton(page, n)).toHaveAttribute("aria-current", "step");
  };

  await focusPage(page);
  for (let n = 5; n >= 1; n--) {
    await page.keyboard.press("ArrowLeft");
    await expectStep(n);
  }
  await page.keyboard.press("ArrowLeft");
  await expectStep(1);
  for (let n = 2; n <= 8; n++) {
    await page.keyboard.press("ArrowRight");
    await expectStep(n);
  }
  await page.keyboard.press("ArrowRight");
  await expectStep(8);

  await expect(page.getByTestId("next-step")).toBeDisabled();
  for (let n = 7; n >= 1; n--) {
    await page.getByTestId("prev-step").click();
    await expectStep(n);
  }
  await expect(page.getByTestId("prev-step")).toBeDisabled();
  for (let n = 2; n <= 8; n++) {
    await page.getByTestId("next-step").click();
    await expectStep(n);
  }

  for (const n of [3, 1, 8, 5, 2, 7, 4, 6]) {
    await stepButton(page, n).click();
    await expectStep(n);
  }
  // Arrows typed into a text field move the caret, not the step.
  await page.getByTestId("sequence-text").press("ArrowLeft");
  await expectStep(6);

  await goToStep(page, 4);
  await page.reload();
  await expectStep(4);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  expect(errors).toEqual([]);
});

test("play advances through the steps by itself, and pause stops it", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page, "&step=1");
  await expect(page.getByTestId("step-title")).toHaveText(STEP_TITLES[0] as string);
  // The page's clock is the test's: play's interval passes when the test says so, not in real time.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveAttribute("aria-pressed", "true");
  await page.clock.runFor(PLAY_MS);
  await expect(page.getByTestId("step-title")).toHaveText(STEP_TITLES[1] as string);
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveAttribute("aria-pressed", "false");
  // That no step follows a pause is src/ui/app/usePlay.test.tsx's to prove: a page can show only that
  // something happened, never that nothing will.
  await page.clock.runFor(4 * PLAY_MS);
  await expect(page.getByTestId("step-title")).toHaveText(STEP_TITLES[1] as string);
  await expect(page).toHaveURL(/[?&]step=2\b/);
  expect(errors).toEqual([]);
});

test("pointing at a weight shows its computation with the reference's numbers; a click locks it, Escape releases", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  const reference = referenceOf(createInitialState());
  const formula = page.getByTestId("cell-formula");
  const [i, j] = [2, 5];
  const weight = headRows(reference.weights, 0)[i]?.[j] as number;

  await expect(formula).toHaveCount(0);
  await hoverCell(page, "view-weights", i, j);
  await expect(formula).toHaveAttribute(
    "data-tex",
    new RegExp(`^a_\\{${i + 1}${j + 1}\\}.*= ${tex(weight, 5)}$`),
  );

  // A click locks the cell: the formula stays when the mouse leaves.
  await clickCell(page, "view-weights", i, j);
  const locked = await formula.getAttribute("data-tex");
  await page.mouse.move(1, 1);
  await hoverCell(page, "view-weights", 0, 0);
  await page.mouse.move(1, 1);
  await expect(formula).toHaveAttribute("data-tex", locked as string);
  await page.keyboard.press("Escape");
  await expect(formula).toHaveCount(0);
  // Without an Escape key (a phone, a clicker), the panel's button releases it.
  await clickCell(page, "view-weights", i, j);
  await expect(page.locator(".ap-formula")).toContainText(
    `Locked on query ${i + 1}, key ${j + 1} of head 1.`,
  );
  await page.mouse.move(1, 1);
  await page.getByTestId("formula-release").click();
  await expect(formula).toHaveCount(0);
  await expect(page.getByTestId("formula-release")).toHaveCount(0);

  // Step 3: the score is q_i · k_j, written out term by term (head 1's columns of Q and K).
  await goToStep(page, 3);
  await hoverCell(page, "view-scores", i, j);
  const { dK } = reference;
  const q = rowsOf(reference.q)[i]?.slice(0, dK) ?? [];
  const k = rowsOf(reference.k)[j]?.slice(0, dK) ?? [];
  const wrap = (x: number) => (x < 0 ? `(${tex(x)})` : tex(x));
  const products = q.map((x, c) => `${wrap(x)} \\times ${wrap(k[c] as number)}`).join(" + ");
  const score = headRows(reference.scores, 0)[i]?.[j] as number;
  expect(dK).toBeLessThanOrEqual(4); // every term is written out, none elided
  await expect(formula).toHaveAttribute(
    "data-tex",
    `s_{${i + 1}${j + 1}} = q_{${i + 1}} \\cdot k_{${j + 1}} = ${products} = ${tex(score)}`,
  );
  expect(errors).toEqual([]);
});

test("pointing moves the highlight only: the heatmap's canvas is not rebuilt", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  const formula = page.getByTestId("cell-formula");
  await hoverCell(page, "view-weights", 1, 1);
  await expect(formula).toHaveAttribute("data-tex", /^a_\{22\}/);
  const canvas = await cellCanvas(page, "view-weights").elementHandle();
  await hoverCell(page, "view-weights", 1, 2);
  await expect(formula).toHaveAttribute("data-tex", /^a_\{23\}/);
  await hoverCell(page, "view-weights", 2, 2);
  await expect(formula).toHaveAttribute("data-tex", /^a_\{33\}/);
  // Guards against a bug seen while this suite was written: every pointer move onto a new cell rebuilt the
  // main heatmap and the small multiples, because headMatrix() → layer() returns a new Matrix object on each
  // render and HeatmapView rebuilt whenever `matrix` changed identity (Playwright's locator.hover() then
  // retried until it timed out: "element was detached"). Pointing must only repaint the highlight overlay.
  expect(await canvas?.evaluate((node) => node.isConnected)).toBe(true);
  expect(errors).toEqual([]);
});

test("editing a Q cell by hand changes scores, weights and output to the reference's values", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByRole("tab", { name: "Q, K, V by hand" }).click();
  await expect(page.getByRole("tab", { name: "Q, K, V by hand" })).toHaveAttribute("aria-selected", "true");
  // Q, K, V by hand start with 1 head; the example's Q, K, V are set here as 2 heads of width 1. Head 1 is
  // symmetric (k1 = k3 in its column), so that its output stays 3 whatever Q holds: the edit goes to head 2's
  // column, and the tables show head 2.
  await page.getByTestId("heads").fill("2");
  const twoHeads: Action[] = [
    { type: "setInput", input: "matrices" },
    { type: "setHeads", heads: 2 },
  ];
  const before = referenceOf(stateAfter(...twoHeads));
  await expectTable(page, "view-weights", headRows(before.weights));
  await page.getByTestId("head-2").click();
  await expect(page.getByTestId("head-2")).toHaveAttribute("aria-pressed", "true");
  await expectTable(page, "view-weights", headRows(before.weights, 1));

  await matrixCell(page, "Q", 1, 2).fill("2");
  const q = [
    ["1", "2"],
    ["0", "1"],
    ["1", "1"],
  ];
  const after = referenceOf(stateAfter(...twoHeads, { type: "setMatrix", name: "q", cells: q }));
  // The edit changes every stage that depends on Q, so matching `after` proves the views followed it.
  expect(maxDiff(headRows(after.scores, 1), headRows(before.scores, 1))).toBeGreaterThan(0.1);
  expect(maxDiff(headRows(after.weights, 1), headRows(before.weights, 1))).toBeGreaterThan(0.01);
  expect(maxDiff(rowsOf(after.output), rowsOf(before.output))).toBeGreaterThan(0.01);
  await expectTable(page, "view-weights", headRows(after.weights, 1));
  await goToStep(page, 3);
  await expectTable(page, "view-scores", headRows(after.scores, 1));
  await goToStep(page, 8);
  await expectTable(page, "view-output", rowsOf(after.output));
  expect(errors).toEqual([]);
});

test("pasting a spreadsheet block or a NumPy printout into Q writes it from the cell pasted into", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByRole("tab", { name: "Q, K, V by hand" }).click();

  await paste(matrixCell(page, "Q", 1, 1), "1\t2\n3\t4\n5\t6");
  const block = [
    ["1", "2"],
    ["3", "4"],
    ["5", "6"],
  ];
  await expectMatrixCells(page, "Q", block);
  const pasted = stateAfter(
    { type: "setInput", input: "matrices" },
    { type: "setMatrix", name: "q", cells: block },
  );
  await expectTable(page, "view-weights", headRows(referenceOf(pasted).weights));

  await paste(matrixCell(page, "Q", 1, 1), "array([[1., 0.],\n       [0., 1.]])");
  const numpy = [
    ["1", "0"],
    ["0", "1"],
    ["5", "6"],
  ];
  await expectMatrixCells(page, "Q", numpy);
  const state = reduce(pasted, { type: "setMatrix", name: "q", cells: numpy });
  await expectTable(page, "view-weights", headRows(referenceOf(state).weights));
  expect(errors).toEqual([]);
});

test("pasting a European CSV (0,5;-1,2) into V writes its decimal commas as numbers; a doubtful paste says how it read them", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Q, K and V typed by hand: 3 tokens, one head of d_k = 2, no mask; step 7, the head's output O = A·V.
  const state = typedState({ heads: 1, step: 7, showTables: true });
  await openOnWasm(page, state);
  await paste(matrixCell(page, "V", 1, 1), "0,5;-1,2\n1,5;2\n-0,25;3,75\n");
  await expectMatrixCells(page, "V", [
    ["0.5", "-1.2"],
    ["1.5", "2"],
    ["-0.25", "3.75"],
  ]);
  await expect(page.getByTestId("paste-note")).toHaveCount(0);
  // By numpy: softmax(QKᵀ/√2) V with that V.
  await expectTable(page, "view-head-output", [
    [1.06776626, 1.72692689],
    [0.33565145, 1.48873552],
    [0.87808269, 2.18408822],
  ]);

  // One column, "0,5" on each line, pasted into V's second column: read as a CSV it would add a column.
  await paste(matrixCell(page, "V", 1, 2), "0,5\n-1,2\n2,5");
  await expectMatrixCells(page, "V", [
    ["0.5", "0", "5"],
    ["1.5", "-1", "2"],
    ["-0.25", "2", "5"],
  ]);
  await expect(page.getByTestId("paste-note")).toContainText(
    'V: the "," in "0,5" on line 1 was read as a separator between entries, so the block is 3 × 2; read as decimal commas (0,5 for 0.5), it is 3 × 1',
  );
  await page.getByTestId("paste-otherwise").click();
  await expect(page.getByTestId("paste-note")).toHaveCount(0);
  await expectMatrixCells(page, "V", [
    ["0.5", "0.5"],
    ["1.5", "-1.2"],
    ["-0.25", "2.5"],
  ]);
  await expect(matrixCell(page, "V", 1, 3)).toHaveCount(0);
  await expectTable(page, "view-head-output", [
    [1.06776626, -0.35570545],
    [0.33565145, 1.09648394],
    [0.87808269, 0.07172366],
  ]);
  expect(errors).toEqual([]);
});

test("a 3 × 4 problem typed by hand shows numpy's numbers: scaled scores, weights and output to 1e-6", async ({
  page,
}) => {
  // Expected numbers are literals that numpy computed in float64 (the script is in src/core/knownAnswers.ts),
  // not the reference: this checks the page against an independent path. Rows are queries, columns keys.
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByRole("tab", { name: "Q, K, V by hand" }).click();
  await page.getByTestId("heads").fill("1");
  type Rows = readonly (readonly number[])[];
  const { q, k, v } = NUMPY_3X4.spec.source as { q: Rows; k: Rows; v: Rows };
  const tsv = (m: Rows) => m.map((row) => row.join("\t")).join("\n");
  await paste(matrixCell(page, "Q", 1, 1), tsv(q));
  await paste(matrixCell(page, "K", 1, 1), tsv(k));
  await paste(matrixCell(page, "V", 1, 1), tsv(v));
  await expectMatrixCells(
    page,
    "K",
    k.map((row) => row.map(String)),
  );
  await expectMatrixCells(
    page,
    "V",
    v.map((row) => row.map(String)),
  );
  await expect(page.getByTestId("heads")).toHaveValue("1");

  await goToStep(page, 4);
  await expectTable(page, "view-scaled", NUMPY_3X4.scaled as number[][], 1e-6);
  await goToStep(page, 6);
  await expectTable(page, "view-weights", NUMPY_3X4.weights as number[][], 1e-6);
  await goToStep(page, 8);
  await expectTable(page, "view-output", NUMPY_3X4.output as number[][], 1e-6);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  expect(errors).toEqual([]);
});

test("garbage in a Q cell is marked and named, the views keep the last valid result, and fixing it clears the error", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByRole("tab", { name: "Q, K, V by hand" }).click();
  const valid = headRows(referenceOf(stateAfter({ type: "setInput", input: "matrices" })).weights);
  await expectTable(page, "view-weights", valid);
  const shown = await readTable(page, "view-weights");

  const cell = matrixCell(page, "Q", 1, 1);
  await cell.fill("abc");
  await expect(cell).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("errors")).toContainText("Q row 1, column 1");
  await expect(page.getByTestId("errors")).toContainText("The views still show the last valid result.");
  expect(await readTable(page, "view-weights")).toEqual(shown);
  await expect(cell).toHaveValue("abc");

  await cell.fill("1");
  await expect(page.getByTestId("errors")).toHaveCount(0);
  await expect(cell).not.toHaveAttribute("aria-invalid");
  await expectTable(page, "view-weights", valid);
  expect(errors).toEqual([]);
});

test("a painted mask cell is −∞ at step 5 and a weight of exactly 0 at step 6; its row still sums to 1", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByTestId("mask-kind").selectOption("custom");
  const [i, j] = [2, 0];
  const button = page.getByTestId("mask-painter").locator("tbody tr").nth(i).getByRole("button").nth(j);
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  const state = stateAfter(
    { type: "setMaskKind", kind: "custom" },
    { type: "toggleMaskCell", query: i, key: j },
  );
  const reference = referenceOf(state);
  expect(headRows(reference.weights)[i]?.[j]).toBe(0);

  await goToStep(page, 5);
  const at = (view: string) =>
    page.getByTestId(`${view}-table`).locator(`td[data-row="${i}"][data-col="${j}"]`);
  await expect(at("view-masked")).toHaveAttribute("data-value", "-Infinity");
  await expectTable(page, "view-masked", headRows(reference.masked));

  await goToStep(page, 6);
  // The weights table shows the weight the softmax gave a masked cell, exactly 0 (not −∞), so rows sum to 1.
  await expect(at("view-weights")).toHaveAttribute("data-value", "0");
  // Drawn as masked, but a masked weight is 0: only masked scores are −∞ (the legend's swatch too).
  await expect(at("view-weights")).toHaveText("0");
  await expect(at("view-weights")).toHaveClass(/ap-masked/);
  const legend = page.getByTestId("view-weights").locator(".ap-legend");
  await expect(legend.locator(".ap-legend-masked + text")).toHaveText("0");
  await expect(legend).not.toContainText("∞");
  expectRowsSumToOne([(await readTable(page, "view-weights"))[i] ?? []]);
  await expectTable(page, "view-weights", headRows(reference.weights));
  expect(errors).toEqual([]);
});

test("a causal mask gives every key after the query a weight of exactly 0", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByTestId("mask-kind").selectOption("causal");
  const reference = referenceOf(stateAfter({ type: "setMaskKind", kind: "causal" }));
  await expect(
    page.getByTestId("view-weights-table").locator('td[data-row="0"][data-col="1"]'),
  ).toHaveAttribute("data-value", "0");
  await expectTable(page, "view-weights", headRows(reference.weights));
  const weights = await readTable(page, "view-weights");
  for (const [i, row] of weights.entries()) {
    for (const [j, w] of row.entries()) if (j > i) expect(w, `weight (${i}, ${j})`).toBe(0);
  }
  expectRowsSumToOne(weights);
  expect(errors).toEqual([]);
});

test("switching to Q, K, V by hand from 2 heads sets 1 head and says so: the textbook 3 × 3 example computes", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await expect(page.getByTestId("heads")).toHaveValue("2");
  await page.getByRole("tab", { name: "Q, K, V by hand" }).click();
  await expect(page.getByTestId("side-effect")).toContainText("start with 1 head (there were 2)");
  await expect(page.getByTestId("heads")).toHaveValue("1");
  await showTables(page);
  for (const name of ["Q", "K", "V"]) await paste(matrixCell(page, name, 1, 1), "1\t2\t3\n4\t5\t6\n7\t8\t9");
  await expect(page.getByTestId("errors")).toHaveCount(0);
  // softmax(X·Xᵀ/√3) by numpy: one-hot on the third key, up to 3.07e-5.
  await expectTable(page, "view-weights", [
    [9.4047094683e-10, 3.0666628521e-5, 0.99996933243],
    [2.7126687036e-23, 5.2083286221e-12, 0.99999999999],
    [7.8241075396e-37, 8.8453985436e-19, 1],
  ]);
  expect(errors).toEqual([]);
});

test("step 7 shows the V that the head weighs: head 2's own columns, beside head 2's output", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Q = K = I (2 heads of width 1), V 2 × 4 (2 heads of width 2): head 2 weighs V's columns 3 and 4.
  const state: ExplorerState = {
    ...createInitialState(),
    input: "matrices",
    matrices: {
      q: [
        ["1", "0"],
        ["0", "1"],
      ],
      k: [
        ["1", "0"],
        ["0", "1"],
      ],
      v: [
        ["1", "2", "3", "4"],
        ["5", "6", "7", "8"],
      ],
      labels: { queries: [], keys: [] },
    },
    heads: 2,
    head: 1,
    step: 7,
    showTables: true,
    backend: "wasm",
  };
  await openOnWasm(page, state);
  await expectTable(page, "view-v", [
    [3, 4],
    [7, 8],
  ]);
  // Head 2's scores are [0, 0] and [0, 1]: weights ½, ½ and 1/(1+e), e/(1+e) = 0.26894142, 0.73105858.
  await expectTable(page, "view-head-output", [
    [5, 6],
    [5.92423431, 6.92423431],
  ]);
  await expect(page.getByTestId("view-v-table")).toContainText("V of head 2 (values, columns 3–4)");
  // The output beside it says it is head 2's, as the V does.
  await expect(page.getByTestId("view-head-output-table")).toContainText(
    "Output of the head O = A·V · Head 2",
  );
  expect(errors).toEqual([]);
});

test("a data table says whose numbers it holds, as its heatmap does: head 2's scores, the mean of the heads' weights", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Q, K and V typed by hand, 2 heads of d_k = 1, causal mask; by numpy.
  const state = typedState({ heads: 2, head: 1, step: 3, showTables: true }, "causal");
  await openOnWasm(page, state);
  // Head 2's scores: Q's column 2 times K's column 2.
  await expectTable(page, "view-scores", [
    [-0.48, 0.6, -1.08],
    [0.32, -0.4, 0.72],
    [0.1, -0.125, 0.225],
  ]);
  await expect(page.getByTestId("view-scores-table").locator("caption")).toHaveText(
    "Scores S = Q·Kᵀ · Head 2",
  );
  await goToStep(page, 6);
  await page.getByTestId("head-mean").click();
  await expectTable(page, "view-weights", [
    [1, 0, 0],
    [0.65220972, 0.34779028, 0],
    [0.1958845, 0.51313538, 0.29098013],
  ]);
  await expect(page.getByTestId("view-weights-table").locator("caption")).toHaveText(
    "Attention weights A · Mean of heads",
  );
  expect(errors).toEqual([]);
});

test("4 heads give 4 small multiples and their mean; clicking head 3 shows head 3's weights", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await expect(page.getByTestId("d-model")).toHaveValue("8");
  await page.getByTestId("heads").fill("4");
  for (const id of ["head-1", "head-2", "head-3", "head-4", "head-mean"])
    await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId("head-5")).toHaveCount(0);

  await page.getByTestId("head-3").click();
  await expect(page.getByTestId("head-3")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("view-weights").locator("figcaption")).toContainText("Head 3");
  const reference = referenceOf(stateAfter({ type: "setHeads", heads: 4 }));
  expect(reference.heads).toBe(4);
  await expectTable(page, "view-weights", headRows(reference.weights, 2));
  expect(errors).toEqual([]);
});

test("every score function, with and without scaling, gives the reference's weights", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  const score = page.getByTestId("score");
  const scaling = page.getByTestId("scaling");
  await expect(scaling).toBeChecked();

  for (const name of ["dot", "general", "additive", "cosine", "scaled-dot"] as const) {
    await score.selectOption(name);
    const reference = referenceOf(stateAfter({ type: "setScore", score: name }));
    await expectTable(page, "view-weights", headRows(reference.weights));
    if (name === "dot" || name === "scaled-dot") await expect(scaling).toBeEnabled();
    else await expect(scaling).toBeDisabled();
  }

  await scaling.uncheck();
  await expect(score).toHaveValue("dot");
  await expectTable(
    page,
    "view-weights",
    headRows(referenceOf(stateAfter({ type: "setScaled", scaled: false })).weights),
  );
  await scaling.check();
  await expect(score).toHaveValue("scaled-dot");
  await expectTable(page, "view-weights", headRows(referenceOf(createInitialState()).weights));
  expect(errors).toEqual([]);
});

test("switching backends names the backend in use and keeps the weights within 1e-5 of the reference", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  const expected = headRows(referenceOf(createInitialState()).weights);
  for (const [choice, name] of [
    ["webgl", "webgl"],
    ["cpu", "cpu"],
    ["exact", "float64 reference"],
    ["wasm", "wasm"],
  ] as const) {
    await page.getByTestId("backend-select").selectOption(choice);
    await expect(page.getByTestId("backend-name")).toHaveText(name);
    await expectTable(page, "view-weights", expected);
  }
  await expect(page.getByRole("status").filter({ hasText: /backend/i })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("work is saved: a reload finds the text and settings as they were", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  const text = "The cat sat on the mat";
  await page.getByTestId("sequence-text").fill(text);
  await page.getByTestId("score").selectOption("cosine");
  await page.getByTestId("heads").fill("4");
  await page.getByTestId("mask-kind").selectOption("causal");
  await showTables(page);
  await goToStep(page, 3);

  await page.reload();
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await expect(page.getByTestId("sequence-text")).toHaveValue(text);
  await expect(chips(page)).toHaveCount(6);
  await expect(page.getByTestId("score")).toHaveValue("cosine");
  await expect(page.getByTestId("heads")).toHaveValue("4");
  await expect(page.getByTestId("mask-kind")).toHaveValue("causal");
  await expect(page.getByTestId("tables")).toBeChecked();
  // Step 3 of cosine scores: not Q·Kᵀ.
  await expect(page.getByTestId("step-title")).toHaveText("Scores");
  const state = stateAfter(
    { type: "setText", text },
    { type: "setScore", score: "cosine" },
    { type: "setHeads", heads: 4 },
    { type: "setMaskKind", kind: "causal" },
  );
  await expectTable(page, "view-scores", headRows(referenceOf(state).scores));
  expect(errors).toEqual([]);
});

test("undo and redo with Ctrl+Z, Ctrl+Shift+Z and the buttons; reset goes back to the example", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  const text = page.getByTestId("sequence-text");
  const score = page.getByTestId("score");
  await expect(page.getByTestId("undo")).toBeDisabled();
  await expect(page.getByTestId("redo")).toBeDisabled();

  await text.fill("The cat sat on the mat");
  await score.selectOption("cosine");
  await focusPage(page);
  await page.keyboard.press("Control+z");
  await expect(score).toHaveValue("scaled-dot");
  await expect(text).toHaveValue("The cat sat on the mat");
  await page.keyboard.press("Control+z");
  await expect(text).toHaveValue(DEFAULT_TEXT);
  await expect(page.getByTestId("undo")).toBeDisabled();
  await page.keyboard.press("Control+Shift+z");
  await expect(text).toHaveValue("The cat sat on the mat");
  await expect(score).toHaveValue("scaled-dot");
  await page.keyboard.press("Control+Shift+Z");
  await expect(score).toHaveValue("cosine");
  await expect(page.getByTestId("redo")).toBeDisabled();

  await page.getByTestId("undo").click();
  await expect(score).toHaveValue("scaled-dot");
  await page.getByTestId("undo").click();
  await expect(text).toHaveValue(DEFAULT_TEXT);
  await expect(chips(page)).toHaveCount(tokenize(DEFAULT_TEXT, "words").length);
  await page.getByTestId("redo").click();
  await expect(text).toHaveValue("The cat sat on the mat");
  await expect(chips(page)).toHaveCount(6);
  await page.getByTestId("redo").click();
  await expect(score).toHaveValue("cosine");

  // Ctrl+Z is the app's even inside the text field, so one key undoes the same way everywhere.
  await text.press("Control+z");
  await expect(score).toHaveValue("scaled-dot");

  // Reset goes back to the page a first visit opens on: the pronoun example, its lesson at the softmax stop.
  await page.getByTestId("reset").click();
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  await expect(score).toHaveValue("scaled-dot");
  await expect(page.getByTestId("heads")).toHaveValue("1");
  await expect(page.getByRole("tab", { name: "Q, K, V by hand" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("step-title")).toHaveText(STEP_TITLES[5] as string);
  await expect(cellCanvas(page, "view-weights")).toBeVisible();
  expect(errors).toEqual([]);
});

test("reset goes back to the example but keeps the dark theme, a viewing choice like the step", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await page.getByTestId("theme").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByTestId("sequence-text").fill("The cat sat on the mat");
  await page.getByTestId("reset").click();
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  // Like undo, reset restores the example's inputs and keeps how the page is viewed.
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(errors).toEqual([]);
});

/** n tokens "w1 … wn" under a causal mask, one head, at the weights' step. */
function longCausal(n: number, more: Partial<ExplorerState> = {}): ExplorerState {
  const tokens = Array.from({ length: n }, (_, i) => `w${i + 1}`);
  const initial = createInitialState();
  return {
    ...initial,
    sequence: { ...initial.sequence, text: tokens.join(" "), tokens },
    heads: 1,
    mask: { kind: "causal", validLength: n, painted: [] },
    step: 6,
    ...more,
  };
}

test("a long sequence (600 tokens): an overview of the whole and a 64-token window with the reference's numbers, moved by picking a block, pointing linked", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const state = longCausal(600);
  await openOwnWork(page, "", state);
  await showTables(page);
  const weights = headRows(referenceOf(state).weights, 0);
  const windowOf = (r0: number, c0: number) =>
    weights.slice(r0, r0 + 64).map((row) => row.slice(c0, c0 + 64));
  // Blocks of ⌈600 / 256⌉ = 3 tokens: a 200 × 200 overview.
  const overview = page.getByTestId("view-weights-overview");
  await expect(overview).toContainText("600 queries × 600 keys");
  await expect(overview.locator(".ap-plot").first()).toHaveAttribute("data-rows", "200");
  const window = page.getByTestId("view-weights-overview-window");
  await expect(window).toContainText("queries 1–64, keys 1–64");
  await expectTable(page, "view-weights", windowOf(0, 0));

  // Block (100, 90) is queries 301–303 and keys 271–273: the window moves to start there.
  await clickCell(page, "view-weights-overview-heatmap", 100, 90);
  await expect(window).toContainText("queries 301–364, keys 271–334");
  await expectTable(page, "view-weights", windowOf(300, 270));
  // The window's cell (5, 2) is query 306 and key 273 of the whole: the formula says so, with its weight.
  await hoverCell(page, "view-weights", 5, 2);
  await expect(page.getByTestId("cell-formula")).toHaveAttribute(
    "data-tex",
    // The weight as TeX ("6.0220\\times10^{-4}"), its backslash, braces and caret taken literally.
    new RegExp(`^a_\\{306,273\\}.*= ${tex(weights[305]![272]!, 5).replace(/[\\^{}.]/g, "\\$&")}$`),
  );
  // Step 2's vectors follow the window: queries' rows from 301, keys' and values' from 271.
  await goToStep(page, 2);
  const firstLabel = (view: string) => page.getByTestId(view).locator(".ap-vector-label").first();
  await expect(firstLabel("view-q")).toHaveText("w301");
  await expect(firstLabel("view-k")).toHaveText("w271");
  await expect(firstLabel("view-v")).toHaveText("w271");
  await expect(page.getByTestId("view-k").locator(".ap-vector-label")).toHaveCount(64);
  expect(errors).toEqual([]);
});

test("weight colours by row in a long sequence's window: a row is coloured by its largest weight over the whole row, not the window's", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const state = longCausal(600, { palette: "viridis", weightScale: "row" });
  await openOwnWork(page, "", state);
  // Block (100, 90) of the overview: the window is queries 301–364, keys 271–334.
  await clickCell(page, "view-weights-overview-heatmap", 100, 90);
  await expect(page.getByTestId("view-weights-overview-window")).toContainText(
    "queries 301–364, keys 271–334",
  );
  // From the float64 reference: a row reaches viridis's top colour (#fde725, ramp step 255 of 255) only when the
  // window holds a weight within half a step of its whole row's largest, which for most rows lies to the left.
  const weights = headRows(referenceOf(state).weights, 0);
  const share = (r: number) => Math.max(...weights[r]!.slice(270, 334)) / Math.max(...weights[r]!);
  const rows = Array.from({ length: 64 }, (_, i) => share(300 + i));
  const surely = rows.filter((x) => x >= 0.999).length;
  const possibly = rows.filter((x) => x >= 0.997).length;
  expect(possibly).toBeLessThan(64);
  const canvas = page.getByTestId("view-weights").locator("canvas.ap-cells");
  const rowsWithTop = () => rowsWithTopColour(canvas, 64);
  await expect.poll(rowsWithTop).toBeGreaterThanOrEqual(surely);
  expect(await rowsWithTop()).toBeLessThanOrEqual(possibly);
  expect(errors).toEqual([]);
});

test("4,096 tokens' chips scroll in their box, built near its visible part only: a chip far down is edited, and focus stays on it", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const tokens = Array.from({ length: 4096 }, (_, i) => `w${i + 1}`);
  const initial = createInitialState();
  const state: ExplorerState = {
    ...initial,
    sequence: { ...initial.sequence, text: tokens.join(" "), tokens },
    heads: 1,
    step: 1,
  };
  await openOwnWork(page, "", state);
  const box = page.getByTestId("token-chips");
  await expect(page.getByText("Tokens (4096)")).toBeVisible();
  await expect(chips(page).first()).toHaveText(/^1 w1/);
  // The box is as tall as its CSS says, not as its 4,096 chips: the settings below it stay near the top.
  expect((await box.boundingBox())?.height).toBeLessThan(400);
  const built = () => chips(page).count();
  expect(await built()).toBeLessThanOrEqual(128);
  // Scrolled two thirds down, the chips on show are built, and a gap stands for those above. (Where two thirds
  // lands is approximate: the gaps' heights are estimated from the chunks measured so far.)
  await box.evaluate((node) => (node.scrollTop = (node.scrollHeight * 2) / 3));
  const shown = async () =>
    box.evaluate((node) => {
      const frame = node.getBoundingClientRect();
      return [...node.querySelectorAll<HTMLElement>(".ap-chip-text")]
        .filter((chip) => {
          const r = chip.getBoundingClientRect();
          return r.bottom > frame.top && r.top < frame.bottom;
        })
        .map((chip) => Number(chip.dataset.index));
    });
  await expect.poll(async () => (await shown()).length).toBeGreaterThan(4);
  const onShow = await shown();
  expect(Math.min(...onShow)).toBeGreaterThan(1500);
  expect(Math.max(...onShow)).toBeLessThan(3500);
  expect(Math.max(...onShow) - Math.min(...onShow)).toBeLessThan(64);
  expect(await built()).toBeLessThanOrEqual(128);
  // Edit one of them: the token changes, in the text too, and focus comes back to its chip.
  const index = onShow[Math.floor(onShow.length / 2)]!;
  await box.locator(`.ap-chip-text[data-index="${index}"]`).click();
  await expect(box.locator("input")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("far");
  await page.keyboard.press("Enter");
  const edited = box.locator(`.ap-chip-text[data-index="${index}"]`);
  await expect(edited).toBeFocused();
  await expect(edited).toHaveAccessibleName(`Edit token ${index + 1}: far`);
  await expect(page.getByTestId("sequence-text")).toHaveValue(
    tokens.map((token, i) => (i === index ? "far" : token)).join(" "),
  );
  // Scrolled back to the top, the focused chip stays built (focus is not lost), and the first chips show.
  await box.evaluate((node) => (node.scrollTop = 0));
  await expect(chips(page).first()).toHaveText(/^1 w1/);
  await expect(edited).toBeFocused();
  expect(errors).toEqual([]);
});

test("4,100 words is past the 4,096-token limit: an error says so, the views and the typed text stay", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  const valid = headRows(referenceOf(createInitialState()).weights);
  await expectTable(page, "view-weights", valid);
  const long = Array.from({ length: 4100 }, (_, i) => `word${i}`).join(" ");
  await page.getByTestId("sequence-text").fill(long);
  await expect(page.getByTestId("errors")).toContainText("the limit is 4096");
  await expect(page.getByTestId("errors")).toContainText("4100 tokens");
  await expect(page.getByTestId("sequence-text")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("sequence-text")).toHaveValue(long);
  // Every token has its chip, but only those near the chips' box's visible part are built: a pasted book
  // must not build tens of thousands of nodes. The last one is there once the box is scrolled to it.
  await expect(page.getByText("Tokens (4100)")).toBeVisible();
  expect(await chips(page).count()).toBeLessThanOrEqual(128);
  await page.getByTestId("token-chips").evaluate((box) => (box.scrollTop = box.scrollHeight));
  await expect(chips(page).last()).toHaveText(/^4100 word4099/);
  expect(await chips(page).count()).toBeLessThanOrEqual(128);
  await expect(cellCanvas(page, "view-weights")).toBeVisible();
  expect(maxDiff(await readTable(page, "view-weights"), valid)).toBeLessThanOrEqual(TOLERANCE);
  expect(errors).toEqual([]);
});

test("a saved state the engine cannot hold (4 heads of 4,096²) opens with its error and a step that says to fix it, not to type", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const tokens = Array.from({ length: 4096 }, (_, i) => `w${i + 1}`);
  const initial = createInitialState();
  await seedOwnWork(page, {
    ...initial,
    sequence: { ...initial.sequence, text: tokens.join(" "), tokens },
    heads: 4,
    step: 6,
  });
  // Nothing is computed, so no backend is named: the page is opened without waiting for one.
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("errors")).toContainText("4 heads × 4096 queries × 4096 keys");
  await expect(page.locator(".ap-step-card")).toContainText("Nothing to show yet: fix what is said above");
  await expect(page.locator(".ap-step-card")).not.toContainText("Type some text");
  await expect(page.getByText("Tokens (4096)")).toBeVisible();
  await expect(page.getByTestId("heads")).toHaveValue("4");
  expect(errors).toEqual([]);
});

test("a d_model that heads do not divide (6 and 4) is refused with a message about heads; the last result stays", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await showTables(page);
  await page.getByTestId("d-model").fill("6");
  const valid = headRows(referenceOf(stateAfter({ type: "setModelSize", dModel: 6 })).weights);
  await expectTable(page, "view-weights", valid);
  const shown = await readTable(page, "view-weights");

  await page.getByTestId("heads").fill("4");
  await expect(page.getByTestId("errors")).toContainText("heads");
  await expect(page.getByTestId("heads")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("heads")).toHaveValue("4");
  expect(await readTable(page, "view-weights")).toEqual(shown);
  await expect(page.getByTestId("head-4")).toHaveCount(0);

  await page.getByTestId("heads").fill("3");
  await expect(page.getByTestId("errors")).toHaveCount(0);
  await expect(page.getByTestId("head-3")).toBeVisible();
  const three = stateAfter({ type: "setModelSize", dModel: 6 }, { type: "setHeads", heads: 3 });
  await expectTable(page, "view-weights", headRows(referenceOf(three).weights));
  expect(errors).toEqual([]);
});

test("the language button switches to Chinese", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByTestId("lang").click();
  await expect(page.getByTestId("step-title")).toHaveText("Softmax：注意力权重");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.reload();
  await expect(page.getByTestId("step-title")).toHaveText("Softmax：注意力权重");
  await page.getByTestId("lang").click();
  await expect(page.getByTestId("step-title")).toHaveText("Softmax: attention weights");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(errors).toEqual([]);
});

test("?lang=zh-CN opens in Chinese, and Chinese text 我爱猫 is split into 3 tokens", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page, "&lang=zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("step-title")).toHaveText("Softmax：注意力权重");
  await page.getByTestId("sequence-text").fill("我爱猫");
  await expect(chips(page)).toHaveCount(3);
  await expect(chips(page)).toHaveText([/我/, /爱/, /猫/]);
  await showTables(page);
  await expectTable(
    page,
    "view-weights",
    headRows(referenceOf(stateAfter({ type: "setText", text: "我爱猫" })).weights),
  );
  expect(errors).toEqual([]);
});

test("on a phone the current step's button stays in view in the step bar as → and ← move it", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openOwnWork(page, "&step=1");
  const list = page.locator(".ap-step-list");
  // The eight steps do not fit: the bar scrolls sideways.
  expect(await list.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
  const currentInView = () =>
    list.evaluate((box) => {
      const shown = box.getBoundingClientRect();
      const pill = box.querySelector('[aria-current="step"]')!.getBoundingClientRect();
      // All of it, or as much as the bar holds from its number on (the current step shows its title).
      const visible = Math.min(pill.right, shown.right) - Math.max(pill.left, shown.left);
      return pill.left >= shown.left - 1 && visible >= Math.min(pill.width, shown.width) - 1;
    });
  // The step buttons → and ← sit outside the bar: clicking them scrolls nothing in it.
  for (const [button, step] of [
    ["next-step", 2],
    ["next-step", 3],
    ["next-step", 4],
    ["next-step", 5],
    ["next-step", 6],
    ["next-step", 7],
    ["next-step", 8],
    ["prev-step", 7],
  ] as const) {
    await page.getByTestId(button).click();
    await expect(stepButton(page, step)).toHaveAttribute("aria-current", "step");
    await expect.poll(currentInView).toBe(true);
  }
  for (let step = 6; step >= 1; step--) await page.getByTestId("prev-step").click();
  await expect(stepButton(page, 1)).toHaveAttribute("aria-current", "step");
  await expect.poll(currentInView).toBe(true);
  expect(errors).toEqual([]);
});

for (const { name, width, height } of [
  { name: "a phone", width: 390, height: 844 },
  { name: "a projector", width: 1920, height: 1080 },
  { name: "a 1440p screen", width: 2560, height: 1440 },
]) {
  test(`on ${name} (${width}×${height}) the page has no horizontal scrollbar and shows the weights heatmap`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height });
    await openOwnWork(page);
    const canvas = cellCanvas(page, "view-weights");
    await expect(canvas).toBeVisible();
    const sizes = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.clientWidth + 1);
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    // The heatmap sizes its cells to the width it is given, so 11 keys fit without scrolling sideways.
    // The heatmap is sized to the step card's content box: it fits its figure, no sideways scroll inside it.
    const body = page.getByTestId("view-weights").locator(".ap-heatmap-body");
    const scroll = await body.evaluate((node) => ({
      scrollWidth: node.scrollWidth,
      clientWidth: node.clientWidth,
    }));
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth + 1);
    expect(errors).toEqual([]);
  });
}

test("the dark theme button sets html[data-theme=dark], and it survives a reload", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page);
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.getByTestId("theme").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByTestId("theme").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(errors).toEqual([]);
});

test("scrubbing τ with the slider on a worker's problem: the worker computes the next value ahead, and each picture shows its own τ", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // The worker's problem (PAGE_WORK), and small enough to be computed ahead (AHEAD_WORK).
  const weightsAt = await open160Tokens(page, "worker");
  const aheads = () => page.evaluate(() => performance.getEntriesByName("ap:ahead").length);
  const before = await aheads();
  const slider = page.getByTestId("temperature");
  await slider.focus();
  // The slider's values from τ = 1 (10^x to three digits, x in steps of 0.01): 1.02, 1.05, 1.07, 1.1, and
  // back to 1.07.
  for (const [key, temperature] of [
    ["ArrowRight", 1.02],
    ["ArrowRight", 1.05],
    ["ArrowRight", 1.07],
    ["ArrowRight", 1.1],
    ["ArrowLeft", 1.07],
  ] as const) {
    await page.keyboard.press(key);
    await expect(page.getByRole("spinbutton", { name: "τ", exact: true })).toHaveValue(String(temperature));
    await expectTable(page, "view-weights", headRows(weightsAt(temperature), 0));
    await expect(page.getByTestId("stale")).toHaveCount(0);
  }
  // The first step told which way the slider moves, the second that it keeps on: the next two were computed
  // ahead; the step back was not.
  expect((await aheads()) - before).toBe(2);
  expect(errors).toEqual([]);
});

test.describe("on a touch screen", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the computation says to tap a cell, not to point at it and press Escape", async ({ page }) => {
    await openOwnWork(page, "&step=6");
    await expect(page.locator(".ap-formula .ap-hint")).toHaveText(
      "Tap a cell to see its computation with the real numbers; Release lets it go.",
    );
  });
});
