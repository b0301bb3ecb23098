import type { Page } from "@playwright/test";
import { seedOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * A reader of the Chinese page makes mistakes in the matrix editor: every message about them is Chinese,
 * says where the mistake is (matrix, row, column counting from 1), and the views keep the last good result.
 */

/**
 * Latin words in a text, less the matrix names and what the person typed (quoted “like this”); a letter right
 * after a digit ("1e-3") is a number's.
 */
function englishWords(text: string): string[] {
  const words = text.replace(/“[^”]*”/g, "").match(/(?<![\w.])[A-Za-z][A-Za-z_]*/g) ?? [];
  return words.filter((word) => !["Q", "K", "V"].includes(word));
}

/** The numbers of the attention weights' data table, exact, from data-value: rows are queries, columns keys. */
async function readWeights(page: Page): Promise<number[][]> {
  return page
    .getByTestId("view-weights-table")
    .locator("td[data-row]")
    .evaluateAll((tds) => {
      const rows: number[][] = [];
      for (const td of tds as HTMLElement[]) {
        const row = (rows[Number(td.dataset.row)] ??= []);
        row[Number(td.dataset.col)] = Number(td.dataset.value);
      }
      return rows;
    });
}

test("in Chinese, a cell that is not a number and K wider than Q are told in Chinese, where they are; the last picture stays", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // One's own work (the sandbox sentence and its built-in 3 × 2 Q, K, V), not the first visit's example.
  await seedOwnWork(page);
  await page.goto("/?lang=zh-CN&backend=wasm&step=6");
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await page.getByTestId("tables").check();
  await page.getByRole("tab", { name: "手动输入 Q、K、V" }).click();
  await expect(page.getByTestId("view-weights-table").locator("td[data-row]").first()).toBeVisible();
  // The built-in Q, K, V are 3 × 2: wait for their weights (3 queries × 3 keys) to be on screen.
  await expect.poll(async () => (await readWeights(page)).flat().length).toBe(9);
  const good = await readWeights(page);

  const box = page.getByTestId("errors");
  const cell = page.getByRole("textbox", { name: "Q 第 1 行，第 1 列", exact: true });
  await cell.fill("abc");
  await expect(cell).toHaveAttribute("aria-invalid", "true");
  await expect(box).toContainText("Q 第 1 行第 1 列：“abc”不是数字（应为有限数，例如 0.5 或 -1e-3）");
  await expect(box).toContainText("视图仍显示上一次有效的结果。");
  // The grid describes the cell the same way, in Chinese.
  await expect(cell).toHaveAttribute(
    "title",
    "Q 第 1 行第 1 列：“abc”不是数字（应为有限数，例如 0.5 或 -1e-3）",
  );
  expect(englishWords(await box.innerText())).toEqual([]);
  expect(await readWeights(page)).toEqual(good);

  // Q back to a number, and K one column wider than Q: a shape mismatch, said under K and above the views.
  await cell.fill("1");
  await expect(box).toHaveCount(0);
  await page.getByRole("group", { name: "K 的形状" }).getByRole("button", { name: "添加列" }).click();
  const mismatch = "K 有 3 列，应与 Q 一样有 2 列（查询和键的宽度必须相同）";
  await expect(box).toContainText(mismatch);
  await expect(page.locator(".ap-field-error", { hasText: mismatch })).toBeVisible();
  expect(englishWords(await box.innerText())).toEqual([]);
  expect(await readWeights(page)).toEqual(good);
  expect(errors).toEqual([]);
});

test("in Chinese, pasted weights that are not JSON are told in Chinese, with the line and column", async ({
  page,
}) => {
  await page.goto("/?lang=zh-CN&backend=exact");
  await page.getByTestId("import-panel").locator("summary").click();
  // Cut short after "[1,2": 35 characters on one line, so it ends at column 36.
  await page.getByTestId("import-text").fill('{"tokens": ["a"], "attention": [1,2');
  await page.getByTestId("import-load").click();
  const error = page.getByTestId("import-error");
  await expect(error).toContainText("内容在第 1 行第 36 列就结束了，JSON 还没有结束：缺少右括号或值");
  expect(englishWords(await error.innerText()).filter((word) => word !== "JSON")).toEqual([]);
});
