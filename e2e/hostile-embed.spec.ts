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
