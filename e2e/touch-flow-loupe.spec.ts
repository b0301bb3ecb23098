import type { Locator } from "@playwright/test";
import { openOnWasm, wordsState } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * A finger on the flow diagram's tokens: 64 tokens on a phone stand 5 px apart, a fingertip covers several.
 * While it is down a loupe shows the tokens around it, a row each, the one under it outlined and named with
 * its side; lifting it locks that token. Touches are sent as the phone's (CDP Input.dispatchTouchEvent).
 */
// Step 7, the weighted sum: its flow, and a locked query's output named in the formula panel.
const STATE = wordsState(64, 7);

/** The centre of query token i's dot on screen. */
async function queryDot(flow: Locator, i: number): Promise<{ x: number; y: number }> {
  const box = await flow.locator(`g.ap-flow-token[data-query="${i}"] .ap-flow-dot`).boundingBox();
  if (!box) throw new Error(`no query ${i}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const WORDS = {
  en: { query: (t: string) => `query '${t}'`, locked: "Locked on the output of query 43." },
  "zh-CN": { query: (t: string) => `查询“${t}”`, locked: "已锁定在查询 43 的输出。" },
};

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  for (const lang of ["en", "zh-CN"] as const) {
    test(`${lang}: a finger on the flow's close tokens shows the tokens around it, and lifting it locks the one under it`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await openOnWasm(page, STATE, `&lang=${lang}`);
      const flow = page.getByTestId("flow").locator("svg.ap-flow");
      await expect(flow.locator('g.ap-flow-token[data-query="63"]')).toBeAttached();
      // In the middle of the screen: the computation's panel stands over the bottom of a phone's.
      await flow.evaluate((svg) => svg.scrollIntoView({ block: "center" }));
      const [first, second] = [await queryDot(flow, 0), await queryDot(flow, 1)];
      expect(second.x - first.x).toBeLessThan(8);
      const cdp = await page.context().newCDPSession(page);
      const touch = (type: "touchStart" | "touchMove" | "touchEnd", at?: { x: number; y: number }) =>
        cdp.send("Input.dispatchTouchEvent", { type, touchPoints: at ? [at] : [] });
      const loupe = page.locator(".ap-loupe").first();
      const caption = loupe.locator(".ap-loupe-label");

      await touch("touchStart", await queryDot(flow, 40));
      await expect(loupe).toBeVisible();
      await expect(loupe).toHaveAttribute("data-side", "query");
      await expect(loupe).toHaveAttribute("data-index", "40");
      await expect(caption).toHaveText(WORDS[lang].query("t40"));
      await expect(flow.locator("g.ap-flow-token[data-query].ap-active")).toHaveAttribute("data-query", "40");
      await expect(loupe.locator(".ap-flow-loupe-token")).toHaveText([
        "39t38",
        "40t39",
        "41t40",
        "42t41",
        "43t42",
      ]);
      // The finger rolls two tokens right, and up over their labels (which does not scroll the page): the
      // loupe follows.
      const scroll = await page.evaluate(() => scrollY);
      const rolled = await queryDot(flow, 42);
      await touch("touchMove", { x: rolled.x, y: rolled.y - 20 });
      await expect(loupe).toHaveAttribute("data-index", "42");
      await expect(caption).toHaveText(WORDS[lang].query("t42"));
      await expect(flow.locator("g.ap-flow-token[data-query].ap-active")).toHaveAttribute("data-query", "42");
      expect(await page.evaluate(() => scrollY)).toBe(scroll);
      // On screen, and not under the finger.
      const shown = await loupe.boundingBox();
      expect(shown && shown.x >= 0 && shown.x + shown.width <= 390).toBe(true);
      expect(shown && (shown.y + shown.height < rolled.y - 20 || shown.y > rolled.y)).toBe(true);
      await page.screenshot({ path: test.info().outputPath(`flow-loupe-${lang}.png`) });

      await touch("touchEnd");
      await expect(loupe).toBeHidden();
      await expect(page.locator(".ap-formula .ap-hint").first()).toContainText(WORDS[lang].locked);
      await expect(flow.locator("g.ap-flow-token[data-query].ap-active")).toHaveAttribute("data-query", "42");
      expect(errors).toEqual([]);
    });
  }
});
