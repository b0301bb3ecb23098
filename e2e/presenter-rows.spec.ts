import type { Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Presenter mode, a first visit (the built-in example, self-attention: 11 tokens in English, 10 in
 * Chinese): where vector strips stand side by side (Q, K and V at step 2; a head's output beside its V at
 * step 7; the heads' concatenation beside the output at step 8), token i's row is at one height in each of
 * them, so the eye reads across. A title that wraps onto more lines than its neighbour's ("V of head 1
 * (values, columns 1–4)" beside "Output of the head O = A·V" at 1920 × 1080) once put V's rows 43 px below
 * the output's.
 */

interface Rows {
  /** Strips side by side with the first (their boxes overlap it from top to bottom). */
  readonly beside: number;
  /** The largest difference, in px, between the tops of one token's rows in strips side by side. */
  readonly worst: number;
  readonly rows: number;
}

async function rows(page: Page): Promise<Rows> {
  return page.evaluate(() => {
    const figure = document.querySelector<HTMLElement>(".ap-step-figure-fit")!;
    const strips = [...figure.querySelectorAll<HTMLElement>(".ap-vectors")].filter(
      (s) => s.getBoundingClientRect().width > 0,
    );
    const tops = strips.map((s) =>
      [...s.querySelectorAll<HTMLElement>(".ap-vector-row")].map((r) => r.getBoundingClientRect().top),
    );
    const first = strips[0]!.getBoundingClientRect();
    let beside = 0;
    let worst = 0;
    strips.forEach((s, k) => {
      const box = s.getBoundingClientRect();
      // One flex line: the strips' boxes share heights. A strip wrapped below the first is not beside it.
      if (box.top >= first.bottom || box.bottom <= first.top) return;
      beside++;
      tops[k]!.forEach((top, i) => (worst = Math.max(worst, Math.abs(top - tops[0]![i]!))));
    });
    return { beside, worst, rows: tops[0]!.length };
  });
}

for (const [width, height] of [
  [1920, 1080],
  [1280, 800],
] as const) {
  for (const lang of ["en", "zh-CN"]) {
    test(`a first visit at ${width} × ${height} (${lang}): strips side by side have their rows at one height`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      const errors = collectErrors(page);
      for (const [step, strips] of [
        [2, 3],
        [7, 2],
        [8, 2],
      ] as const) {
        await page.goto(`/?backend=exact&present=1&step=${step}${lang === "en" ? "" : `&lang=${lang}`}`);
        await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
        await expect(page.locator(".ap-step[aria-current=step]")).toContainText(String(step));
        await expect(page.locator(".ap-step-figure-fit .ap-vectors")).toHaveCount(strips);
        // The fit settles over a few layouts (narrower ones, then the wide one): measured twice, 0.5 s apart,
        // the same, with the strips side by side and their rows within 1 px (rounding) of each other.
        await expect(async () => {
          const before = await rows(page);
          await page.waitForTimeout(500);
          const now = await rows(page);
          expect(now, `step ${step}: settled`).toEqual(before);
          expect(now.beside, `step ${step}: strips side by side`).toBe(strips);
          expect(now.worst, `step ${step}: rows' tops apart (px)`).toBeLessThanOrEqual(1);
        }).toPass({ timeout: 20_000 });
      }
      expect(errors).toEqual([]);
    });
  }
}
