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

test("in a page written right to left the figure is laid out as in any other page", async ({ page }) => {
  const errors = collectErrors(page);
  const widget = (id: string) =>
    `<attention-playground id="${id}" example="five-values" ui="slider" step="3"></attention-playground>`;
  await openPost(
    page,
    "rtl",
    `<p>مقدمة المقال</p><div dir="rtl">${widget("rtl")}</div><div dir="ltr">${widget("ltr")}</div>`,
    `lang="ar" dir="rtl"`,
  );
  await ready(page, "#rtl");
  await ready(page, "#ltr");
  // Where each part of the figure is, from the element's top left corner: the same widget beside it, in a
  // left-to-right block, is where they belong.
  const layout = (id: string) =>
    page.locator(`#${id}`).evaluate((host) => {
      const origin = host.getBoundingClientRect();
      const parts = [...(host.shadowRoot?.querySelectorAll("*") ?? [])].map((node) => {
        const r = node.getBoundingClientRect();
        const at = `${Math.round(r.left - origin.left)} ${Math.round(r.top - origin.top)} ${Math.round(r.width)}`;
        // Parts not drawn (an SVG's <defs>, a gradient's stops) have no box.
        return r.width > 0 || r.height > 0 ? `${node.nodeName} ${at}` : "";
      });
      return parts.filter(Boolean);
    });
  const ltr = await layout("ltr");
  expect(ltr.length).toBeGreaterThan(20);
  expect(await layout("rtl")).toEqual(ltr);
  expect(errors).toEqual([]);
});
