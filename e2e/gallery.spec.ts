// The render gallery in a real browser: every fixture paints, pointing and keys report the right cell, and each
// fixture looks as it did (screenshot baselines in light and dark, wide and phone-sized).
// Baselines: `npx vite build && npx playwright test e2e/gallery.spec.ts --update-snapshots`.
import type { Page } from "@playwright/test";
import { FIXTURES, FLOW_2_HEADS } from "../src/render/fixtures";
import { flowLinks } from "../src/render/flowLayout";
import { collectErrors, expect, test } from "./fixtures";

async function openGallery(page: Page, query = ""): Promise<void> {
  await page.goto(`/e2e/gallery.html${query}`);
  await expect(page.locator("#status")).toHaveText("ready");
}

/** Events the gallery recorded from its views: {fixture, type, value}. */
async function lastEvent(page: Page) {
  return page.evaluate(() => window.galleryEvents.at(-1));
}

const SMALL = "small weights 4×4 with labels";

for (const theme of ["light", "dark"]) {
  test(`every fixture renders and paints its canvases, without console errors (${theme})`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openGallery(page, theme === "dark" ? "?theme=dark" : "");
    for (const fixture of FIXTURES) {
      await expect(page.locator(`section[data-fixture="${fixture.name}"] > h2`)).toHaveText(fixture.name);
    }
    const painted = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>("canvas.ap-cells"), (canvas) => {
        const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        let opaque = 0;
        for (let k = 3; k < pixels.length; k += 4) if (pixels[k]! > 0) opaque++;
        return {
          fixture: canvas.closest("section")!.dataset.fixture,
          opaque,
          size: canvas.width * canvas.height,
        };
      }),
    );
    expect(painted.length).toBeGreaterThanOrEqual(7);
    for (const { fixture, opaque, size } of painted) {
      // Cells cover most of the canvas; gaps and hatching leave the rest see-through.
      expect(opaque / size, fixture).toBeGreaterThan(0.5);
    }
    expect(errors).toEqual([]);
  });
}

test("pointing at a heatmap cell reports {row, col} as input; a click reports change; leaving reports null", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openGallery(page);
  const plot = page.locator(`section[data-fixture="${SMALL}"] .ap-plot`);
  const cell = Number(await plot.getAttribute("data-cell"));
  const box = (await plot.boundingBox())!;
  // Row 2 (query "sat"), column 1 (key "cat").
  await page.mouse.move(box.x + 1.5 * cell, box.y + 2.5 * cell);
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "input", value: { row: 2, col: 1 } });
  await page.mouse.click(box.x + 3.5 * cell, box.y + 0.5 * cell);
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "change", value: { row: 0, col: 3 } });
  // The gallery, as a host, highlights what is pointed at: the labels of row 0 and column 3 are emphasised.
  const active = page.locator(`section[data-fixture="${SMALL}"] .ap-active`);
  await expect(active).toHaveText(["down", "the"]);
  await page.mouse.move(box.x + box.width + 40, box.y - 40);
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "input", value: null });
  expect(errors).toEqual([]);
});

test("a highlight paints outlines on the overlay canvas, and moves without repainting the cells", async ({
  page,
}) => {
  await openGallery(page);
  const section = page.locator(`section[data-fixture="${SMALL}"]`);
  const box = (await section.locator(".ap-plot").boundingBox())!;
  const overlayInk = () =>
    section.locator("canvas.ap-overlay").evaluate((canvas: HTMLCanvasElement) => {
      // With nothing to outline the overlay has no pixels at all.
      if (canvas.width === 0 || canvas.height === 0) return 0;
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let k = 3; k < pixels.length; k += 4) if (pixels[k]! > 0) ink++;
      return ink;
    });
  expect(await overlayInk()).toBe(0);
  await page.mouse.move(box.x + 10, box.y + 10);
  expect(await overlayInk()).toBeGreaterThan(100);
});

