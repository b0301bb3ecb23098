import type { Page } from "@playwright/test";
import { openApp } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Modern attention's own inputs, as a student types them: a block size the online softmax cannot use is
 * said under the field and the table keeps its last good blocks.
 */
async function next(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.getByTestId("lesson-next").click();
}

test("a block size of 0 is refused in words; the typed 0 and the last good blocks stay", async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, "&example=modern");
  await next(page, 3);
  // The lesson's B = 3 over its 10 keys: ⌈10 / 3⌉ = 4 blocks.
  const rows = page.getByTestId("online-table").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  const field = page.getByTestId("block-size");
  await field.fill("0");
  await expect(field).toHaveValue("0");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("online-view").getByRole("alert")).toHaveText(
    "block size B is 0: expected a whole number of keys from 1 to 10",
  );
  await expect(rows).toHaveCount(4);
  // A usable size again: B = 5 makes ⌈10 / 5⌉ = 2 blocks, and the message goes.
  await field.fill("5");
  await expect(rows).toHaveCount(2);
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
  expect(errors).toEqual([]);
});

test("in Chinese, the refused block size is said in Chinese", async ({ page }) => {
  await openApp(page, "&example=modern&lang=zh-CN");
  await next(page, 3);
  await page.getByTestId("block-size").fill("0");
  await expect(page.getByTestId("online-view").getByRole("alert")).toHaveText(
    "块大小 B 是 0：应为 1 到 10 的整数（键的个数）",
  );
});
