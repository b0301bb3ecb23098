import type { Page } from "@playwright/test";
import { createInitialState, type ExplorerState } from "../src/explorer/state";
import { seedOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The explorer as a student uses it on a phone, 390 × 844 with touch, in English and in Chinese: what a finger
 * taps is big enough to hit, and what a figure shows stays inside it.
 */

/** The smallest height and width a finger can hit without a miss (WCAG 2.5.5, Apple's HIG). */
const TAP = 44;

/** Heights and widths of the visible elements `selector` finds, with their words to name a failure. */
async function boxes(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((nodes) =>
    nodes
      .filter((node) => node.getClientRects().length > 0)
      .map((node) => {
        const box = node.getBoundingClientRect();
        const name = node.getAttribute("aria-label") ?? (node as HTMLElement).innerText;
        return { name: name.trim(), height: Math.round(box.height), width: Math.round(box.width) };
      }),
  );
}

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

    test("at step 8 the current step's pill lies inside the row of steps, its title cut with …", async ({
      page,
    }) => {
      // "Heads concatenated and projected" took 266 px of a row of 199, its end hidden behind →.
      const errors = collectErrors(page);
      await page.goto(`/?backend=exact&lang=${lang}&step=8`);
      const current = page.locator(".ap-step[aria-current=step]");
      await expect(current).toBeVisible();
      const { pill, row } = await current.evaluate((node) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right };
        };
        return { pill: box(node), row: box(node.closest(".ap-step-list")!) };
      });
      expect(pill.left).toBeGreaterThanOrEqual(row.left - 0.5);
      expect(pill.right).toBeLessThanOrEqual(row.right + 0.5);
      expect(errors).toEqual([]);
    });

    test("the import panel opens with a tap on a line at least 44 px tall", async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/?backend=exact&lang=${lang}`);
      const summary = page.getByTestId("import-panel").locator("summary");
      await expect(summary).toBeVisible();
      expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(TAP);
      await summary.tap();
      await expect(page.getByTestId("import-panel")).toHaveAttribute("open", "");
      expect(errors).toEqual([]);
    });

    test("a token chip's word, + and × are at least 32 px, over WCAG's 24", async ({ page }) => {
      const errors = collectErrors(page);
      await seedOwnWork(page, words(12));
      await page.goto(`/?backend=exact&lang=${lang}`);
      await expect(page.locator(".ap-chip")).toHaveCount(12);
      const chips = await boxes(page, ".ap-chip button");
      // 12 words, each with its word, + and ×.
      expect(chips).toHaveLength(36);
      for (const chip of chips) {
        expect(chip.height, `${chip.name}'s height`).toBeGreaterThanOrEqual(32);
        expect(chip.width, `${chip.name}'s width`).toBeGreaterThanOrEqual(32);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    });

    test("the steps, ←, → and Play are at least 44 px tall, and Release of a tapped cell too", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await page.goto(`/?backend=exact&lang=${lang}&step=6`);
      const plot = page.getByTestId("view-weights").locator(".ap-plot");
      await expect(plot).toBeVisible();
      const steps = await boxes(page, ".ap-steps button");
      // ←, the eight steps, →, Play.
      expect(steps).toHaveLength(11);
      for (const step of steps) {
        expect(step.height, `${step.name}'s height`).toBeGreaterThanOrEqual(TAP);
        expect(step.width, `${step.name}'s width`).toBeGreaterThanOrEqual(TAP);
      }

      // A tap on a cell locks it; without an Escape key, Release is how a phone lets it go.
      // In the middle of the screen: the formula panel, fixed at its foot, covers what is there.
      await plot.evaluate((node) => node.scrollIntoView({ block: "center" }));
      const box = (await plot.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      const release = page.getByTestId("formula-release");
      await expect(release).toBeVisible();
      const [shown] = await boxes(page, '[data-testid="formula-release"]');
      expect(shown?.height, "Release's height").toBeGreaterThanOrEqual(TAP);
      expect(shown?.width, "Release's width").toBeGreaterThanOrEqual(TAP);
      await release.tap();
      await expect(release).toHaveCount(0);
      expect(errors).toEqual([]);
    });

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
