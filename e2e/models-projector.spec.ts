import type { Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The trained-models page projected in a classroom (1920 × 1080): the words drawn in its figures (the heatmaps'
 * token labels, axis titles and legend, the cross-attention flow's tokens, the training charts' ticks and
 * titles) are 16 px or more on the screen. 16 px: the page's own smallest words at that width, its hints and
 * field names (0.85 rem of app.css's root size, clamp(15px, 0.55vw + 9px, 22px): 16.6 px at 1920), which were
 * chosen to be read from the back of a room; a figure's labels are read from as far. They were 11 and 12 px.
 * On a laptop (1280 × 800) and a phone (390 × 844) the figures stay inside the page, which does not scroll
 * sideways; on the phone, the flow of translation does so from the first time it is drawn.
 */

/** Words of the figures and their size on the screen. */
const WORDS =
  ".ap-row-label, .ap-col-label, .ap-axis-title, .ap-legend text, .ap-flow text, .ap-flow-label, .ap-line-chart text";

interface Sizes {
  readonly count: number;
  readonly smallest: number;
  /** What the smallest words are, for a failure's message. */
  readonly which: string;
}

async function sizes(page: Page, within: string): Promise<Sizes> {
  return page.evaluate(
    ({ within, words }) => {
      let smallest = Infinity;
      let which = "";
      let count = 0;
      for (const host of document.querySelectorAll(within)) {
        for (const e of host.querySelectorAll<HTMLElement | SVGElement>(words)) {
          if (e.getBoundingClientRect().width === 0 || !(e.textContent ?? "").trim()) continue;
          // A font size in CSS px, times what enlarges it on the screen: the zoom of the boxes it is in and,
          // inside an SVG with a viewBox, the SVG's drawn width over its viewBox's.
          const svg = e instanceof SVGElement ? e.ownerSVGElement : null;
          const box = svg?.viewBox.baseVal;
          const scale =
            svg && box && box.width > 0
              ? svg.getBoundingClientRect().width / box.width
              : ((e as { currentCSSZoom?: number }).currentCSSZoom ?? 1);
          const size = parseFloat(getComputedStyle(e).fontSize) * scale;
          count++;
          if (size < smallest) {
            smallest = size;
            which = `${e.getAttribute("class") ?? e.tagName} "${e.textContent}"`;
          }
        }
      }
      return { count, smallest, which };
    },
    { within, words: WORDS },
  );
}

/** Whether the page scrolls sideways, and the figures that reach past their panel's right edge. */
async function overflow(page: Page): Promise<{ page: boolean; figures: string[] }> {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth > innerWidth + 1,
    figures: [...document.querySelectorAll<HTMLElement>(".ap-heatmap, .ap-flow, .ap-line-chart")]
      .filter((f) => {
        const panel = f.closest(".ap-panel");
        return panel && f.getBoundingClientRect().right > panel.getBoundingClientRect().right + 1;
      })
      .map((f) => f.closest("[data-testid]")?.getAttribute("data-testid") ?? f.className.toString()),
  }));
}

for (const lang of ["en", "zh-CN"]) {
  test.describe(`1920 × 1080 (${lang})`, () => {
    test.use({ viewport: { width: 1920, height: 1080 } });

    test("the shipped models' heatmaps and the flow of translation: labels of 16 px or more", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      for (const task of ["reverse", "translate"]) {
        await page.goto(`/models.html?lang=${lang}&task=${task}`);
        await expect(page.getByTestId("model-attention-heatmap-0-0").locator("canvas").first()).toBeVisible();
        if (task === "translate") await expect(page.locator(".ap-flow").first()).toBeVisible();
        const now = await sizes(page, "[data-testid=model-attention]");
        expect(now.count, task).toBeGreaterThan(20);
        expect(now.smallest, `${task}: ${now.which}`).toBeGreaterThanOrEqual(16);
      }
      // Enlarged, a heatmap still answers the cell under the pointer: query 3, key 2 of translation's cross-attention.
      const heatmap = page.getByTestId("model-attention-heatmap-2-0");
      const plot = heatmap.locator(".ap-plot[role=application]");
      await plot.scrollIntoViewIfNeeded();
      const box = (await plot.boundingBox())!;
      const [rows, cols] = (await plot.evaluate((p) => [p.dataset.rows, p.dataset.cols])).map(Number);
      await page.mouse.move(box.x + (2.5 * box.width) / cols!, box.y + (3.5 * box.height) / rows!);
      const active = (labels: string) =>
        heatmap.evaluate(
          (h, labels) => [...h.querySelectorAll(labels)].findIndex((l) => l.classList.contains("ap-active")),
          labels,
        );
      await expect.poll(() => active(".ap-row-label")).toBe(3);
      await expect.poll(() => active(".ap-col-label")).toBe(2);
      expect(errors).toEqual([]);
    });

    test("the training charts: ticks and titles of 16 px or more", async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/models.html?lang=${lang}&view=train`);
      await expect(page.locator(".ap-line-chart")).toHaveCount(2);
      const now = await sizes(page, ".ap-train-charts");
      expect(now.count).toBeGreaterThan(10);
      expect(now.smallest, now.which).toBeGreaterThanOrEqual(16);
      expect(errors).toEqual([]);
    });
  });
}

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test.describe(`${width} × ${height}`, () => {
    test.use({ viewport: { width, height } });

    test("the figures stay inside the page, which does not scroll sideways", async ({ page }) => {
      for (const url of ["/models.html?lang=zh-CN&task=reverse", "/models.html?lang=en&task=translate"]) {
        await page.goto(url);
        await expect(page.getByTestId("model-attention-heatmap-0-0").locator("canvas").first()).toBeVisible();
        // Once the page has settled: its panels' sizes, and the views laid out in them.
        await expect.poll(() => overflow(page), { message: url }).toEqual({ page: false, figures: [] });
      }
      await page.goto("/models.html?lang=en&view=train");
      await expect(page.locator(".ap-line-chart")).toHaveCount(2);
      await expect
        .poll(() => overflow(page), { message: "training charts" })
        .toEqual({ page: false, figures: [] });
    });
  });
}

test.describe("390 × 844, from the first frame", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the flow of translation is drawn inside the page from the first time it is in it", async ({
    page,
  }) => {
    // The flow was drawn 640 px wide before its panel was measured, then again at the panel's width: for a
    // moment the page scrolled sideways. A probe from before the page's first script records the widest the
    // page and the flow ever were, at each change of the DOM and each frame.
    await page.addInitScript(() => {
      const widest = { page: 0, flow: 0, flows: 0 };
      Object.assign(window, { apWidest: widest });
      const look = () => {
        widest.page = Math.max(widest.page, document.documentElement.scrollWidth);
        for (const svg of document.querySelectorAll("svg.ap-flow")) {
          widest.flows++;
          widest.flow = Math.max(widest.flow, svg.getBoundingClientRect().width);
        }
      };
      new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true });
      const frame = () => {
        look();
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const errors = collectErrors(page);
    await page.goto("/models.html?lang=en&task=translate");
    await expect(page.locator("svg.ap-flow").first()).toBeVisible();
    await expect.poll(() => overflow(page)).toEqual({ page: false, figures: [] });
    const widest = await page.evaluate(
      () => (window as unknown as { apWidest: Record<string, number> }).apWidest,
    );
    expect(widest.flows, "the flow was seen").toBeGreaterThan(0);
    expect(widest.flow, "the flow's widest (px)").toBeLessThanOrEqual(390);
    expect(widest.page, "the page's widest (px)").toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });
});
