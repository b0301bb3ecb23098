import type { Page } from "@playwright/test";
import { layer } from "../src/core/matrix";
import { exampleById } from "../src/explorer/examples";
import { translate } from "../src/i18n/i18n";
import { createInitialState } from "../src/explorer/state";
import { openApp, openOwnWork, referenceOf } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Modern attention in the explorer, as a student meets it in the "modern" lesson: RoPE's rotation and its
 * relative-position check, the online-softmax blocks and their exercise, and the KV-cache stepper, with
 * every number checked against the float64 reference computed here (by hand from its masked scores, not by
 * the code that draws the panels), in English and in Chinese.
 */
const example = exampleById("modern")!;
const trace = referenceOf(example.state());
/** As the panels write numbers: up to 4 decimals, a true minus sign (U+2212). */
const fmt = (x: number) => Number(x.toFixed(4)).toString().replace("-", "\u2212");

/** Query 7 ("it"), head 1: its masked scores and head 1's values (KV head 1 of 2, columns 0–1). */
const QUERY = 7;
const scores = Array.from(layer(trace.masked, 0).data.subarray(QUERY * trace.keys, (QUERY + 1) * trace.keys));
const value = (j: number) => trace.v.data[j * trace.v.cols] as number;

/** m, ℓ and o₁ after reading keys 0 … end − 1 of a row of masked scores, straight from the definitions. */
function afterKeys(end: number, row = scores) {
  const seen = row.slice(0, end).filter((s) => s !== -Infinity);
  const m = Math.max(...seen);
  let l = 0;
  let o = 0;
  row.slice(0, end).forEach((s, j) => {
    if (s === -Infinity) return;
    l += Math.exp(s - m);
    o += Math.exp(s - m) * value(j);
  });
  return { m, l, o };
}

async function next(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.getByTestId("lesson-next").click();
}

test("the modern lesson in English: RoPE, the online softmax with its exercise, the KV cache", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openApp(page, "&example=modern");
  await expect(page.getByTestId("step-title")).toHaveText(translate("en", "step2.title"));

  // RoPE: "it" (position 7) and "mat" (position 5); the score, and again one place later: the same number.
  const score = fmt(layer(trace.scores, 0).data[QUERY * trace.keys + 5] as number);
  await expect(page.getByTestId("rope-arrows")).toBeVisible();
  await expect(page.getByTestId("rope-relative")).toHaveText(
    `The score depends only on how far apart the tokens are: q·k at positions (7, 5) is ${score}; both moved one place later, at (8, 6), it is ${score}.`,
  );

  // ALiBi, step 4: head 1's slope 2^(−8/4) = 0.25 takes 0.25 · 3 = 0.75 from "it" (7) on "the" (4), in the
  // lesson's words and in the panel's formula, which the projector shows alone.
  await next(page, 2);
  await expect(page.getByTestId("step-title")).toHaveText(translate("en", "step4.title"));
  await expect(page.getByTestId("lesson-text")).toContainText("“it” loses 0.7500 on “the”, 3 places back");
  await expect(page.getByTestId("alibi-formula")).toHaveAttribute(
    "data-tex",
    /^\\tilde s_\{8,5\} - m_\{1\}.*\\cdot 3 = \S+ - 0\.750* = /,
  );

  // "it" against every key, a row a key: distances 7 … 0 … 2, −0.25 a place (hand-worked), and the scaled
  // scores after the bias: the float64 reference's, within the panel's 4 decimals and float32.
  const rows = page.getByTestId("alibi-table").locator("tbody tr");
  await expect(rows).toHaveCount(10);
  // The locked key's row, "the" (key 5), is marked, as its bias is the formula's.
  await expect(rows.and(page.locator('[aria-current="true"]'))).toHaveCount(1);
  await expect(page.getByTestId("alibi-key-5")).toHaveAttribute("aria-current", "true");
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
  );
  expect(cells.map((row) => row[0])).toEqual(["7", "6", "5", "4", "3", "2", "1", "0", "1", "2"]);
  expect(cells.map((row) => row[1])).toEqual([
    "−1.75",
    "−1.5",
    "−1.25",
    "−1",
    "−0.75",
    "−0.5",
    "−0.25",
    "0",
    "−0.25",
    "−0.5",
  ]);
  const biased = layer(trace.biased!, 0).data.subarray(QUERY * trace.keys, (QUERY + 1) * trace.keys);
  cells.forEach((row, j) =>
    expect(Math.abs(Number(row[3]!.replace("\u2212", "-")) - (biased[j] as number)), `key ${j}`).toBeLessThan(
      6e-5,
    ),
  );

  // Step 6: blocks of B = 3 over 10 keys: 4 blocks; the window hides keys 0–3 from "it".
  await next(page, 2);
  await expect(page.getByTestId("step-title")).toHaveText(translate("en", "step6.title"));
  await expect(page.getByTestId("online-table").locator("tbody tr")).toHaveCount(4);
  const last = afterKeys(10);
  await expect(page.getByTestId("online-block-4").locator("td").nth(3)).toHaveText(fmt(last.l));
  await expect(page.getByTestId("online-block-1").locator("td").nth(1)).toHaveText("−∞");

  // Until the student picks a block, the exercise and its formula are about block 3, the first whose larger
  // max rescales ℓ and o (block 1's keys are all hidden: m = −∞, nothing to compute; block 2 starts the max).
  await expect(page.getByTestId("online-exercise-block")).toHaveValue("2");
  await expect(page.getByTestId("online-formula")).toHaveAttribute("data-tex", /^\\text\{B\}_\{3\}/u);

  // The exercise, block 2 (keys 4–6 seen): right answers are marked right; a forgotten rescale is not.
  const block2 = afterKeys(6);
  await page.getByTestId("online-exercise-block").selectOption({ value: "1" });
  await page.getByTestId("online-answer-m").fill(block2.m.toFixed(3));
  await page.getByTestId("online-answer-l").fill(block2.l.toFixed(3));
  await page.getByTestId("online-answer-o").fill(block2.o.toFixed(3));
  await page.getByTestId("online-check").click();
  for (const field of ["m", "l", "o"]) {
    await expect(page.getByTestId(`online-mark-${field}`)).toHaveAttribute("data-mark", "right");
  }
  await page.getByTestId("online-answer-l").fill((block2.l + 1).toFixed(3));
  await page.getByTestId("online-check").click();
  await expect(page.getByTestId("online-mark-l")).toHaveAttribute("data-mark", "wrong");
  await expect(page.getByTestId("online-mark-l")).toHaveText("not yet");

  // Step 7: decoding "it", the 8th token: 8 cached tokens of 1 · 2 · (2 + 2) · 4 = 32 bytes.
  await next(page, 1);
  await expect(page.getByTestId("kv-cache")).toContainText(
    "The cache holds 8 tokens: 256 bytes = 8 × 32 bytes",
  );
  const output = Array.from(trace.output.data.subarray(QUERY * 8, QUERY * 8 + 4), fmt).join(", ");
  await expect(page.getByTestId("kv-equal")).toContainText(`row 8 of full causal attention = [${output}, …]`);
  await page.getByTestId("kv-step").fill("2");
  await expect(page.getByTestId("kv-cache")).toContainText("The cache holds 3 tokens: 96 bytes");
  expect(errors).toEqual([]);
});

