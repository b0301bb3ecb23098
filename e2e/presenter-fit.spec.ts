import type { Page } from "@playwright/test";
import { exampleById } from "../src/explorer/examples";
import { seedOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Presenter mode on a 1920 × 1080 projector: the figure fits its box, with nothing to scroll, at every step of
 * one's own work and of a first visit, and at every stop of the modern lesson (RoPE, grouped-query heads, the window, the online
 * softmax, the KV cache), in English and Chinese; its words are 24 px or more on the screen. On a 1280 × 800
 * projector (WXGA, common in classrooms) the steps and the lesson's stops do the same, and the page does
 * not scroll either; their words are as large a share of the screen's height as 24 px is of 1,080 lines,
 * 17.8 px or more (step 7 of a first visit ran 62 px past its box there, 618 px in 556).
 */

interface Fit {
  readonly fits: boolean;
  /** The page does not scroll, and the figure's box ends on the screen. */
  readonly onScreen: boolean;
  readonly built: boolean;
  readonly smallest: number;
  readonly overflow: string;
}

async function fit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const area = document.querySelector<HTMLElement>(".ap-step-figure")!;
    const figure = area.querySelector<HTMLElement>(".ap-step-figure-fit")!;
    // Every drawn label and every line of a panel's words, as the projector shows it.
    const words = [
      ...figure.querySelectorAll<HTMLElement>(
        ".ap-row-label, .ap-col-label, .ap-axis-title, .ap-caption, .ap-vector-label, .ap-modern-view p, .ap-modern-view th, .ap-modern-view td",
      ),
    ].filter((e) => e.getBoundingClientRect().width > 0 && (e.textContent ?? "").trim() !== "");
    const sizes = words.map(
      (e) =>
        parseFloat(getComputedStyle(e).fontSize) * ((e as { currentCSSZoom?: number }).currentCSSZoom ?? 1),
    );
    const [sw, cw, sh, ch] = [area.scrollWidth, area.clientWidth, area.scrollHeight, area.clientHeight];
    const root = document.documentElement;
    return {
      fits: sw <= cw + 1 && sh <= ch + 1,
      onScreen: root.scrollHeight <= innerHeight && area.getBoundingClientRect().bottom <= innerHeight,
      built: words.length > 0,
      smallest: Math.min(...sizes),
      overflow: `${sw}×${sh} in ${cw}×${ch}`,
    };
  });
}

async function expectFits(page: Page, what: string): Promise<void> {
  let now: Fit | undefined;
  // The fit settles over a few measurements (narrower layouts, then the wide one): wait for a fitting screen.
  await expect
    .poll(async () => (now = await fit(page)), { message: what })
    .toMatchObject({ fits: true, onScreen: true, built: true });
  const { height } = page.viewportSize()!;
  // 24 px on 1,080 lines, in proportion on fewer (a hair under, for the zoom's rounding).
  const least = 24 * Math.min(1, height / 1080) - 0.01;
  expect(now!.smallest, `${what}: words on the projector (${now!.overflow})`).toBeGreaterThanOrEqual(least);
}

/** The locked cell's worked formula: every typeset line ends inside the computation's panel. */
async function expectFormulaInside(page: Page, what: string): Promise<void> {
  const formula = page.getByTestId("cell-formula");
  await expect(formula.locator(".katex").first()).toBeVisible();
  const { parts, over } = await formula.evaluate((node) => {
    const edge = node.closest<HTMLElement>(".ap-formula-cell")!.getBoundingClientRect().right;
    const rects = [...node.querySelectorAll(".katex-html > .katex-base")].map((b) =>
      b.getBoundingClientRect(),
    );
    return { parts: rects.length, over: Math.max(...rects.map((r) => r.right - edge)) };
  });
  expect(parts, `${what}: the formula's typeset parts`).toBeGreaterThan(0);
  expect(over, `${what}: its farthest part past the panel's edge`).toBeLessThanOrEqual(1);
}

for (const [width, height] of [
  [1920, 1080],
  [1280, 800],
] as const) {
  // Words of 24 px on 1,080 lines, in proportion on fewer (expectFits).
  const words = `${Math.floor(24 * Math.min(1, height / 1080) * 10) / 10} px`;
  test.describe(`${width} × ${height}`, () => {
    test.use({ viewport: { width, height } });

    for (const lang of ["en", "zh-CN"]) {
      test(`one's own work, steps 1 to 8 (${lang}): the figure fits its box at ${words}`, async ({
        page,
      }) => {
        const errors = collectErrors(page);
        await seedOwnWork(page);
        await page.goto(`/?backend=exact&present=1&step=1${lang === "en" ? "" : `&lang=${lang}`}`);
        await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
        for (let step = 1; step <= 8; step++) {
          await expect(page.getByTestId("step-title")).toBeVisible();
          await expect(page.locator(".ap-step[aria-current=step]")).toContainText(String(step));
          await expectFits(page, `step ${step}`);
          await page.keyboard.press("PageDown");
        }
        expect(errors).toEqual([]);
      });

      test(`a first visit (${lang}), steps 1 to 8: the figure fits its box at ${words}`, async ({ page }) => {
        // No saved state: the page opens on its built-in example, Q, K and V of 11 tokens given by hand. Step 1's
        // three matrices with their legends did not fit even wide (769 px in 621), nor step 7's flow beside two
        // vector strips in Chinese (1,944 px in 1,868).
        const errors = collectErrors(page);
        await page.goto(`/?backend=exact&present=1&step=1${lang === "en" ? "" : `&lang=${lang}`}`);
        await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
        for (let step = 1; step <= 8; step++) {
          await expect(page.locator(".ap-step[aria-current=step]")).toContainText(String(step));
          await expectFits(page, `step ${step}`);
          await page.keyboard.press("PageDown");
        }
        expect(errors).toEqual([]);
      });

      // On 1280 × 800 a panel is laid out beside the lesson's words at the last resort's zoom before it is
      // shown wide under them (RoPE's stop: 612 px of panel in the 328 left under the words, wide). The
      // online softmax's, wide, stands in three parts side by side: in two balanced columns it was 614 px
      // in 420 in English. At a stop with a cell locked, the computation's worked formula is read whole:
      // the softmax's sum of 8 terms, a fraction's denominator, ran past the panel's edge (to be scrolled
      // to sideways); it is a statement of its own now, broken after a + where it is too wide.
      test(`the modern lesson (${lang}): each stop's figure or panel fits its box at ${words}`, async ({
        page,
      }) => {
        const errors = collectErrors(page);
        const modern = exampleById("modern")!;
        await page.goto(`/?backend=exact&example=modern&present=1${lang === "en" ? "" : `&lang=${lang}`}`);
        await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
        for (const [index, stop] of modern.stops.entries()) {
          await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(index));
          if (stop.panel)
            await expect(page.locator(".ap-step-figure").getByTestId("modern-panel")).toBeVisible();
          await expectFits(page, `stop ${index + 1}`);
          if (stop.lock) await expectFormulaInside(page, `stop ${index + 1}`);
          await page.keyboard.press("PageDown");
        }
        expect(errors).toEqual([]);
      });
    }
  });
}
