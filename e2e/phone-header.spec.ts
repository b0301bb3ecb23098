import { collectErrors, expect, test } from "./fixtures";

/**
 * The explorer's header on a phone is compact: no tagline and no "Computed on" label, and Undo, Redo and the
 * theme as their signs, still named for a screen reader. In Chinese its toolbar took four lines, 45 % of a
 * 390 × 844 screen's first view, before the header was made compact; a laptop keeps the words.
 */

/** The header's height, its toolbar's lines (buttons' distinct tops), and whether the tagline shows. */
async function header(page: import("@playwright/test").Page) {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>(".ap-header")!;
    const tops = new Set(
      [...root.querySelectorAll<HTMLElement>("button, a.ap-button, select")]
        .filter((node) => node.offsetParent !== null)
        .map((node) => Math.round(node.getBoundingClientRect().top)),
    );
    const shown = (selector: string) => {
      const node = root.querySelector<HTMLElement>(selector);
      return !!node && node.getClientRects().length > 0;
    };
    return {
      height: root.getBoundingClientRect().height,
      lines: tops.size,
      tagline: shown(".ap-brand p"),
      computedOn: shown(".ap-backend-label"),
    };
  });
}

const NAMES = {
  en: { undo: "Undo", redo: "Redo", theme: "Dark theme" },
  "zh-CN": { undo: "撤销", redo: "重做", theme: "深色主题" },
} as const;

for (const lang of ["en", "zh-CN"] as const) {
  test.describe(`phone 390 × 844, ${lang}`, () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: "light" });

    test("the header is compact: at most three lines of buttons, a fifth of the screen", async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/?backend=exact&lang=${lang}`);
      await expect(page.getByTestId("undo")).toBeVisible();
      const { height, lines, tagline, computedOn } = await header(page);
      expect({ tagline, computedOn }).toEqual({ tagline: false, computedOn: false });
      expect(lines).toBeLessThanOrEqual(3);
      expect(height).toBeLessThanOrEqual(844 / 5);
      // The signs alone are seen; a screen reader and a tooltip still say what each does.
      for (const [id, name] of Object.entries(NAMES[lang])) {
        const button = page.getByTestId(id);
        await expect(button).toHaveAccessibleName(name);
        expect((await button.innerText()).trim()).toMatch(/^[↶↷☾☀]$/u);
      }
      expect(errors).toEqual([]);
    });
  });
}

test.describe("laptop 1440 × 900", () => {
  test.use({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });

  test("keeps the tagline and the buttons' words", async ({ page }) => {
    await page.goto("/?backend=exact&lang=en");
    await expect(page.getByTestId("undo")).toBeVisible();
    const { tagline, computedOn } = await header(page);
    expect({ tagline, computedOn }).toEqual({ tagline: true, computedOn: true });
    await expect(page.getByTestId("undo")).toHaveText("↶ Undo");
    await expect(page.getByTestId("theme")).toHaveText("☾ Dark theme");
  });
});