test("a KV-cache walk-through too large for the page says so, and the step's views stay", async ({
  page,
}) => {
  const errors = collectErrors(page);
  // 8 heads × 512² tokens × (32 + 32): 2²⁷, twice what the page decodes in float64 (KV_MAX_WORK, 2²⁶).
  const tokens = Array.from({ length: 512 }, (_, i) => `w${i + 1}`);
  const base = createInitialState();
  await openOwnWork(page, "&step=7", {
    input: "sequence",
    sequence: { ...base.sequence, text: tokens.join(" "), tokenizer: "whitespace", tokens, dModel: 256 },
    heads: 8,
  });
  await expect(page.getByTestId("modern-panel")).toContainText(
    "KV cache: this walk-through computes every decoding step in float64 in the page, for problems of up to 67108864",
  );
  await expect(page.getByTestId("modern-panel")).toContainText("this one is 134217728");
  await expect(page.getByTestId("kv-view")).toHaveCount(0);
  await expect(page.getByTestId("view-head-output")).toBeVisible();
  expect(errors).toEqual([]);
});

/**
 * The modern lesson on a 1280 × 720 screen, `stops` stops on, with the control `testId` focused and then the
 * page scrolled back to its top (focusing scrolls the control into view, and with it the page).
 */
async function focusThenScrollUp(page: Page, stops: number, testId: string) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, "&example=modern");
  await next(page, stops);
  const control = page.getByTestId(testId);
  await control.focus();
  await page.evaluate(() => scrollTo(0, 0));
  return control;
}

