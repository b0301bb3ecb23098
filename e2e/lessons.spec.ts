import type { Page } from "@playwright/test";
import { layer } from "../src/core/matrix";
import type { AttentionTrace } from "../src/core/types";
import { EXAMPLES, exampleById, type Example, type LessonStop } from "../src/explorer/examples";
import { translate } from "../src/i18n/i18n";
import { buildSpec } from "../src/explorer/spec";
import { qkvGiven, stepInfo } from "../src/explorer/steps";
import { expectTable, headRows, openApp, referenceOf, rowsOf, showTables } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The worked examples as a student follows them: open from the gallery, step through the lesson to its end,
 * and at every stop compare the numbers on screen (data tables) and in the lesson's text with the float64
 * reference computed here from the example's own state. Then the classroom modes: an exercise answered right
 * and wrong, and presenter mode driven by keys alone.
 */

/** The table a step shows, and the reference numbers it must hold (head `head`; rows are queries). */
function expected(trace: AttentionTrace, stop: LessonStop): { view: string; rows: number[][] } | undefined {
  const head = typeof stop.head === "number" ? stop.head : 0;
  switch (stop.step) {
    case 3:
      return { view: "view-scores", rows: headRows(trace.scores, head) };
    case 4:
      return { view: "view-scaled", rows: headRows(trace.scaled, head) };
    case 5:
      return { view: "view-masked", rows: headRows(trace.masked, head) };
    case 6:
      return { view: "view-weights", rows: headRows(trace.weights, head) };
    case 7:
      return stop.head === "mean"
        ? undefined
        : { view: "view-head-output", rows: headRows(trace.headOutputs, head) };
    case 8:
      return { view: "view-output", rows: rowsOf(trace.output) };
    default:
      return undefined;
  }
}

async function openFromGallery(page: Page, example: Example, lang: "en" | "zh-CN" = "en") {
  await openApp(page, lang === "en" ? "" : `&lang=${lang}`);
  await page.getByTestId("open-examples").click();
  await expect(page.getByTestId("examples")).toBeVisible();
  await page.getByTestId(`example-${example.id}`).click();
  await expect(page.getByTestId("examples")).toBeHidden();
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "0");
}

test.describe("worked examples", () => {
  test.describe.configure({ mode: "parallel" });

  for (const example of EXAMPLES) {
    test(`${example.id}: the lesson runs to its end, every number the float64 reference's`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await openFromGallery(page, example);
      await showTables(page);
      const built = buildSpec(example.state());
      const trace = referenceOf(example.state());
      for (const [index, stop] of example.stops.entries()) {
        await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(index));
        // The step as it reads for the example's input and settings (typed Q, K and V, the score, hard attention).
        const title = stepInfo(stop.step, qkvGiven(trace), trace).title;
        await expect(page.getByTestId("step-title")).toHaveText(translate("en", title));
        // The text, with its numbers from the page's trace: the same as with the reference's numbers.
        const text = translate("en", stop.text, stop.numbers?.(trace, built));
        await expect(page.getByTestId("lesson-text")).toHaveText(text);
        const table = expected(trace, stop);
        if (table) await expectTable(page, table.view, table.rows);
        if (stop.lock) await expect(page.getByTestId("cell-formula")).toBeVisible();
        if (stop.compare) {
          const variants = await page.getByTestId("compare").locator(".ap-compare-item").count();
          expect(variants).toBe(stop.compare === "mode" ? 2 : 5);
        }
        await page.getByTestId("lesson-next").click();
      }
      await expect(page.getByTestId("lesson-text")).toHaveText(translate("en", "lesson.done"));
      await page.getByTestId("lesson-exit").click();
      await expect(page.getByTestId("lesson")).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }
});

test("five values: the page shows the textbook weights 0.0580 … 0.4287, summing to 1, and the output 3.9056", async ({
  page,
}) => {
  await openFromGallery(page, exampleById("five-values")!);
  await page.getByTestId("lesson-next").click();
  await page.getByTestId("lesson-next").click();
  await expect(page.getByTestId("lesson-text")).toContainText("0.0580, 0.0956, 0.1577, 0.2600, 0.4287");
  await expect(page.getByTestId("lesson-text")).toContainText("They add up to 1.0000");
  await page.getByTestId("lesson-next").click();
  await expect(page.getByTestId("lesson-text")).toContainText("= 3.9056");
});

test("the lesson in Chinese: “它” attends to “动物”, with the page's numbers", async ({ page }) => {
  const example = exampleById("pronoun-zh")!;
  await openFromGallery(page, example, "zh-CN");
  await expect(page.getByTestId("lesson")).toContainText("“它”指的是谁？");
  await page.getByTestId("lesson-next").click();
  const trace = referenceOf(example.state());
  const it = example.state().matrices.labels.queries.indexOf("它");
  const animal = example.state().matrices.labels.keys.indexOf("动物");
  const weight = layer(trace.weights, 0).data[it * trace.keys + animal]!;
  await expect(page.getByTestId("lesson-text")).toContainText(
    `查询“它”给“动物”的权重是 ${weight.toFixed(2)}`,
  );
  await expect(page.getByTestId("lesson-next")).toHaveText("下一步 →");
});

