import { collectErrors, expect, test } from "./fixtures";

/**
 * The training view's layout on a classroom projector (f020923 fixed it without a browser test): its two
 * charts stand side by side (their 1 rem gap is more than 16 px at 1920 × 1080, and the second chart wrapped
 * under the first while 16 px was taken for it), and no setting's choice is cut short in its select
 * (有（4 × d_model）was, in a column 10 rem wide). A laptop keeps the charts side by side too.
 */

/** The charts' boxes, and the selects whose chosen text is wider than the room the select gives it. */
async function layout(page: import("@playwright/test").Page) {
  return page.evaluate(() => {
    const charts = [...document.querySelectorAll<HTMLElement>(".ap-train-charts .ap-chart")].map((chart) => {
      const r = chart.getBoundingClientRect();
      return { top: Math.round(r.top), left: Math.round(r.left), right: Math.round(r.right) };
    });
    const panel = document.querySelector(".ap-train-charts")!.getBoundingClientRect();
    const context = document.createElement("canvas").getContext("2d")!;
    const cut = [...document.querySelectorAll<HTMLSelectElement>(".ap-train-grid select")]
      .filter((select) => {
        const style = getComputedStyle(select);
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = select.selectedOptions[0]?.textContent ?? "";
        // The room for the text: the select's width less its padding and the arrow's 1.25 em.
        const room =
          select.clientWidth -
          parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight) -
          1.25 * parseFloat(style.fontSize);
        return context.measureText(text).width > room;
      })
      .map((select) => select.selectedOptions[0]?.textContent ?? "?");
    return { charts, panelRight: Math.round(panel.right), cut };
  });
}

for (const { width, height } of [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
]) {
  for (const lang of ["en", "zh-CN"] as const) {
    test.describe(`${width} × ${height}, ${lang}`, () => {
      test.use({ viewport: { width, height } });

      test("the training charts stand side by side and no setting is cut short", async ({ page }) => {
        const errors = collectErrors(page);
        await page.goto(`/models.html?lang=${lang}&view=train`);
        await expect(page.locator(".ap-train-charts .ap-chart svg")).toHaveCount(2);
        const { charts, panelRight, cut } = await layout(page);
        const [loss, accuracy] = charts as [(typeof charts)[0], (typeof charts)[0]];
        expect(accuracy.top).toBe(loss.top);
        expect(accuracy.left).toBeGreaterThanOrEqual(loss.right);
        expect(accuracy.right).toBeLessThanOrEqual(panelRight);
        expect(cut).toEqual([]);
        expect(errors).toEqual([]);
      });
    });
  }
}
