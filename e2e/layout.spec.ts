import type { Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The explorer's layout as a first visit sees it (the pronoun lesson at its softmax stop, a cell locked): the
 * computation panel sticks while the page scrolls, and never covers the heatmap it writes out.
 */

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const intersect = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The boxes of the weights heatmap and of the computation panel, in viewport px. */
async function boxes(page: Page): Promise<{ heatmap: Box; panel: Box; screen: Box }> {
  return page.evaluate(() => {
    const box = (selector: string): Box => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return {
      heatmap: box('[data-testid="view-weights"]'),
      panel: box(".ap-formula"),
      screen: { left: 0, top: 0, right: innerWidth, bottom: innerHeight },
    };
  });
}

const inside = (a: Box, screen: Box) =>
  a.left >= screen.left - 0.5 &&
  a.top >= screen.top - 0.5 &&
  a.right <= screen.right + 0.5 &&
  a.bottom <= screen.bottom + 0.5;

async function openFirstVisit(page: Page, lang: string): Promise<void> {
  await page.goto(`/?backend=exact${lang === "zh" ? "&lang=zh" : ""}`);
  await expect(page.getByTestId("view-weights").locator("canvas.ap-cells")).toBeVisible();
  await expect(page.getByTestId("cell-formula")).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
}

for (const lang of ["en", "zh"]) {
  for (const { width, height } of [
    { width: 1920, height: 1080 },
    { width: 1440, height: 900 },
  ]) {
    test.describe(`${width} × ${height}, ${lang}`, () => {
      test.use({ viewport: { width, height } });

      test("the computation panel covers no part of the heatmap, on arrival and scrolled to it", async ({
        page,
      }) => {
        const errors = collectErrors(page);
        await openFirstVisit(page, lang);
        const first = await boxes(page);
        expect(intersect(first.heatmap, first.panel)).toBe(false);
        // Scrolled so that the whole heatmap is on screen: the panel is on screen beside it.
        await page.getByTestId("view-weights").evaluate((e) => e.scrollIntoView({ block: "end" }));
        const scrolled = await boxes(page);
        expect(inside(scrolled.heatmap, scrolled.screen)).toBe(true);
        expect(inside(scrolled.panel, scrolled.screen)).toBe(true);
        expect(intersect(scrolled.heatmap, scrolled.panel)).toBe(false);
        expect(errors).toEqual([]);
      });
    });
  }

  test.describe(`phone, ${lang}`, () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test("the heatmap scrolled to the top is seen whole above the computation panel", async ({ page }) => {
      const errors = collectErrors(page);
      await openFirstVisit(page, lang);
      await page.getByTestId("view-weights").evaluate((e) => e.scrollIntoView({ block: "start" }));
      const { heatmap, panel, screen } = await boxes(page);
      expect(inside(heatmap, screen)).toBe(true);
      expect(inside(panel, screen)).toBe(true);
      expect(intersect(heatmap, panel)).toBe(false);
      // Nothing of the page is wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    });
  });
}
