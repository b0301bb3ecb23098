import { openOwnWork } from "./explorer-page";
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
