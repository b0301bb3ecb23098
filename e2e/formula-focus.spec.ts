import type { Page } from "@playwright/test";
import type { ExplorerState } from "../src/explorer/state";
import { expectTable, openOnWasm, openOwnWork, typedState } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

test("Release hands keyboard focus to the formula panel, not to the page's body", async ({ page }) => {
  const errors = collectErrors(page);
  await openOwnWork(page, "&step=6");
  // A keyboard user: into the weights, onto a cell, Enter locks it.
  const plot = page.getByTestId("view-weights").locator(".ap-plot");
  await plot.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  const release = page.getByTestId("formula-release");
  await expect(release).toBeVisible();
  await release.focus();
  await page.keyboard.press("Enter");
  await expect(release).toHaveCount(0);
  await expect(page.locator(".ap-formula")).toBeFocused();
  await expect(page.locator("body")).not.toBeFocused();
  expect(errors).toEqual([]);
});

/** Q, K and V typed by hand, 3 tokens, d_k = 2, with negative and fractional values; one head, no mask. */
const TYPED: ExplorerState = typedState({ heads: 1 });

/** Clicks cell (query, key) of a step's heatmap, which locks it, and gives the formula panel's formula. */
async function lockCell(page: Page, view: string, query: number, key: number) {
  const canvas = page.getByTestId(view).locator("canvas.ap-cells");
  await canvas.scrollIntoViewIfNeeded();
  const { rows, cols } = await page
    .getByTestId(view)
    .locator(".ap-plot")
    .evaluate((plot: HTMLElement) => ({ rows: Number(plot.dataset.rows), cols: Number(plot.dataset.cols) }));
  await canvas.click({
    position: {
      x: ((key + 0.5) * (await canvas.evaluate((c) => c.clientWidth))) / cols,
      y: ((query + 0.5) * (await canvas.evaluate((c) => c.clientHeight))) / rows,
    },
  });
  await expect(page.getByTestId("formula-release")).toBeVisible();
  return page.getByTestId("cell-formula");
}

test("the score's formula writes the numbers as they were typed: 1.5 × 1.1, not 1.5 × 1.100", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...TYPED, step: 3 });
  // By hand: s₃₂ = q₃ · k₂ = 1.5 × 1.1 + 0.25 × (−0.5) = 1.65 − 0.125 = 1.525. The engine holds 1.1 in float32
  // (1.100000024), which is still the 1.1 that was typed.
  const formula = await lockCell(page, "view-scores", 2, 1);
  await expect(formula).toHaveAttribute(
    "data-tex",
    "s_{32} = q_{3} \\cdot k_{2} = 1.5 \\times 1.1 + 0.25 \\times (-0.5) = 1.525",
  );
  expect(errors).toEqual([]);
});

test("step 8 of Q, K and V typed by hand says the heads are concatenated, with no W_O, as its numbers are", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, {
    ...TYPED,
    heads: 2,
    mask: { ...TYPED.mask, kind: "causal" },
    step: 8,
    showTables: true,
  });
  await expect(page.getByTestId("step-title")).toHaveText("Heads concatenated");
  await expect(page.getByTestId("step-formula")).not.toHaveAttribute("data-tex", /W_O/u);
  // By numpy: two heads of d_k = 1, causal; Y is the heads' outputs side by side, multiplied by nothing.
  const concatenated = [
    [2, -1],
    [1.44771863, -0.50891053],
    [0.18511924, 0.95464652],
  ];
  await expectTable(page, "view-concat", concatenated);
  await expectTable(page, "view-output", concatenated);
  await page.getByTestId("lang").click();
  await expect(page.getByTestId("step-title")).toHaveText("拼接各头");
  expect(errors).toEqual([]);
});

