import type { Page } from "@playwright/test";
import { EXAMPLES, exampleById, type Example } from "../src/explorer/examples";
import { translate } from "../src/i18n/i18n";
import type { Lang } from "../src/i18n/lang";
import { qkvGiven, stepInfo } from "../src/explorer/steps";
import { openApp, referenceOf } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Presenter mode as a class sees it on a projector: at every stop of every lesson, the lesson's text and the
 * figure are on the screen together (nothing below the fold), every label of the figure is drawn at 24 px or
 * more, the pointed cell is in view, the flow view is there when the stop speaks of it, and PageDown (what a
 * presentation clicker sends) goes to the next stop.
 */

/** Labels and titles the render layer draws in a figure: their size as the projector shows it. */
const LABELS = ".ap-row-label, .ap-col-label, .ap-axis-title, .ap-caption, .ap-flow text, .ap-vector-label";

interface Screen {
  /** The smallest label of the figure, in px on the screen (font size times the zoom it is drawn with). */
  readonly smallestLabel: number;
  readonly labels: number;
  /** Whether the figure's views are built (a new zoom rebuilds them: for a moment there is nothing drawn). */
  readonly labelsShown: boolean;
  /** Whether the whole figure, the lesson's text and the pointed cell are inside the viewport. */
  readonly figureInside: boolean;
  readonly textInside: boolean;
  readonly cellInside: boolean | null;
  readonly flowShown: boolean;
}

async function screen(page: Page, lock: { query: number; key: number } | undefined): Promise<Screen> {
  return page.evaluate(
    ({ selector, lock }) => {
      const inside = (r: DOMRect) =>
        r.width > 0 &&
        r.height > 0 &&
        r.left >= -0.5 &&
        r.top >= -0.5 &&
        r.right <= innerWidth + 0.5 &&
        r.bottom <= innerHeight + 0.5;
      const figure = document.querySelector<HTMLElement>(".ap-step-figure-fit")!;
      const shown = [...figure.querySelectorAll<HTMLElement | SVGElement>(selector)].filter(
        (e) => e.getBoundingClientRect().width > 0 && (e.textContent ?? "").trim() !== "",
      );
      const sizes = shown.map(
        (e) =>
          parseFloat(getComputedStyle(e).fontSize) * ((e as { currentCSSZoom?: number }).currentCSSZoom ?? 1),
      );
      const text = document.querySelector('[data-testid="lesson-text"]')!;
      let cellInside: boolean | null = null;
      if (lock) {
        const plot = [...figure.querySelectorAll<HTMLElement>(".ap-plot[role=application]")].find(
          (p) => p.closest(".ap-multiples, .ap-compare") === null,
        );
        if (plot) {
          const r = plot.getBoundingClientRect();
          const [rows, cols] = [Number(plot.dataset.rows), Number(plot.dataset.cols)];
          const [w, h] = [r.width / cols, r.height / rows];
          cellInside = inside(new DOMRect(r.left + lock.key * w, r.top + lock.query * h, w, h));
        }
      }
      return {
        smallestLabel: Math.min(...sizes),
        labels: sizes.length,
        labelsShown: sizes.length > 0,
        figureInside: inside(figure.getBoundingClientRect()),
        textInside: inside(text.getBoundingClientRect()),
        cellInside,
        flowShown: [...figure.querySelectorAll(".ap-flow")].some((e) => e.getBoundingClientRect().width > 0),
      };
    },
    { selector: LABELS, lock },
  );
}

/**
 * Runs `check`; when it fails, adds what the fit had to go on to the failure, so that a failure seen only on
 * a busy machine (CI) says which part of the figure left the screen, and how the fit had drawn it.
 */
async function withFitState(page: Page, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const state = await page
      .evaluate(() => {
        const box = (e: Element | null) => {
          const r = e?.getBoundingClientRect();
          return r && [r.left, r.top, r.right, r.bottom].map((v) => Math.round(v * 10) / 10);
        };
        const area = document.querySelector<HTMLElement>(".ap-step-figure");
        const fit = document.querySelector<HTMLElement>(".ap-step-figure-fit");
        const scrolled = [...document.querySelectorAll<HTMLElement>("*")]
          .filter((e) => e.scrollTop > 0 || e.scrollLeft > 0)
          .map((e) => `${e.className}: ${e.scrollLeft},${e.scrollTop}`);
        return JSON.stringify({
          viewport: [innerWidth, innerHeight],
          area: box(area),
          areaClient: area && [area.clientWidth, area.clientHeight],
          areaWide: area?.dataset.wide ?? null,
          figure: box(fit),
          drawnWith: fit && { zoom: fit.dataset.zoom, width: fit.dataset.width },
          pageScroll: [scrollX, scrollY],
          scrolled,
        });
      })
      .catch((e: unknown) => `(not read: ${String(e)})`);
    throw new Error(`${String(error)}\nThe figure as drawn: ${state}`, { cause: error });
  }
}

