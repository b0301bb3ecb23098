// The render gallery in a real browser: every fixture paints, pointing and keys report the right cell, and each
// fixture looks as it did (screenshot baselines in light and dark, wide and phone-sized).
// Baselines: `npx vite build && npx playwright test e2e/gallery.spec.ts --update-snapshots`.
import type { Page } from "@playwright/test";
import { interpolateRdBu, rgb } from "d3";
import { FIXTURES, FLOW_2_HEADS, PIXEL_VECTORS, PIXEL_VECTORS_MATRIX } from "../src/render/fixtures";
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
  // Cell (0, 2) holds a small weight: near white on a light page, a dark blue on a dark one (a step lighter
  // than the dark card, darkTheme.test.ts: a mean channel of about 70). Sampled near its corner, away from the
  // printed value.
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
  expect(await luminance()).toBeLessThan(100);
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
  // The pointer where the label is: the token's hit area, over dot and label, takes it.
  const labelText = section.locator('.ap-flow-token[data-query="2"] .ap-flow-label');
  await labelText.scrollIntoViewIfNeeded();
  const label = await labelText.boundingBox();
  await page.mouse.move(label!.x + label!.width / 2, label!.y + label!.height / 2);
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

test("vector strips past MOST_RECTS cells: each cell on screen where its row's place is, with the rects' gaps", async ({
  page,
}) => {
  await openGallery(page, `?${new URLSearchParams({ fixture: PIXEL_VECTORS })}`);
  const section = page.locator(`section[data-fixture="${PIXEL_VECTORS}"]`);
  await expect(section.locator("canvas")).toHaveCount(1);
  await expect(section.locator(".ap-vector-strip rect")).toHaveCount(0);
  const { rows, cols, data } = PIXEL_VECTORS_MATRIX;
  const places = await section
    .locator(".ap-vector-strip")
    .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().toJSON() as DOMRect));
  expect(places).toHaveLength(rows);
  // Points on screen, from each row's place (laid out by the page, not drawn by the canvas): the middle of
  // each of its cells; the 1 px gap after a cell; just under the strip, between two rows; and, at the same
  // heights, the label column's gap, where nothing is drawn over the row.
  const points: { name: string; x: number; y: number }[] = [];
  places.forEach((place, i) => {
    const cell = place.width / cols;
    const middle = place.y + place.height / 2;
    for (let j = 0; j < cols; j++)
      points.push({ name: `${i},${j}`, x: place.x + (j + 0.5) * cell, y: middle });
    points.push({ name: `${i} cell gap`, x: place.x + 4 * cell - 0.5, y: middle });
    points.push({ name: `${i} row`, x: place.x - 4, y: middle });
    points.push({ name: `${i} row gap`, x: place.x + 0.5 * cell, y: place.y + place.height + 1 });
    points.push({ name: `${i} row under`, x: place.x - 4, y: place.y + place.height + 1 });
  });
  const box = (await section.boundingBox())!;
  const shot = await page.screenshot({ clip: box });
  const colours = await page.evaluate(
    async ({ png, points, box }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const image = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const at = ({ x, y }: { x: number; y: number }) =>
        Array.from(context.getImageData(Math.floor(x - box.x), Math.floor(y - box.y), 1, 1).data.slice(0, 3));
      return Object.fromEntries(points.map((point) => [point.name, at(point)]));
    },
    { png: shot.toString("base64"), points, box },
  );
  const muted = await section
    .locator("canvas")
    .evaluate((canvas) => getComputedStyle(canvas).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number));
  // The default palette is d3's RdBu, 1 at its red end and −1 at its blue one (the domain is ±1 here), 0 in
  // the middle: a step or so of 256 off it at most. A cell that is not a number is muted.
  const expected = (value: number) => {
    if (Number.isNaN(value)) return muted;
    const { r, g, b } = rgb(interpolateRdBu((1 - value) / 2));
    return [r, g, b];
  };
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[i * cols + j] as number;
      const colour = colours[`${i},${j}`] as number[];
      const far = Math.max(...colour.map((v, k) => Math.abs(v - (expected(value)[k] as number))));
      expect(far, `row ${i}, dimension ${j} (${value}): rgb(${colour.join(", ")})`).toBeLessThanOrEqual(3);
    }
    // The gaps show the row under the canvas (highlighted or not), as the label column's gap does.
    expect(colours[`${i} cell gap`], `row ${i}: gap after a cell`).toEqual(colours[`${i} row`]);
    expect(colours[`${i} row gap`], `row ${i}: gap under the strip`).toEqual(colours[`${i} row under`]);
  }
  // Row 2 is highlighted: its gaps show its highlight, not the page.
  expect(colours["2 row"]).not.toEqual(colours["1 row"]);
  // Pointing goes through the canvas to the rows: row 5 is reported, and its cell 5 (a 1) names its value.
  const place = section.locator(".ap-vector-strip").nth(5);
  const cell = (places[5] as DOMRect).width / cols;
  await place.hover({ position: { x: 5.5 * cell, y: 6 } });
  expect(await lastEvent(page)).toEqual({ fixture: PIXEL_VECTORS, type: "input", value: { row: 5 } });
  await expect(place).toHaveAttribute("title", "1");
  // Its cell 10 holds −1, written with a minus sign, as every number on the page is.
  await place.hover({ position: { x: 10.5 * cell, y: 6 } });
  await expect(place).toHaveAttribute("title", "\u22121");
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
