import type { Page } from "@playwright/test";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The widget as a writer uses it: many figures in one long post or course page, a single-page app that
 * takes them away and brings them back, a page written right to left, a post printed. Each host page is
 * written here and served at a path of its own; the widget is the built one (widget.js).
 */

/** Serves `body` as a page at /writer/<name>.html that loads the widget, and opens it. */
async function openPost(page: Page, name: string, body: string, html = `lang="en"`): Promise<void> {
  await page.route(`**/writer/${name}.html`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html ${html}><head><meta charset="utf-8"><link rel="icon" href="data:,">
        <script type="module" src="/widget.js"></script></head>
        <body style="margin: 0 auto; max-width: 680px; font: 16px/1.6 Georgia, serif">${body}</body></html>`,
    }),
  );
  await page.goto(`/writer/${name}.html`);
}

const ready = (page: Page, selector: string) =>
  expect(page.locator(selector)).toHaveAttribute("data-ready", "");

test("a flow taken off the page by a single-page app is let go, canvas and all", async ({ page }) => {
  const errors = collectErrors(page);
  await openPost(
    page,
    "spa",
    `<attention-playground id="a" example="pronoun" view="flow"></attention-playground>`,
  );
  await ready(page, "#a");
  // The leak was of canvases handed to the flow painter's worker (which the page can no longer draw on):
  // wait until this flow's is one, then keep only a weak reference to it.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const canvas = document.querySelector("#a")?.shadowRoot?.querySelector("canvas.ap-flow-canvas");
        if (!(canvas instanceof HTMLCanvasElement)) return "none";
        try {
          canvas.getContext("2d");
          return "page";
        } catch {
          (window as unknown as { kept: WeakRef<HTMLCanvasElement> }).kept = new WeakRef(canvas);
          return "worker";
        }
      }),
    )
    .toBe("worker");
  // The app navigates away and back: the widget is removed, a new one is made.
  await page.evaluate(() => {
    document.querySelector("#a")?.remove();
    const next = document.createElement("attention-playground");
    next.id = "b";
    next.setAttribute("example", "pronoun");
    next.setAttribute("view", "flow");
    document.body.append(next);
  });
  await ready(page, "#b");
  const cdp = await page.context().newCDPSession(page);
  await expect
    .poll(async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      return page.evaluate(
        () => (window as unknown as { kept: WeakRef<HTMLCanvasElement> }).kept.deref() === undefined,
      );
    })
    .toBe(true);
  expect(errors).toEqual([]);
});