test("the online softmax below the screen while τ is scrubbed shows the newest numbers once the scrub pauses", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const slider = await focusThenScrollUp(page, 4, "temperature");
  await expect(page.getByTestId("step-title")).toHaveText(translate("en", "step6.title"));
  const block4 = page.getByTestId("online-block-4").locator("td").nth(3);
  await expect(block4).toHaveText(fmt(afterKeys(10).l));
  const below = () =>
    page.getByTestId("online-table").evaluate((t) => t.getBoundingClientRect().top > innerHeight);
  expect(await below()).toBe(true);
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
  // The slider moves on a log scale; τ itself is in its text.
  const tau = Number((await slider.getAttribute("aria-valuetext"))?.replace("τ = ", ""));
  expect(tau).toBeGreaterThan(1);
  // ℓ of the last block at the new τ, from the float64 reference's masked scores of query 7, head 1.
  const moved = referenceOf({ ...example.state(), temperature: tau });
  const row = Array.from(layer(moved.masked, 0).data.subarray(QUERY * moved.keys, (QUERY + 1) * moved.keys));
  expect(fmt(afterKeys(10, row).l)).not.toBe(fmt(afterKeys(10).l));
  // Still below the screen, the table catches up (useSettledOffScreen).
  await expect(block4).toHaveText(fmt(afterKeys(10, row).l));
  expect(await below()).toBe(true);
  expect(errors).toEqual([]);
});

test("a key pressed on the KV-cache stepper, scrolled off the screen, moves it at every press", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const stepper = await focusThenScrollUp(page, 5, "kv-step");
  await expect(stepper).toHaveValue("7");
  expect(await stepper.evaluate((e) => e.getBoundingClientRect().top > innerHeight)).toBe(true);
  // Its panel waits while off the screen (useSettledOffScreen), but not while it holds the focus: a panel
  // that waited would set the stepper back to 7 after each press, and the next would start from there.
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  await expect(stepper).toHaveValue("3");
  await expect(page.getByTestId("kv-cache")).toContainText("The cache holds 4 tokens: 128 bytes");
  expect(errors).toEqual([]);
});

test("the modern lesson and its settings in Chinese, with a typed error for h_kv", async ({ page }) => {
  const errors = collectErrors(page);
  await openApp(page, "&example=modern&lang=zh-CN");
  await expect(page.getByTestId("modern-settings").locator("legend")).toHaveText("现代注意力");
  await expect(page.getByTestId("rope-view").locator("h3")).toHaveText("RoPE：q 和 k 按位置旋转");
  await next(page, 1);
  await expect(page.getByTestId("gqa-view").locator("h3")).toHaveText(
    "分组查询注意力：4 个查询头共享 2 个键/值头",
  );
  await expect(page.getByTestId("gqa-view").locator("li").nth(2)).toHaveText("查询头 3 读取 KV 头 2");
  await next(page, 1);
  await expect(page.getByTestId("lesson-text")).toContainText("“it”对 3 个位置之前的“the”被扣去 0.7500");
  await next(page, 3);
  await expect(page.getByTestId("kv-cache")).toContainText("缓存中有 8 个词元：256 字节");
  await page.getByTestId("kv-heads").fill("3");
  await expect(page.getByText("KV 头数 h_kv 是 3，不能整除 4 个查询头：应为 4 的约数").first()).toBeVisible();
  expect(errors).toEqual([]);
});

for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  test(`at ${width} × ${height} the modern panels' formulas wrap inside their panels, not past them`, async ({
    page,
  }) => {
    // RoPE's rotation, set on one line, was 567 px in a panel of 554 at 1440 × 900: its result, the rotated
    // pair, lay past the panel's edge, to be scrolled to. Broken after its arrow and its =, it is read whole.
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height });
    await page.goto("/?backend=exact&example=modern");
    const checked: string[] = [];
    // The lesson's stops: RoPE's at the first, ALiBi's at the third, the online softmax's at the fifth.
    for (const [stop, id] of [
      [0, "rope-formula"],
      [2, "alibi-formula"],
      [4, "online-formula"],
    ] as const) {
      await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", String(stop));
      const formula = page.getByTestId(id);
      await formula.scrollIntoViewIfNeeded();
      await expect(formula.locator(".katex").first()).toBeVisible();
      const { parts, over, panel } = await formula.evaluate((node) => {
        const view = node.closest<HTMLElement>(".ap-modern-view")!;
        const edge = view.getBoundingClientRect().right;
        const parts = [...node.querySelectorAll(".katex-html > .katex-base")].map((b) =>
          b.getBoundingClientRect(),
        );
        return {
          parts: parts.length,
          over: Math.max(...parts.map((r) => r.right - edge)),
          panel: `${view.scrollWidth} in ${view.clientWidth}`,
        };
      });
      expect(parts, `${id}: its typeset parts`).toBeGreaterThan(0);
      expect(over, `${id}: its farthest part past the panel's edge (panel ${panel})`).toBeLessThanOrEqual(1);
      checked.push(id);
      if (stop < 4) await next(page, 2);
    }
    expect(checked).toHaveLength(3);
    expect(errors).toEqual([]);
  });
}