async function present(page: Page, example: Example, lang: Lang) {
  await openApp(page, `&example=${example.id}&present=1${lang === "en" ? "" : `&lang=${lang}`}`);
  await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "0");
}

async function followLesson(page: Page, example: Example, lang: Lang) {
  const errors = collectErrors(page);
  await present(page, example, lang);
  // Each stop's step as it reads for the example's trace: typed Q, K and V, its score, soft or hard attention.
  const trace = referenceOf(example.state());
  for (const [index, stop] of example.stops.entries()) {
    await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(index));
    const title = stepInfo(stop.step, qkvGiven(trace), trace).title;
    await expect(page.getByTestId("step-title")).toHaveText(translate(lang, title));
    // The figure is zoomed to fit once its views are built: wait for a screen where everything holds, and
    // read the labels' size off that same screen.
    let now: Screen | undefined;
    await withFitState(page, () =>
      expect
        .poll(
          async () => (now = await screen(page, stop.step >= 3 && stop.step <= 6 ? stop.lock : undefined)),
          {
            message: `${example.id}, stop ${index + 1}`,
          },
        )
        .toMatchObject({
          labelsShown: true,
          figureInside: true,
          textInside: true,
          // A heatmap (steps 3 to 6) shows the pointed cell; later steps show the query's row of vectors.
          cellInside: stop.lock && stop.step >= 3 && stop.step <= 6 ? true : null,
          ...(stop.step === 6 ? { flowShown: stop.flow === true } : {}),
        }),
    );
    expect(
      now!.smallestLabel,
      `${example.id}, stop ${index + 1}: labels on the projector`,
    ).toBeGreaterThanOrEqual(24);
    // The clicker: PageDown goes to the next stop, wherever the focus is (on the heatmap, where there is one).
    const plot = page.locator(".ap-step-figure .ap-plot[role=application]").first();
    if ((await plot.count()) > 0) await plot.focus();
    await page.keyboard.press("PageDown");
  }
  await expect(page.getByTestId("lesson-text")).toHaveText(translate(lang, "lesson.done"));
  await page.keyboard.press("PageUp");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(example.stops.length - 1));
  expect(errors).toEqual([]);
}

for (const [width, height] of [
  [1920, 1080],
  [1280, 720],
] as const) {
  test.describe(`presenter mode on a ${width}×${height} projector`, () => {
    test.describe.configure({ mode: "parallel" });
    test.use({ viewport: { width, height } });
    // At 1280×720, the translations' flow stop does not yet fit one screen at 24 px labels: the heatmap and
    // the flow view side by side need ~420 CSS px of the ~390 there are (the figure scrolls inside its area).
    const fits720 = [
      "five-values",
      "large-dot-products",
      "pronoun",
      "pronoun-zh",
      "causal",
      "two-heads",
      "hard-soft",
      "score-functions",
    ];
    // The modern lesson's stops show panels of words and tables, with few labels or none: presenter-fit.spec.ts
    // checks that they fit their box, at 24 px words.
    const fits = (id: string) => id !== "modern" && (width === 1920 || fits720.includes(id));
    for (const example of EXAMPLES.filter((e) => fits(e.id))) {
      test(`${example.id}: at every stop the lesson text and the figure fill one screen, labels ≥ 24 px; PageDown advances`, async ({
        page,
      }) => {
        await followLesson(page, example, "en");
      });
    }
  });
}

test.describe("presenter mode in Chinese on a 1920×1080 projector", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  for (const id of ["pronoun-zh", "translate-zh-en", "five-values"]) {
    test(`${id}: the same in Chinese`, async ({ page }) => {
      await followLesson(page, exampleById(id)!, "zh-CN");
    });
  }
});

test("the modern lesson, projected: a stop about a panel shows the panel alone, the window stop its heatmap alone", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const errors = collectErrors(page);
  const modern = exampleById("modern")!;
  await present(page, modern, "en");
  const figure = page.locator(".ap-step-figure");
  for (const [index, stop] of modern.stops.entries()) {
    await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(index));
    const panel = figure.getByTestId("modern-panel");
    const views = figure.locator(".ap-views").first();
    if (stop.panel) {
      await expect(panel).toBeVisible();
      await expect(views).toBeHidden();
    } else {
      await expect(views).toBeVisible();
      await expect(panel).toBeHidden();
    }
    await page.keyboard.press("PageDown");
  }
  expect(errors).toEqual([]);
});

