import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import type { ExplorerState } from "../src/explorer/state";
import { expectTable, maxDiff, openOnWasm, TOLERANCE, typedState } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * "Mean of heads" is a view of the attention weights (step 6). Chosen there, it stays chosen, but the steps
 * before and after it (scores, scaled, masked; the weighted sum) are computed in each head on its own, and
 * show head 1, their formula, title, table, exports and lock message with it, and a line that says so.
 * Q, K and V typed by hand: 3 tokens, two heads of d_k = d_v = 1 (Q's, K's and V's column 1 is head 1's),
 * causal mask, √1 · τ = 1; every expected number worked out by numpy.
 */
const MEAN_CHOSEN: ExplorerState = typedState({ heads: 2, head: "mean", showTables: true }, "causal");

const NEG = -Infinity;
/** Head 1's masked scores: q[:, 0] ⊗ k[:, 0], keys after the query −∞ (their mean would be (−0.475, 0.7625, …)). */
const HEAD1_MASKED = [
  [-0.35, NEG, NEG],
  [0.21, -0.33, NEG],
  [-1.05, 1.65, 0.3],
];

/** Clicks cell (query, key) of a step's heatmap, which locks it. */
async function lockCell(page: Page, view: string, query: number, key: number) {
  const canvas = page.getByTestId(view).locator("canvas.ap-cells");
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: ((key + 0.5) * box.width) / 3, y: ((query + 0.5) * box.height) / 3 } });
  await expect(page.getByTestId("formula-release")).toBeVisible();
}

async function exportFile(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path()).toString("utf8") };
}

test("with the mean of the heads chosen, the masked scores and the weighted sum are head 1's, and say so", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...MEAN_CHOSEN, step: 5 });
  const caption = (view: string) => page.getByTestId(`${view}-table`).locator("caption");

  // Step 5: head 1's masked scores, titled so, head 1's button pressed, and a line saying why.
  await expectTable(page, "view-masked", HEAD1_MASKED);
  await expect(caption("view-masked")).toHaveText("Masked scores · Head 1");
  await expect(page.getByTestId("head-1")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("mean-note")).toContainText("shown here is head 1");
  await lockCell(page, "view-masked", 2, 1);
  const formula = page.getByTestId("cell-formula");
  await expect(formula).toHaveAttribute("data-tex", "\\hat s_{32} = \\tilde s_{32} = 1.65");
  await expect(page.locator(".ap-formula .ap-hint").first()).toContainText("head 1");

  // Its exports are head 1's, named so (row 3 has no masked key: numpy's −1.05, 1.65, 0.3).
  await page.getByTestId("open-share").click();
  const json = await exportFile(page, "export-json");
  expect(json.name).toBe("attention-step5-masked-head1.json");
  const data = JSON.parse(json.text).data as number[][];
  expect(maxDiff([data[2]!], [HEAD1_MASKED[2]!])).toBeLessThanOrEqual(TOLERANCE);
  expect((await exportFile(page, "export-svg")).text).toContain("Masked scores · Head 1");
  await page.getByTestId("share-close").click();

  // Step 6: the mean of the heads' weights, as chosen; its formula averages the heads'.
  await page.getByTestId("next-step").click();
  await expect(caption("view-weights")).toHaveText("Attention weights A · Mean of heads");
  await expect(page.getByTestId("head-mean")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("mean-note")).toHaveCount(0);
  await expect(formula).toHaveAttribute(
    "data-tex",
    "\\bar a_{32} = \\tfrac{1}{2}\\left(a^{(1)}_{32} + a^{(2)}_{32}\\right) = \\tfrac{1}{2}\\left(0.75389 + 0.27238\\right) = 0.51314",
  );

  // Step 7: head 1's output, o_i = Σ_j a_ij v_j with head 1's weights and V's column 1 (numpy: 2, 1.4477,
  // 0.18512; the heads' mean would be 0.5, 0.4694, 0.5699).
  await page.getByTestId("next-step").click();
  await expectTable(page, "view-head-output", [[2], [1.447719], [0.185119]], 1e-5);
  await expect(caption("view-head-output")).toHaveText("Output of the head O = A·V · Head 1");
  await expect(page.getByTestId("mean-note")).toContainText("shown here is head 1");
  await expect(formula).toHaveAttribute(
    "data-tex",
    /^o_\{3\} = .* = \\begin\{bmatrix\}0\.1851\\end\{bmatrix\}$/u,
  );
  expect(errors).toEqual([]);
});
