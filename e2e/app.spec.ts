import { collectErrors, expect, test } from "./fixtures";

test("the app opens on the built-in example and shows the engine's trace", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("backend")).toHaveText("wasm");
  await expect(page.getByRole("table").first()).toBeVisible();
  expect(errors).toEqual([]);
});
