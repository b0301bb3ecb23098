import type { Page } from "@playwright/test";
import { tokenize } from "../src/core/tokenize";
import { encodePermalink } from "../src/explorer/permalink";
import { createInitialState, type ExplorerState } from "../src/explorer/state";
import { collectErrors, expect, test } from "./fixtures";

/**
 * A narrow heatmap's column labels, where they cannot lie flat: each turns a quarter as a whole, on one
 * line, Chinese as Latin. Chinese stood a character a line (动 above 物), and the columns' first characters
 * read across as a word of their own.
 */
test.use({ viewport: { width: 390, height: 844 } });

/** The explorer on `text` split into words, at step 3 (scores), on wasm, in `lang`. */
async function openOn(page: Page, text: string, lang: "en" | "zh-CN") {
  const initial = createInitialState();
  const state: ExplorerState = {
    ...initial,
    sequence: { ...initial.sequence, text, tokens: tokenize(text, "words") },
    step: 3,
    backend: "wasm",
  };
  await page.goto(`/?backend=wasm&lang=${lang}#${encodePermalink(state)}`);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
}

/** Each column label of the scores' heatmap: its text, how it goes, and how many lines its text takes. */
const columnLabels = (page: Page) =>
  page
    .getByTestId("view-scores")
    .locator(".ap-col-labels .ap-col-label")
    .evaluateAll((nodes) =>
      nodes.map((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return {
          text: node.textContent ?? "",
          turn: node.classList.contains("ap-rotated")
            ? "turned"
            : node.classList.length > 1
              ? "other"
              : "flat",
          lines: range.getClientRects().length,
        };
      }),
    );

test("on a phone, Chinese column labels turn a quarter as a whole, one line each, and a pointed one shows whole", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // 21 words (Intl.Segmenter): cells of 12 px at 390 px, too narrow for any label to lie flat.
  const text = "小猫坐在垫子上因为它很累，所以它很快就睡着了，梦见了一条大鱼";
  await openOn(page, text, "zh-CN");
  const labels = await columnLabels(page);
  expect(labels.map((l) => l.text)).toEqual(tokenize(text, "words"));
  // Thinned labels (every other one) are not drawn, and have no lines to count.
  for (const label of labels) expect(label.turn, label.text).toBe("turned");
  for (const label of labels.filter((_, j) => j % 2 === 0)) expect(label.lines, label.text).toBe(1);

  // Pointing at a cell of key 14 (睡着了, thinned out) shows its label, whole, on one line, bold.
  const plot = page.getByTestId("view-scores").locator(".ap-plot");
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  const cell = box.width / labels.length;
  await page.mouse.move(box.x + 13.5 * cell, box.y + 4.5 * cell);
  const pointed = page.getByTestId("view-scores").locator('.ap-col-label[data-col="13"]');
  await expect(pointed).toHaveClass(/ap-active/u);
  await expect(pointed).toBeVisible();
  await expect(pointed).toHaveText("睡着了");
  expect((await columnLabels(page))[13]?.lines).toBe(1);
  expect(errors).toEqual([]);
});

test("Latin column labels still turn where they do not fit, and lie flat where they do", async ({ page }) => {
  const errors = collectErrors(page);
  // 11 words at 390 px: cells too narrow for three letters; words of one or two lie flat, as before.
  await openOn(page, "I saw a cat and it sat on a red mat", "en");
  const labels = await columnLabels(page);
  expect(labels.map((l) => [l.text, l.turn])).toEqual([
    ["I", "flat"],
    ["saw", "turned"],
    ["a", "flat"],
    ["cat", "turned"],
    ["and", "turned"],
    ["it", "flat"],
    ["sat", "turned"],
    ["on", "flat"],
    ["a", "flat"],
    ["red", "turned"],
    ["mat", "turned"],
  ]);
  for (const label of labels) expect(label.lines, label.text).toBe(1);
  expect(errors).toEqual([]);
});
