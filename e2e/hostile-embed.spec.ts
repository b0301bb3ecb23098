import { collectErrors, expect, test } from "./fixtures";

/**
 * embed.html and <attention-playground> as a hostile (or unlucky) reader meets them: addresses mangled on
 * the way, and attributes changed under a figure. Each is said in words, and nothing reaches the console.
 */

test("embed.html: a parameter given twice reads the first and says the other was ignored", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const inner = page.locator("attention-playground");
  await page.goto("/embed.html#example=five-values&step=3&step=5");
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner).toHaveAttribute("data-step", "3");
  await expect(inner.locator(".apw-note")).toHaveText(
    "URL parameter step is given 2 times: only the first, step=3, is read, and the others were ignored.",
  );
  expect(errors).toEqual([]);
});

test("embed.html: a token cut inside a character (%E4%B8 of 中) is an error naming the parameter, not a drawn U+FFFD", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const inner = page.locator("attention-playground");
  await page.goto("/embed.html#tokens=%E4%B8%AD%E6%96%87%20%E4%B8");
  const alert = inner.getByRole("alert");
  await expect(alert.getByRole("listitem").first()).toHaveText(
    "URL parameter tokens holds %E4%B8, which is not whole UTF-8 text: the link was cut inside a character or encoded wrongly. Copy it again, in full.",
  );
  await expect(inner).not.toContainText("\uFFFD");
  // The whole address draws: 中文 and a space-separated second word.
  await page.goto("about:blank");
  await page.goto("/embed.html#tokens=%E4%B8%AD%E6%96%87%20%E4%B8%AD");
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner).not.toHaveAttribute("data-error");
  expect(errors).toEqual([]);
});

test("a widget whose attribute turns bad keeps its last figure under the message, and is whole again when fixed", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const inner = page.locator("attention-playground");
  await page.goto("/embed.html#example=five-values&step=6");
  await expect(inner).toHaveAttribute("data-ready", "");
  const cells = () => inner.evaluate((el) => el.shadowRoot!.querySelectorAll("canvas").length);
  const drawn = await cells();
  expect(drawn).toBeGreaterThan(0);
  // A page (or React, setting props) passing through heads=0 on its way to another value.
  await inner.evaluate((el) => el.setAttribute("heads", "0"));
  const alert = inner.getByRole("alert");
  await expect(alert).toContainText(
    "These settings cannot be drawn: the figure below is from the last settings that could be",
  );
  await expect(alert.getByRole("listitem")).toHaveText(
    "URL parameter heads=0 is not valid: expected a whole number from 1 to 16.",
  );
  await expect(inner).toHaveAttribute("data-error", /heads/);
  expect(await cells()).toBe(drawn);
  await expect(inner.locator(".apw-figure-host")).toBeVisible();
  // A second bad value replaces the message; it does not stack a second one.
  await inner.evaluate((el) => el.setAttribute("heads", "1e9"));
  await expect(alert.getByRole("listitem")).toHaveText(
    "URL parameter heads=1e9 is not valid: expected a whole number from 1 to 16.",
  );
  await expect(alert).toHaveCount(1);
  // In Chinese, the same.
  await inner.evaluate((el) => el.setAttribute("lang", "zh-CN"));
  await expect(alert).toContainText("这些设置无法绘图：下面仍显示上一组可用设置的图");
  // Fixed: no message, the figure drawn for the new value.
  await inner.evaluate((el) => el.setAttribute("heads", "1"));
  await expect(inner).toHaveAttribute("data-ready", "");
  await expect(inner).not.toHaveAttribute("data-error");
  await expect(alert).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("embed.html: a new hash that changes only what is said under the figure says it anew", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const inner = page.locator("attention-playground");
  const note = inner.locator(".apw-note");
  await page.goto("/embed.html#exmple=five-values");
  await expect(note).toHaveText(
    "URL parameter exmple is not one this page reads, and was ignored: did you mean example?",
  );
  // No attribute changes with this hash: the widget must still read it again.
  await page.evaluate(() => (location.hash = "#colours=red"));
  await expect(note).toHaveText("URL parameter colours is not one this page reads, and was ignored.");
  await page.evaluate(() => (location.hash = "#"));
  await expect(note).toHaveText("");
  await expect(inner).toHaveAttribute("data-ready", "");
  expect(errors).toEqual([]);
});

for (const [what, change] of [
  ["whose step the page sets", "step"],
  ["moved elsewhere in the page", "move"],
] as const) {
  test(`a widget ${what} before TensorFlow.js answers still gets TensorFlow.js's numbers`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const inner = page.locator("attention-playground");
    await page.goto("/embed.html#example=five-values&step=6");
    // The float64 reference's picture is drawn at once; the engine's numbers follow seconds later.
    await expect(inner).toHaveAttribute("data-backend", "reference");
    await inner.evaluate((el, how) => {
      if (how === "step") el.setAttribute("step", "3");
      else {
        const parent = el.parentElement!;
        el.remove();
        parent.append(el);
      }
    }, change);
    await expect(inner).toHaveAttribute("data-backend", "wasm");
    await expect(inner).toHaveAttribute("data-step", change === "step" ? "3" : "6");
    await expect(inner.locator(".apw-backend")).toHaveText("Computed with TensorFlow.js (wasm)");
    expect(errors).toEqual([]);
  });
}