test.describe("check your work", () => {
  async function openExercise(page: Page) {
    await openFromGallery(page, exampleById("five-values")!);
    await page.getByTestId("lesson-next").click();
    await page.getByTestId("lesson-next").click();
    await page.getByRole("button", { name: "Check your own weights" }).click();
    await expect(page.getByTestId("exercise")).toHaveAttribute("data-quantity", "weights");
    // The answers are hidden: no heatmap, no table, no formula with numbers.
    await expect(page.getByTestId("view-weights")).toHaveCount(0);
    await expect(page.locator(".ap-formula")).toHaveCount(0);
  }
  const weights = () => headRows(referenceOf(exampleById("five-values")!.state()).weights)[0]!;

  test("an answer worked out right is marked right in every cell", async ({ page }) => {
    await openExercise(page);
    for (const [j, w] of weights().entries()) await page.getByTestId(`answer-0-${j}`).fill(w.toFixed(3));
    await page.getByTestId("exercise-check").click();
    await expect(page.getByTestId("exercise-result")).toHaveText("All 5 right. Well done!");
    for (let j = 0; j < 5; j++)
      await expect(page.getByTestId(`answer-0-${j}`)).toHaveAttribute("data-mark", "right");
  });

  test("answers typed with a Chinese input method (0。058, ０．０９６) are read as the grids read them", async ({
    page,
  }) => {
    await openExercise(page);
    // Softmax(0.5, 1, 1.5, 2, 2.5) by numpy: 0.0580, 0.0956, 0.1577, 0.2600, 0.4287. The "." key types 。 in
    // Chinese mode, and full-width mode types full-width digits.
    const typed = ["0。058", "０．０９６", "0。158", "０．２６", "0。429"];
    for (const [j, text] of typed.entries()) await page.getByTestId(`answer-0-${j}`).fill(text);
    await page.getByTestId("exercise-check").click();
    await expect(page.getByTestId("exercise-result")).toHaveText("All 5 right. Well done!");
  });

  test("a wrong answer is marked cell by cell, with a hint that names the mistake", async ({ page }) => {
    await openExercise(page);
    // Dividing each score by the sum of the scores instead of using e^x: a row that sums to 1 but is wrong.
    const scores = [0.5, 1, 1.5, 2, 2.5];
    const total = scores.reduce((a, b) => a + b);
    for (const [j, s] of scores.entries())
      await page.getByTestId(`answer-0-${j}`).fill((s / total).toFixed(3));
    await page.getByTestId("exercise-check").click();
    // 0.067 … 0.333 where softmax gives 0.0580 … 0.4287: every weight is more than 1% off, none gets a ✓.
    await expect(page.getByTestId("exercise-result").locator("strong")).toHaveText("0 of 5 right");
    for (let j = 0; j < 5; j++)
      await expect(page.getByTestId(`answer-0-${j}`)).toHaveAttribute("data-mark", "wrong");
    await expect(page.getByTestId("exercise-hints")).toContainText("Softmax uses e^x");
    // A row that does not sum to 1.
    await page.getByTestId("answer-0-4").fill("0.9");
    await page.getByTestId("exercise-check").click();
    await expect(page.getByTestId("exercise-hints")).toContainText("Row 1 adds up to");
    // Typed answers survive leaving the exercise and coming back.
    await page.getByTestId("exercise-toggle").click();
    await expect(page.getByTestId("view-weights")).toBeVisible();
    await page.getByTestId("exercise-toggle").click();
    await expect(page.getByTestId("answer-0-4")).toHaveValue("0.9");
  });

  test("✎ is offered only on the steps that have numbers to work out (3 to 7)", async ({ page }) => {
    await openApp(page, "&step=1");
    for (let step = 1; step <= 8; step++) {
      await page
        .getByRole("navigation")
        .getByRole("listitem")
        .nth(step - 1)
        .getByRole("button")
        .click();
      await expect(page).toHaveURL(new RegExp(`[?&]step=${step}\\b`));
      await expect(page.getByTestId("exercise-toggle")).toHaveCount(step >= 3 && step <= 7 ? 1 : 0);
    }
  });
});

test("presenter mode with keys only: enter, step through the lesson with PageDown/PageUp, leave with Escape", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const example = exampleById("causal")!;
  await openApp(page, `&example=${example.id}`);
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "0");
  // Keyboard only: Tab to the presenter button and press Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.getByTestId("presenter").evaluate((b) => b === document.activeElement)) break;
  }
  await expect(page.getByTestId("presenter")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
  await expect(page.locator(".ap-controls")).toBeHidden();
  // A presentation clicker sends PageDown and PageUp: they move through the lesson's stops and its steps.
  const trace = referenceOf(example.state());
  for (const [index, stop] of example.stops.entries()) {
    await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(index));
    const title = stepInfo(stop.step, qkvGiven(trace), trace).title;
    await expect(page.getByTestId("step-title")).toHaveText(translate("en", title));
    if (index < example.stops.length - 1) await page.keyboard.press("PageDown");
  }
  await page.keyboard.press("PageUp");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(example.stops.length - 2));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(example.stops.length - 1));
  // The figure is zoomed for the back of the room: its labels are 24 px or more on the screen.
  const label = page.locator(".ap-step-figure .ap-row-label").first();
  await expect
    .poll(() =>
      label.evaluate(
        (e) =>
          parseFloat(getComputedStyle(e).fontSize) * ((e as { currentCSSZoom?: number }).currentCSSZoom ?? 1),
      ),
    )
    .toBeGreaterThanOrEqual(24);
  // Escape releases the pointed cell first, then leaves presenter mode.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(page.locator(".ap-app")).not.toHaveAttribute("data-presenter", "true");
  await expect(page.locator(".ap-controls")).toBeVisible();
  expect(errors).toEqual([]);
});
