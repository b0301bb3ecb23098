import { collectErrors, expect, test } from "./fixtures";

/**
 * The models page on a phone, 390 × 844 with touch, in English and in Chinese: a tapped cell locks, as a click
 * does, and a phone has no Escape key to let it go.
 */

for (const lang of ["en", "zh-CN"] as const) {
  test.describe(`phone 390 × 844, ${lang}`, () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: "light" });

    test("a tapped cell's computation says once that it is locked, and Release lets it go", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await page.goto(`/models.html?lang=${lang}&task=reverse`);
      const plot = page.getByTestId("model-attention-heatmap-0-0").locator(".ap-plot");
      await expect(plot).toBeVisible();
      // The caption speaks of tapping and of Release, not of pointing, clicking and an Escape key.
      await expect(
        page.getByText(lang === "en" ? "Tap a cell: its query and key" : "轻点一个格子"),
      ).toBeVisible();
      await plot.evaluate((node) => node.scrollIntoView({ block: "center" }));
      const box = (await plot.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width * 0.75, box.y + box.height * 0.75);
      await expect(page.getByTestId("cell-formula")).toBeVisible();

      // The words that say it is locked are seen once; the live region that says them to a screen reader is
      // not seen (it stood above them, in larger type).
      const hint = page.locator(".ap-formula .ap-hint").first();
      await expect(hint).toContainText(lang === "en" ? "Locked on query" : "已锁定");
      const spoken = await page.locator(".ap-formula [aria-live]").boundingBox();
      expect(spoken?.height ?? 0).toBeLessThanOrEqual(1);

      const release = page.getByTestId("formula-release");
      await expect(release).toBeVisible();
      const size = (await release.boundingBox())!;
      expect(size.height).toBeGreaterThanOrEqual(44);
      await release.tap();
      await expect(release).toHaveCount(0);
      await expect(page.getByTestId("cell-formula")).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  });
}
