import type { Page } from "@playwright/test";
import { openOnWasm, wordsState } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * A finger on small cells: 64 tokens on a phone are cells of about 3 px, a fingertip covers a dozen. While
 * it is down the loupe shows the cells around it, larger, the one under it outlined and named; lifting it
 * locks that cell. Touches are sent as the phone's (CDP Input.dispatchTouchEvent), not as a mouse.
 */
// The weights of step 6, as a heatmap of 64 tokens.
const STATE = wordsState(64, 6);

/** The step's own heatmap (thumbnails are not focusable), and the centre of its cell (row, col) on screen. */
async function cellCentre(page: Page, row: number, col: number): Promise<{ x: number; y: number }> {
  const plot = page.locator(".ap-plot.ap-focusable[data-rows='64']").first();
  const box = await plot.boundingBox();
  if (!box) throw new Error("no heatmap");
  const cell = box.width / 64;
  return { x: box.x + (col + 0.5) * cell, y: box.y + (row + 0.5) * cell };
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a finger on the small cells of 64 tokens shows the cells around it, and lifting it locks the cell under it", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openOnWasm(page, STATE);
    const plot = page.locator(".ap-plot.ap-focusable[data-rows='64']").first();
    // In the middle of the screen: the computation's panel stands over the bottom of a phone's.
    await plot.evaluate((el) => el.scrollIntoView({ block: "center" }));
    const box = await plot.boundingBox();
    expect((box?.width ?? 0) / 64).toBeLessThan(8);
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", at?: { x: number; y: number }) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: at ? [at] : [] });
    const loupe = page.locator(".ap-loupe").first();
    const hit = await cellCentre(page, 40, 20);
    const under = ({ x, y }: { x: number; y: number }) =>
      document.elementFromPoint(x, y)?.closest(".ap-plot");
    expect(await page.evaluate(under, hit)).not.toBeNull();

    await touch("touchStart", await cellCentre(page, 40, 20));
    await expect(loupe).toBeVisible();
    await expect(loupe).toHaveAttribute("data-row", "40");
    await expect(loupe).toHaveAttribute("data-col", "20");
    await expect(loupe.locator(".ap-loupe-label")).toHaveText("t40 → t20");
    // The finger rolls two cells right and one down: the loupe follows.
    await touch("touchMove", await cellCentre(page, 41, 22));
    await expect(loupe).toHaveAttribute("data-row", "41");
    await expect(loupe).toHaveAttribute("data-col", "22");
    await expect(loupe.locator(".ap-loupe-label")).toHaveText("t41 → t22");
    // Above the finger, on screen, and not under it.
    const shown = await loupe.boundingBox();
    const finger = await cellCentre(page, 41, 22);
    expect(shown && shown.y >= 0 && shown.y + shown.height < finger.y).toBe(true);
    await page.screenshot({ path: test.info().outputPath("loupe.png") });

    await touch("touchEnd");
    await expect(loupe).toBeHidden();
    await expect(page.locator(".ap-formula .ap-hint").first()).toContainText("Locked on query 42, key 23.");
    expect(errors).toEqual([]);
  });
});
