import { createInitialState, type ExplorerState } from "../src/explorer/state";
import { seedOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The explorer as a student uses it on a phone, 390 × 844 with touch, in English and in Chinese: what a figure
 * shows stays inside it.
 */

/** A sequence of n words, w1 … wn, with the weights seeded: what a student's own longer input looks like. */
function words(n: number): Partial<ExplorerState> {
  const tokens = Array.from({ length: n }, (_, i) => `w${i + 1}`);
  const { sequence } = createInitialState();
  return {
    input: "sequence",
    sequence: { ...sequence, text: tokens.join(" "), tokenizer: "whitespace", tokens, dModel: 64 },
    heads: 4,
  };
}

for (const lang of ["en", "zh-CN"] as const) {
  test.describe(`phone 390 × 844, ${lang}`, () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, colorScheme: "light" });

    test("with 64 words, the legends under step 7's vector strips stay inside their figures", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await seedOwnWork(page, words(64));
      await page.goto(`/?backend=exact&lang=${lang}&step=7`);
      await expect(page.getByTestId("view-head-output").locator(".ap-legend")).toBeVisible();
      // Every legend under strips: its right edge (the largest value's mark and label) within its figure's.
      const legends = await page.locator(".ap-step-card .ap-vectors .ap-legend").evaluateAll((nodes) =>
        nodes.map((node) => {
          const figure = node.closest(".ap-figure")!;
          return {
            figure: figure.querySelector(".ap-view")?.getAttribute("data-testid"),
            past: Math.round(node.getBoundingClientRect().right - figure.getBoundingClientRect().right),
          };
        }),
      );
      // V of head 1 and the head's output O.
      expect(legends.length).toBeGreaterThanOrEqual(2);
      for (const legend of legends) expect(legend.past, `${legend.figure}'s legend`).toBeLessThanOrEqual(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    });
  });
}