test("after a switch to the dark theme, applyTheme repaints cells in the palette's dark twin", async ({
  page,
}) => {
  await openGallery(page);
  const plot = page.locator(`section[data-fixture="${SMALL}"] .ap-plot`);
  // Cell (0, 2) holds a small weight: near white on a light page, near black on a dark one. Sampled near
  // its corner, away from the printed value.
  const luminance = () =>
    plot.locator("canvas.ap-cells").evaluate((canvas: HTMLCanvasElement) => {
      const cell = (Number(canvas.parentElement!.dataset.cell) * canvas.width) / canvas.clientWidth;
      const [r, g, b] = canvas.getContext("2d")!.getImageData(2.15 * cell, 0.15 * cell, 1, 1).data;
      return (r! + g! + b!) / 3;
    });
  expect(await luminance()).toBeGreaterThan(200);
  await page.evaluate(() => {
    document.documentElement.dataset.theme = "dark";
    window.galleryApplyTheme();
  });
  expect(await luminance()).toBeLessThan(60);
});

test("the keyboard moves the current cell: arrows report input, Enter change, Escape null", async ({
  page,
}) => {
  await openGallery(page);
  const plot = page.locator(`section[data-fixture="${SMALL}"] .ap-plot`);
  await plot.focus();
  await page.keyboard.press("ArrowRight");
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "input", value: { row: 0, col: 0 } });
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "input", value: { row: 1, col: 1 } });
  await page.keyboard.press("Enter");
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "change", value: { row: 1, col: 1 } });
  await page.keyboard.press("Escape");
  expect(await lastEvent(page)).toEqual({ fixture: SMALL, type: "change", value: null });
});

test("pointing at a flow token reports {query} and isolates its lines", async ({ page }) => {
  await openGallery(page);
  const section = page.locator('section[data-fixture="flow 2 heads"]');
  await section.locator('.ap-flow-token[data-query="2"] .ap-flow-label').hover();
  expect(await lastEvent(page)).toEqual({ fixture: "flow 2 heads", type: "input", value: { query: 2 } });
  // Every line but query 2's is faded: the canvas counts the lines it paints and those it fades; the
  // expected counts come from the fixture's weights (the lines of weight ≥ 0.01, flowLinks).
  const drawn = flowLinks(FLOW_2_HEADS);
  const ofQuery2 = drawn.filter((l) => l.i === 2).length;
  expect(ofQuery2).toBeGreaterThan(0);
  await expect(section.locator("canvas.ap-flow-canvas")).toHaveAttribute("data-lines", String(drawn.length));
  await expect(section.locator("canvas.ap-flow-canvas")).toHaveAttribute(
    "data-faded",
    String(drawn.length - ofQuery2),
  );
});

// Screenshot baselines: one per fixture, light and dark at 1280 px, light at a phone's 390 px. At most 200
// pixels may differ (a glyph's anti-aliasing), not 1% of the section (thousands): a few cells painted in a
// wrong colour fail. The fixtures' markup is pinned exactly by src/render/golden.test.ts.
const LOOKS = [
  { theme: "light", width: 1280 },
  { theme: "dark", width: 1280 },
  { theme: "light", width: 390 },
];
for (const { theme, width } of LOOKS) {
  test.describe(`gallery looks (${theme}, ${width} px)`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const fixture of FIXTURES) {
      test(`"${fixture.name}" looks as it did`, async ({ page }) => {
        const query = new URLSearchParams({ fixture: fixture.name, ...(theme === "dark" ? { theme } : {}) });
        await openGallery(page, `?${query}`);
        const slug = fixture.name
          .replace(/[^a-z0-9]+/gi, "-")
          .replace(/^-|-$/g, "")
          .toLowerCase();
        await expect(page.locator(`section[data-fixture="${fixture.name}"]`)).toHaveScreenshot(
          `${slug}-${theme}-${width}.png`,
          { maxDiffPixels: 200 },
        );
      });
    }
  });
}