test("step 4 with the scaled dot product off says S̃ = S / τ, as its numbers are, with no √d_k", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...TYPED, score: "dot", temperature: 2, step: 4, showTables: true });
  await expect(page.getByTestId("step-formula")).toHaveAttribute("data-tex", "\\tilde S = \\frac{S}{\\tau}");
  // By hand: the scores of the typed Q and K (step 3), halved by τ = 2, not divided by √2.
  await expectTable(page, "view-scaled", [
    [-0.415, 0.575, -0.49],
    [0.265, -0.365, 0.33],
    [-0.475, 0.7625, 0.2625],
  ]);
  await expect(page.locator(".ap-step-text")).not.toContainText("dividing by √d_k");
  expect(errors).toEqual([]);
});

test("step 3 with cosine scores says S is cosine similarity, not Q·Kᵀ, as its numbers are", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...TYPED, score: "cosine", step: 3, showTables: true });
  await expect(page.getByTestId("step-title")).toHaveText("Scores");
  await expect(page.getByTestId("step-formula")).toHaveAttribute(
    "data-tex",
    "s_{ij} = \\frac{q_i \\cdot k_j}{\\lVert q_i \\rVert\\,\\lVert k_j \\rVert}",
  );
  // By numpy: the typed rows of Q and K, each divided by its length, multiplied.
  await expectTable(page, "view-scores", [
    [-0.79191407, 0.7321129, -0.81766096],
    [0.76940988, -0.70710678, 0.83786306],
    [-0.77486502, 0.82995118, 0.37446305],
  ]);
  expect(errors).toEqual([]);
});

test("step 6 of hard attention says each row's weight goes to its largest score, with no softmax, as its numbers are", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...TYPED, mode: "hard", step: 6, showTables: true });
  await expect(page.getByTestId("step-title")).toHaveText("Hard attention: weights");
  await expect(page.getByTestId("step-formula")).toHaveAttribute("data-tex", /\\arg\\max_k/u);
  await expect(page.getByTestId("step-formula")).not.toHaveAttribute("data-tex", /e\^\{/u);
  // By hand: the largest scores of the rows are 1.15 (key 2), 0.66 (key 3) and 1.525 (key 2).
  await expectTable(page, "view-weights", [
    [0, 1, 0],
    [0, 0, 1],
    [0, 1, 0],
  ]);
  expect(errors).toEqual([]);
});

test("the online softmax's formula writes ℓ as its table does: 1.2466 in both, not 1.247 beside 1.2466", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...TYPED, step: 6 });
  // By hand, query 1, blocks of 2 keys: m = 0.8132 (its scaled score for key 2), ℓ = e^(−0.5869 − 0.8132) + 1.
  await expect(page.getByTestId("online-block-1")).toContainText("1.2466");
  await expect(page.getByTestId("online-formula")).toHaveAttribute("data-tex", /= 0\.8132,.* = 1\.2466$/u);
  expect(errors).toEqual([]);
});

test("a cell of the mean of the heads writes out that mean, not head 1's computation", async ({ page }) => {
  const errors = collectErrors(page);
  const state = {
    ...TYPED,
    heads: 2,
    head: "mean" as const,
    mask: { ...TYPED.mask, kind: "causal" as const },
  };
  await openOnWasm(page, { ...state, step: 6 });
  // By numpy: the two heads' weights of query 3 and key 2 are 0.75389 and 0.27238, their mean 0.51314, the
  // number the cell shows; head 1's softmax alone (= 0.75389) is another cell's number.
  const formula = await lockCell(page, "view-weights", 2, 1);
  await expect(formula).toHaveAttribute(
    "data-tex",
    "\\bar a_{32} = \\tfrac{1}{2}\\left(a^{(1)}_{32} + a^{(2)}_{32}\\right) = \\tfrac{1}{2}\\left(0.75389 + 0.27238\\right) = 0.51314",
  );
  await expect(page.locator(".ap-formula .ap-hint").first()).toContainText("of the mean of the heads");
  // No note of head 1's row max, which the mean's formula does not use.
  await expect(page.getByTestId("formula-note")).toHaveCount(0);
  expect(errors).toEqual([]);
});
