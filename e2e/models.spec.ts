import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { TASKS } from "../src/models/tasks";
import { collectErrors, expect, test } from "./fixtures";

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each. */
async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}: ${n.failureSummary ?? v.help}`));
}

/**
 * The trained-models page as a person uses it: the shipped models answer typed inputs (checked against the
 * task's own rule), their attention is drawn for every layer and head, a block opens in the explorer, and a
 * fresh model trains in a worker while the page keeps answering.
 */

test.describe("shipped models", () => {
  test("reverse: the model writes the input backwards, and draws every layer's and head's attention", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto("/models.html?lang=en&task=reverse");
    await page.getByTestId("model-input").fill("hello");
    await expect(page.getByTestId("prediction-input").locator("li")).toHaveText([..."hello"]);
    await expect(page.getByTestId("prediction-output").locator("li")).toHaveText([..."olleh"]);
    await expect(page.getByTestId("prediction-verdict")).toContainText("right");
    // 2 layers × 2 heads, each with the decoder's tokens on both axes.
    for (const [b, h] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]) {
      await expect(
        page.getByTestId(`model-attention-heatmap-${b}-${h}`).locator("canvas").first(),
      ).toBeVisible();
    }
    // The causal mask hides later keys: their weights are 0, drawn hatched, and the legend says 0, not −∞.
    const legend = page.getByTestId("model-attention-heatmap-0-0").locator(".ap-legend");
    await expect(legend.locator(".ap-legend-masked + text")).toHaveText("0");
    await expect(legend).not.toContainText("∞");
    await expect(page.getByTestId("model-info")).toContainText("held-out exact-sequence accuracy");
    expect(errors).toEqual([]);
  });

  test("every task answers its sample input as its rule does", async ({ page }) => {
    await page.goto("/models.html?lang=en");
    for (const name of ["reverse", "sort", "induction", "translate"] as const) {
      const task = TASKS[name];
      await page.getByTestId("task").selectOption(name);
      await expect(page.getByTestId("model-input")).toHaveValue(task.sample);
      const input = task.split === "words" ? task.sample.split(" ") : task.sample.split("");
      const answer = task.answer(input)!;
      // Induction: only the predictions inside the repeat are knowable, and only they are marked.
      await expect(page.getByTestId("prediction-verdict")).toContainText("right");
      if (name !== "induction") {
        await expect(page.getByTestId("prediction-output").locator("li")).toHaveText(answer);
      }
    }
  });

  test("an input outside the vocabulary or the trained lengths says what is allowed", async ({ page }) => {
    await page.goto("/models.html?lang=en&task=sort");
    await page.getByTestId("model-input").fill("12a4");
    await expect(page.getByTestId("input-error")).toHaveText(
      "“a” (token 3) is not in this model's vocabulary. Allowed: 0 1 2 3 4 5 6 7 8 9",
    );
    await page.getByTestId("model-input").fill("123456789");
    await expect(page.getByTestId("input-error")).toHaveText("9 tokens: this model was trained on 2 to 8.");
    await page.getByTestId("task").selectOption("translate");
    await page.getByTestId("model-input").fill("dog sees elephant");
    await expect(page.getByTestId("input-error")).toContainText("“elephant” (token 3)");
    await expect(page.getByTestId("input-error")).toContainText("Allowed: cat dog bird");
    // A word of 1,000 letters is quoted to 24 and "…", and the page stays as wide as the window.
    await page.getByTestId("model-input").fill("x".repeat(1000));
    await expect(page.getByTestId("input-error")).toContainText(`“${"x".repeat(24)}…” (token 1)`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    );
  });

  test("pointing at a cell writes out its softmax with the real numbers; the explorer opens on the block", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto("/models.html?lang=en&task=translate");
    await expect(page.getByTestId("prediction-output").locator("li")).toHaveText(
      "wof gra miu pim kuru".split(" "),
    );
    const cross = page.getByTestId("model-attention-heatmap-2-0").locator("canvas").first();
    await cross.hover({ position: { x: 5, y: 5 } });
    await expect(page.getByTestId("cell-formula")).toBeVisible();
    await page.getByTestId("open-block-2").click();
    await page.waitForURL(/index\.html/);
    await expect(page.getByTestId("step-title")).toHaveText("Softmax: attention weights");
    // The explorer shows the model's own tokens: decoder tokens are the queries, the source words the keys.
    await expect(page.locator("body")).toContainText("chases");
    await expect(page.locator("body")).toContainText("pim");
    await expect(page.getByTestId("errors")).toHaveCount(0);
    // Q, K and V are the block's float32 numbers typed in as their shortest decimals, at most 9 significant
    // digits (numpy's str(np.float32)), not String() of the float32, up to 17 (0.10000000149011612).
    const cells = page.getByRole("textbox", { name: /^[QKV] row \d+, column \d+$/u });
    await expect(cells.first()).toBeAttached();
    const texts = await cells.evaluateAll((inputs) =>
      inputs.map((input) => (input as HTMLInputElement).value),
    );
    const digits = (text: string) =>
      text
        .replace(/^-|e.*$/gu, "")
        .replace(".", "")
        .replace(/^0+/u, "").length;
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((text) => digits(text) > 9)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("Chinese, dark", async ({ page }) => {
    await page.goto("/models.html?lang=zh-CN&theme=dark&task=reverse");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("训练好的 Transformer");
    await expect(page.getByTestId("prediction-verdict")).toContainText("正确");
  });

  test("?lang=zh, as people write it, opens in Chinese too", async ({ page }) => {
    await page.goto("/models.html?lang=zh&task=reverse");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("训练好的 Transformer");
  });
});

/** [rows][cols] RGBA of each cell of a model heatmap, from its canvas (rows are queries, columns are keys). */
async function cellColours(page: Page, testId: string): Promise<number[][][]> {
  return page.getByTestId(testId).evaluate((el) => {
    const plot = el.querySelector<HTMLElement>(".ap-plot")!;
    const canvas = plot.querySelector<HTMLCanvasElement>("canvas.ap-cells")!;
    const cell = (Number(plot.dataset.cell) * canvas.width) / canvas.clientWidth;
    const context = canvas.getContext("2d")!;
    return Array.from({ length: Number(plot.dataset.rows) }, (_, i) =>
      Array.from({ length: Number(plot.dataset.cols) }, (_, j) => [
        ...context.getImageData(Math.floor((j + 0.5) * cell), Math.floor((i + 0.5) * cell), 1, 1).data,
      ]),
    );
  });
}

test.describe("colours", () => {
  // viridis(1), d3's last colour: #fde725.
  const TOP = [253, 231, 37];
  const isTop = ([r, g, b]: number[]) =>
    Math.max(Math.abs(r! - TOP[0]!), Math.abs(g! - TOP[1]!), Math.abs(b! - TOP[2]!)) <= 2;
  /** Per query row of a causal head: whether a key it sees (alpha 255, not hatched) has viridis's top colour. */
  const rowsAtTop = (colours: number[][][]) =>
    colours.map((row) => row.some((c) => c[3] === 255 && isTop(c)));

  test("viridis, each row to its largest weight: every row's strongest key takes the top colour; kept on reload", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto("/models.html?lang=en&task=reverse");
    await page.getByTestId("model-input").fill("hello");
    const head = "model-attention-heatmap-1-1";
    await expect(page.getByTestId(head).locator("canvas").first()).toBeVisible();
    await page.getByTestId("model-attention-palette").selectOption("viridis");
    // One colour, one weight: only a row whose largest weight is 1 (to 2 in 255) reaches viridis's top.
    const byWeight = rowsAtTop(await cellColours(page, head));
    expect(byWeight.filter((top) => !top).length, "rows whose largest weight is under 1").toBeGreaterThan(0);
    await page.getByTestId("model-attention-weight-scale").selectOption("row");
    await expect.poll(async () => rowsAtTop(await cellColours(page, head))).toEqual(byWeight.map(() => true));
    await expect(page.getByTestId(head).locator(".ap-legend-title")).toContainText("÷");
    // Chosen here, the colours are this page's from now on.
    await page.reload();
    await expect(page.getByTestId("model-attention-palette")).toHaveValue("viridis");
    await expect(page.getByTestId("model-attention-weight-scale")).toHaveValue("row");
    expect(errors).toEqual([]);
  });

  test("open with the explorer's palette, or the address's", async ({ page }) => {
    await page.goto("/index.html?lang=en");
    await page.getByTestId("palette").selectOption("cividis");
    // The explorer saves its state as the user edits (useAutosave): wait for it to be written.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem("attention-playground:state:v1") ?? ""))
      .toContain('"palette":"cividis"');
    await page.goto("/models.html?lang=en&task=reverse");
    await expect(page.getByTestId("model-attention-palette")).toHaveValue("cividis");
    await page.goto("/models.html?lang=en&task=reverse&palette=grayscale&weight-scale=row");
    await expect(page.getByTestId("model-attention-palette")).toHaveValue("grayscale");
    await expect(page.getByTestId("model-attention-weight-scale")).toHaveValue("row");
  });
});

test.describe("training live", () => {
  test("trains on wasm in a worker: steps advance, loss and probe attention appear; pause, resume and reset", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto("/models.html?lang=en&view=train");
    await page.getByTestId("train-task").selectOption("translate");
    await page.getByTestId("train-layers").selectOption("1");
    await page.getByTestId("train-backend").selectOption("wasm");
    await page.getByTestId("train-start").click();
    const status = page.getByTestId("train-status");
    await expect(status).toHaveAttribute("data-phase", "running");
    await expect
      .poll(async () => Number(await status.getAttribute("data-step")), { timeout: 60_000 })
      .toBeGreaterThan(60);
    await expect(page.getByTestId("train-snapshot")).toContainText("Step");
    await expect(page.getByTestId("train-attention-heatmap-1-0").locator("canvas").first()).toBeVisible();
    await expect(page.locator(".ap-line-chart path[data-series]").first()).toBeVisible();

    // The page stays responsive because the steps are taken in the training worker, not on the page's thread:
    // the worker itself reports the next step it posts, and the page then shows that step (or a later one).
    const trainer = page.workers().find((w) => /trainWorker/u.test(w.url()));
    if (!trainer)
      throw new Error(
        `no training worker among ${page
          .workers()
          .map((w) => w.url())
          .join(", ")}`,
      );
    const posted = await trainer.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const post = self.postMessage.bind(self);
          self.postMessage = ((event: { type?: string; step?: number }) => {
            post(event);
            if (event.type === "step" && typeof event.step === "number") resolve(event.step);
          }) as typeof self.postMessage;
        }),
    );
    await expect
      .poll(async () => Number(await status.getAttribute("data-step")))
      .toBeGreaterThanOrEqual(posted);
    expect(posted).toBeGreaterThan(60);

    // The history slider goes back to the untrained model.
    await page.getByTestId("train-history").fill("0");
    await expect(page.getByTestId("train-snapshot")).toContainText("Step 0:");

    await page.getByTestId("train-pause").click();
    await expect(status).toHaveAttribute("data-phase", "paused");
    // "paused" is the worker's own report that its loop has ended (trainWorker.ts): no step follows it, so the
    // step shown then is the last. Resumed, training goes on from the next step, none lost or taken unseen:
    // the loss chart has one point per step.
    const paused = Number(await status.getAttribute("data-step"));
    await page.getByTestId("train-pause").click();
    await expect.poll(async () => Number(await status.getAttribute("data-step"))).toBeGreaterThan(paused);
    await page.getByTestId("train-pause").click();
    await expect(status).toHaveAttribute("data-phase", "paused");
    const steps = Number(await status.getAttribute("data-step"));
    const points = await page
      .locator(".ap-line-chart path[data-series]")
      .first()
      .evaluate((path) => (path.getAttribute("d")?.match(/[ML]/gu) ?? []).length);
    expect(points).toBe(steps);

    await page.getByTestId("train-reset").click();
    await expect(status).toHaveAttribute("data-phase", "idle");
    expect(errors).toEqual([]);
  });

  test("the probe keeps its own case in its panel's title, which is set in capitals", async ({ page }) => {
    await page.goto("/models.html?lang=en&view=train");
    await page.getByTestId("train-task").selectOption("reverse");
    // innerText is the text as drawn, after text-transform.
    const title = await page.locator("#ap-train-probe").evaluate((el) => (el as HTMLElement).innerText);
    expect(title).toBe(`ATTENTION ON THE PROBE INPUT ${TASKS.reverse.probe.join("")}, AS TRAINING WENT`);
    expect(TASKS.reverse.probe.join("")).toMatch(/^[a-p]+$/u);
  });

  test("an invalid learning rate is refused with a message, and Start waits for a valid one", async ({
    page,
  }) => {
    await page.goto("/models.html?lang=en&view=train");
    await page.getByTestId("train-rate").fill("7");
    await expect(page.getByTestId("train-errors")).toContainText("Learning rate is 7");
    await expect(page.getByTestId("train-start")).toBeDisabled();
    await page.getByTestId("train-rate").fill("0.01");
    await expect(page.getByTestId("train-errors")).toHaveCount(0);
    await expect(page.getByTestId("train-start")).toBeEnabled();
  });
});

test.describe("accessibility", () => {
  for (const [lang, theme] of [
    ["en", "light"],
    ["zh-CN", "dark"],
  ] as const) {
    test(`both views pass axe (WCAG 2.1 AA), ${lang}, ${theme}`, async ({ page }) => {
      await page.goto(`/models.html?lang=${lang}&theme=${theme}&task=translate`);
      await expect(page.getByTestId("model-attention-heatmap-2-1").locator("canvas").first()).toBeVisible();
      expect(await axeFindings(page)).toEqual([]);
      await page.getByTestId("view-train").click();
      await page.getByTestId("train-task").selectOption("translate");
      await page.getByTestId("train-layers").selectOption("1");
      await page.getByTestId("train-start").click();
      await expect(page.getByTestId("train-snapshot")).toBeVisible();
      await page.getByTestId("train-pause").click();
      await expect(page.getByTestId("train-status")).toHaveAttribute("data-phase", "paused");
      expect(await axeFindings(page)).toEqual([]);
    });
  }
});
