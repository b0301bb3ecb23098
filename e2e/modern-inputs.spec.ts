import type { Page } from "@playwright/test";
import { createInitialState, DEFAULT_MODERN } from "../src/explorer/state";
import { openApp, openOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Modern attention's own inputs, as a student types them: a block size the online softmax cannot use is
 * said under the field and the table keeps its last good blocks; RoPE, with no cell pointed at, shows a
 * query that turns (position 2 against position 1), not position 0 where nothing turns.
 */
async function next(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.getByTestId("lesson-next").click();
}

test("a block size of 0 is refused in words; the typed 0 and the last good blocks stay", async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, "&example=modern");
  await next(page, 4);
  // The lesson's B = 3 over its 10 keys: ⌈10 / 3⌉ = 4 blocks.
  const rows = page.getByTestId("online-table").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  const field = page.getByTestId("block-size");
  await field.fill("0");
  await expect(field).toHaveValue("0");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("online-view").getByRole("alert")).toHaveText(
    "block size B is 0: expected a whole number of keys, at least 1 (from 10 up, one block holds them all)",
  );
  await expect(rows).toHaveCount(4);
  // A usable size again: B = 5 makes ⌈10 / 5⌉ = 2 blocks, and the message goes.
  await field.fill("5");
  await expect(rows).toHaveCount(2);
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
  // More than the 10 keys: one block holds them all, as a tile larger than the sequence does; not an error.
  await field.fill("12");
  await expect(rows).toHaveCount(1);
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("online-block-1").locator("td").first()).toHaveText(
    "the cat sat on the mat because it was tired",
  );
  expect(errors).toEqual([]);
});

test("in Chinese, the refused block size is said in Chinese", async ({ page }) => {
  await openApp(page, "&example=modern&lang=zh-CN");
  await next(page, 4);
  await page.getByTestId("block-size").fill("0");
  await expect(page.getByTestId("online-view").getByRole("alert")).toHaveText(
    "块大小 B 是 0：应为至少为 1 的整数（键的个数；不小于 10 时，一个块就装下全部键）",
  );
});

/** Own work with RoPE on, at step 2, on `text` (split into words), nothing pointed at or locked. */
async function ropeOn(page: Page, text: string) {
  const base = createInitialState();
  await openOwnWork(page, "&step=2", {
    sequence: { ...base.sequence, text, tokenizer: "whitespace", tokens: text.split(" ") },
    modern: { ...DEFAULT_MODERN, rope: "half" },
    locked: null,
  });
  return page.getByTestId("rope-relative");
}

test("RoPE's first example turns: query 2 against key 1, or the last query of a shorter sequence", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // Positions count from 0: "the cat sat on mats" → "sat" (2) against "cat" (1); one place later, (3, 2).
  const relative = await ropeOn(page, "the cat sat on mats");
  await expect(relative).toContainText("q·k at positions (2, 1) is");
  await expect(relative).toContainText("at (3, 2), it is");
  await expect(page.getByTestId("rope-view")).toContainText(
    "first pair of query “sat” and key “cat” in head 1",
  );
  expect(errors).toEqual([]);
});

test("RoPE on two tokens takes query 1 against key 0", async ({ page }) => {
  await expect(await ropeOn(page, "hello world")).toContainText("q·k at positions (1, 0) is");
});

test("RoPE on one token shows its only cell, (0, 0)", async ({ page }) => {
  await expect(await ropeOn(page, "hello")).toContainText("q·k at positions (0, 0) is");
});