test("beside a lesson on 1920 × 1080, every step's pill is in view, with ←, → and Play", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await present(page, exampleById("pronoun-zh")!, "zh-CN");
  // Before: the row's 520 px held pills 1 to 6, and 7 and 8 scrolled out of it.
  const outside = await page.locator(".ap-steps").evaluate((nav) => {
    const row = nav.querySelector(".ap-step-list")!.getBoundingClientRect();
    return [...nav.querySelectorAll(".ap-step")]
      .map((pill, i) => ({ i: i + 1, r: pill.getBoundingClientRect() }))
      .filter(({ r }) => r.left < row.left - 0.5 || r.right > row.right + 0.5)
      .map(({ i }) => i);
  });
  expect(outside).toEqual([]);
  await expect(page.getByTestId("play")).toBeInViewport();
});

test("a lesson opened in presenter mode: its views are first drawn at the widest layout and the least zoom, then only narrowed", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Every (layout width, zoom) the figure is drawn with while it holds a heatmap, from the start: looked at
  // after each change of the page's elements (a mutation observer), so that none is missed, painted or not.
  await page.addInitScript(() => {
    const drawn: string[] = [];
    (window as { drawnFits?: string[] }).drawnFits = drawn;
    new MutationObserver(() => {
      const figure = document.querySelector<HTMLElement>(".ap-step-figure-fit");
      if (figure?.querySelector(".ap-plot")) {
        const fit = `${figure.dataset.width}@${figure.dataset.zoom}`;
        if (drawn.at(-1) !== fit) drawn.push(fit);
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-zoom", "data-width"],
    });
  });
  // The Chinese pronoun lesson's first stop: a heatmap too tall for the room at the widest layout.
  await present(page, exampleById("pronoun-zh")!, "zh-CN");
  await expect
    .poll(async () => (await screen(page, exampleById("pronoun-zh")!.stops[0]!.lock)).figureInside)
    .toBe(true);
  const { fits, widest } = await page.evaluate(() => {
    const area = document.querySelector<HTMLElement>(".ap-step-figure")!;
    const style = getComputedStyle(area);
    const room = area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {
      fits: (window as { drawnFits?: string[] }).drawnFits ?? [],
      widest: Math.floor(Math.floor(room) / 2),
    };
  });
  const parsed = fits.map((f) => f.split("@").map(Number) as [number, number]);
  // First the room's width at the least zoom (2), never a zoom past it while the figure is too tall, each
  // layout narrower than the last; then, the last layout being narrower than it had to be (each narrowing
  // takes a sixth at least), a zoom a little past 2 that fills the room. Before: a heatmap laid out in no
  // width, then at 4× (2,040 px): "0@2, 577@4, 417@2".
  expect(parsed[0], fits.join(", ")).toEqual([widest, 2]);
  const [lastWidth, lastZoom] = parsed.at(-1)!;
  const narrowing = lastZoom > 2 ? parsed.slice(0, -1) : parsed;
  for (const [i, [width, zoom]] of narrowing.entries()) {
    expect(zoom, fits.join(", ")).toBe(2);
    if (i > 0) expect(width, fits.join(", ")).toBeLessThan(narrowing[i - 1]![0]);
  }
  expect(lastWidth, fits.join(", ")).toBe(narrowing.at(-1)![0]);
  expect(lastZoom, fits.join(", ")).toBeLessThan(2.5);
});

for (const [width, height, shown] of [
  [1920, 1080, true],
  [1280, 720, false],
] as const) {
  test(`step 8's vector strips on a ${width} × ${height} projector ${shown ? "keep" : "leave out"} their colour legends`, async ({
    page,
  }) => {
    // On 1920 × 1080 the two strips filled the screen at 3.4× with no scale to read a colour by; on a shorter
    // screen the legends would push the figure below 24 px labels, and the lesson reads out the numbers.
    await page.setViewportSize({ width, height });
    const errors = collectErrors(page);
    await page.goto("/?backend=exact&present=1&step=8");
    const figure = page.locator(".ap-step-figure .ap-step-figure-fit");
    await expect(figure.locator(".ap-vectors").first()).toBeVisible();
    const legends = figure.locator(".ap-vectors .ap-legend");
    await expect(legends).toHaveCount(2);
    for (const legend of await legends.all()) {
      if (shown) await expect(legend).toBeVisible();
      else await expect(legend).toBeHidden();
    }
    expect(errors).toEqual([]);
  });
}
