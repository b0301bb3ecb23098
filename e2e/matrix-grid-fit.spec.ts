import type { Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The Q, K and V editors of a first visit (the explorer opens on "Q, K, V by hand") show every column of the
 * example without scrolling sideways, on a laptop, a projector and a phone, and every cell's text is seen
 * whole. Columns 7 characters wide each showed two of Q's four columns at 1,440 px.
 */

/** Per grid: how far it scrolls sideways, and the cells whose text is cut (their labels). */
async function fit(page: Page): Promise<{ overflow: number[]; cut: string[] }> {
  return page.evaluate(() => ({
    overflow: [...document.querySelectorAll<HTMLElement>(".ap-grid__scroll")].map(
      (scroll) => scroll.scrollWidth - scroll.clientWidth,
    ),
    cut: [...document.querySelectorAll<HTMLInputElement>(".ap-grid__input")]
      .filter((input) => input.scrollWidth > input.clientWidth)
      .map((input) => input.getAttribute("aria-label") ?? "?"),
  }));
}

const SCREENS = [
  { name: "laptop", width: 1440, height: 900, touch: false },
  { name: "small laptop", width: 1280, height: 800, touch: false },
  { name: "projector", width: 1920, height: 1080, touch: false },
  { name: "phone", width: 390, height: 844, touch: true },
] as const;

for (const lang of ["en", "zh-CN"] as const) {
  for (const { name, width, height, touch } of SCREENS) {
    test.describe(`${name} ${width} × ${height}, ${lang}`, () => {
      test.use({ viewport: { width, height }, hasTouch: touch, isMobile: touch });

      test("the example's Q, K and V editors show every column and every cell's text", async ({ page }) => {
        const errors = collectErrors(page);
        await page.goto(`/?backend=exact&step=1&lang=${lang}`);
        const grids = page.locator(".ap-grid__scroll");
        await expect(grids).toHaveCount(3);
        await expect(page.locator(".ap-grid__input").first()).toBeVisible();
        if (touch) expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
        expect(await fit(page)).toEqual({ overflow: [0, 0, 0], cut: [] });
        expect(errors).toEqual([]);
      });
    });
  }
}

test.describe("a longer value", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("widens its column as it is typed, and is seen whole", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/?backend=exact&step=1&lang=en");
    const cell = page.getByRole("textbox", { name: "Q row 1, column 2", exact: true });
    const before = (await cell.boundingBox())?.width ?? 0;
    await cell.fill("-0.123456");
    await expect.poll(async () => (await cell.boundingBox())?.width ?? 0).toBeGreaterThan(before);
    expect((await fit(page)).cut).toEqual([]);
    // The other cells of that column widen with it: the column stays one width.
    const below = page.getByRole("textbox", { name: "Q row 2, column 2", exact: true });
    expect((await below.boundingBox())?.width).toBeCloseTo((await cell.boundingBox())?.width ?? 0, 0);
    expect(errors).toEqual([]);
  });
});
