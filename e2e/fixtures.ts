import { test as base, expect, type Page } from "@playwright/test";

/** Fails a test on any console error or uncaught exception in the page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function openHarness(page: Page, query = ""): Promise<void> {
  await page.goto(`/e2e/harness.html${query}`);
  await expect(page.locator("#status")).toHaveText("ready");
}

/**
 * Playwright's test, whose page stops routing before it closes. A route handler still at work when a test
 * ends (a lazy frame's document being fetched as the page closes) would otherwise fail outside any test and
 * take its worker down, as it once did in CI ("1 error was not a part of any test", "1 did not run").
 */
export const test = base.extend({
  // `run` is Playwright's `use` (named so that React's hook rules do not take it for a hook).
  page: async ({ page }, run) => {
    await run(page);
    await page.unrouteAll({ behavior: "ignoreErrors" });
  },
});

/**
 * Awaits an action on a page that may close under it (dismissing a dialog as the test ends): a closed
 * page or context is no failure; anything else is thrown.
 */
export async function unlessClosed(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    if (!/closed|disposed/i.test(String(error))) throw error;
  }
}
export { expect };
